// SPDX-License-Identifier: MIT
#include <vector>

#include "ogr_to_geos_p.hpp"
#include "redline/geom/geos_context.hpp"

namespace redline::analysis::detail {
namespace {

geom::GeomPtr ringFrom(const OGRLinearRing& ring, std::vector<double>& xy) {
    auto handle = geom::geosHandle();
    const int n = ring.getNumPoints();
    xy.resize(2 * static_cast<std::size_t>(n));
    if (n > 0) ring.getPoints(xy.data(), 2 * sizeof(double), xy.data() + 1, 2 * sizeof(double));
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(handle, xy.data(), static_cast<unsigned>(n), 0, 0);
    if (seq == nullptr) geom::throwGeosError("copying a ring");
    GEOSGeometry* g = GEOSGeom_createLinearRing_r(handle, seq);  // takes the sequence
    if (g == nullptr) geom::throwGeosError("building a ring");
    return geom::GeomPtr(g);
}

// nullptr for a polygon with an empty shell (GEOS would take its holes' ownership and refuse it).
geom::GeomPtr polygonFrom(const OGRPolygon& polygon, std::vector<double>& xy) {
    if (polygon.IsEmpty()) return geom::emptyPolygon();
    const OGRLinearRing* exterior = polygon.getExteriorRing();
    if (exterior == nullptr || exterior->getNumPoints() == 0) return nullptr;
    geom::GeomPtr shell = ringFrom(*exterior, xy);
    std::vector<geom::GeomPtr> holes;
    std::vector<GEOSGeometry*> raw;
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
        holes.push_back(ringFrom(*polygon.getInteriorRing(i), xy));
        raw.push_back(holes.back().get());
    }
    GEOSGeometry* g =
        GEOSGeom_createPolygon_r(geom::geosHandle(), shell.get(), raw.data(), static_cast<unsigned>(raw.size()));
    if (g == nullptr) geom::throwGeosError("building a polygon");
    static_cast<void>(shell.release());  // now the polygon's
    for (auto& h : holes) static_cast<void>(h.release());
    return geom::GeomPtr(g);
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
