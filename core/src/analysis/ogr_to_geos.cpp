// SPDX-License-Identifier: MIT
#include <vector>

#include "ogr_to_geos_p.hpp"

namespace redline::analysis::detail {
namespace {

geom::GeomPtr ringFrom(const OGRLinearRing& ring, std::vector<double>& xy) {
    const int n = ring.getNumPoints();
    xy.resize(2 * static_cast<std::size_t>(n));
    if (n > 0) ring.getPoints(xy.data(), 2 * sizeof(double), xy.data() + 1, 2 * sizeof(double));
    return geom::linearRing(xy.data(), static_cast<std::size_t>(n));
}

// nullptr for a polygon with an empty shell (GEOS would take its holes' ownership and refuse it).
geom::GeomPtr polygonFrom(const OGRPolygon& polygon, std::vector<double>& xy) {
    if (polygon.IsEmpty()) return geom::emptyPolygon();
    const OGRLinearRing* exterior = polygon.getExteriorRing();
    if (exterior == nullptr || exterior->getNumPoints() == 0) return nullptr;
    geom::GeomPtr shell = ringFrom(*exterior, xy);
    std::vector<geom::GeomPtr> holes;
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) holes.push_back(ringFrom(*polygon.getInteriorRing(i), xy));
    return geom::polygonOf(std::move(shell), std::move(holes));
}

}  // namespace

geom::GeomPtr polygonalFromOgr(const OGRGeometry& g) {
    if (g.Is3D() || g.IsMeasured()) return nullptr;
    thread_local std::vector<double> xy;
    const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
    if (type == wkbPolygon) return polygonFrom(*g.toPolygon(), xy);
    if (type != wkbMultiPolygon) return nullptr;
    std::vector<geom::GeomPtr> parts;
    for (const OGRPolygon* part : *g.toMultiPolygon()) {
        geom::GeomPtr p = polygonFrom(*part, xy);
        if (!p) return nullptr;
        parts.push_back(std::move(p));
    }
    return geom::collection(GEOS_MULTIPOLYGON, std::move(parts));
}

}  // namespace redline::analysis::detail
