// SPDX-License-Identifier: MIT
// GEOS puts the vertices of a line buffer's round ends and bends on the circle, so every chord
// cuts a sliver off the arc: a corridor came out π r²·θ²/6 short (θ the angle between arc
// vertices; 12 m² at 300 m, 4.6e-6 of a 4 km corridor's area, 2e-5 of a 1 km road 100 m wide).
// Its inner vertices are moved out radially, its ends (on the straight sides) kept, so that each
// arc encloses its sector (docs/algorithm.md).
#pragma once

#include <ogr_geometry.h>

namespace redline::analysis::detail {

// `buffer`: GEOS's buffer of `lines` (LineString or MultiLineString) by `metres`, both in a
// plane where the buffer was made. Each vertex of its rings that lies on the circle about a
// vertex of the lines and is not where a straight side ends is moved out to the radius that
// gives its arc, whose ends stay where the sides meet it, the area of its sector.
void pushArcsOut(OGRGeometry& buffer, const OGRGeometry& lines, double metres);

}  // namespace redline::analysis::detail
