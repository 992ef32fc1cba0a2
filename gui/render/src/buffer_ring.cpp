// SPDX-License-Identifier: MIT
#include "redline/render/buffer_ring.hpp"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <optional>
#include <vector>

#include "redline/crs/transformer.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/render/layer_loading.hpp"
#include "redline/util/error.hpp"

namespace redline::render {

namespace {

std::unique_ptr<OGRGeometry> toOgr(const GEOSGeometry* g) {
    const auto wkb = geom::toWkb(g);
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw)
        throw CrsError("buffer ring: the subject's geometry could not be read");
    return std::unique_ptr<OGRGeometry>(raw);
}

crs::LayerTransform transform(const crs::Crs& from, const crs::Crs& to) {
    return crs::LayerTransform::create(from, to, std::nullopt, std::nullopt, "buffer ring", "");
}

}  // namespace

std::shared_ptr<const VectorLayer> bufferRing(const GEOSGeometry* subject, const crs::Crs& analysisCrs,
                                              const crs::Crs* mapCrs, double metres, const QString& name) {
    auto g = toOgr(subject);
    OGREnvelope e;
    g->getEnvelope(&e);

    // The subject's centre in lon/lat on the analysis datum.
    const crs::Crs geographic = analysisCrs.geographic();
    std::vector<double> x{(e.MinX + e.MaxX) / 2}, y{(e.MinY + e.MaxY) / 2};
    if (!analysisCrs.isGeographic() && !transform(analysisCrs, geographic).apply(x, y))
        throw CrsError("buffer ring: the subject's centre could not be transformed");

    OGRSpatialReference local;
    local.CopyGeogCSFrom(&geographic.srs());
    local.SetAE(y[0], x[0], 0, 0);
    const crs::Crs localCrs(local);

    transform(analysisCrs, localCrs).apply(*g);
    std::unique_ptr<OGRGeometry> ring(g->Buffer(metres, 90));  // 90 segments a quadrant: smooth at any size
    if (!ring) throw CrsError("buffer ring: GEOS could not grow the subject");
    transform(localCrs, mapCrs ? *mapCrs : analysisCrs).apply(*ring);

    VectorLayerBuilder builder(name, {});
    appendGeometry(builder, *ring);
    builder.endFeature(0, {});
    return std::move(builder).finish();
}

}  // namespace redline::render
