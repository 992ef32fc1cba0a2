// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <map>
#include <numeric>

#include "layer_loader_p.hpp"
#include "redline/geom/component_union.hpp"
#include "redline/geom/geos_context.hpp"
#include "redline/util/error.hpp"
#include "stats_zones_p.hpp"

namespace redline::analysis::detail {
namespace {
// Unions are chunked so both cores work; GEOS's cascaded union does the rest in each chunk.
constexpr std::size_t kUnionChunk = 512;
}  // namespace

geom::GeomPtr parallelUnion(std::vector<geom::GeomPtr> parts, tbb::task_arena& arena, Feedback& feedback) {
    feedback.throwIfCanceled();
    if (parts.size() <= kUnionChunk) {
        // Uniting 16 basins of 50,000 vertices takes seconds: Ctrl-C is heard inside GEOS.
        geom::GeosInterruptScope interrupt(&feedback);
        return geom::polygonalPart(geom::unionAll(std::move(parts)));
    }
    const std::size_t chunks = (parts.size() + kUnionChunk - 1) / kUnionChunk;
    std::vector<geom::GeomPtr> partial(chunks);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
            if (feedback.isCanceled()) return;
            geom::GeosInterruptScope interrupt(&feedback);
            std::vector<geom::GeomPtr> chunk;
            for (std::size_t i = c * kUnionChunk; i < std::min(parts.size(), (c + 1) * kUnionChunk); ++i) {
                chunk.push_back(std::move(parts[i]));
            }
            try {
                partial[c] = geom::unionAll(std::move(chunk));
            } catch (const Cancelled&) {
            }
        });
    });
    return parallelUnion(std::move(partial), arena, feedback);
}

std::vector<geom::GeomPtr> unionComponents(const std::vector<const GEOSGeometry*>& parts, tbb::task_arena& arena,
                                           Feedback& feedback) {
    feedback.throwIfCanceled();
    std::vector<geom::GeomPtr> components;
    arena.execute([&] {
        geom::GeosInterruptScope interrupt(&feedback);
        components = geom::unionComponents(parts);
    });
    return components;
}

ZoneSet loadZoneSet(const LayerSpec& spec, const crs::Crs& analysisCrs, const crs::Measure& measure, double minAreaM2,
                    CheckContext& context, tbb::task_arena& arena, Feedback& feedback) {
    OpenedLayer layer = openLayer(spec, "zones", analysisCrs, context);
    const std::string where = spec.jsonPath.empty() ? "--zone-field" : spec.jsonPath + ".field";
    layer.options.categoryField = layer.source->requireField(spec.zoneField, "zone field", where);
    ZoneSet set;
    set.name = spec.zoneName.empty() ? spec.zoneField : spec.zoneName;
    set.label = layer.source->label();
    set.field = spec.zoneField;

    std::map<std::string, std::vector<geom::GeomPtr>> byValue;
    for (LoadedFeature& f : readAll(layer, analysisCrs, arena, feedback)) {
        if (f.categoryMissing) f.error = "the zone field is empty; the feature is not used";
        recordProblems(f, set.label, context);
        if (!f.error.empty() || !f.geometry) continue;
        byValue[f.category].push_back(std::move(f.geometry));
    }
    if (byValue.empty()) {
        throw InputError(fmt::format("{}: the zone layer has no usable polygon{}", set.label,
                                     layer.source->featureCount() == 0 ? " (it is empty)" : ""));
    }
    {
        geom::GeosInterruptScope interrupt(&feedback);
        for (auto& [value, parts] : byValue) {
            set.values.push_back(value);
            set.geometries.push_back(parts.size() == 1 ? std::move(parts.front()) : geom::unionAll(std::move(parts)));
        }
    }
    set.areasM2.resize(set.values.size());
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, set.values.size(),
                          [&](std::size_t i) { set.areasM2[i] = measure.area(set.geometries[i].get()); });
    });
    feedback.throwIfCanceled();

    set.index = std::make_unique<PolygonIndex>(true);
    std::vector<geom::GeomPtr> copies;
    for (std::size_t i = 0; i < set.geometries.size(); ++i) {
        set.index->add(geom::clone(set.geometries[i].get()), i);
        copies.push_back(geom::clone(set.geometries[i].get()));
    }
    arena.execute([&] { set.index->finish(); });
    geom::GeomPtr all = parallelUnion(std::move(copies), arena, feedback);
    // Zones overlap when their areas add up to more than their union's: report that area.
    const double sum = std::accumulate(set.areasM2.begin(), set.areasM2.end(), 0.0);
    const double unionArea = measure.area(all.get());
    set.overlapAreaM2 = std::max(0.0, sum - unionArea);
    set.overlap = set.overlapAreaM2 > std::max(minAreaM2, 1e-9 * sum);
    if (!set.overlap) set.overlapAreaM2 = 0;
    set.all = std::make_unique<PolygonIndex>(true);
    set.all->add(std::move(all), 0);
    arena.execute([&] { set.all->finish(); });
    return set;
}

}  // namespace redline::analysis::detail
