// SPDX-License-Identifier: MIT
// The exact fraction of each pixel covered by a polygon given in pixel coordinates (column x,
// row y; pixel (r, c) is the unit square [c, c+1] × [r, r+1]).
//
// Each edge adds, row by row, the area of each cell lying to its right (signed by its
// direction) into an accumulation row; a running sum along the row then turns those into the
// covered area of every cell. Cost: the cells the boundary crosses plus the window, with no
// overlay per pixel. Exact for valid polygons (shells and holes not overlapping) up to floating
// point rounding (~1e-12 of a pixel).
//   PixelCoverage coverage(geom::polygonRings(zoneInPixels));
//   coverage.compute(row0, row1, col0, col1, fractions);  // row-major, (row1-row0) × (col1-col0)
#pragma once

#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::analysis {

class PixelCoverage {
  public:
    explicit PixelCoverage(const std::vector<geom::Ring>& rings);

    // Fractions in [0, 1] for rows [row0, row1) and columns [col0, col1), row-major in `out`.
    void compute(int row0, int row1, int col0, int col1, std::vector<double>& out) const;
    // Bounds of the polygon in pixel coordinates.
    [[nodiscard]] const geom::Envelope& bounds() const { return bounds_; }

  private:
    struct Edge {
        double x0, y0, x1, y1;  // y0 < y1
        double sign;            // +1 or -1: direction and ring orientation
    };
    std::vector<Edge> edges_;  // sorted by y0
    double maxEdgeHeight_ = 0;
    geom::Envelope bounds_;
};

}  // namespace redline::analysis
