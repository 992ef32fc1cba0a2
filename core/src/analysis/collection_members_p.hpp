// SPDX-License-Identifier: MIT
// The members of a geometry collection, flattened: a KML MultiGeometry nests collections in
// collections, and a CAD or 3D export mixes polygons with TINs, closed polylines, lines and points.
// Taking only the collection's direct polygons lost the rest, or refused a feature that has areas.
#pragma once

#include <ogr_geometry.h>

namespace redline::analysis::detail {

struct CollectionMembers {
    OGRMultiPolygon polygons;  // polygons, multipolygon parts, and TIN / polyhedral-surface faces
    OGRMultiLineString lines;  // lines, closed or not
    OGRMultiPoint points;
};

// Every member of `collection`, nested collections included, sorted by kind (curves must already be
// linear).
[[nodiscard]] CollectionMembers flattenCollection(const OGRGeometryCollection& collection);

// Moves each closed line of `members.lines` (first point = last, 4 points or more) to
// `members.polygons` as the area it encloses; returns how many.
int closedLinesToPolygons(CollectionMembers& members);

}  // namespace redline::analysis::detail
