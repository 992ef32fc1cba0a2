// SPDX-License-Identifier: MIT
// Clipping a large polygon to a small rectangle without a pass of GEOS over all its vertices.
#pragma once

#include "redline/geom/geometry.hpp"
#include "redline/geom/ring_store.hpp"

namespace redline::geom {

// The part of polygonal `g` inside `rect`: the same geometry clipByRect(g, rect) returns, built
// by GEOS from fewer vertices. Each stretch (run) of 16 segments of a ring whose bounding box misses
// the rectangle is replaced by its chord before GEOS clips. Stretch and chord both lie in that
// box, outside the rectangle, so every point of the rectangle keeps its winding number (what
// GEOS's point-in-ring tests read), and every segment that meets the rectangle is kept as it is
// (GEOS finds the same crossings and builds the same rings). Stretches that reach a ring's
// highest y are kept too: GEOS takes a ring's orientation there. Meant for rectangles small
// against `g` (a subject's window on a constraint); small rings are passed through untouched.
// `rings` is g's view in a RingStore: its runs are the stretches, their boxes already known.
[[nodiscard]] GeomPtr clipByRectNear(const GEOSGeometry* g, const RingsView& rings, const Envelope& rect);

// clipByRectNear for a polygon kept only as flat rings (`polygon`: one polygon's view in a
// RingStore, shell first, then holes): the same geometry clipByRect returns on that polygon.
[[nodiscard]] GeomPtr clipPolygonByRectNear(const RingsView& polygon, const Envelope& rect);

// The polygon whose rings `polygon` holds (shell first), coordinate for coordinate.
[[nodiscard]] GeomPtr polygonFromRings(const RingsView& polygon);

}  // namespace redline::geom
