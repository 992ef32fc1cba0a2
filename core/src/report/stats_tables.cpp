// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <map>
#include <set>

#include "format_p.hpp"
#include "redline/util/area_units.hpp"
#include "stats_tables_p.hpp"

// GCC 12 reports std::variant<..., std::string> copies as "maybe uninitialized" (a known false
// positive, GCC bug 105562); the values here are always constructed.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace redline::report::detail {
namespace {

using analysis::StatsResult;
using analysis::StatsRow;
using analysis::StatsRowType;
using io::FieldKind;
using io::FieldValue;

FieldValue optionalReal(const std::optional<double>& v) { return v ? FieldValue(*v) : FieldValue(); }

// "core" for one class layer; "redline/core" when several class layers share the table.
std::string classHeading(const StatsResult& stats, std::size_t classLayer, const std::string& cls) {
    return stats.classLayers.size() == 1 ? cls : stats.classLayers[classLayer].name + "/" + cls;
}

// The cells of one zone: class layer → class name → row.
using ZoneCells = std::map<std::size_t, std::map<std::string, const StatsRow*>>;

std::map<std::pair<std::size_t, std::string>, ZoneCells> cellsByZone(const StatsResult& stats) {
    std::map<std::pair<std::size_t, std::string>, ZoneCells> cells;
    for (const StatsRow& r : stats.rows) {
        if (r.type == StatsRowType::Cell || r.type == StatsRowType::ZoneTotal) {
            cells[{r.zoneLayer, r.zone}][r.classLayer][r.cls] = &r;
        }
    }
    return cells;
}

// Columns of the cross table and the zone layer: the classes of every class layer, then its total.
// A raster layer always has (nodata) and (outside raster), even when every zone lies inside it,
// so its row adds up to the zone's area and the columns do not depend on the zones' extent.
std::vector<std::pair<std::size_t, std::string>> classColumns(const StatsResult& stats) {
    std::vector<std::pair<std::size_t, std::string>> columns;
    for (std::size_t l = 0; l < stats.classLayers.size(); ++l) {
        const auto& layer = stats.classLayers[l];
        for (const auto& cls : layer.classes) columns.emplace_back(l, cls);
        if (layer.raster) {
            columns.emplace_back(l, analysis::kNodataClass);
            columns.emplace_back(l, analysis::kOutsideRaster);
        }
        columns.emplace_back(l, analysis::kAllClasses);
    }
    return columns;
}

}  // namespace

