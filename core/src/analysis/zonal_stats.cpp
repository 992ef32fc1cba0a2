// SPDX-License-Identifier: MIT
#include "redline/analysis/zonal_stats.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <thread>
#include <unordered_map>

#include "layer_loader_p.hpp"
#include "raster_classes_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_context.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "redline/util/worker_threads.hpp"
#include "stats_zones_p.hpp"
#include "vector_classes_p.hpp"

namespace redline::analysis {
using namespace detail;

const char* statsRowTypeName(StatsRowType t) {
    switch (t) {
        case StatsRowType::Cell:
            return "cell";
        case StatsRowType::ZoneTotal:
            return "zone_total";
        case StatsRowType::Outside:
            return "outside";
        case StatsRowType::ClassTotal:
            return "class_total";
    }
    return "cell";
}

std::optional<double> StatsRow::pctOfZone() const {
    if (!zoneAreaM2 || *zoneAreaM2 <= 0) return std::nullopt;
    return percentOf(areaM2, *zoneAreaM2);
}

std::optional<double> StatsRow::pctOfClass() const {
    if (!classAreaM2 || *classAreaM2 <= 0) return std::nullopt;
    return percentOf(areaM2, *classAreaM2);
}

namespace {

crs::Crs statsAnalysisCrs(const Project& project, const StatsSpec& stats) {
    if (!project.analysisCrs.empty()) return statedAnalysisCrs(project);
    // The first zone layer's datum decides, as the subjects do for the conflict check.
    const LayerSpec& first = stats.zones.front();
    const io::VectorSource source = openSource(first);
    requireGeoreferenced(source, first.jsonPath);
    return defaultAnalysisCrs(*source.crs(), first.datumTransform);
}

// Reads the class layers' features, grouped by layer name and class.
std::vector<VectorClassLayer> loadClassLayers(const std::vector<LayerSpec>& specs, const crs::Crs& analysisCrs,
                                              CheckContext& context, tbb::task_arena& arena, Feedback& feedback) {
    std::vector<VectorClassLayer> layers;
    std::vector<std::map<std::string, std::vector<geom::GeomPtr>>> byClass;
    for (const LayerSpec& spec : specs) {
        feedback.setStep(fmt::format("reading classes {}", spec.source.label()));
        OpenedLayer layer = openLayer(spec, "classes", analysisCrs, context);
        const std::string label = layer.source->label();
        layer.options.categoryField =
            optionalField(*layer.source, spec.categoryField, "class field",
                          spec.jsonPath.empty() ? "--class-field" : spec.jsonPath + ".class_field");
        layer.options.fixedCategory = io::trimmedKey(spec.category);  // as categories read from data are
        const std::string name = spec.className.empty() ? layer.source->layerName() : spec.className;
        auto it = std::find_if(layers.begin(), layers.end(), [&](const auto& l) { return l.name == name; });
        if (it == layers.end()) {
            layers.push_back({name, {}, spec.categoryField, {}, {}});
            byClass.emplace_back();
            it = std::prev(layers.end());
        }
        auto& classes = byClass[static_cast<std::size_t>(it - layers.begin())];
        it->sources.push_back(label);
        if (it->field != spec.categoryField) it->field.clear();  // mixed: no single field to name
        for (LoadedFeature& f : readAll(layer, analysisCrs, arena, feedback)) {
            if (f.categoryMissing) f.error = "the class field is empty; the feature is not used";
            recordProblems(f, label, context);
            if (!f.error.empty() || !f.geometry) continue;
            classes[f.category].push_back(std::move(f.geometry));
        }
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (byClass[i].empty()) {
            throw InputError(fmt::format("class layer \"{}\" ({}) has no usable polygon", layers[i].name,
                                         fmt::join(layers[i].sources, ", ")));
        }
        for (auto& [cls, features] : byClass[i]) {
            layers[i].classes.push_back(cls);
            layers[i].features.push_back(std::move(features));
        }
    }
    return layers;
}

void addVectorRows(StatsResult& result, std::size_t classLayer, const VectorClassLayer& layer,
                   const VectorClassCells& cells, const std::vector<ZoneSet>& zones) {
    const std::size_t allIndex = layer.classes.size();
    const auto className = [&](std::size_t c) { return c == allIndex ? std::string(kAllClasses) : layer.classes[c]; };
    for (std::size_t j = 0; j < zones.size(); ++j) {
        const ZoneSet& set = zones[j];
        for (std::size_t z = 0; z < set.values.size(); ++z) {
            for (std::size_t c = 0; c <= allIndex; ++c) {
                StatsRow row;
                row.zoneLayer = j;
                row.classLayer = classLayer;
                row.zone = set.values[z];
                row.cls = className(c);
                row.type = c == allIndex ? StatsRowType::ZoneTotal : StatsRowType::Cell;
                row.areaM2 = cells.cellM2[j][z][c];
                row.zoneAreaM2 = set.areasM2[z];
                row.classAreaM2 = cells.classAreaM2[c];
                row.features = cells.features[j][z][c];
                result.rows.push_back(std::move(row));
            }
        }
        for (std::size_t c = 0; c <= allIndex; ++c) {
            StatsRow row;
            row.zoneLayer = j;
            row.classLayer = classLayer;
            row.zone = kOutsideZones;
            row.cls = className(c);
            row.type = StatsRowType::Outside;
            row.areaM2 = cells.outsideM2[j][c];
            row.classAreaM2 = cells.classAreaM2[c];
            result.rows.push_back(std::move(row));
        }
        for (std::size_t c = 0; c <= allIndex; ++c) {
            StatsRow row;
            row.zoneLayer = j;
            row.classLayer = classLayer;
            row.zone = kAllZones;
            row.cls = className(c);
            row.type = StatsRowType::ClassTotal;
            row.areaM2 = cells.classAreaM2[c];
            row.classAreaM2 = cells.classAreaM2[c];
            row.features = cells.classFeatures[c];
            result.rows.push_back(std::move(row));
        }
    }
}

void addRasterRows(StatsResult& result, std::size_t classLayer, const RasterClasses& raster,
                   const std::vector<ZoneSet>& zones, tbb::task_arena& arena, Feedback& feedback) {
    StatsClassLayer& info = result.classLayers[classLayer];
    // Tally every zone of every zone layer (in parallel), then name the values.
    std::vector<std::pair<std::size_t, std::size_t>> jobs;
    for (std::size_t j = 0; j < zones.size(); ++j) {
        for (std::size_t z = 0; z < zones[j].values.size(); ++z) jobs.emplace_back(j, z);
    }
    feedback.setStep(fmt::format("{}: tallying pixels by zone", info.name));
    std::vector<RasterTally> tallies(jobs.size());
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t i) {
            if (feedback.isCanceled()) return;
            geom::GeosInterruptScope interrupt(&feedback);
            try {
                tallies[i] = raster.tally(zones[jobs[i].first].geometries[jobs[i].second].get(), feedback);
            } catch (const Cancelled&) {
            }
        });
    });
    feedback.throwIfCanceled();

    // Classes: the table's names in its order, values that share a name (10 and 20 both 水体)
    // counted together as one class; without a table, the values found, in numeric order.
    std::vector<std::vector<std::int64_t>> classValues;  // per class
    if (raster.table()) {
        std::unordered_map<std::string, std::size_t> classOfName;
        for (const auto& e : raster.table()->entries()) {
            const auto [at, added] = classOfName.try_emplace(e.name, info.classes.size());
            if (added) {
                info.classes.push_back(e.name);
                classValues.emplace_back();
            }
            classValues[at->second].push_back(e.value);
        }
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            for (const auto& [value, t] : tallies[i].values) {
                if (raster.table()->indexOf(value) < 0) {
                    const ZoneSet& set = zones[jobs[i].first];
                    throw InputError(fmt::format(
                        "{}: pixel value {} (row {}, column {}, in {} \"{}\") is not in the class table {}; add it "
                        "to the table or set it as nodata",
                        raster.label(), value, t.row, t.col, set.name, set.values[jobs[i].second],
                        raster.table()->source()));
                }
            }
        }
    } else {
        std::map<std::int64_t, bool> seen;
        for (const auto& t : tallies) {
            for (const auto& entry : t.values) seen[entry.first] = true;
        }
        for (const auto& entry : seen) {
            classValues.push_back({entry.first});
            info.classes.push_back(std::to_string(entry.first));
        }
    }

    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const auto [j, z] = jobs[i];
        const ZoneSet& set = zones[j];
        const RasterTally& t = tallies[i];
        const auto add = [&](const std::string& cls, StatsRowType type, double area, std::int64_t pixels) {
            StatsRow row;
            row.zoneLayer = j;
            row.classLayer = classLayer;
            row.zone = set.values[z];
            row.cls = cls;
            row.type = type;
            row.areaM2 = area;
            row.zoneAreaM2 = set.areasM2[z];
            row.features = pixels;
            result.rows.push_back(std::move(row));
        };
        double dataArea = 0;
        std::int64_t dataPixels = 0;
        for (std::size_t c = 0; c < classValues.size(); ++c) {
            double area = 0;
            std::int64_t pixels = 0;
            for (const std::int64_t value : classValues[c]) {
                const auto it = t.values.find(value);
                if (it == t.values.end()) continue;
                area += it->second.areaM2;
                pixels += it->second.pixels;
            }
            add(info.classes[c], StatsRowType::Cell, area, pixels);
            dataArea += area;
            dataPixels += pixels;
        }
        add(kNodataClass, StatsRowType::Cell, t.nodataM2, t.nodataPixels);
        add(kOutsideRaster, StatsRowType::Cell, t.outsideM2, 0);
        add(kAllClasses, StatsRowType::ZoneTotal, dataArea, dataPixels);
    }
}

}  // namespace

