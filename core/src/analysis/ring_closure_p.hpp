// SPDX-License-Identifier: MIT
// Polygons as careless writers leave them, made into polygons GEOS will build: points without
// finite coordinates are dropped, a ring whose last point is not its first is closed (many
// tools omit the closing point), and a ring with
// fewer than four points once closed has no area and is dropped, with its polygon when it is the
// shell. TINs and polyhedral surfaces become multipolygons of their faces. Without this, GEOS
// refuses the whole feature, and a redline would silently go missing from the check.
#pragma once

#include <ogr_geometry.h>

#include <string>
#include <vector>

namespace redline::analysis {

// Fixes `g` in place (or replaces it) and says what it did in `notes`; true when a ring or point
// was repaired. Other geometry types are left alone.
bool closeOpenRings(OGRGeometryUniquePtr& g, std::vector<std::string>& notes);

// Replaces a (multi)line whose every line is closed (first point = last, at least 4 points) by
// the (multi)polygon those rings enclose; true when it did. Anything else is left alone.
bool closedLinesToPolygons(OGRGeometryUniquePtr& g);

// The area closed lines enclose: each a ring, a ring inside another that one's hole.
[[nodiscard]] OGRGeometryUniquePtr areaOfClosedLines(const std::vector<const OGRLineString*>& lines);

}  // namespace redline::analysis
