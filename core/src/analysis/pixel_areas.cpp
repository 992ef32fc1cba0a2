// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>

#include "pixel_areas_p.hpp"

namespace redline::analysis::detail {
namespace {
// Pixel areas are measured exactly at most this far apart along a row: the area scale's
// curvature (~2/R²) then keeps the linear interpolation's error below 1e-8.
constexpr double kSampleSpacingMetres = 500.0;
constexpr double kMetresPerDegree = 111320.0;
}  // namespace

PixelAreas::PixelAreas(const crs::Crs& rasterCrs, const std::array<double, 6>& geoTransform)
    : measure_(rasterCrs), gt_(geoTransform), graticule_(rasterCrs.isGeographic() && gt_[2] == 0 && gt_[4] == 0) {
    const double pixel = std::hypot(gt_[1], gt_[4]) * (rasterCrs.isGeographic() ? kMetresPerDegree : 1.0);
    step_ = std::clamp(static_cast<int>(kSampleSpacingMetres / std::max(pixel, 1e-9)), 1, 16);
}

double PixelAreas::quadArea(double r, double c) const {
    const auto x = [&](double col, double row) { return gt_[0] + col * gt_[1] + row * gt_[2]; };
    const auto y = [&](double col, double row) { return gt_[3] + col * gt_[4] + row * gt_[5]; };
    return measure_.ringArea({x(c, r), y(c, r), x(c + 1, r), y(c + 1, r), x(c + 1, r + 1), y(c + 1, r + 1), x(c, r + 1),
                              y(c, r + 1), x(c, r), y(c, r)});
}

void PixelAreas::row(int row, int col0, int col1, std::vector<double>& out) const {
    const int n = std::max(0, col1 - col0);
    out.resize(static_cast<std::size_t>(n));
    if (n == 0) return;
    if (graticule_) {
        const double lat0 = gt_[3] + row * gt_[5];
        const double cell = measure_.graticuleCellArea(0, lat0, gt_[1], lat0 + gt_[5]);
        std::fill(out.begin(), out.end(), cell);
        return;
    }
    int previous = col0;
    double previousArea = quadArea(row, col0);
    out[0] = previousArea;
    while (previous < col1 - 1) {
        const int next = std::min(previous + step_, col1 - 1);
        const double nextArea = quadArea(row, next);
        for (int c = previous + 1; c <= next; ++c) {
            const double t = static_cast<double>(c - previous) / (next - previous);
            out[static_cast<std::size_t>(c - col0)] = previousArea + t * (nextArea - previousArea);
        }
        previous = next;
        previousArea = nextArea;
    }
}

}  // namespace redline::analysis::detail