StatsResult computeZonalStats(const Project& project, Feedback& feedback) {
    const StatsSpec stats = resolvedStats(project);
    StatsResult result;
    CheckContext& ctx = result.context;
    ctx.projectName = project.name;
    ctx.minAreaM2 = project.minAreaM2;
    ctx.threads = requestedThreads(project.threads);
    const auto arenaOwner = makeWorkerArena(ctx.threads);
    tbb::task_arena& arena = *arenaOwner;

    feedback.setStep("opening inputs");
    // Shown at once: zone layers of large counties take seconds to read and unite, and the bar
    // stayed away until they were done.
    feedback.setProgress(0);
    ctx.analysisCrs = statsAnalysisCrs(project, stats);
    const crs::Crs& analysisCrs = *ctx.analysisCrs;
    const crs::Measure measure(analysisCrs);

    std::vector<ZoneSet> zones;
    for (const LayerSpec& spec : stats.zones) {
        feedback.setStep(fmt::format("reading zones {}", spec.source.label()));
        zones.push_back(loadZoneSet(spec, analysisCrs, measure, project.minAreaM2, ctx, arena, feedback));
        for (std::size_t j = 0; j + 1 < zones.size(); ++j) {
            if (zones[j].name == zones.back().name) {
                throw ProjectFileError(
                    fmt::format("two zone layers are both named \"{}\"; give each its own name (--zone-name, or "
                                "\"name\" in the project)",
                                zones.back().name));
            }
        }
        ctx.zoneLayers.push_back(zones.back().name);
        feedback.setProgress(20.0 * static_cast<double>(zones.size()) / static_cast<double>(stats.zones.size()));
    }
    feedback.setProgress(20);
    std::vector<VectorClassLayer> classLayers = loadClassLayers(stats.classes, analysisCrs, ctx, arena, feedback);
    std::vector<std::unique_ptr<RasterClasses>> rasters;
    for (const RasterSpec& spec : stats.rasters) {
        if (std::any_of(classLayers.begin(), classLayers.end(), [&](const auto& l) { return l.name == spec.name; })) {
            throw ProjectFileError(fmt::format("{}: the class layer name \"{}\" is used twice",
                                               spec.jsonPath.empty() ? "--raster-name" : spec.jsonPath + ".name",
                                               spec.name));
        }
        rasters.push_back(std::make_unique<RasterClasses>(spec, analysisCrs, measure, ctx));
    }
    feedback.setProgress(40);

    for (const ZoneSet& set : zones) {
        StatsZoneLayer info;
        info.name = set.name;
        info.source = set.label;
        info.field = set.field;
        info.zonesOverlap = set.overlap;
        info.overlapAreaM2 = set.overlapAreaM2;
        for (std::size_t z = 0; z < set.values.size(); ++z) {
            info.zones.push_back({set.values[z], set.areasM2[z], geom::toWkb(set.geometries[z].get())});
        }
        if (set.overlap) {
            result.notes.push_back(fmt::format(
                "zones of \"{}\" overlap each other ({:.1f} m² lie in more than one zone): each zone is reported in "
                "full, so a class's areas summed over these zones exceed its area inside them",
                set.name, set.overlapAreaM2));
        }
        result.zoneLayers.push_back(std::move(info));
    }

    const double perLayer = 60.0 / static_cast<double>(classLayers.size() + rasters.size());
    double done = 40;
    for (const VectorClassLayer& layer : classLayers) {
        const std::size_t index = result.classLayers.size();
        StatsClassLayer info;
        info.name = layer.name;
        info.sources = layer.sources;
        info.field = layer.field;
        info.classes = layer.classes;
        info.coverageRule = "exact";
        result.classLayers.push_back(std::move(info));
        SubFeedback sub(feedback, done, done + perLayer);
        const VectorClassCells cells = measureVectorClasses(layer, zones, measure, arena, sub);
        result.classLayers[index].classAreaM2.assign(cells.classAreaM2.begin(), cells.classAreaM2.end() - 1);
        result.classLayers[index].features.assign(cells.classFeatures.begin(), cells.classFeatures.end() - 1);
        addVectorRows(result, index, layer, cells, zones);
        done += perLayer;
        feedback.setProgress(done);
    }
    for (std::size_t r = 0; r < rasters.size(); ++r) {
        const std::size_t index = result.classLayers.size();
        StatsClassLayer info;
        info.name = stats.rasters[r].name;
        info.sources = {rasters[r]->label()};
        info.raster = true;
        info.coverageRule = "fractional";
        result.classLayers.push_back(std::move(info));
        SubFeedback sub(feedback, done, done + perLayer);
        addRasterRows(result, index, *rasters[r], zones, arena, sub);
        done += perLayer;
        feedback.setProgress(done);
    }

    // Rows grouped by zone layer, then class layer (each block already in zone and class order).
    std::stable_sort(result.rows.begin(), result.rows.end(), [](const StatsRow& a, const StatsRow& b) {
        return std::tie(a.zoneLayer, a.classLayer) < std::tie(b.zoneLayer, b.classLayer);
    });
    feedback.setProgress(100);
    return result;
}

}  // namespace redline::analysis
