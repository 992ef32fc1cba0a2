// SPDX-License-Identifier: MIT
#include "redline/analysis/subject_checker.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <optional>

#include "redline/geom/component_union.hpp"
#include "redline/geom/convex_clip.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/union_cut.hpp"
#include "redline/geom/validity.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::analysis {
namespace {

// From this many polygons (or features met) on, a subject's work is spread over every core: its
// unions are taken by components (geom::unionComponents) and its overlap areas measured in
// parallel. A county- or province-sized subject meets hundreds or thousands of mostly disjoint
// features; one cascaded union over all of them took 80 % of such a subject's 93 s.
constexpr std::size_t kManyFrom = 16;

geom::GeomPtr unite(std::vector<geom::GeomPtr> parts) {
    std::vector<const GEOSGeometry*> polygons;
    for (const auto& part : parts) geom::gatherPolygons(part.get(), polygons);
    if (polygons.size() < kManyFrom) return geom::unionAll(std::move(parts));
    return geom::collection(GEOS_MULTIPOLYGON, geom::unionComponents(polygons));
}

// The union of the features' windows; when GEOS fails on them (the clip edges of several windows
// along one rectangle can defeat its noding), the union of the whole features, which covers the
// same area around the subject.
geom::GeomPtr unionOrWhole(std::vector<geom::GeomPtr> windows, const PolygonIndex& index,
                           const std::vector<std::size_t>& whole) {
    try {
        return unite(std::move(windows));
    } catch (const GeosError&) {
        std::vector<geom::GeomPtr> features;
        for (const std::size_t f : whole) features.push_back(index.featureGeometry(f));
        return unite(std::move(features));
    }
}

// The union of an overlap's windows, taken when first asked for. The windows stay: the exclusive
// breakdown cuts the subject by the windows of several categories at once.
const GEOSGeometry* coverageOf(CategoryOverlap& overlap, const PolygonIndex& index) {
    if (!overlap.coverage) {
        std::vector<geom::GeomPtr> copies;
        copies.reserve(overlap.windows.size());
        for (const auto& w : overlap.windows) copies.push_back(geom::clone(w.get()));
        overlap.coverage = unionOrWhole(std::move(copies), index, overlap.windowFeatures);
    }
    return overlap.coverage.get();
}

// Each crossing feature's overlap area (0 for one containing the subject, whose area the caller
// has). A county- or province-sized subject meets thousands of features: measured on every core,
// each area on its own, so the same on any thread count.
std::vector<double> crossingAreas(const std::vector<PolygonIndex::Overlap>& hits, const crs::Measure& measure) {
    std::vector<double> areas(hits.size(), 0.0);
    const auto measureHit = [&](std::size_t i) {
        if (!hits[i].containsSubject) areas[i] = measure.area(hits[i].intersection.get());
    };
    if (hits.size() >= kManyFrom) {
        tbb::parallel_for(std::size_t{0}, hits.size(), measureHit);
    } else {
        for (std::size_t i = 0; i < hits.size(); ++i) measureHit(i);
    }
    return areas;
}

// The area of a cut of the subject by `cover` measured as `measured`, where the cut may be the
// whole subject. The overlay puts nodes on the subject's edges where other boundaries cross or
// follow them; they lie on the edge straight in lon/lat, not on its geodesic, so a subject covered
// by two redlines measured 743 m² (2.8e-5) short of its own area, or more than it. A covered
// subject's overlap is its own area. A cut that is not the whole subject keeps its measured area,
// as PostGIS measures the same polygon (even a hair above the subject's, when a sliver of the
// subject is left out). Only cuts within 1 % of the whole are tested: one predicate for the rare
// subject that is (nearly) inside.
// `covered()`, whether the cover holds the whole subject, is asked only then: it may need a union
// still to be taken.
template <class Covered>
double cutArea(double measured, double subjectArea, const Covered& covered) {
    constexpr double kNearlyWhole = 0.99;
    if (measured < subjectArea * kNearlyWhole) return measured;
    return covered() ? subjectArea : measured;
}

// subject ∩ g: by the walk along both boundaries when the subject is convex and the case
// clear-cut, else by GEOS's overlay.
geom::GeomPtr cutSubject(const GEOSGeometry* subject, const GEOSGeometry* g) {
    if (const auto convex = geom::ConvexClipper::of(subject)) {
        if (geom::GeomPtr cut = convex->intersect(g)) return cut;
    }
    return geom::polygonalPart(geom::intersection(subject, g));
}

// Up to this many vertices in the subject, and fewer windows than kManyFrom, subject ∩ (union of
// windows) is first tried by the boundary walk (geom::cutUnion): GEOS's union and cut of two
// windows of a few hundred vertices took ~30–150 µs, most of it noding and validating the noding.
constexpr int kWalkSubjectVertices = 4096;

// subject ∩ (union of `windows`) by the walk, and whether the union covers the subject; nullopt
// where the walk does not apply or the case is not clear-cut.
std::optional<geom::UnionCut> walkedCut(const GEOSGeometry* subject, const std::vector<const GEOSGeometry*>& windows) {
    if (windows.size() >= kManyFrom || geom::numCoordinates(subject) > kWalkSubjectVertices) return std::nullopt;
    return geom::cutUnion(subject, windows);
}

std::vector<const GEOSGeometry*> raw(const std::vector<geom::GeomPtr>& geometries) {
    std::vector<const GEOSGeometry*> out;
    out.reserve(geometries.size());
    for (const auto& g : geometries) out.push_back(g.get());
    return out;
}

}  // namespace

