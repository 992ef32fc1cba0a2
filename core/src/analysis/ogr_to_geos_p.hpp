// SPDX-License-Identifier: MIT
// GEOS polygons straight from OGR's: each ring's coordinates are copied in one call. Through WKB
// (OGR writing it, GEOS's reader parsing it a value at a time) they took 2 % of a run's CPU at
// benchmark scale L, for the same coordinates to the bit.
#pragma once

#include <ogr_geometry.h>

#include "redline/geom/geometry.hpp"

namespace redline::analysis::detail {

// `g` as a GEOS Polygon or MultiPolygon, when it is a 2D one whose shells are not empty;
// otherwise nullptr (the caller goes through WKB). Throws GeosError when GEOS refuses a ring.
[[nodiscard]] geom::GeomPtr polygonalFromOgr(const OGRGeometry& g);

}  // namespace redline::analysis::detail
