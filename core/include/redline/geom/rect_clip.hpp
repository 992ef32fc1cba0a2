// SPDX-License-Identifier: MIT
// Clipping a large polygon to a small rectangle without a pass of GEOS over all its vertices.
#pragma once

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

}  // namespace redline::geom