const char* statusName(SubjectStatus s) {
    switch (s) {
        case SubjectStatus::Clear:
            return "clear";
        case SubjectStatus::Conflict:
            return "conflict";
        case SubjectStatus::Error:
            return "error";
    }
    return "error";
}

SubjectChecker::SubjectChecker(const CheckContext& context,
                               const std::vector<std::unique_ptr<PolygonIndex>>& categories,
                               const std::vector<ZoneLayerIndex>& zones, const crs::Measure& measure)
    : context_(context), categories_(categories), zones_(zones), measure_(measure) {}

void SubjectChecker::check(geom::GeomPtr geometry, SubjectResult& result) const {
    try {
        geom::RepairResult repaired = [&] {
            timing::PhaseScope timed(timing::Phase::Validate);
            return geom::repairPolygonal(std::move(geometry));
        }();
        result.geometry = std::move(repaired.geometry);
        if (repaired.repaired) {
            result.repaired = true;
            result.notes.push_back("invalid geometry repaired (" + repaired.reason + ")");
        }
        if (geom::isEmpty(result.geometry.get()) || !geom::isPolygonal(result.geometry.get())) {
            throw InputError("the geometry has no area" + std::string(repaired.repaired ? " after repair" : ""));
        }
        result.areaM2 = measure_.area(result.geometry.get());
        if (!(result.areaM2 > 0)) throw InputError("the geometry has no area");
        checkValid(result);
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        result.status = SubjectStatus::Error;
        result.error = e.what();
        result.overlaps.clear();
        result.edgeContacts.clear();
        result.nearest.clear();
        result.zones.assign(zones_.size(), {});
        result.severity.reset();
        result.conflictAreaM2 = 0;
    }
}

