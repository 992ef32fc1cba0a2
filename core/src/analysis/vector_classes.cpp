// SPDX-License-Identifier: MIT
#include <tbb/parallel_for.h>

#include <algorithm>
#include <utility>

#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_context.hpp"
#include "redline/util/error.hpp"
#include "vector_classes_p.hpp"

namespace redline::analysis::detail {
namespace {

struct Component {
    std::size_t cls = 0;
    geom::GeomPtr polygon;
};

struct ComponentAreas {
    double areaM2 = 0;
    std::vector<std::vector<std::pair<std::size_t, double>>> zones;  // [zone layer] → (zone, m²)
    std::vector<double> outsideM2;                                   // [zone layer]
};

ComponentAreas measureComponent(const GEOSGeometry* polygon, const std::vector<ZoneSet>& zones,
                                const crs::Measure& measure) {
    ComponentAreas result;
    result.areaM2 = measure.area(polygon);
    for (const ZoneSet& set : zones) {
        auto& cells = result.zones.emplace_back();
        for (const auto& overlap : set.index->overlaps(polygon)) {
            const double area = overlap.containsSubject ? result.areaM2 : measure.area(overlap.intersection.get());
            if (area > 0) cells.emplace_back(overlap.key, area);
        }
        // Outside every zone: the polygon minus the union of all zones (clipped to its window);
        // a difference, not a subtraction of areas, so a small remainder keeps its precision.
        const auto all = set.all->overlaps(polygon);
        double outside = result.areaM2;
        if (!all.empty()) {
            outside =
                all.front().containsSubject
                    ? 0.0
                    : measure.area(geom::polygonalPart(geom::difference(polygon, all.front().window.get())).get());
        }
        result.outsideM2.push_back(outside);
    }
    return result;
}

// The zones a feature overlaps with a positive area: inside a zone piece, or a non-empty
// polygonal intersection with the zone clipped to the feature's window (one overlay per zone
// whose boundary it crosses; a DE-9IM relate per piece costs far more on long features).
std::vector<std::size_t> zonesWithArea(const PolygonIndex& index, const GEOSGeometry* feature) {
    std::vector<std::size_t> keys;
    for (const auto& overlap : index.overlaps(feature)) {
        if (overlap.containsSubject || geom::planarArea(overlap.intersection.get()) > 0) keys.push_back(overlap.key);
    }
    return keys;
}

}  // namespace

VectorClassCells measureVectorClasses(const VectorClassLayer& layer, const std::vector<ZoneSet>& zones,
                                      const crs::Measure& measure, tbb::task_arena& arena, Feedback& feedback) {
    const std::size_t classCount = layer.classes.size();
    const std::size_t allIndex = classCount;
    VectorClassCells cells;
    cells.classAreaM2.assign(classCount + 1, 0.0);
    cells.classFeatures.assign(classCount + 1, 0);
    for (const ZoneSet& set : zones) {
        cells.cellM2.emplace_back(set.values.size(), std::vector<double>(classCount + 1, 0.0));
        cells.features.emplace_back(set.values.size(), std::vector<std::int64_t>(classCount + 1, 0));
        cells.outsideM2.emplace_back(classCount + 1, 0.0);
    }

    // Features touching each zone with a positive area.
    std::vector<std::pair<std::size_t, const GEOSGeometry*>> features;
    for (std::size_t c = 0; c < classCount; ++c) {
        for (const auto& f : layer.features[c]) features.emplace_back(c, f.get());
        cells.classFeatures[c] = static_cast<std::int64_t>(layer.features[c].size());
        cells.classFeatures[allIndex] += cells.classFeatures[c];
    }
    feedback.setStep("counting class features by zone");
    std::vector<std::vector<std::vector<std::size_t>>> touched(features.size());
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, features.size(), [&](std::size_t i) {
            if (feedback.isCanceled()) return;
            geom::GeosInterruptScope interrupt(&feedback);
            try {
                for (const ZoneSet& set : zones) touched[i].push_back(zonesWithArea(*set.index, features[i].second));
            } catch (const Cancelled&) {
            }
        });
    });
    feedback.throwIfCanceled();
    for (std::size_t i = 0; i < features.size(); ++i) {
        for (std::size_t j = 0; j < zones.size(); ++j) {
            for (std::size_t z : touched[i][j]) {
                ++cells.features[j][z][features[i].first];
                ++cells.features[j][z][allIndex];
            }
        }
    }

    // Each class united, and all classes together, as polygons.
    feedback.setStep(layer.name + ": uniting classes");
    std::vector<Component> components;
    std::vector<const GEOSGeometry*> everything;
    for (std::size_t c = 0; c <= classCount; ++c) {
        std::vector<const GEOSGeometry*> parts;
        if (c < classCount) {
            for (const auto& f : layer.features[c]) parts.push_back(f.get());
        } else {
            parts = everything;
        }
        std::vector<geom::GeomPtr> polygons = unionComponents(parts, arena, feedback);
        const std::size_t first = components.size();
        for (auto& p : polygons) components.push_back({c, std::move(p)});
        // "All classes" unites the classes' polygons, which are fewer than their features.
        if (c < classCount) {
            for (std::size_t i = first; i < components.size(); ++i) everything.push_back(components[i].polygon.get());
        }
    }

    feedback.setStep(layer.name + ": measuring by zone");
    std::vector<ComponentAreas> measured(components.size());
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, components.size(), [&](std::size_t i) {
            if (feedback.isCanceled()) return;
            geom::GeosInterruptScope interrupt(&feedback);
            try {
                measured[i] = measureComponent(components[i].polygon.get(), zones, measure);
            } catch (const Cancelled&) {
            }
        });
    });
    feedback.throwIfCanceled();
    // Summed in component order: the same result whatever the thread count.
    for (std::size_t i = 0; i < components.size(); ++i) {
        const std::size_t c = components[i].cls;
        cells.classAreaM2[c] += measured[i].areaM2;
        for (std::size_t j = 0; j < zones.size(); ++j) {
            for (const auto& [z, area] : measured[i].zones[j]) cells.cellM2[j][z][c] += area;
            cells.outsideM2[j][c] += measured[i].outsideM2[j];
        }
    }
    return cells;
}

}  // namespace redline::analysis::detail
