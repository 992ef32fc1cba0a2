// SPDX-License-Identifier: MIT
// GEOS polygons from the rings the boundary walks build (convex_clip, union_cut, rect_walk): lists
// of points of any {x, y} type, closed or not (the closing point is added where it is missing).
#pragma once

#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::geom::detail {

template <class Point>
GeomPtr ringGeometry(const std::vector<Point>& ring) {
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
    return linearRing(xy.data(), xy.size() / 2);
}

template <class Point>
GeomPtr polygonGeometry(const std::vector<Point>& shell, const std::vector<const std::vector<Point>*>& holes) {
    std::vector<GeomPtr> holeRings;
    holeRings.reserve(holes.size());
    for (const auto* h : holes) holeRings.push_back(ringGeometry(*h));
    return polygonOf(ringGeometry(shell), std::move(holeRings));
}

}  // namespace redline::geom::detail
