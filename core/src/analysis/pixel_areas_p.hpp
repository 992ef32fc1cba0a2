// SPDX-License-Identifier: MIT
// The true ellipsoidal area of each pixel of a raster. A north-up geographic raster's pixel is a
// cell between two meridians and two parallels (closed form, per row). Any other pixel (projected,
// rotated) is measured as the geodesic polygon of its corners; those areas vary smoothly, so
// along a row they are measured every ~500 m (at most every 16th pixel) and interpolated
// linearly in between (relative error below 1e-8).
// Thread-safe.
#pragma once

#include <array>
#include <vector>

#include "redline/crs/measure.hpp"

namespace redline::analysis::detail {

class PixelAreas {
  public:
    PixelAreas(const crs::Crs& rasterCrs, const std::array<double, 6>& geoTransform);
    // Areas in m² of pixels (row, col0 .. col1-1) into `out`.
    void row(int row, int col0, int col1, std::vector<double>& out) const;

  private:
    [[nodiscard]] double quadArea(double row, double col) const;
    crs::Measure measure_;
    std::array<double, 6> gt_;
    bool graticule_;
    int step_ = 1;
};

}  // namespace redline::analysis::detail
