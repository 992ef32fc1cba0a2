// SPDX-License-Identifier: MIT
// Reads the features of one layer as GEOS geometries in the analysis CRS: Z/M dropped, curves
// linearised, transformed vertex by vertex, points and lines of sites buffered in metres.
// A feature whose geometry cannot be used comes back with `error` set, never silently dropped.
// Not thread-safe (reads an OGR layer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/geom/geos_handles.hpp"
#include "redline/io/vector_source.hpp"

namespace redline::analysis {

struct LoadedFeature {
    std::int64_t fid = -1;
    std::string id;        // the id field's value, else the FID
    std::string name;      // the name field's value
    std::string category;  // constraints: the category field's value or the fixed category
    bool categoryMissing = false;
    std::vector<io::FieldValue> attributes;  // when ReadOptions::keepAttributes
    geom::GeomPtr geometry;                  // analysis CRS, 2D; not yet validated
    std::vector<unsigned char> wkb;          // the geometry as read, until parseGeometry() makes `geometry`
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

// Turns `f.wkb` into `f.geometry` (or sets `f.error`); thread-safe.
void parseGeometry(LoadedFeature& f);

class FeatureReader {
  public:
    FeatureReader(io::VectorSource& source, const crs::LayerTransform& transform, const crs::Crs& analysisCrs,
                  ReadOptions options);
    // The next feature, or nullopt at the end. Throws InputError when the source cannot be read.
    // Its geometry comes as WKB in the analysis CRS, for parseGeometry() on any thread: the
    // reader is serial, and parsing is much of a large layer's reading.
    [[nodiscard]] std::optional<LoadedFeature> next();

  private:
    io::VectorSource& source_;
    const crs::LayerTransform& transform_;
    const crs::Crs& analysisCrs_;
    ReadOptions options_;
    std::int64_t read_ = 0;
};

}  // namespace redline::analysis
