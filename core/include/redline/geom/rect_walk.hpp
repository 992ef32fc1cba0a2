// SPDX-License-Identifier: MIT
// A polygonal geometry's flat rings clipped to a rectangle by walking them, without GEOS.
//
// A subject's window on a constraint is the constraint clipped to a rectangle around the
// subject. GEOS's clipByRect took 0.4 of L's 2.2 overlay thread seconds, and building its input
// from the flat rings 0.2 more, for what is mostly a few stretches of one ring entering and
// leaving a rectangle. Here only the stretches (runs) whose box meets the rectangle are read
// segment by segment; pieces inside are joined along the rectangle's boundary as Weiler and
// Atherton do for a convex clip polygon, rings oriented with the polygon's inside on their left.
//
// Only clear-cut cases are taken: a vertex within rounding of the rectangle's lines, a crossing
// within rounding of a corner or of another crossing, or an orientation or point location that
// rounding could decide all return nullopt, and the caller clips with GEOS. The result covers
// the same points as clipByRect's; its rings may start elsewhere and turn the other way.
#pragma once

#include <optional>

#include "redline/geom/geometry.hpp"
#include "redline/geom/ring_store.hpp"

namespace redline::geom {

// The part of the valid polygonal geometry `rings` (its view in a RingStore) inside `rect`: a
// Polygon, a MultiPolygon, or an empty Polygon; nullopt when the case is not clear-cut.
[[nodiscard]] std::optional<GeomPtr> walkClipByRect(const RingsView& rings, const Envelope& rect);

}  // namespace redline::geom
