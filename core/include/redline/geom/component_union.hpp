// SPDX-License-Identifier: MIT
// The union of many polygons, overlaid only where they meet.
#pragma once

#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::geom {

// The polygons of the union of `parts`: only parts that intersect (touching counts) are united,
// in clusters, in parallel on the calling thread's TBB arena; a part that meets no other is passed
// through as it is. The same polygons as one big union, at a fraction of the cost when most parts
// are disjoint (redlines, parks). GEOS work stops as the calling thread's GeosInterruptScope says
// (Cancelled).
[[nodiscard]] std::vector<GeomPtr> unionComponents(const std::vector<const GEOSGeometry*>& parts);

}  // namespace redline::geom
