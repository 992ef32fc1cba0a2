// SPDX-License-Identifier: MIT
// A polygonal subject cut by the union of several windows, by walking the boundaries instead of
// GEOS's overlay (a unary union, then an intersection: ~30–150 µs for a few hundred vertices).
// Most configurations are clear-cut: boundaries of different geometries meet only in proper
// crossings, well apart. There every ring is split at its crossings, a piece is kept when it
// lies on the boundary of subject ∩ ∪windows, and the kept pieces are linked crossing by
// crossing into the result's rings.
//
// Anything within rounding of another geometry's boundary (a vertex on it, an edge along it, a
// touch, three boundaries through one point) is not clear-cut: cutUnion returns nullopt and the
// caller asks GEOS. Where it answers, the result has the same vertices as GEOS's (the inputs'
// vertices on the result's boundary and the crossings), so areas agree to rounding.
#pragma once

#include <optional>
#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::geom {

struct UnionCut {
    GeomPtr geometry;  // a Polygon, a MultiPolygon or an empty polygon
    // The windows' union covers the whole subject (GEOSCovers_r's answer, which then needs no
    // union): `geometry` is a copy of the subject.
    bool coversSubject = false;
};

// subject ∩ (windows[0] ∪ windows[1] ∪ …) by walking the boundaries, without GEOS's overlay.
// `subject` and each window are valid Polygons or MultiPolygons (windows may overlap, nest or be
// apart). nullopt when the configuration is not clear-cut (the caller then uses GEOS).
[[nodiscard]] std::optional<UnionCut> cutUnion(const GEOSGeometry* subject,
                                               const std::vector<const GEOSGeometry*>& windows);

}  // namespace redline::geom
