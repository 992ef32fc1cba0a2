// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <gdal_priv.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "format_p.hpp"
#include "ogr_table_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "redline_version.hpp"
#include "stats_files_p.hpp"

namespace redline::report::detail {
namespace {

using nlohmann::ordered_json;

std::string csvCell(const io::FieldValue& v) {
    std::string s;
    if (const auto* d = std::get_if<double>(&v)) {
        s = fmt::format("{}", *d);  // shortest text that reads back as the same double
    } else {
        s = io::toText(v);
        if (std::holds_alternative<std::string>(v)) s.insert(0, csvFormulaGuard(s));  // a zone or class name
    }
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

ordered_json jsonValue(const io::FieldValue& v) {
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
}

std::vector<std::string> columnNames(const Table& t) {
    std::vector<std::string> names;
    for (const auto& c : t.columns) names.push_back(c.name);
    return names;
}

void writeTable(GDALDataset& ds, const std::string& name, const Table& table, const std::filesystem::path& file,
                const std::vector<std::string>& options) {
    OgrTable out(ds, name, wkbNone, nullptr, table.columns, columnNames(table), options, file.string());
    for (const auto& row : table.rows) out.write(row);
}

std::string safeLayerName(const std::string& name) { return columnName(name, ""); }

}  // namespace

GDALDatasetUniquePtr createDataset(const char* driverName, const std::filesystem::path& file) {
    io::ensureGdalRegistered();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
    if (driver == nullptr) throw OutputError(fmt::format("the GDAL {} driver is not available", driverName));
    io::GdalErrorCapture capture;
    GDALDatasetUniquePtr ds(driver->Create(file.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw OutputError(fmt::format("{}: cannot create: {}", file.string(), capture.lastError()));
    return ds;
}

// Closing writes the file (XLSX is zipped on close): a failure then is a failed output.
void closeDataset(GDALDatasetUniquePtr ds, const std::filesystem::path& file) {
    io::GdalErrorCapture capture;
    const std::string driver = ds->GetDriver()->GetDescription();
    GDALClose(GDALDataset::ToHandle(ds.release()));
    if (!capture.lastError().empty()) {
        throw OutputError(fmt::format("{}: cannot write: {}", file.string(), capture.lastError()));
    }
    // GDAL 3.6 zips an XLSX on close and says nothing when that fails (a full disk left a cut
    // zip behind, exit 0): the file must open again.
    if (driver == "XLSX") {
        const char* const allowed[] = {"XLSX", nullptr};
        GDALDatasetUniquePtr back(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed));
        if (!back || back->GetLayerCount() == 0)
            throw OutputError(
                fmt::format("{}: cannot write: the file is incomplete (is the disk full?)", file.string()));
    }
}

void writeCsvTable(const Table& table, const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary);
    if (!out) throw OutputError(fmt::format("{}: cannot create", file.string()));
    out << "\xEF\xBB\xBF";
    std::string line;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (i > 0) line += ',';
        line += csvCell(table.columns[i].name);
    }
    out << line << "\r\n";
    for (const auto& row : table.rows) {
        line.clear();
        for (std::size_t i = 0; i < row.values.size(); ++i) {
            if (i > 0) line += ',';
            line += csvCell(row.values[i]);
        }
        out << line << "\r\n";
    }
    out.close();
    if (!out) throw OutputError(fmt::format("{}: cannot write (disk full?)", file.string()));
}

void writeStatsJson(const analysis::StatsResult& stats, const std::filesystem::path& file) {
    ordered_json doc;
    doc["kind"] = "redline zoning statistics";
    doc["redline_version"] = REDLINE_VERSION;
    doc["analysis_crs"] = stats.context.analysisCrs ? stats.context.analysisCrs->label() : "";
    doc["area_method"] = "geodesic polygon area on the analysis CRS's ellipsoid, after a planar overlay in it";
    ordered_json zoneLayers = ordered_json::array();
    for (const auto& layer : stats.zoneLayers) {
        ordered_json zones = ordered_json::array();
        for (const auto& z : layer.zones) {
            zones.push_back(
                {{"zone", z.value}, {"area_m2", z.areaM2}, {"area_ha", hectares(z.areaM2)}, {"area_mu", mu(z.areaM2)}});
        }
        zoneLayers.push_back({{"name", layer.name},
                              {"source", layer.source},
                              {"field", layer.field},
                              {"zones_overlap", layer.zonesOverlap},
                              {"overlap_area_m2", layer.overlapAreaM2},
                              {"zones", zones}});
    }
    doc["zone_layers"] = zoneLayers;
    ordered_json classLayers = ordered_json::array();
    for (const auto& layer : stats.classLayers) {
        ordered_json classes = ordered_json::array();
        for (std::size_t c = 0; c < layer.classes.size(); ++c) {
            ordered_json cls{{"class", layer.classes[c]}};
            if (c < layer.classAreaM2.size()) cls["area_m2"] = layer.classAreaM2[c];
            if (c < layer.features.size()) cls["features"] = layer.features[c];
            classes.push_back(cls);
        }
        classLayers.push_back({{"name", layer.name},
                               {"kind", layer.raster ? "raster" : "vector"},
                               {"sources", layer.sources},
                               {"field", layer.field},
                               {"coverage_rule", layer.coverageRule},
                               {"classes", classes}});
    }
    doc["class_layers"] = classLayers;
    const Table rows = statsLongTable(stats);
    ordered_json jsonRows = ordered_json::array();
    for (const auto& row : rows.rows) {
        ordered_json r;
        for (std::size_t i = 0; i < rows.columns.size(); ++i) r[rows.columns[i].name] = jsonValue(row.values[i]);
        jsonRows.push_back(std::move(r));
    }
    doc["rows"] = jsonRows;
    ordered_json inputs = ordered_json::array();
    for (const auto& in : stats.context.inputs) {
        inputs.push_back({{"role", in.role},
                          {"path", in.path},
                          {"driver", in.driver},
                          {"crs", in.crs},
                          {"encoding", in.encoding},
                          {"features", in.features},
                          {"notes", in.notes}});
    }
    doc["inputs"] = inputs;
    ordered_json problems = ordered_json::array();
    for (const auto& p : stats.context.problems) {
        problems.push_back({{"layer", p.layer}, {"fid", p.fid}, {"kind", p.kind}, {"message", p.message}});
    }
    doc["problems"] = problems;
    doc["notes"] = statsNotes(stats);  // the same notes as the workbook's and the GeoPackage's
    std::ofstream out(file, std::ios::binary);
    if (!out) throw OutputError(fmt::format("{}: cannot create", file.string()));
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    out.close();
    if (!out) throw OutputError(fmt::format("{}: cannot write (disk full?)", file.string()));
}

void writeStatsXlsx(const analysis::StatsResult& stats, const std::filesystem::path& file) {
    GDALDatasetUniquePtr ds = createDataset("XLSX", file);
    writeTable(*ds, "stats", statsLongTable(stats), file, {});
    writeTable(*ds, "crosstab", statsCrossTable(stats), file, {});
    writeTable(*ds, "zones", statsZoneLayersTable(stats), file, {});
    writeTable(*ds, "notes", statsNotesTable(stats), file, {});
    closeDataset(std::move(ds), file);
}

void writeStatsGpkg(const analysis::StatsResult& stats, const std::filesystem::path& file) {
    GDALDatasetUniquePtr ds = createDataset("GPKG", file);
    if (ds->StartTransaction() != OGRERR_NONE)
        throw OutputError(fmt::format("{}: cannot start a transaction", file.string()));
    const OGRSpatialReference* srs = stats.context.analysisCrs ? &stats.context.analysisCrs->srs() : nullptr;
    for (std::size_t j = 0; j < stats.zoneLayers.size(); ++j) {
        std::vector<analysis::StatsZone> zones;
        Table table = statsZoneTable(stats, j, &zones);
        OgrTable out(*ds, "zones_" + safeLayerName(stats.zoneLayers[j].name), wkbMultiPolygon, srs, table.columns,
                     columnNames(table), {"FID=fid"}, file.string());
        for (std::size_t i = 0; i < table.rows.size(); ++i) {
            const geom::GeomPtr geometry = geom::fromWkb(zones[i].wkb);
            table.rows[i].geometry = geometry.get();
            out.write(table.rows[i]);
        }
    }
    writeTable(*ds, "stats", statsLongTable(stats), file, {"FID=fid"});
    writeTable(*ds, "notes", statsNotesTable(stats), file, {"FID=fid"});
    if (ds->CommitTransaction() != OGRERR_NONE) throw OutputError(fmt::format("{}: cannot commit", file.string()));
    closeDataset(std::move(ds), file);
}

}  // namespace redline::report::detail
