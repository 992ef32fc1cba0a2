// SPDX-License-Identifier: MIT
// Cuts a large polygon into pieces of at most `maxVertices` vertices by recursive rectangle
// clipping (as PostGIS ST_Subdivide does). Pieces only find candidates quickly and allow fast
// paths (a subject inside a piece lies inside the feature); areas are never taken from them,
// since the cut lines add vertices that are not in the original.
#pragma once

#include <vector>

#include "redline/geom/geos_handles.hpp"

namespace redline::geom {

[[nodiscard]] std::vector<GeomPtr> subdivide(const GEOSGeometry* polygonal, int maxVertices = 256);

}  // namespace redline::geom
