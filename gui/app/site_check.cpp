// SPDX-License-Identifier: MIT
#include "site_check.hpp"

#include <ogr_geometry.h>

#include "redline/crs/transformer.hpp"
#include "redline/geom/geometry.hpp"
#include "site_sketch.hpp"

namespace redline::viewer {

analysis::SubjectResult checkSite(const analysis::ConflictCheck& check, const QPolygonF& ring, const crs::Crs& mapCrs) {
    const std::string wkt = SiteSketch::toWkt(ring).toStdString();
    OGRGeometry* raw = nullptr;
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw);
    std::unique_ptr<OGRGeometry> g(raw);
    const auto& analysisCrs = *check.context().analysisCrs;
    if (!mapCrs.isSame(analysisCrs)) {
        OGREnvelope env;
        g->getEnvelope(&env);
        const auto lonLat = crs::extentInLonLat(mapCrs, {env.MinX, env.MinY, env.MaxX, env.MaxY});
        crs::LayerTransform::create(mapCrs, analysisCrs, std::nullopt, lonLat, "drawn site", "").apply(*g);
    }
    std::vector<unsigned char> wkb(static_cast<std::size_t>(g->WkbSize()));
    g->exportToWkb(wkbNDR, wkb.data());
    analysis::SubjectResult result = check.checkGeometry(geom::fromWkb(wkb).get());
    result.id = "drawn";
    return result;
}

}  // namespace redline::viewer
