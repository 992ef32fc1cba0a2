// SPDX-License-Identifier: MIT
#include "site_layer_writer.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QFileInfo>
#include <filesystem>
#include <set>

#include "redline/io/gdal_env.hpp"
#include "redline/io/staged_directory.hpp"
#include "redline/util/error.hpp"

namespace redline::viewer {

namespace fs = std::filesystem;

namespace {

// The files an existing dataset consists of (a shapefile's .shx, .dbf, .prj, .cpg, .qix…), so
// that those the new one does not have are not left beside it.
std::set<fs::path> datasetFiles(const fs::path& file) {
    std::set<fs::path> files;
    std::error_code ec;
    if (!fs::exists(file, ec)) return files;
    io::GdalErrorCapture quiet;
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    if (!ds) return {file};
    char** list = ds->GetFileList();
    for (char** f = list; f && *f; ++f) files.insert(fs::path(*f));
    CSLDestroy(list);
    files.insert(file);
    return files;
}

}  // namespace

void writeSites(const std::vector<DrawnSite>& sites, const crs::Crs& crs, const QString& file) {
    io::ensureGdalRegistered();
    const QString suffix = QFileInfo(file).suffix().toLower();
    const char* driverName = suffix == QStringLiteral("shp")       ? "ESRI Shapefile"
                             : suffix == QStringLiteral("geojson") ? "GeoJSON"
                             : suffix == QStringLiteral("gpkg")    ? "GPKG"
                                                                   : nullptr;
    const fs::path target = fs::absolute(fs::path(file.toStdString()));
    if (!driverName) {
        throw OutputError(
            fmt::format("{}: cannot write the sites (name a .gpkg, .shp or .geojson file)", target.string()));
    }
    auto* driver = GetGDALDriverManager()->GetDriverByName(driverName);
    if (!driver) throw OutputError(fmt::format("{}: GDAL has no {} driver", target.string(), driverName));

    // Written under the final name in a hidden folder beside it, and moved into place only when
    // complete: a failure leaves nothing, and an existing file is replaced only on success.
    // (GDALDriver::Rename cannot move a vector-only dataset in GDAL 3.6: it reopens it as a raster.)
    io::StagedDirectory staged(target.parent_path());
    const fs::path temp = staged.file(target.filename().string());
    staged.reportingFinalPaths([&] {
        io::GdalErrorCapture errors;
        auto fail = [&](const std::string& why) {
            throw OutputError(fmt::format("{}: cannot write the sites ({})", temp.string(), why));
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
            // Names of at most 10 characters, so a shapefile keeps them as they are.
            for (auto [name, type] : {std::pair{"id", OFTInteger},
                                      {"name", OFTString},
                                      {"status", OFTString},
                                      {"area_m2", OFTReal},
                                      {"area_ha", OFTReal},
                                      {"confl_m2", OFTReal}}) {
                OGRFieldDefn field(name, type);
                if (layer->CreateField(&field) != OGRERR_NONE) fail(errors.lastError());
            }
            int id = 0;
            for (const auto& s : sites) {
                OGRFeature f(layer->GetLayerDefn());
                f.SetField("id", ++id);
                f.SetField("name", s.name.toUtf8().constData());
                f.SetField("status", s.status.toUtf8().constData());
                f.SetField("area_m2", s.areaM2);
                f.SetField("area_ha", s.areaM2 / 10000.0);
                f.SetField("confl_m2", s.conflictAreaM2);
                OGRLinearRing ring;
                for (const auto& pt : s.ring) ring.addPoint(pt.x(), pt.y());
                ring.closeRings();
                OGRPolygon poly;
                poly.addRing(&ring);
                f.SetGeometry(&poly);
                if (layer->CreateFeature(&f) != OGRERR_NONE) fail(errors.lastError());
            }
        }
        // Closing flushes (a GeoPackage commits, a GeoJSON file is completed): its errors count.
        if (const std::string why = errors.lastError(); !why.empty()) fail(why);
    });
    const std::set<fs::path> old = datasetFiles(target);
    std::set<fs::path> fresh;
    for (const auto& entry : fs::directory_iterator(temp.parent_path()))
        fresh.insert(target.parent_path() / entry.path().filename());
    staged.commit();
    std::error_code ec;
    for (const auto& f : old)
        if (!fresh.contains(f)) fs::remove(f, ec);
}

}  // namespace redline::viewer
