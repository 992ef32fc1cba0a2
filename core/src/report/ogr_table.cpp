// SPDX-License-Identifier: MIT
#include <cpl_string.h>
#include <fmt/format.h>

#include "ogr_table_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/util/error.hpp"

namespace redline::report::detail {

OgrTable::OgrTable(GDALDataset& ds, const std::string& layerName, OGRwkbGeometryType type,
                   const OGRSpatialReference* srs, const std::vector<Column>& columns,
                   const std::vector<std::string>& fieldNames, const std::vector<std::string>& layerOptions,
                   std::string label, const FieldShaper& shaper)
    : label_(std::move(label)) {
    CPLStringList options;
    for (const auto& o : layerOptions) options.AddString(o.c_str());
    layer_ = ds.CreateLayer(layerName.c_str(), type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs), type,
                            options.List());
    if (layer_ == nullptr) throw OutputError(fmt::format("{}: cannot create layer {}", label_, layerName));
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const OGRFieldType t = columns[i].kind == io::FieldKind::Integer ? OFTInteger64
                               : columns[i].kind == io::FieldKind::Real  ? OFTReal
                                                                         : OFTString;
        OGRFieldDefn defn(fieldNames[i].c_str(), t);
        if (shaper) shaper(defn, columns[i]);
        if (layer_->CreateField(&defn) != OGRERR_NONE) {
            throw OutputError(fmt::format("{}: cannot create field {} in {}", label_, fieldNames[i], layerName));
        }
    }
}

void OgrTable::write(const Row& row) { write(*feature(row)); }

void OgrTable::write(OGRFeature& f) {
    if (layer_->CreateFeature(&f) != OGRERR_NONE) {
        throw OutputError(fmt::format("{}: cannot write a feature to {}", label_, layer_->GetName()));
    }
}

std::unique_ptr<OGRFeature> OgrTable::feature(const Row& row) const {
    auto feature = std::make_unique<OGRFeature>(layer_->GetLayerDefn());
    OGRFeature& f = *feature;
    for (std::size_t i = 0; i < row.values.size(); ++i) {
        const int index = static_cast<int>(i);
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::int64_t>) f.SetField(index, static_cast<GIntBig>(v));
                if constexpr (std::is_same_v<T, double>) {
                    if (realCheck_) realCheck_(v, i, row);
                    f.SetField(index, v);
                }
                if constexpr (std::is_same_v<T, std::string>) {
                    f.SetField(index, (textFilter_ ? textFilter_(v, i, row) : v).c_str());
                }
            },
            row.values[i]);
    }
    if (row.geometry != nullptr) {
        geom::GeomPtr multi = geom::asMultiPolygon(row.geometry);
        const std::vector<unsigned char> wkb = geom::toWkb(multi.get());
        OGRGeometry* ogr = nullptr;
        // No SRS on the geometry: the layer has it, and sharing one OGRSpatialReference between
        // threads building features would race on its reference count.
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &ogr, wkb.size()) == OGRERR_NONE) {
            f.SetGeometryDirectly(ogr);
        }
    }
    return feature;
}

}  // namespace redline::report::detail
