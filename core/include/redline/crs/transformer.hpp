// SPDX-License-Identifier: MIT
// The transformation of one layer's coordinates into the analysis CRS.
//
// Refuses a datum change that PROJ could only do as a "ballpark" no-op between different
// ellipsoids (Xian 1980 or Beijing 1954 to CGCS2000 have no official transformation, and a
// no-op misplaces features by ~100 m) unless the user gives the parameters (DatumTransform).
// A ballpark between the modern geocentric datums (WGS 84 and CGCS2000, centimetres apart) is
// accepted with a note.
//
// Not thread-safe (it holds OGR coordinate transformations): one per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/geom/geometry.hpp"

class OGRGeometry;
class OGRCoordinateTransformation;

namespace redline::crs {

// User-supplied parameters for old datums (see docs/project-file.md).
struct DatumTransform {
    enum class Method { SevenParam, FourParam };
    Method method = Method::SevenParam;
    // 7-parameter (Bursa-Wolf) Helmert: metres, arc-seconds, ppm.
    double dx = 0, dy = 0, dz = 0, rx = 0, ry = 0, rz = 0, scalePpm = 0;
    bool coordinateFrame = false;  // rotation sign convention; false = position vector
    // 4-parameter plane similarity: dx (easting), dy (northing) in m, rotation in arc-seconds,
    // scalePpm; maps source projected coordinates to `targetCrs` coordinates.
    double rotationArcsec = 0;
    std::string targetCrs;
};

// The 7 parameters of the CRS's TOWGS84 clause (position vector, to WGS 84), when it has one
// that shifts: ESRI writes TOWGS84[0,0,0,0,0,0,0] for a datum it has no parameters for.
[[nodiscard]] std::optional<DatumTransform> towgs84Of(const Crs& crs);

struct CtDeleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept;
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

class LayerTransform {
  public:
    // `extentLonLat`: where the layer's data lie (degrees), used to pick a transformation valid
    // there. `label` names the layer in messages; `jsonPath` names where parameters go.
    static LayerTransform create(const Crs& source, const Crs& target, const std::optional<DatumTransform>& params,
                                 const std::optional<geom::Envelope>& extentLonLat, const std::string& label,
                                 const std::string& jsonPath);

    LayerTransform(LayerTransform&&) noexcept;
    LayerTransform& operator=(LayerTransform&&) noexcept;
    ~LayerTransform();

    [[nodiscard]] bool identity() const { return steps_.empty(); }
    // The same transformation, for another thread (each copy has its own PROJ objects).
    [[nodiscard]] LayerTransform clone() const;
    // Transforms g in place; throws CrsError when a coordinate cannot be transformed.
    void apply(OGRGeometry& g) const;
    // Transforms x/y arrays in place; returns false if any point failed.
    [[nodiscard]] bool apply(std::vector<double>& x, std::vector<double>& y) const;
    [[nodiscard]] const std::vector<std::string>& notes() const { return notes_; }

  private:
    LayerTransform() = default;
    std::vector<CtPtr> steps_;
    std::vector<std::string> notes_;
};

// True when PROJ has only ballpark (no-op) operations between the datums of `source` and
// `target` for data inside `extentLonLat`.
[[nodiscard]] bool onlyBallparkBetween(const Crs& source, const Crs& target,
                                       const std::optional<geom::Envelope>& extentLonLat);

// Extent of `e` (in `crs`) in lon/lat degrees, when it can be transformed.
[[nodiscard]] std::optional<geom::Envelope> extentInLonLat(const Crs& crs, const geom::Envelope& e);

}  // namespace redline::crs
