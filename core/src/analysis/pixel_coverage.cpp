// SPDX-License-Identifier: MIT
#include "redline/analysis/pixel_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace redline::analysis {
namespace {

double signedRingArea(const std::vector<double>& xy) {
    const std::size_t n = xy.size() / 2;
    double twice = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) twice += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    if (n > 0) twice += xy[2 * (n - 1)] * xy[1] - xy[0] * xy[2 * (n - 1) + 1];
    return twice / 2;
}

// Antiderivative of clamp(u, 0, 1).
double rampIntegral(double u) {
    if (u <= 0) return 0;
    if (u >= 1) return u - 0.5;
    return u * u / 2;
}

// Adds one segment lying in a single row band of height dy, with x from xa to xb (already
// clamped to [0, width]), into the accumulation row `acc` (width + 2 cells).
void addSpan(double xa, double xb, double dy, double sign, double* acc) {
    const double lo = std::min(xa, xb);
    const double hi = std::max(xa, xb);
    const int k0 = static_cast<int>(std::floor(lo));
    const int k1 = static_cast<int>(std::floor(hi));
    if (k0 == k1) {
        // Within one cell the covered part right of a straight segment is its mean x.
        const double right = dy * (1 - ((lo + hi) / 2 - k0));
        acc[k0] += sign * right;
        acc[k0 + 1] += sign * (dy - right);
        return;
    }
    // F(k): area of cell k right of the segment = dy - dy/(hi-lo) * ∫ clamp(x - k, 0, 1) dx.
    const double perX = dy / (hi - lo);
    double previous = 0;
    for (int k = k0; k <= k1; ++k) {
        const double right = dy - perX * (rampIntegral(hi - k) - rampIntegral(lo - k));
        acc[k] += sign * (right - previous);
        previous = right;
    }
    acc[k1 + 1] += sign * (dy - previous);
}

// Adds a segment of one row band, clamping x to the window [0, width]: the part of a segment
// left of the window covers every window cell right of it, exactly as if it ran along x = 0.
void addClamped(double xa, double xb, double dy, double sign, double width, double* acc) {
    double cuts[4] = {0, 1, 1, 1};
    int n = 1;
    if (xa != xb) {
        for (double edge : {0.0, width}) {
            const double t = (edge - xa) / (xb - xa);
            if (t > 0 && t < 1) cuts[n++] = t;
        }
    }
    if (n == 3 && cuts[2] < cuts[1]) std::swap(cuts[1], cuts[2]);
    cuts[n] = 1;
    for (int i = 0; i < n; ++i) {
        const double ta = cuts[i], tb = cuts[i + 1];
        if (tb <= ta) continue;
        const double x0 = std::clamp(xa + (xb - xa) * ta, 0.0, width);
        const double x1 = std::clamp(xa + (xb - xa) * tb, 0.0, width);
        addSpan(x0, x1, dy * (tb - ta), sign, acc);
    }
}

}  // namespace

PixelCoverage::PixelCoverage(const std::vector<geom::Ring>& rings) {
    bool first = true;
    for (const auto& ring : rings) {
        const std::size_t n = ring.xy.size() / 2;
        if (n < 3) continue;
        const double area = signedRingArea(ring.xy);
        if (area == 0) continue;
        // With edges signed +1 going down (y increasing), a ring of positive shoelace area
        // accumulates -1 inside: shells must count +1 and holes -1.
        const double orientation = (area > 0 ? -1.0 : 1.0) * (ring.hole ? -1.0 : 1.0);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t j = (i + 1) % n;
            const double ax = ring.xy[2 * i], ay = ring.xy[2 * i + 1];
            const double bx = ring.xy[2 * j], by = ring.xy[2 * j + 1];
            if (first) {
                bounds_ = {ax, ay, ax, ay};
                first = false;
            }
            bounds_ = {std::min(bounds_.minX, ax), std::min(bounds_.minY, ay), std::max(bounds_.maxX, ax),
                       std::max(bounds_.maxY, ay)};
            if (ay == by) continue;  // horizontal edges cover nothing
            if (ay < by) {
                edges_.push_back({ax, ay, bx, by, orientation});
            } else {
                edges_.push_back({bx, by, ax, ay, -orientation});
            }
            maxEdgeHeight_ = std::max(maxEdgeHeight_, edges_.back().y1 - edges_.back().y0);
        }
    }
    std::sort(edges_.begin(), edges_.end(), [](const Edge& a, const Edge& b) { return a.y0 < b.y0; });
}

void PixelCoverage::compute(int row0, int row1, int col0, int col1, std::vector<double>& out) const {
    const int rows = std::max(0, row1 - row0);
    const int cols = std::max(0, col1 - col0);
    const std::size_t stride = static_cast<std::size_t>(cols) + 2;
    std::vector<double> acc(static_cast<std::size_t>(rows) * stride, 0.0);
    const double width = cols;
    // Edges are sorted by their top: skip those ending above the window, stop at the first
    // starting below it.
    const double top = row0, bottom = row1;
    auto it = std::lower_bound(edges_.begin(), edges_.end(), top - maxEdgeHeight_,
                               [](const Edge& e, double y) { return e.y0 < y; });
    for (; it != edges_.end() && it->y0 < bottom; ++it) {
        const Edge& e = *it;
        if (e.y1 <= top) continue;
        const double ya = std::max(e.y0, top), yb = std::min(e.y1, bottom);
        const double dxdy = (e.x1 - e.x0) / (e.y1 - e.y0);
        for (int r = static_cast<int>(std::floor(ya)); r < static_cast<int>(std::ceil(yb)); ++r) {
            const double y0 = std::max(ya, static_cast<double>(r));
            const double y1 = std::min(yb, static_cast<double>(r) + 1);
            if (y1 <= y0) continue;
            const double xa = e.x0 + (y0 - e.y0) * dxdy - col0;
            const double xb = e.x0 + (y1 - e.y0) * dxdy - col0;
            addClamped(xa, xb, y1 - y0, e.sign, width, &acc[static_cast<std::size_t>(r - row0) * stride]);
        }
    }
    out.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols), 0.0);
    for (int r = 0; r < rows; ++r) {
        const double* in = &acc[static_cast<std::size_t>(r) * stride];
        double* row = &out[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols)];
        double sum = 0;
        for (int c = 0; c < cols; ++c) {
            sum += in[c];
            row[c] = std::clamp(sum, 0.0, 1.0);
        }
    }
}

}  // namespace redline::analysis
