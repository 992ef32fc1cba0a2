// SPDX-License-Identifier: MIT
// Clipping a large polygon to a small rectangle without a pass of GEOS over all its vertices.
#pragma once

#include <cstdint>
#include <vector>

#include "redline/geom/envelope_tree.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/ring_store.hpp"

namespace redline::geom {

// The part inside `rect` of the polygonal geometry whose rings `rings` holds (its view in a
// RingStore): the same geometry clipByRect returns on that geometry, built by GEOS from fewer
// vertices. Each stretch (run) of 16 segments of a ring whose bounding box misses the rectangle
// is replaced by its chord before GEOS clips. Stretch and chord both lie in that box, outside
// the rectangle, so every point of the rectangle keeps its winding number (what GEOS's
// point-in-ring tests read), and every segment that meets the rectangle is kept as it is (GEOS
// finds the same crossings and builds the same rings). Stretches that reach a ring's highest y
// are kept too: GEOS takes a ring's orientation there. Meant for rectangles small against the
// geometry (a subject's window on a constraint); small rings are passed through untouched.
[[nodiscard]] GeomPtr clipByRectNear(const RingsView& rings, const Envelope& rect);

// The polygonal geometry whose rings `rings` holds, coordinate for coordinate: a Polygon, or a
// MultiPolygon when it was stored from one (or from a collection).
[[nodiscard]] GeomPtr polygonalFromRings(const RingsView& rings);

// One polygonal geometry of many rings (a site of 50,000 parts, a park with 100,000 holes)
// clipped to many small rectangles: clip(rect) is clipByRect(g, rect), built by GEOS from the
// rings whose envelope meets the rectangle, found in an R-tree of the rings. A part or hole apart
// from the rectangle holds no point of it, so GEOS drops it anyway; a pass over every ring per
// rectangle made a check of such a site against 200,000 village zones quadratic. `g` must
// outlive the clipper; clip() may be called from several threads at once.
class RingIndexedClipper {
  public:
    explicit RingIndexedClipper(const GEOSGeometry* g);
    [[nodiscard]] GeomPtr clip(const Envelope& rect) const;
    // The polygons of g (numbered in order) whose shell's envelope meets `e`, ascending.
    [[nodiscard]] std::vector<std::size_t> polygonsNear(const Envelope& e) const;
    [[nodiscard]] std::size_t polygonCount() const { return polygons_.size(); }
    [[nodiscard]] const GEOSGeometry* polygon(std::size_t i) const { return polygons_[i]; }

  private:
    struct RingRef {
        std::uint32_t polygon = 0;
        int hole = -1;  // -1: the shell
    };
    std::vector<const GEOSGeometry*> polygons_;
    std::vector<RingRef> rings_;  // by polygon, its shell before its holes
    EnvelopeTree tree_;
    bool multi_ = false;
};

}  // namespace redline::geom
