// SPDX-License-Identifier: MIT
#include "site_layer_writer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QFileInfo>
#include <filesystem>

#include "redline/io/gdal_env.hpp"
#include "redline/util/error.hpp"

namespace redline::viewer {

void writeSites(const std::vector<DrawnSite>& sites, const crs::Crs& crs, const QString& file) {
    io::ensureGdalRegistered();
    const QString suffix = QFileInfo(file).suffix().toLower();
    const char* driverName = suffix == QStringLiteral("shp")       ? "ESRI Shapefile"
                             : suffix == QStringLiteral("geojson") ? "GeoJSON"
                                                                   : "GPKG";
    const std::string target = file.toStdString();
    // Same folder, same extension, so the driver and its side files (.dbf, .prj) fit.
    const std::filesystem::path p(target);
    const std::string temp = (p.parent_path() / (p.stem().string() + ".saving" + p.extension().string())).string();
    auto* driver = GetGDALDriverManager()->GetDriverByName(driverName);
    io::GdalErrorCapture errors;
    auto fail = [&](const std::string& why) {
        if (driver) driver->Delete(temp.c_str());
        throw OutputError(fmt::format("{}: cannot write the sites ({})", target, why));
    };
    {
        GDALDatasetUniquePtr ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) fail(errors.lastError());
        char** options = nullptr;
        if (suffix == QStringLiteral("shp")) options = CSLSetNameValue(options, "ENCODING", "UTF-8");
        OGRSpatialReference srs(crs.srs());
        OGRLayer* layer = ds->CreateLayer("drawn_sites", &srs, wkbPolygon, options);
        CSLDestroy(options);
        if (!layer) fail(errors.lastError());
        for (auto [name, type] : {std::pair{"name", OFTString},
                                  {"status", OFTString},
                                  {"area_m2", OFTReal},
                                  {"area_ha", OFTReal},
                                  {"conflict_m2", OFTReal}}) {
            OGRFieldDefn field(name, type);
            layer->CreateField(&field);
        }
        for (const auto& s : sites) {
            OGRFeature f(layer->GetLayerDefn());
            f.SetField("name", s.name.toUtf8().constData());
            f.SetField("status", s.status.toUtf8().constData());
            f.SetField("area_m2", s.areaM2);
            f.SetField("area_ha", s.areaM2 / 10000.0);
            f.SetField("conflict_m2", s.conflictAreaM2);
            OGRLinearRing ring;
            for (const auto& pt : s.ring) ring.addPoint(pt.x(), pt.y());
            OGRPolygon poly;
            poly.addRing(&ring);
            f.SetGeometry(&poly);
            if (layer->CreateFeature(&f) != OGRERR_NONE) fail(errors.lastError());
        }
    }
    std::error_code ec;
    if (driver->Delete(target.c_str()) != CE_None) std::filesystem::remove(target, ec);
    if (driver->Rename(target.c_str(), temp.c_str()) != CE_None) fail(errors.lastError());
}

}  // namespace redline::viewer