Table statsLongTable(const StatsResult& stats) {
    Table t;
    t.columns = {
        {"zone_layer", FieldKind::String},     {"zone", FieldKind::String},         {"class_layer", FieldKind::String},
        {"class", FieldKind::String},          {"row_type", FieldKind::String},     {"area_m2", FieldKind::Real},
        {"area_ha", FieldKind::Real},          {"area_mu", FieldKind::Real},        {"zone_area_m2", FieldKind::Real},
        {"pct_of_zone", FieldKind::Real},      {"pct_of_class", FieldKind::Real},   {"features", FieldKind::Integer},
        {"zones_overlap", FieldKind::Integer}, {"coverage_rule", FieldKind::String}};
    for (const StatsRow& r : stats.rows) {
        const auto& zoneLayer = stats.zoneLayers[r.zoneLayer];
        const auto& classLayer = stats.classLayers[r.classLayer];
        Row row;
        row.values = {zoneLayer.name,
                      r.zone,
                      classLayer.name,
                      r.cls,
                      std::string(analysis::statsRowTypeName(r.type)),
                      r.areaM2,
                      hectares(r.areaM2),
                      mu(r.areaM2),
                      optionalReal(r.zoneAreaM2),
                      optionalReal(r.pctOfZone()),
                      optionalReal(r.pctOfClass()),
                      r.features ? FieldValue(*r.features) : FieldValue(),
                      std::int64_t{zoneLayer.zonesOverlap ? 1 : 0},
                      classLayer.coverageRule};
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table statsCrossTable(const StatsResult& stats) {
    Table t;
    t.columns = {{"zone_layer", FieldKind::String}, {"zone", FieldKind::String}, {"zone_area_ha", FieldKind::Real}};
    const auto columns = classColumns(stats);
    for (const auto& [layer, cls] : columns) {
        t.columns.push_back({classHeading(stats, layer, cls) + " ha", FieldKind::Real});
        t.columns.push_back({classHeading(stats, layer, cls) + " %", FieldKind::Real});
    }
    const auto cells = cellsByZone(stats);
    for (std::size_t j = 0; j < stats.zoneLayers.size(); ++j) {
        for (const auto& zone : stats.zoneLayers[j].zones) {
            Row row;
            row.values = {stats.zoneLayers[j].name, zone.value, hectares(zone.areaM2)};
            const auto it = cells.find({j, zone.value});
            for (const auto& [layer, cls] : columns) {
                const StatsRow* cell = nullptr;
                if (it != cells.end()) {
                    const auto l = it->second.find(layer);
                    if (l != it->second.end()) {
                        const auto c = l->second.find(cls);
                        if (c != l->second.end()) cell = c->second;
                    }
                }
                row.values.push_back(cell != nullptr ? FieldValue(hectares(cell->areaM2)) : FieldValue());
                row.values.push_back(cell != nullptr ? optionalReal(cell->pctOfZone()) : FieldValue());
            }
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

Table statsZoneTable(const StatsResult& stats, std::size_t zoneLayer, std::vector<analysis::StatsZone>* zones) {
    Table t;
    t.columns = {{"zone", FieldKind::String},
                 {"zone_area_m2", FieldKind::Real},
                 {"zone_area_ha", FieldKind::Real},
                 {"zone_area_mu", FieldKind::Real}};
    const auto columns = classColumns(stats);
    // Classes "林地/草地" and "林地 草地" clean up to one name: the second gets _2.
    std::set<std::string> used{"fid", "geom", "zone", "zone_area_m2", "zone_area_ha", "zone_area_mu"};
    for (const auto& [layer, cls] : columns) {
        const std::string name = stats.classLayers[layer].name + "_" +
                                 (cls == analysis::kAllClasses      ? std::string("all")
                                  : cls == analysis::kNodataClass   ? std::string("nodata")
                                  : cls == analysis::kOutsideRaster ? std::string("outside_raster")
                                                                    : cls);
        const std::string base = claim(used, columnName(name, ""), {"_ha", "_pct"});
        t.columns.push_back({base + "_ha", FieldKind::Real});
        t.columns.push_back({base + "_pct", FieldKind::Real});
    }
    const auto cells = cellsByZone(stats);
    for (const auto& zone : stats.zoneLayers[zoneLayer].zones) {
        Row row;
        row.values = {zone.value, zone.areaM2, hectares(zone.areaM2), mu(zone.areaM2)};
        const auto it = cells.find({zoneLayer, zone.value});
        for (const auto& [layer, cls] : columns) {
            const StatsRow* cell = nullptr;
            if (it != cells.end() && it->second.count(layer) != 0 && it->second.at(layer).count(cls) != 0) {
                cell = it->second.at(layer).at(cls);
            }
            row.values.push_back(cell != nullptr ? FieldValue(hectares(cell->areaM2)) : FieldValue());
            row.values.push_back(cell != nullptr ? optionalReal(cell->pctOfZone()) : FieldValue());
        }
        t.rows.push_back(std::move(row));
    }
    if (zones != nullptr) *zones = stats.zoneLayers[zoneLayer].zones;
    return t;
}

Table statsZoneLayersTable(const StatsResult& stats) {
    Table t;
    t.columns = {{"zone_layer", FieldKind::String}, {"source", FieldKind::String},
                 {"field", FieldKind::String},      {"zone", FieldKind::String},
                 {"zone_area_m2", FieldKind::Real}, {"zone_area_ha", FieldKind::Real},
                 {"zone_area_mu", FieldKind::Real}, {"zones_overlap", FieldKind::Integer}};
    for (const auto& layer : stats.zoneLayers) {
        for (const auto& zone : layer.zones) {
            Row row;
            row.values = {
                layer.name,  layer.source,          layer.field,     zone.value,
                zone.areaM2, hectares(zone.areaM2), mu(zone.areaM2), std::int64_t{layer.zonesOverlap ? 1 : 0}};
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

std::vector<std::string> statsNotes(const StatsResult& stats) {
    std::vector<std::string> notes;
    const auto add = [&](std::string text) { notes.push_back(std::move(text)); };
    add(fmt::format("areas: ellipsoidal (geodesic) on the ellipsoid of {}, overlays in {}",
                    stats.context.analysisCrs ? stats.context.analysisCrs->label() : "",
                    stats.context.analysisCrs ? stats.context.analysisCrs->label() : ""));
    add("cell = area(zone ∩ union of the class); overlapping class polygons are counted once");
    for (const auto& layer : stats.classLayers) {
        if (layer.raster) {
            add(
                fmt::format("{}: raster pixels counted by their ellipsoidal area times the fraction of the pixel the "
                            "zone covers (coverage_rule fractional); features = pixels touched",
                            layer.name));
        }
    }
    for (const auto& note : stats.notes) add(note);
    return notes;
}

Table statsNotesTable(const StatsResult& stats) {
    Table t;
    t.columns = {{"note", FieldKind::String}};
    const auto add = [&](std::string text) {
        Row row;
        row.values = {std::move(text)};
        t.rows.push_back(std::move(row));
    };
    for (auto& note : statsNotes(stats)) add(std::move(note));
    for (const auto& p : stats.context.problems)
        add(fmt::format("{} FID {}: {} ({})", p.layer, p.fid, p.message, p.kind));
    return t;
}

}  // namespace redline::report::detail
