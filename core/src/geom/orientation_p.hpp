// SPDX-License-Identifier: MIT
// Exact-or-undecided orientation tests on double coordinates, and point location over runs of
// ring segments, shared by the flat-ring relate and the validity certificate.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "redline/geom/ring_store.hpp"

namespace redline::geom::detail {

enum class Sign { Negative, Zero, Positive, Unknown };

inline Sign signOf(double d) { return d > 0 ? Sign::Positive : d < 0 ? Sign::Negative : Sign::Zero; }

// x − y when it is exact (Knuth's two-sum error is zero), else NaN.
inline double exactDifference(double x, double y) {
    const double d = x - y;
    const double yv = x - d, xv = d + yv;
    const double error = (x - xv) + (yv - y);
    return error == 0 ? d : std::numeric_limits<double>::quiet_NaN();
}

// The exact sign of p·q − r·s: each product is a two-term expansion (fma gives its rounding
// error) and the four terms are summed into a non-overlapping expansion (Shewchuk's
// Grow-Expansion), whose largest nonzero term has the sign of the sum.
inline Sign exactSignOfDifferenceOfProducts(double p, double q, double r, double s) {
    const double terms[4] = {p * q, std::fma(p, q, -(p * q)), -(r * s), -std::fma(r, s, -(r * s))};
    double expansion[4] = {0, 0, 0, 0};
    int size = 0;
    for (const double term : terms) {
        double carry = term;
        for (int i = 0; i < size; ++i) {
            const double sum = carry + expansion[i];
            const double bv = sum - carry, av = sum - bv;
            expansion[i] = (carry - av) + (expansion[i] - bv);
            carry = sum;
        }
        expansion[size++] = carry;
    }
    for (int i = size - 1; i >= 0; --i) {
        if (expansion[i] != 0) return signOf(expansion[i]);
    }
    return Sign::Zero;
}

// Sign of the orientation of (a, b, c), positive when counter-clockwise: Shewchuk's orient2d
// with its stage-A error bound, which holds for the double evaluation from double inputs. Within
// the bound (nearly or exactly collinear points, common along surveyed lines) the sign is
// computed exactly when the coordinate differences are exact, as they are for nearby points
// (Sterbenz); otherwise Unknown.
inline Sign orientation(const double* a, const double* b, const double* c) {
    constexpr double kErrorBound =
        (3.0 + 16.0 * std::numeric_limits<double>::epsilon() / 2) * (std::numeric_limits<double>::epsilon() / 2);
    const double left = (a[0] - c[0]) * (b[1] - c[1]);
    const double right = (a[1] - c[1]) * (b[0] - c[0]);
    const double det = left - right;
    const auto sign = signOf;
    double sum = 0;
    if (left > 0) {
        if (right <= 0) return sign(det);
        sum = left + right;
    } else if (left < 0) {
        if (right >= 0) return sign(det);
        sum = -left - right;
    } else {
        return sign(det);
    }
    const double bound = kErrorBound * sum;
    if (det >= bound || -det >= bound) return sign(det);
    const double acx = exactDifference(a[0], c[0]), bcy = exactDifference(b[1], c[1]);
    const double acy = exactDifference(a[1], c[1]), bcx = exactDifference(b[0], c[0]);
    if (std::isnan(acx) || std::isnan(bcy) || std::isnan(acy) || std::isnan(bcx)) return Sign::Unknown;
    return exactSignOfDifferenceOfProducts(acx, bcy, acy, bcx);
}

inline bool strictlySameSide(Sign s, Sign t) {
    return (s == Sign::Positive && t == Sign::Positive) || (s == Sign::Negative && t == Sign::Negative);
}

enum class Meet { No, Yes, Unknown };

// Whether the closed segments pq and uv share a point.
inline Meet segmentsMeet(const double* p, const double* q, const double* u, const double* v) {
    const Sign o1 = orientation(p, q, u), o2 = orientation(p, q, v);
    if (strictlySameSide(o1, o2)) return Meet::No;
    const Sign o3 = orientation(u, v, p), o4 = orientation(u, v, q);
    if (strictlySameSide(o3, o4)) return Meet::No;
    if (o1 == Sign::Unknown || o2 == Sign::Unknown || o3 == Sign::Unknown || o4 == Sign::Unknown) return Meet::Unknown;
    if (o1 == Sign::Zero && o2 == Sign::Zero) {
        // On one line: they meet where their extents overlap.
        const bool x = std::max(std::min(p[0], q[0]), std::min(u[0], v[0])) <=
                       std::min(std::max(p[0], q[0]), std::max(u[0], v[0]));
        const bool y = std::max(std::min(p[1], q[1]), std::min(u[1], v[1])) <=
                       std::min(std::max(p[1], q[1]), std::max(u[1], v[1]));
        return x && y ? Meet::Yes : Meet::No;
    }
    return Meet::Yes;
}

inline Envelope segmentBox(const double* p, const double* q) {
    return {std::min(p[0], q[0]), std::min(p[1], q[1]), std::max(p[0], q[0]), std::max(p[1], q[1])};
}

enum class Location { Outside, Inside, Unknown };

// One edge a → b of the even–odd test of `point` by a ray towards +x: flips `inside` where the
// edge crosses the ray (one end above, one not); false when the point is on the edge or within
// rounding of it.
inline bool crossRay(const double* a, const double* b, const double* point, bool& inside) {
    if ((a[1] > point[1]) == (b[1] > point[1])) return true;
    const Sign side = orientation(a, b, point);
    if (side == Sign::Unknown || side == Sign::Zero) return false;
    // Upward, the point is left of the edge when the crossing is to its right.
    if ((b[1] > a[1]) == (side == Sign::Positive)) inside = !inside;
    return true;
}

// Where `point` lies against the rings whose segments are `runs` (vertices in `xy`; even–odd
// rule), by the crossings of the ray towards +x; Unknown on or within rounding of an edge.
inline Location locateInRuns(const double* point, const double* xy, const RingRun* runs, std::size_t runCount) {
    const double px = point[0], py = point[1];
    bool inside = false;
    for (std::size_t r = 0; r < runCount; ++r) {
        const RingRun& run = runs[r];
        // A segment counts when it spans py (one end above, one not) and crosses the ray: neither
        // can happen for a run wholly above, below or left of the point.
        if (run.box.minY > py || run.box.maxY <= py || run.box.maxX < px) continue;
        for (std::uint32_t i = run.first; i < run.first + run.segments; ++i) {
            const double* p = xy + 2 * static_cast<std::size_t>(i);
            if (!crossRay(p, p + 2, point, inside)) return Location::Unknown;
        }
    }
    return inside ? Location::Inside : Location::Outside;
}

}  // namespace redline::geom::detail
