// SPDX-License-Identifier: MIT
// Closest points between two polygon boundaries in the nearest-point plane (see NearestPlane),
// without GEOS: nearest() measures a subject against many small pieces, and GEOS's DistanceOp
// (a new transformed geometry per piece, a containment pass, every segment pair) cost more
// than half of a check. Segments whose bounding box is farther than the best pair so far are
// skipped.
#pragma once

#include <geos_c.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "redline/analysis/polygon_index.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/ring_store.hpp"

namespace redline::analysis::detail {

// The rings of a polygonal geometry, each closed (first vertex repeated), in plane coordinates.
class PlaneBoundary {
  public:
    // Replaces the contents; reuses the buffers.
    void assign(const GEOSGeometry* polygonal, const NearestPlane& plane);

    std::vector<double> xy;              // x,y interleaved, all rings
    std::vector<double> source;          // the same vertices in the CRS's own coordinates
    std::vector<std::uint32_t> ringEnd;  // one past each ring's last vertex (in vertices)
    geom::Envelope envelope;
    // Each segment's box in the plane, and its first vertex, all rings' in order: every segment
    // of b near a is tested against all of these, so they are worked out once.
    struct SegmentBox {
        double minX, maxX, minY, maxY;
    };
    std::vector<SegmentBox> segmentBoxes;
    std::vector<std::uint32_t> segmentFirst;
};

// How far beyond the best pair in the plane a pair may be and still be the nearest geodesically,
// relative to the best pair's plane distance d (in plane units): base + perUnit·d + perUnit2·d².
// The plane is true about the subject's centre only; from a vertex h away its lengths are off by
// up to ~tan φ·h/R, so of two pairs from vertices a kilometre apart the plane can order wrongly
// two that differ by centimetres (all zero: the plane's order is taken as it is).
struct PlaneSlack {
    double base = 0;
    double perUnit = 0;
    double perUnit2 = 0;
};

// A pair within the slack of the best, to be measured geodesically by the caller.
struct CandidatePair {
    double distance2;
    const double* aSegment;
    double aFraction;
    const double* bSegment;
    double bFraction;
};

struct ClosestPair {
    double distance2 = std::numeric_limits<double>::infinity();  // squared, plane units
    bool found = false;  // false while `distance2` is only a bound given by the caller
    // The two points as fractions of their segments (a's on the first boundary, b's on the
    // second), whose first vertex (the second follows it) is given in the CRS's own coordinates:
    // the segment's straight image in the plane and the edge it stands for (straight in the
    // CRS, as the overlay takes it) meet at both ends and nearly coincide between, so the
    // fraction places the point on the edge itself.
    const double* aSegment = nullptr;
    double aFraction = 0;
    const double* bSegment = nullptr;
    double bFraction = 0;

    PlaneSlack slack;
    // When set, every pair found within the slack of the best so far is appended (the caller
    // keeps those within reach2 at the end; the best pair is always among them).
    std::vector<CandidatePair>* candidates = nullptr;
    // distance2 widened by the slack: pairs and boxes beyond it are skipped. Kept by offer();
    // closestPoints() refreshes it on entry, after a caller set distance2 itself.
    double reach2 = std::numeric_limits<double>::infinity();
    // reach2 loosened by more than a distance taken without a division may differ from one taken
    // with it, at plane coordinates up to `magnitude`: segmentPair's screen (see there).
    double screen2 = std::numeric_limits<double>::infinity();
    double magnitude = 0;

    void refreshReach();
    // 1 + the slack at distance2: reach2 = distance2·widening()².
    [[nodiscard]] double widening() const;
    void offer(double d2, const double* aSeg, double aFrac, const double* bSeg, double bFrac);
};

// The closest pair between `a` (in plane coordinates) and `b` (in the CRS's own, taken to the
// plane only where a run or segment may be closer than `best`), if closer than `best`, which it
// then replaces.
void closestPoints(const PlaneBoundary& a, const geom::RingsView& b, const NearestPlane& plane, ClosestPair& best);

// The plane's x per degree of longitude from the central meridian at latitude `lat` (degrees):
// s((lat + φ0)/2) for lon/lat (see NearestPlane), 1 for projected CRSs.
[[nodiscard]] double planeXScale(double lat, const NearestPlane& plane);
// s(φ) = cos φ·N(φ)/M(φ), φ in degrees: falls as |φ| grows.
[[nodiscard]] double meridianScaledCos(double lat, double e2);

}  // namespace redline::analysis::detail