void SubjectChecker::checkValid(SubjectResult& result) const {
    const GEOSGeometry* subject = result.geometry.get();
    for (std::size_t c = 0; c < categories_.size(); ++c) {
        const CategoryInfo& info = context_.categories[c];
        std::vector<PolygonIndex::Overlap> hits = categories_[c]->overlaps(subject);
        if (hits.empty()) {
            if (auto near = categories_[c]->nearest(subject, measure_)) {
                result.nearest.push_back(
                    {c, near->distanceM, near->key, info.rule.bufferM > 0 && near->distanceM <= info.rule.bufferM});
            }
            continue;
        }
        CategoryOverlap overlap;
        overlap.category = c;
        bool inside = false;
        std::vector<geom::GeomPtr>& windows = overlap.windows;
        std::vector<const GEOSGeometry*> parts;  // the crossing features' intersections
        const GEOSGeometry* single = nullptr;
        double singleArea = 0, sumOfPairs = 0;
        const std::vector<double> crossing = crossingAreas(hits, measure_);
        for (std::size_t h = 0; h < hits.size(); ++h) {
            auto& hit = hits[h];
            double pairArea = 0;
            if (hit.containsSubject) {
                inside = true;
                pairArea = result.areaM2;
            } else {
                pairArea = cutArea(crossing[h], result.areaM2, [&] { return geom::covers(hit.window.get(), subject); });
                sumOfPairs += pairArea;
                parts.push_back(hit.intersection.get());
                if (pairArea > 0 && single == nullptr) {
                    single = hit.intersection.get();
                    singleArea = pairArea;
                }
                windows.push_back(std::move(hit.window));
                overlap.windowFeatures.push_back(hit.feature);
            }
            overlap.features.push_back({hit.key, pairArea});
        }
        if (inside) {
            // Inside one feature: the union with any other is the subject itself.
            overlap.geometry = geom::clone(subject);
            overlap.areaM2 = result.areaM2;
            overlap.coversSubject = true;
            windows.clear();
        } else {
            // Subject ∩ (union of the features), as PostGIS's ST_Intersection(s, ST_Union(c)):
            // the features are unioned first, then the subject is cut once. The union itself
            // is taken only where something needs it.
            timing::PhaseScope timed(timing::Phase::Overlay);
            std::vector<geom::Envelope> envelopes;
            for (const auto& w : windows) {
                envelopes.push_back(geom::envelope(w.get()));
                overlap.windowsEnvelope =
                    envelopes.size() == 1 ? envelopes.back() : overlap.windowsEnvelope.joinedWith(envelopes.back());
            }
            const bool disjoint = windows.size() > 1 && geom::envelopesDisjoint(envelopes);
            // Windows apart: their union is just both, and so is its cut by the subject.
            if (disjoint) overlap.coverage = geom::disjointUnion(raw(windows));
            // The walk's cut of the subject, and its answer to the cover test, once tried.
            std::optional<geom::UnionCut> walked;
            bool walkTried = false;
            const auto walk = [&] {
                if (!walkTried) walked = walkedCut(subject, raw(windows));
                walkTried = true;
                return walked.has_value();
            };
            const std::size_t contributing = static_cast<std::size_t>(std::count_if(
                overlap.features.begin(), overlap.features.end(), [](const FeatureArea& f) { return f.areaM2 > 0; }));
            if (contributing == 1) {
                overlap.geometry = geom::clone(single);
                overlap.areaM2 = singleArea;
            } else if (disjoint) {
                overlap.geometry = geom::disjointUnion(parts);
                overlap.areaM2 = sumOfPairs;
            } else {
                overlap.geometry =
                    walk() ? std::move(walked->geometry) : cutSubject(subject, coverageOf(overlap, *categories_[c]));
                overlap.areaM2 = measure_.area(overlap.geometry.get());
            }
            overlap.areaM2 = cutArea(overlap.areaM2, result.areaM2, [&] {
                return walk() ? walked->coversSubject : geom::covers(coverageOf(overlap, *categories_[c]), subject);
            });
            // Covered by the union: the exclusive breakdown takes it as inside.
            if (overlap.areaM2 == result.areaM2) {
                overlap.geometry = geom::clone(subject);
                overlap.coversSubject = true;
            }
            // Too many windows for the walk, here and in the breakdown: only their union is
            // needed from here on. Kept beside it, they raised the peak of a subject the size of
            // benchmark M's extent by 77 MB.
            if (windows.size() >= kManyFrom) {
                if (!overlap.coverage && !overlap.coversSubject) {
                    overlap.coverage = unionOrWhole(std::move(windows), *categories_[c], overlap.windowFeatures);
                }
                windows.clear();
            }
        }
        // The minimum keeps slivers along a boundary out; a subject wholly inside (a 0.8 m² pylon
        // base in a core zone) is no sliver, whatever its size. "Wholly" allows the noise of a
        // geodesic area that small (about 1e-5 m² at 1 m²; a pylon on an edge, given in
        // Gauss–Krüger, measured 5e-10 m² short).
        const bool whole = overlap.areaM2 >= result.areaM2 - std::max(1e-9 * result.areaM2, 1e-4);
        if (overlap.areaM2 > 0 && (overlap.areaM2 >= info.minAreaM2 || whole)) {
            result.overlaps.push_back(std::move(overlap));
        } else {
            const std::size_t touching = overlap.features.front().feature;
            result.nearest.push_back({c, 0.0, touching, info.rule.bufferM > 0});
            result.edgeContacts.push_back(std::move(overlap));
        }
    }

    breakDownExclusively(result);
    attributeZones(result);

    result.status = SubjectStatus::Clear;
    const auto consider = [&](std::size_t category) {
        const Severity s = context_.categories[category].rule.severity;
        if (!isConflictSeverity(s)) return;
        result.status = SubjectStatus::Conflict;
        if (!result.severity || *result.severity < s) result.severity = s;
    };
    for (const auto& o : result.overlaps) consider(o.category);
    for (const auto& n : result.nearest) {
        if (!n.withinBuffer) continue;
        consider(n.category);
        // Said in the notes too: subjects.csv and the GeoPackage otherwise show such a conflict
        // with every area 0 and no reason.
        const CategoryInfo& info = context_.categories[n.category];
        if (isConflictSeverity(info.rule.severity)) {
            result.notes.push_back(fmt::format("within {:.1f} m of {}, inside its {:g} m buffer", n.distanceM,
                                               info.name, info.rule.bufferM));
        }
    }
}

