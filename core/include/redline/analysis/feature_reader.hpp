// SPDX-License-Identifier: MIT
// Reads the features of one layer as GEOS geometries in the analysis CRS: Z/M dropped, curves
// linearised, transformed vertex by vertex, points and lines of sites buffered in metres.
// A feature whose geometry cannot be used comes back with `error` set, never silently dropped.
// The reader is not thread-safe (it reads an OGR layer); parseGeometry() is.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_handles.hpp"
#include "redline/io/vector_source.hpp"

namespace redline::analysis {

struct LoadedFeature {
    std::int64_t fid = -1;
    std::string id;               // the id field's value, else the FID
    bool idMissing = false;       // an id field was given but is empty here: `id` is the FID
    bool repairedOnRead = false;  // rings closed or points dropped so GEOS can build it (a note says which)
    std::string name;             // the name field's value
    std::string category;         // constraints: the category field's value or the fixed category
    bool categoryMissing = false;
    std::vector<io::FieldValue> attributes;  // when ReadOptions::keepAttributes
    geom::GeomPtr geometry;                  // analysis CRS, 2D; not yet validated
    OGRGeometryUniquePtr read;               // the geometry as read, until parseGeometry() makes `geometry`
    bool transformPending = false;           // `read` is still in the layer's own CRS
    std::vector<std::string> notes;
    std::string error;  // non-empty: the geometry is unusable (and `geometry` is null)
};

struct ReadOptions {
    int idField = -1;
    int nameField = -1;
    int categoryField = -1;
    std::string fixedCategory;
    bool keepAttributes = false;
    double bufferM = 0;  // > 0: points and lines become polygons this many metres around them
};

// Copies of a layer's transformation, one per thread that asks (OGR's are not thread-safe).
class ThreadTransforms {
  public:
    explicit ThreadTransforms(const crs::LayerTransform& transform);
    ~ThreadTransforms();
    ThreadTransforms(const ThreadTransforms&) = delete;
    ThreadTransforms& operator=(const ThreadTransforms&) = delete;
    // The calling thread's copy.
    [[nodiscard]] const crs::LayerTransform& local() const;

  private:
    struct Copies;
    const crs::LayerTransform& transform_;
    std::unique_ptr<Copies> copies_;
};

// Turns `f.read` into `f.geometry`, transformed to the analysis CRS first when that is still to
// do (or sets `f.error`); thread-safe.
void parseGeometry(LoadedFeature& f, const ThreadTransforms& transforms);

namespace detail {
class GeodesicCircles;
}  // namespace detail

class FeatureReader {
  public:
    FeatureReader(io::VectorSource& source, const crs::LayerTransform& transform, const crs::Crs& analysisCrs,
                  ReadOptions options);
    ~FeatureReader();
    FeatureReader(const FeatureReader&) = delete;
    FeatureReader& operator=(const FeatureReader&) = delete;
    // The next feature, or nullopt at the end. Throws InputError when the source cannot be read.
    // Its geometry comes as read (OGR), for parseGeometry() on any thread: the reader is serial, and
    // transforming and parsing are most of a large layer's reading. (Points and lines to be
    // buffered are transformed here, as the buffer needs metres.)
    [[nodiscard]] std::optional<LoadedFeature> next();

  private:
    // " (id X)" for a feature whose id field is set, else empty: for messages.
    [[nodiscard]] std::string idClause(OGRFeature& feature) const;
    // Replaces a geometry collection `g` by the areas among its members (nested ones too): its
    // polygons and TIN faces, its closed lines without a buffer, its points and lines buffered with
    // one. Sets `inAnalysisCrs` when buffering moved it there; false with `out.error` set when none.
    bool areaOfCollection(OGRGeometryUniquePtr& g, LoadedFeature& out, bool& inAnalysisCrs);
    // Appends the geodesic circle of the buffer around `points` (a Point or MultiPoint, in the
    // analysis CRS) to `out`, one per point.
    void addCircles(const OGRGeometry& points, OGRMultiPolygon& out);
    // Subjects are read without a category; only they may be buffered.
    [[nodiscard]] bool readsSubjects() const { return options_.categoryField < 0 && options_.fixedCategory.empty(); }

    io::VectorSource& source_;
    const crs::LayerTransform& transform_;
    const crs::Crs& analysisCrs_;
    ReadOptions options_;
    std::int64_t read_ = 0;
    std::unique_ptr<detail::GeodesicCircles> circles_;  // for buffered points, made at the first
    std::optional<geom::Envelope> plausible_;           // subjects: where the layer's CRS can place one
    std::string areaName_;                              // that CRS's area of use, for messages
};

}  // namespace redline::analysis
