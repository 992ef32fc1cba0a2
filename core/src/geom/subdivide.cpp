// SPDX-License-Identifier: MIT
#include "redline/geom/subdivide.hpp"

#include "redline/geom/geometry.hpp"

namespace redline::geom {
namespace {

constexpr int kMaxDepth = 40;

void subdividePolygon(GeomPtr g, int maxVertices, int depth, std::vector<GeomPtr>& out) {
    if (isEmpty(g.get())) return;
    if (numCoordinates(g.get()) <= maxVertices || depth >= kMaxDepth) {
        out.push_back(std::move(g));
        return;
    }
    const Envelope e = envelope(g.get());
    if (e.width() <= 0 && e.height() <= 0) {
        out.push_back(std::move(g));
        return;
    }
    Envelope first = e, second = e;
    if (e.width() >= e.height()) {
        const double mid = e.minX + e.width() / 2;
        first.maxX = mid;
        second.minX = mid;
    } else {
        const double mid = e.minY + e.height() / 2;
        first.maxY = mid;
        second.minY = mid;
    }
    for (const Envelope& half : {first, second}) {
        GeomPtr part = polygonalPart(clipByRect(g.get(), half));
        const int n = numGeometries(part.get());
        if (typeId(part.get()) == GEOS_MULTIPOLYGON) {
            for (int i = 0; i < n; ++i) subdividePolygon(clone(geometryN(part.get(), i)), maxVertices, depth + 1, out);
        } else {
            subdividePolygon(std::move(part), maxVertices, depth + 1, out);
        }
    }
}

}  // namespace

std::vector<GeomPtr> subdivide(const GEOSGeometry* polygonal, int maxVertices) {
    std::vector<GeomPtr> pieces;
    if (typeId(polygonal) == GEOS_POLYGON) {
        subdividePolygon(clone(polygonal), maxVertices, 0, pieces);
    } else {
        const int n = numGeometries(polygonal);
        for (int i = 0; i < n; ++i) subdividePolygon(clone(geometryN(polygonal, i)), maxVertices, 0, pieces);
    }
    return pieces;
}

}  // namespace redline::geom
