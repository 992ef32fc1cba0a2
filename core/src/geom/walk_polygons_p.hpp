// SPDX-License-Identifier: MIT
// GEOS polygons from the rings the boundary walks build (convex_clip.cpp, union_cut.cpp): lists
// of points of any {x, y} type, closed or not (the closing point is added where it is missing).
#pragma once

#include <vector>

#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_context.hpp"

namespace redline::geom::detail {

template <class Point>
GeomPtr ringGeometry(const std::vector<Point>& ring) {
    auto handle = geosHandle();
    std::vector<double> xy;
    xy.reserve(2 * ring.size() + 2);
    for (const Point& p : ring) {
        xy.push_back(p.x);
        xy.push_back(p.y);
    }
    if (!ring.empty() && (ring.front().x != ring.back().x || ring.front().y != ring.back().y)) {
        xy.push_back(ring.front().x);
        xy.push_back(ring.front().y);
    }
    GEOSCoordSequence* seq =
        GEOSCoordSeq_copyFromBuffer_r(handle, xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0);
    if (seq == nullptr) throwGeosError("building a ring");
    GEOSGeometry* g = GEOSGeom_createLinearRing_r(handle, seq);
    if (g == nullptr) throwGeosError("building a ring");
    return GeomPtr(g);
}

template <class Point>
GeomPtr polygonGeometry(const std::vector<Point>& shell, const std::vector<const std::vector<Point>*>& holes) {
    auto handle = geosHandle();
    GeomPtr shellRing = ringGeometry(shell);
    std::vector<GeomPtr> holeRings;
    holeRings.reserve(holes.size());
    for (const auto* h : holes) holeRings.push_back(ringGeometry(*h));
    std::vector<GEOSGeometry*> raw;
    raw.reserve(holeRings.size());
    for (auto& h : holeRings) raw.push_back(h.get());
    GEOSGeometry* polygon =
        GEOSGeom_createPolygon_r(handle, shellRing.get(), raw.data(), static_cast<unsigned>(raw.size()));
    if (polygon == nullptr) throwGeosError("building a polygon");
    static_cast<void>(shellRing.release());  // now owned by the polygon
    for (auto& h : holeRings) static_cast<void>(h.release());
    return GeomPtr(polygon);
}

}  // namespace redline::geom::detail