void SubjectChecker::breakDownExclusively(SubjectResult& result) const {
    // Walk categories from the highest priority. A_k, the area of subject ∩ (union of the
    // features of the first k categories), grows with k; category k's exclusive part is
    // A_k − A_{k−1}. The parts telescope to the area of subject ∩ (union of all conflicting
    // categories), and are cut from the constraint features themselves: overlays between the
    // per-category results would meet their shared subject edges only up to rounding. Nor is a
    // part taken as area((S ∩ C_k) − earlier features), which would skip a union: geodesic areas
    // do not add up across a split edge (the overlay's node lies on the straight lon/lat edge,
    // off its geodesic), and the parts then missed the union's area by 2e-5 at M (tried).
    const GEOSGeometry* subject = result.geometry.get();
    std::vector<const GEOSGeometry*> coveredWindows;  // the windows of the categories so far
    bool walkable = true;                             // none of them has given its windows up
    geom::Envelope coveredEnvelope;
    std::vector<CategoryOverlap*> coveredOverlaps;
    geom::GeomPtr covered;       // union of the coverages so far, once a step needed it
    bool coversSubject = false;  // some category so far contains the whole subject
    double previous = 0;
    // The union of the coverages so far, as GEOS takes it, for the steps the walk does not take.
    const auto unionSoFar = [&]() -> const GEOSGeometry* {
        if (!covered) {
            std::vector<geom::GeomPtr> coverages;
            for (CategoryOverlap* o : coveredOverlaps)
                coverages.push_back(geom::clone(coverageOf(*o, *categories_[o->category])));
            covered = unite(std::move(coverages));
        }
        return covered.get();
    };
    for (std::size_t category : context_.priorityOrder) {
        auto it = std::find_if(result.overlaps.begin(), result.overlaps.end(),
                               [&](const CategoryOverlap& o) { return o.category == category; });
        if (it == result.overlaps.end() || !isConflictSeverity(context_.categories[category].rule.severity)) continue;
        double cumulative = previous;
        const geom::Envelope& envelope = it->windowsEnvelope;
        const bool first = coveredOverlaps.empty();
        const bool apart = !first && !coveredEnvelope.intersects(envelope);
        if (!coversSubject && !it->coversSubject) {
            coveredOverlaps.push_back(&*it);
            covered.reset();
            for (const auto& w : it->windows) coveredWindows.push_back(w.get());
            if (it->windows.empty()) walkable = false;
            coveredEnvelope = first ? envelope : coveredEnvelope.joinedWith(envelope);
        }
        if (coversSubject) {
            cumulative = result.areaM2;
        } else if (it->coversSubject) {
            coversSubject = true;
            cumulative = result.areaM2;
        } else if (first) {
            cumulative = it->areaM2;
        } else if (apart) {
            // Apart from everything before: its part adds as it is.
            cumulative = previous + it->areaM2;
        } else {
            timing::PhaseScope timed(timing::Phase::Overlay);
            std::optional<geom::UnionCut> walked =
                walkable ? walkedCut(subject, coveredWindows) : std::optional<geom::UnionCut>();
            const geom::GeomPtr cut = walked ? std::move(walked->geometry) : cutSubject(subject, unionSoFar());
            cumulative = cutArea(measure_.area(cut.get()), result.areaM2,
                                 [&] { return walked ? walked->coversSubject : geom::covers(unionSoFar(), subject); });
            coversSubject = cumulative == result.areaM2;
        }
        const double part = std::max(0.0, cumulative - previous);
        it->exclusiveM2 = part;
        result.conflictAreaM2 += part;
        previous += part;
    }
    for (auto* list : {&result.overlaps, &result.edgeContacts}) {
        for (auto& o : *list) {
            o.coverage.reset();
            o.windows.clear();
            o.windowFeatures.clear();
        }
    }
}

