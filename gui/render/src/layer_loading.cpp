// SPDX-License-Identifier: MIT
#include "redline/render/layer_loading.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>

#include <vector>

#include "redline/geom/geometry.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/util/error.hpp"

namespace redline::render {

namespace {

void appendCurve(VectorLayerBuilder& b, FeatureType type, const OGRSimpleCurve& c, std::vector<QPointF>& buf) {
    buf.clear();
    buf.reserve(static_cast<std::size_t>(c.getNumPoints()));
    for (int i = 0; i < c.getNumPoints(); ++i) buf.emplace_back(c.getX(i), c.getY(i));
    b.addRing(type, buf);
}

void appendFlat(VectorLayerBuilder& b, const OGRGeometry& g, std::vector<QPointF>& buf) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPoint: {
            const auto& p = *g.toPoint();
            if (p.IsEmpty()) return;
            const QPointF pt(p.getX(), p.getY());
            b.addRing(FeatureType::Point, std::span<const QPointF>(&pt, 1));
            return;
        }
        case wkbLineString:
            appendCurve(b, FeatureType::Line, *g.toLineString(), buf);
            return;
        case wkbPolygon: {
            const auto& poly = *g.toPolygon();
            for (const auto* ring : poly) appendCurve(b, FeatureType::Polygon, *ring, buf);
            return;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            for (const auto* part : *g.toGeometryCollection()) appendFlat(b, *part, buf);
            return;
        }
        default:
            if (g.hasCurveGeometry()) {
                std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
                if (linear) appendFlat(b, *linear, buf);
            }
            return;
    }
}

bool canceled(const LoadControl& c) { return c.cancel && c.cancel->load(std::memory_order_relaxed); }

}  // namespace

std::optional<crs::Crs> sourceCrs(const io::SourceSpec& spec) { return io::VectorSource::open(spec).crs(); }

void appendGeometry(VectorLayerBuilder& builder, const OGRGeometry& geometry) {
    std::vector<QPointF> buf;
    appendFlat(builder, geometry, buf);
}

void appendGeometry(VectorLayerBuilder& builder, const GEOSGeometry* geometry, const crs::LayerTransform* transform) {
    if (!geometry) return;
    const auto wkb = geom::toWkb(geometry);
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw) return;
    std::unique_ptr<OGRGeometry> g(raw);
    if (transform && !transform->identity()) transform->apply(*g);
    appendGeometry(builder, *g);
}

std::shared_ptr<const VectorLayer> loadVectorLayer(const io::SourceSpec& spec, const crs::Crs* mapCrs,
                                                   const QString& name, const LoadControl& control,
                                                   const std::optional<crs::DatumTransform>& datumTransform) {
    auto source = io::VectorSource::open(spec);
    const auto fields = source.fields();
    QStringList fieldNames;
    for (const auto& f : fields) fieldNames << QString::fromStdString(f.name);

    if (!source.hasGeometryColumn()) {
        // Not "has no CRS; name one": no CRS would give it anything to draw.
        throw InputError(fmt::format("{}: the layer {} has no geometry (an attribute table): nothing to draw",
                                     source.label(), source.layerName()));
    }
    std::optional<crs::LayerTransform> transform;
    if (mapCrs) {
        if (!source.crs()) {
            throw InputError(
                fmt::format("{}: has no CRS (no .prj or CRS in the file); name one, e.g. \"{}|crs=EPSG:4490\"",
                            source.label(), spec.path));
        }
        std::optional<geom::Envelope> lonLat;
        if (auto e = source.extent()) lonLat = crs::extentInLonLat(*source.crs(), *e);
        transform = crs::LayerTransform::create(*source.crs(), *mapCrs, datumTransform, lonLat, source.label(), "");
    }

    VectorLayerBuilder builder(name.isEmpty() ? QString::fromStdString(source.label()) : name, fieldNames);
    builder.setSource(QString::fromStdString(source.label()),
                      source.crs() ? QString::fromStdString(source.crs()->label()) : QStringLiteral("(none)"));
    OGRLayer& layer = source.layer();
    layer.ResetReading();
    const auto total = std::max<std::int64_t>(1, source.featureCount());
    std::int64_t read = 0;
    std::vector<QPointF> buf;
    QStringList attributes;
    // A damaged file may still hand out features: GDAL's complaint makes the layer fail, named,
    // as the check does, rather than an "ERROR 1:" on stderr and a map with parts missing.
    io::GdalErrorCapture damage;
    for (auto& feature : layer) {
        if ((read & 1023) == 0) {
            if (canceled(control)) throw Cancelled();
            if (control.progress) control.progress(100.0 * static_cast<double>(read) / static_cast<double>(total));
        }
        ++read;
        attributes.clear();
        for (int i = 0; i < static_cast<int>(fields.size()); ++i) {
            attributes << QString::fromStdString(io::toText(io::VectorSource::value(*feature, i)));
        }
        if (OGRGeometry* g = feature->GetGeometryRef(); g && !g->IsEmpty()) {
            if (transform && !transform->identity()) {
                try {
                    transform->apply(*g);
                } catch (const CrsError& e) {
                    throw CrsError(fmt::format("{}: feature {}: {}", source.label(), feature->GetFID(), e.what()));
                }
            }
            appendFlat(builder, *g, buf);
        }
        builder.endFeature(feature->GetFID(), attributes);
    }
    if (const std::string why = damage.lastError(); !why.empty()) {
        throw InputError(fmt::format("{}: the file is damaged: {}", source.label(), why));
    }
    if (control.progress) control.progress(100.0);
    return std::move(builder).finish();
}

}  // namespace redline::render
