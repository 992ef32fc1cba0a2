// SPDX-License-Identifier: MIT
// `redline validate SRC`: the data doctor, run before an analysis.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress_bar.hpp"
#include "redline/analysis/data_doctor.hpp"
#include "redline/io/connection_string.hpp"

namespace redline::cli {
namespace {

struct ValidateOptions {
    std::string source, idField, categoryField;
    bool json = false, noOverlaps = false, quiet = false;
};

nlohmann::ordered_json toJson(const analysis::DoctorReport& r) {
    using nlohmann::ordered_json;
    ordered_json j;
    j["path"] = io::isConnectionString(r.path) ? io::redactedConnection(r.path) : r.path;
    j["layer"] = r.layer;
    j["driver"] = r.driver;
    j["features"] = r.features;
    j["geometry_types"] = r.geometryTypes;
    j["null_geometries"] = r.nullGeometries;
    j["geometry_column"] = r.geometryColumn;
    j["z_or_m"] = r.measuredOr3d;
    j["encoding"] = {{"encoding", r.encoding.encoding}, {"how", r.encoding.how}};
    j["crs"] = {{"name", r.crsName ? ordered_json(*r.crsName) : ordered_json()},
                {"epsg", r.epsg ? ordered_json(*r.epsg) : ordered_json()},
                {"datum", r.datum ? ordered_json(*r.datum) : ordered_json()}};
    j["coordinates"] = {
        {"ok", r.coordinates.ok()},
        {"message", r.coordinates.message},
        {"far_features", r.farFeatures},
        {"suggested_epsg", r.coordinates.suggestedEpsg ? ordered_json(*r.coordinates.suggestedEpsg) : ordered_json()}};
    if (r.extent) j["extent"] = {r.extent->minX, r.extent->minY, r.extent->maxX, r.extent->maxY};
    if (r.extentLonLat)
        j["extent_lonlat"] = {r.extentLonLat->minX, r.extentLonLat->minY, r.extentLonLat->maxX, r.extentLonLat->maxY};
    ordered_json invalid = ordered_json::array();
    for (const auto& f : r.invalid) {
        invalid.push_back({{"fid", f.fid},
                           {"id", f.id},
                           {"reason", f.reason},
                           {"x", f.x ? ordered_json(*f.x) : ordered_json()},
                           {"y", f.y ? ordered_json(*f.y) : ordered_json()}});
    }
    ordered_json damaged = ordered_json::array();
    for (const auto& f : r.damaged) damaged.push_back({{"fid", f.fid}, {"id", f.id}, {"reason", f.reason}});
    j["damaged_count"] = r.damagedCount;
    j["damaged"] = damaged;
    j["read_error"] = r.readError ? ordered_json(*r.readError) : ordered_json();
    j["invalid_count"] = r.invalidCount;
    j["invalid"] = invalid;
    if (r.idsChecked) {
        ordered_json duplicates = ordered_json::array();
        for (const auto& d : r.duplicateIds) duplicates.push_back({{"id", d.id}, {"fids", d.fids}});
        j["duplicate_id_count"] = r.duplicateIdCount;
        j["duplicate_ids"] = duplicates;
    }
    if (r.categoriesChecked) {
        ordered_json missing = ordered_json::array();
        for (const auto& f : r.missingCategories) missing.push_back({{"fid", f.fid}, {"id", f.id}});
        j["missing_category_count"] = r.missingCategoryCount;
        j["missing_category"] = missing;
    }
    ordered_json overlaps = ordered_json::array();
    for (const auto& o : r.overlaps) {
        overlaps.push_back({{"fid_a", o.fidA},
                            {"id_a", o.idA},
                            {"category_a", o.categoryA},
                            {"fid_b", o.fidB},
                            {"id_b", o.idB},
                            {"category_b", o.categoryB},
                            {"area_m2", o.areaM2}});
    }
    j["overlaps_checked"] = r.overlapsChecked;
    j["overlap_count"] = r.overlapCount;
    j["overlap_area_m2"] = r.overlapAreaM2;
    j["overlaps"] = overlaps;
    j["warnings"] = r.warnings;
    j["usable"] = !r.blocking();
    return j;
}

void printText(const analysis::DoctorReport& r) {
    fmt::print("{} (layer {}, {})\n", io::isConnectionString(r.path) ? io::redactedConnection(r.path) : r.path, r.layer,
               r.driver);
    fmt::print("  features:   {}", r.features);
    for (const auto& [type, count] : r.geometryTypes) fmt::print(", {} {}", count, type);
    if (r.nullGeometries) fmt::print(", {} without geometry", r.nullGeometries);
    if (r.measuredOr3d) fmt::print(", {} with Z/M (dropped to 2D)", r.measuredOr3d);
    fmt::print("\n  encoding:   {}{}\n", r.encoding.encoding.empty() ? "n/a" : r.encoding.encoding,
               r.encoding.how.empty() ? "" : " (" + r.encoding.how + ")");
    if (r.crsName) {
        fmt::print("  CRS:        {}{}; datum {}\n", *r.crsName,
                   r.epsg ? fmt::format(" = EPSG:{}", *r.epsg) : " (no EPSG match)", r.datum.value_or("?"));
    } else {
        fmt::print("  CRS:        MISSING\n");
    }
    if (r.extent) {
        fmt::print("  extent:     x {:.6f} … {:.6f}, y {:.6f} … {:.6f}\n", r.extent->minX, r.extent->maxX,
                   r.extent->minY, r.extent->maxY);
    }
    fmt::print("  coordinates: {}\n", !r.crsName         ? std::string("not checked (no CRS)")
                                      : !r.anyGeometry() ? std::string("none (no feature has a geometry)")
                                      : r.coordinates.ok() && r.farFeatures > 0
                                          ? fmt::format("fit the CRS but for {} feature{} far outside it (below)",
                                                        r.farFeatures, r.farFeatures == 1 ? "" : "s")
                                      : r.coordinates.ok() ? std::string("fit the CRS")
                                                           : "PROBLEM: " + r.coordinates.message);
    if (r.damagedCount > 0) {
        fmt::print("  damaged:    {} feature{} GDAL could not read (check refuses the file)\n", r.damagedCount,
                   r.damagedCount == 1 ? "" : "s");
        for (const auto& f : r.damaged) fmt::print("    feature {} (fid {}): {}\n", f.id, f.fid, f.reason);
    }
    if (r.readError) fmt::print("  damaged:    reading the file failed: {}\n", *r.readError);
    fmt::print("  validity:   {} invalid geometries\n", r.invalidCount);
    for (const auto& f : r.invalid) {
        fmt::print("    feature {} (fid {}): {}{}\n", f.id, f.fid, f.reason,
                   f.x && f.y ? fmt::format(" at ({:.7f}, {:.7f})", *f.x, *f.y) : "");
    }
    if (r.idsChecked) {
        fmt::print("  ids:        {}\n", r.duplicateIdCount == 0
                                             ? std::string("each used once")
                                             : fmt::format("{} used by more than one feature", r.duplicateIdCount));
        for (const auto& d : r.duplicateIds) {
            fmt::print("    {}: fids {}\n", d.id.empty() ? "(empty)" : d.id, fmt::join(d.fids, ", "));
        }
    }
    if (r.categoriesChecked) {
        fmt::print("  categories: {}\n",
                   r.missingCategoryCount == 0
                       ? std::string("every feature has one")
                       : fmt::format("{} without one (check leaves them out)", r.missingCategoryCount));
        for (const auto& f : r.missingCategories) fmt::print("    feature {} (fid {})\n", f.id, f.fid);
    }
    if (r.overlapsChecked) {
        fmt::print("  overlaps:   {} overlapping pairs, {:.2f} m² in all\n", r.overlapCount, r.overlapAreaM2);
        for (const auto& o : r.overlaps) {
            fmt::print("    {}{} × {}{}: {:.2f} m²\n", o.idA, o.categoryA.empty() ? "" : " [" + o.categoryA + "]",
                       o.idB, o.categoryB.empty() ? "" : " [" + o.categoryB + "]", o.areaM2);
        }
    }
    for (const auto& w : r.warnings) fmt::print("  warning:    {}\n", w);
    fmt::print("  verdict:    {}\n", r.blocking() ? "NOT usable as it stands" : "usable");
}

}  // namespace

Runner addValidateCommand(CLI::App& app) {
    auto o = std::make_shared<ValidateOptions>();
    CLI::App* cmd = app.add_subcommand(
        "validate", "Data doctor: geometry validity, CRS, encoding, zone prefix, axis order, duplicate ids, overlaps");
    cmd->add_option("source", o->source, "Vector source: PATH, PATH|LAYER, PATH|encoding=CP936|crs=EPSG:4490")
        ->required();
    cmd->add_option("--id-field", o->idField, "Field naming the features in the report; ids used twice are listed");
    cmd->add_option("--category-field", o->categoryField, "Category field, shown with overlapping pairs");
    cmd->add_flag("--no-overlaps", o->noOverlaps, "Skip the search for overlapping features");
    cmd->add_flag("--json", o->json, "Print the report as JSON");
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar");
    return [o]() {
        analysis::DoctorOptions options;
        options.idField = o->idField;
        options.categoryField = o->categoryField;
        options.checkOverlaps = !o->noOverlaps;
        TerminalProgress progress(!o->quiet && !o->json);
        const auto report = analysis::examine(io::SourceSpec::parse(o->source), options, progress);
        progress.done();
        if (o->json) {
            fmt::print("{}\n", toJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        } else {
            printText(report);
        }
        return report.blocking() ? kExitInputError : kExitOk;
    };
}

}  // namespace redline::cli