void SubjectChecker::attributeZones(SubjectResult& result) const {
    result.zones.assign(zones_.size(), {});
    for (std::size_t z = 0; z < zones_.size(); ++z) {
        std::map<std::string, double> areaByValue;
        for (auto& hit : zones_[z].index->overlaps(result.geometry.get())) {
            const double area = hit.containsSubject ? result.areaM2 : measure_.area(hit.intersection.get());
            areaByValue[zones_[z].values[hit.key]] += area;
        }
        // Largest overlap wins; on a tie the first value in sort order, so results never depend
        // on reading or thread order. Areas closer than 1e-6 of the subject's (the exactness areas
        // are promised to) are a tie: a site split in half went to either county as the input was
        // lon/lat or Gauss–Krüger (18,061,804.359 against 18,061,804.407 m²).
        const double tie = 1e-6 * result.areaM2;
        const std::string* best = nullptr;
        double bestArea = 0;
        for (const auto& [value, area] : areaByValue) {
            if (area > bestArea + tie || (best == nullptr && area > 0)) {
                best = &value;
                bestArea = area;
            }
        }
        if (best != nullptr) result.zones[z] = {*best, std::min(1.0, bestArea / result.areaM2)};
    }
}

std::vector<ZoneConflictPart> SubjectChecker::splitByZone(const SubjectResult& result, std::size_t zoneLayer) const {
    if (zoneLayer >= zones_.size() || !result.geometry) return {};
    const std::size_t n = result.overlaps.size();
    // The counted overlaps, highest priority first.
    std::vector<std::size_t> counting;
    bool geometries = true;
    for (std::size_t category : context_.priorityOrder) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto& o = result.overlaps[i];
            if (o.category != category || !o.exclusiveM2 || !(*o.exclusiveM2 > 0)) continue;
            counting.push_back(i);
            geometries = geometries && o.geometry != nullptr;
        }
    }
    const auto whole = [&](std::optional<std::string> zone) {
        ZoneConflictPart part{std::move(zone), std::vector<double>(n, 0.0)};
        for (std::size_t i : counting) part.exclusiveM2[i] = *result.overlaps[i].exclusiveM2;
        return std::vector<ZoneConflictPart>{std::move(part)};
    };
    const std::optional<std::string>& largest =
        zoneLayer < result.zones.size() ? result.zones[zoneLayer].value : std::nullopt;
    if (counting.empty() || !geometries) return whole(largest);

    const GEOSGeometry* subject = result.geometry.get();
    std::map<std::string, std::vector<geom::GeomPtr>> pieces;  // zone value → subject ∩ its features
    for (auto& hit : zones_[zoneLayer].index->overlaps(subject)) {
        const std::string& value = zones_[zoneLayer].values[hit.key];
        if (hit.containsSubject) return whole(value);
        pieces[value].push_back(std::move(hit.intersection));
    }
    if (pieces.empty()) return whole(std::nullopt);
    try {
        // Regions: each zone's part of the subject, then the part outside every zone.
        std::vector<ZoneConflictPart> parts;
        std::vector<geom::GeomPtr> regions;
        std::vector<geom::GeomPtr> zonesUnion;
        for (auto& [value, features] : pieces) {
            geom::GeomPtr region = features.size() == 1 ? std::move(features.front()) : unite(std::move(features));
            zonesUnion.push_back(geom::clone(region.get()));
            regions.push_back(std::move(region));
            parts.push_back({value, std::vector<double>(n, 0.0)});
        }
        regions.push_back(geom::polygonalPart(geom::difference(subject, unite(std::move(zonesUnion)).get())));
        parts.push_back({std::nullopt, std::vector<double>(n, 0.0)});
        // As the exclusive breakdown: with U_k the union of the first k counted overlaps, the part
        // of overlap k in region R is area(R ∩ U_k) − area(R ∩ U_{k−1}).
        geom::GeomPtr covered;
        std::vector<double> previous(regions.size(), 0.0);
        for (std::size_t i : counting) {
            std::vector<geom::GeomPtr> both;
            if (covered) both.push_back(std::move(covered));
            both.push_back(geom::clone(result.overlaps[i].geometry.get()));
            covered = both.size() == 1 ? std::move(both.front()) : unite(std::move(both));
            for (std::size_t r = 0; r < regions.size(); ++r) {
                if (geom::isEmpty(regions[r].get())) continue;
                const double area = measure_.area(geom::intersection(regions[r].get(), covered.get()).get());
                parts[r].exclusiveM2[i] = std::max(0.0, area - previous[r]);
                previous[r] = std::max(previous[r], area);
            }
        }
        // A region whose conflict is below the minimum overlap is a sliver of the cuts (a zone
        // boundary a hair off the subject's edge), not a conflict in that zone: dropped.
        std::vector<ZoneConflictPart> kept;
        for (auto& part : parts) {
            double sum = 0;
            for (double a : part.exclusiveM2) sum += a;
            if (sum >= context_.minAreaM2 && sum > 0) kept.push_back(std::move(part));
        }
        if (kept.empty()) return whole(largest);
        // The pieces of an overlap miss its exclusive area by the ~1e-5 slivers of cut edges (a
        // node on an edge lies on it straight in the analysis CRS, not on its geodesic): scaled to
        // it, so the zones add up to the subject's conflict area as the other tables give it.
        for (std::size_t i : counting) {
            double sum = 0;
            for (const auto& part : kept) sum += part.exclusiveM2[i];
            for (auto& part : kept) {
                part.exclusiveM2[i] = sum > 0 ? part.exclusiveM2[i] * (*result.overlaps[i].exclusiveM2 / sum)
                                              : (&part == &kept.front() ? *result.overlaps[i].exclusiveM2 : 0.0);
            }
        }
        return kept;
    } catch (const GeosError&) {
        return whole(largest);  // an overlay GEOS cannot do: the subject's conflict in its largest zone
    }
}

}  // namespace redline::analysis
