// SPDX-License-Identifier: MIT
#include "redline/analysis/polygon_index.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>

#include "plane_distance_p.hpp"
#include "redline/geom/convex_clip.hpp"
#include "redline/geom/geos_context.hpp"
#include "redline/geom/rect_clip.hpp"
#include "redline/geom/rect_walk.hpp"
#include "redline/geom/subdivide.hpp"
#include "redline/geom/union_cut.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::analysis {
namespace {

// Pieces of at most this many vertices keep window clips and GEOS's prepared tests cheap. Larger
// than PostGIS's ST_Subdivide default (256): relate and nearest work on a piece's runs of 16
// segments, whose boxes skip the far ones, so a larger piece costs little per test, while fewer
// pieces mean fewer subdivision levels, index entries and tests per subject. Measured at M
// (5 runs each): 256 → 25.6 CPU s, 512 → 24.1, 1024 → 21.6, 2048 → 21.3, 4096 → 21.4; at L
// 1024 took 14.5–16.3 s and 878 MB against 18.2–19.6 s and 1,010 MB for 256.
constexpr int kMaxPieceVertices = 1024;
// Features this small are overlaid whole; clipping them would cost more than it saves.
constexpr int kClipThresholdVertices = 64;
// Subjects this large are prepared to find the pieces they meet.
constexpr int kPrepareSubjectVertices = 2048;
// Subjects up to this size are related to pieces on flat rings (each test a pass over the
// subject's segments per piece segment near it); larger ones through GEOS's prepared pieces.
constexpr int kFlatSubjectVertices = 256;
// Subjects this large are clipped to each feature's window before the overlay.
constexpr int kClipSubjectVertices = 1024;
// Clip rectangles are the envelope grown by this share of its larger side, so clip lines stay
// clear of the subject. The smaller the margin, the fewer vertices a window holds: 1 % instead of
// 25 % cut the overlay phase by a quarter at M and L. (A 2 % margin once made a union of windows
// fail in GEOS at L; such a union is now retried on the whole features, and none fails at M or L.)
// GEOS may round an overlay's nodes differently for a differently clipped window: areas moved by
// at most 6e-5 m² at M and L, 1.2e-4 m² with the redlines checked against themselves.
constexpr double kClipMargin = 0.01;
// Subjects of this many rings (parts and holes) or more are clipped through an index of their
// rings: clipping a site of 47,000 parts to each of the 50,000 village zones it crossed was a
// pass over all its parts each, 490 CPU s before the run was stopped.
constexpr std::size_t kIndexedClipRings = 64;
// Subjects this large are overlaid with their features in parallel.
constexpr int kParallelSubjectVertices = 20000;

bool contains(const geom::Envelope& outer, const geom::Envelope& inner) {
    return outer.minX <= inner.minX && inner.maxX <= outer.maxX && outer.minY <= inner.minY && inner.maxY <= outer.maxY;
}

constexpr double kDegree = std::numbers::pi / 180.0;

std::size_t ringCount(const GEOSGeometry* g) {
    std::vector<const GEOSGeometry*> polygons;
    geom::gatherPolygons(g, polygons);
    std::size_t rings = 0;
    for (const GEOSGeometry* p : polygons)
        rings += 1 + static_cast<std::size_t>(GEOSGetNumInteriorRings_r(geom::geosHandle(), p));
    return rings;
}

// cos(⌈lat⌉°) for lat in degrees (≥ 0): at most cos(lat), from a table.
double cosineAtDegreeAbove(double lat) {
    static const std::array<double, 91> table = [] {
        std::array<double, 91> t{};
        for (std::size_t d = 0; d < t.size(); ++d) t[d] = std::max(0.0, std::cos(static_cast<double>(d) * kDegree));
        return t;
    }();
    return table[static_cast<std::size_t>(std::min(90.0, std::ceil(lat)))];
}

// How much the nearest-point plane may misorder two pairs between the subject and a piece
// (detail::PlaneSlack): lengths from a vertex H from the subject's centre are off by up to about
// tan φ·H/R (the scale is taken at the mid-latitude with the centre, not with the vertex), lengths
// d long by e²-order terms ~0.01·d/R (a degree of latitude is not the same length everywhere)
// and (d/R)². Twice each, checked by sampling 18°–53°N, sites up to 20 km, pairs up to 50 km:
// the plane's spread stayed within 0.41 of this. Without it, a site 1.2 km across, 2 km from a
// long edge at 47°N, was measured from the vertex 3 cm farther.
detail::PlaneSlack planeSlack(const detail::PlaneBoundary& subject, const geom::Envelope& piece,
                              const NearestPlane& plane) {
    const geom::Envelope& e = subject.envelope;
    const double halfDiagonal = std::hypot(e.maxX - e.minX, e.maxY - e.minY) / 2 * kDegree;
    const double lat = std::min(89.0, std::max({std::fabs(e.minY), std::fabs(e.maxY), std::fabs(piece.minY),
                                                std::fabs(piece.maxY), std::fabs(plane.lat0)}));
    return {2 * std::tan(lat * kDegree) * halfDiagonal + 1e-9, 0.02 * kDegree, 2 * kDegree * kDegree};
}

// The shortest geodesic from (x, y) to the edge (straight in the CRS), searched about the
// fraction t where the plane put it, at distance d: a parabola through three distances a
// hundredth of d apart along the edge (the distance is a hyperbola there, a parabola to a few
// 1e-9 over such spans), moved inside the edge at its ends, where the plane's foot may sit on the
// vertex while the geodesic's lies a few metres in. Never longer than d: each value is a point of
// the edge.
double footAlongEdge(double x, double y, const double* edge, double t, double d, const crs::Measure& measure) {
    // The edge's length only sets the step: a plane estimate will do.
    double dx = edge[2] - edge[0], dy = edge[3] - edge[1];
    if (measure.geographic()) {
        dx *= 111320.0 * std::cos((edge[1] + edge[3]) / 2 * kDegree);
        dy *= 110574.0;
    }
    const double length = std::hypot(dx, dy);
    if (!(length > 0) || !(d > 0)) return d;
    const auto at = [&](double f) {
        double ex = 0, ey = 0;
        measure.alongEdge(edge[0], edge[1], edge[2], edge[3], f, ex, ey);
        return measure.distance(x, y, ex, ey);
    };
    const double h = 1e-2 * d / length;
    const double t1 = 2 * h >= 1 ? 0.5 : std::clamp(t, h, 1 - h);
    const double t0 = 2 * h >= 1 ? 0.0 : t1 - h, t2 = 2 * h >= 1 ? 1.0 : t1 + h;
    const double f0 = at(t0), f1 = t1 == t ? d : at(t1), f2 = at(t2);
    double best = std::min({d, f0, f1, f2});
    if (!((f2 - f1) / (t2 - t1) > (f1 - f0) / (t1 - t0))) return best;  // not convex here
    const double denominator = (t1 - t0) * (f1 - f2) - (t1 - t2) * (f1 - f0);
    const double numerator = (t1 - t0) * (t1 - t0) * (f1 - f2) - (t1 - t2) * (t1 - t2) * (f1 - f0);
    return std::min(best, at(std::clamp(t1 - 0.5 * numerator / denominator, 0.0, 1.0)));
}
}  // namespace

void PolygonIndex::add(geom::GeomPtr polygonal, std::size_t key) {
    timing::PhaseScope timed(timing::Phase::Index);
    if (geom::isEmpty(polygonal.get())) return;
    append(subdivided(polygonal.get(), key));
}

void PolygonIndex::addAll(std::vector<std::pair<geom::GeomPtr, std::size_t>> polygonals) {
    std::vector<Subdivided> features(polygonals.size());
    const Feedback* feedback = geom::currentInterruptFeedback();
    tbb::parallel_for(std::size_t{0}, polygonals.size(), [&](std::size_t i) {
        timing::PhaseScope timed(timing::Phase::Index);
        geom::GeosInterruptScope interrupt(feedback);
        if (!geom::isEmpty(polygonals[i].first.get())) {
            features[i] = subdivided(polygonals[i].first.get(), polygonals[i].second);
            polygonals[i].first.reset();  // its rings are copied: the GEOS feature goes, on this thread
        }
    });
    timing::PhaseScope timed(timing::Phase::Index);
    for (Subdivided& feature : features) {
        if (feature.present) append(std::move(feature));
    }
}

PolygonIndex::Subdivided PolygonIndex::subdivided(const GEOSGeometry* polygonal, std::size_t key) {
    Subdivided out;
    // The pieces leave GEOS here, on the parallel stage: their rings are copied and the GEOS
    // pieces go.
    const std::vector<geom::GeomPtr> pieces = geom::subdivide(polygonal, kMaxPieceVertices);
    out.present = true;
    out.envelope = geom::envelope(polygonal);
    out.vertices = geom::numCoordinates(polygonal);
    // A Polygon small enough to be one piece is that piece (subdivide's copy of it, vertex for
    // vertex); anything else keeps its own rings.
    const bool ownRings =
        !(pieces.size() == 1 && geom::typeId(polygonal) == GEOS_POLYGON && out.vertices <= kMaxPieceVertices);
    std::size_t vertices = ownRings ? static_cast<std::size_t>(out.vertices) : 0;
    for (const auto& piece : pieces) vertices += static_cast<std::size_t>(geom::numCoordinates(piece.get()));
    out.rings.reserve(vertices, pieces.size() + 1, pieces.size() + 1);
    out.pieceEnvelopes.reserve(pieces.size());
    for (const auto& piece : pieces) {
        out.rings.add(piece.get());
        out.pieceEnvelopes.push_back(geom::envelope(piece.get()));
    }
    out.pieceCount = pieces.size();
    out.featureEntry = ownRings ? out.rings.add(polygonal) : 0;
    out.key = key;
    return out;
}

void PolygonIndex::append(Subdivided feature) {
    const std::size_t featureIndex = features_.size();
    for (std::size_t i = 0; i < feature.pieceCount; ++i) {
        pieces_.push_back({feature.pieceEnvelopes[i], featureIndex, i, feature.key});
    }
    const bool subdivided = feature.pieceCount > 1;
    features_.push_back({feature.envelope, feature.key, feature.vertices, subdivided, feature.featureEntry});
    rings_.push_back(std::move(feature.rings));
}

void PolygonIndex::finish() {
    timing::PhaseScope timed(timing::Phase::Index);
    preparedPieces_ = std::make_unique<PreparedSlot[]>(pieces_.size());
    std::vector<geom::Envelope> envelopes;
    envelopes.reserve(pieces_.size());
    for (const Piece& piece : pieces_) envelopes.push_back(piece.envelope);
    tree_.build(envelopes);
    pieceViews_.clear();
    pieceViews_.reserve(pieces_.size());
    for (const Piece& piece : pieces_) pieceViews_.push_back(rings_[piece.feature].view(piece.ring));
}

PolygonIndex::PieceRelation PolygonIndex::relatePiece(std::size_t piece, const GEOSGeometry* subject,
                                                      const geom::Envelope& subjectEnvelope, bool meets,
                                                      const geom::RingsView* subjectRings) const {
    const bool mayContain = contains(pieces_[piece].envelope, subjectEnvelope);
    if (meets && !mayContain) return PieceRelation::Crossing;
    if (subjectRings != nullptr) {
        switch (geom::relate(pieceRings(piece), *subjectRings)) {
            case geom::RingRelation::ContainsProperly:
                return PieceRelation::Inside;
            case geom::RingRelation::Intersects:
                return PieceRelation::Crossing;
            case geom::RingRelation::Disjoint:
                return PieceRelation::None;
            case geom::RingRelation::Unknown:
                break;  // within rounding of the piece's boundary: GEOS decides
        }
    }
    // One prepared piece for all threads, used under its lock: GEOS builds its indexes lazily and
    // its queries keep state, so it may not be shared unguarded; a copy per thread would cost
    // memory in proportion to the threads (most of the peak at scale L).
    PreparedSlot& slot = preparedPieces_[piece];
    std::lock_guard lock(slot.mutex);
    if (!slot.geometry) slot.geometry = sharedPieceGeometry(piece);
    if (!slot.prepared) slot.prepared = geom::prepare(slot.geometry.get());
    // Inside first: it implies meeting, and most subjects a piece's envelope holds are inside it
    // (zones), so one test answers.
    if (mayContain && geom::preparedContainsProperly(slot.prepared.get(), subject)) return PieceRelation::Inside;
    if (!meets && !geom::preparedIntersects(slot.prepared.get(), subject)) return PieceRelation::None;
    return PieceRelation::Crossing;
}

const GEOSGeometry* PolygonIndex::pieceGeometry(std::size_t piece) const {
    PreparedSlot& slot = preparedPieces_[piece];
    std::lock_guard lock(slot.mutex);
    if (!slot.geometry) slot.geometry = sharedPieceGeometry(piece);
    return slot.geometry.get();
}

geom::GeomPtr PolygonIndex::sharedPieceGeometry(std::size_t piece) const {
    geom::GeomPtr g = geom::polygonalFromRings(pieceRings(piece));
    // GEOS computes a polygon's envelope on first use and caches it in the geometry: done here,
    // under the slot's lock, so threads sharing the piece afterwards only read it.
    static_cast<void>(geom::envelope(g.get()));
    return g;
}

const GEOSPreparedGeometry* PolygonIndex::preparedFeature(std::size_t feature) const {
    auto& cache = preparedFeatures_.local();
    if (cache.size() != features_.size()) cache.resize(features_.size());
    PreparedFeature& slot = cache[feature];
    if (!slot.prepared) {
        slot.geometry = featureGeometry(feature);
        slot.prepared = geom::prepare(slot.geometry.get());
    }
    return slot.prepared.get();
}

geom::GeomPtr PolygonIndex::featureGeometry(std::size_t feature) const {
    return geom::polygonalFromRings(featureRings(feature));
}

std::vector<std::size_t> PolygonIndex::windowSources(
    const std::vector<std::pair<std::size_t, PieceRelation>>& relations, const geom::Envelope& clipRect) const {
    // Pieces tile their feature and share its cut lines with their neighbours. When only one
    // piece of a feature comes near the clip rectangle, no cut line reaches into it, so the piece
    // clipped is the feature clipped, edge for edge, for a pass over ≤ 1,024 vertices instead of
    // all of them. (A feature not subdivided is its one piece: the piece's flat rings then serve
    // clipByRectNear.)
    std::vector<std::size_t> sources(relations.size(), kWholeFeature);
    const bool anyCrossing = std::any_of(relations.begin(), relations.end(),
                                         [&](const auto& r) { return r.second == PieceRelation::Crossing; });
    if (!anyCrossing) return sources;
    constexpr std::size_t kSeveral = std::numeric_limits<std::size_t>::max() - 1;
    for (std::size_t piece : tree_.query(clipRect)) {
        const std::size_t feature = pieces_[piece].feature;
        const auto it = std::lower_bound(relations.begin(), relations.end(), feature,
                                         [](const auto& r, std::size_t f) { return r.first < f; });
        if (it == relations.end() || it->first != feature) continue;
        std::size_t& source = sources[static_cast<std::size_t>(it - relations.begin())];
        source = source == kWholeFeature ? piece : kSeveral;
    }
    for (std::size_t& source : sources) {
        if (source == kSeveral) source = kWholeFeature;
    }
    return sources;
}

std::vector<PolygonIndex::Overlap> PolygonIndex::overlaps(const GEOSGeometry* subject) const {
    timing::PhaseScope timed(timing::Phase::Overlay);
    std::vector<Overlap> result;
    if (features_.empty() || geom::isEmpty(subject)) return result;
    const geom::Envelope env = geom::envelope(subject);

    // Classify each candidate feature through its pieces: inside one piece, or crossing. A
    // large subject is prepared itself: testing it against each small piece then costs a
    // lookup in its index instead of a pass over all its vertices.
    using Relation = PieceRelation;
    std::vector<std::pair<std::size_t, Relation>> relations;  // feature index, relation
    const int subjectVertices = geom::numCoordinates(subject);
    // A subject of many parts or holes gets an index of its rings, to clip it to a feature's
    // window and to find the parts a piece meets through the parts near it alone (GEOS's
    // prepared MultiPolygon tests a point of every part against the piece on each call).
    const std::optional<geom::RingIndexedClipper> subjectRingIndex =
        subjectVertices > kClipSubjectVertices && ringCount(subject) >= kIndexedClipRings
            ? std::optional<geom::RingIndexedClipper>(subject)
            : std::nullopt;
    const bool largeSubject = subjectVertices > kPrepareSubjectVertices;
    const geom::PreparedPtr preparedSubject =
        largeSubject && !subjectRingIndex ? geom::prepare(subject) : geom::PreparedPtr();
    std::vector<geom::PreparedPtr> preparedParts;  // by polygon of the subject, made when first needed
    const auto subjectMeets = [&](std::size_t piece) {
        const GEOSGeometry* g = pieceGeometry(piece);
        if (preparedSubject) return geom::preparedIntersects(preparedSubject.get(), g);
        preparedParts.resize(subjectRingIndex->polygonCount());
        for (const std::size_t part : subjectRingIndex->polygonsNear(pieces_[piece].envelope)) {
            if (!preparedParts[part]) preparedParts[part] = geom::prepare(subjectRingIndex->polygon(part));
            if (geom::preparedIntersects(preparedParts[part].get(), g)) return true;
        }
        return false;
    };
    // Per thread, reused: nothing below spawns tasks before the last use of the view.
    thread_local geom::RingStore subjectStore;
    std::optional<geom::RingsView> subjectRings;
    if (subjectVertices <= kFlatSubjectVertices) {
        subjectStore.clear();
        subjectRings = subjectStore.view(subjectStore.add(subject));
    }
    // A feature's place in `relations`: a scan while there are few (nearly every subject), a map
    // once there are many (a site of 47,000 parts across 50,000 village zones).
    constexpr std::size_t kScannedRelations = 32;
    std::unordered_map<std::size_t, std::size_t> relationOf;
    const auto placeOf = [&](std::size_t feature) -> std::optional<std::size_t> {
        if (relations.size() <= kScannedRelations) {
            for (std::size_t i = 0; i < relations.size(); ++i)
                if (relations[i].first == feature) return i;
            return std::nullopt;
        }
        for (std::size_t i = relationOf.size(); i < relations.size(); ++i) relationOf.emplace(relations[i].first, i);
        const auto found = relationOf.find(feature);
        return found == relationOf.end() ? std::nullopt : std::optional<std::size_t>(found->second);
    };
    for (std::size_t piece : tree_.query(env)) {
        const std::size_t feature = pieces_[piece].feature;
        const std::optional<std::size_t> known = placeOf(feature);
        if (known && relations[*known].second == Relation::Inside) continue;
        const bool meets = largeSubject && subjectMeets(piece);
        if (largeSubject && !meets) continue;
        const Relation relation = relatePiece(piece, subject, env, meets, subjectRings ? &*subjectRings : nullptr);
        if (relation == Relation::None) continue;
        if (!known) {
            relations.emplace_back(feature, relation);
        } else if (relation == Relation::Inside) {
            relations[*known].second = Relation::Inside;
        }
    }
    std::sort(relations.begin(), relations.end());
    if (wholeFeatureTest_) {
        for (auto& [feature, relation] : relations) {
            if (relation != Relation::Crossing || !features_[feature].subdivided) continue;
            // On the whole feature's flat rings (a pass over its runs, no index to build per
            // thread); GEOS's prepared feature for large subjects and cases within rounding.
            const geom::RingRelation whole =
                subjectRings ? geom::relate(featureRings(feature), *subjectRings) : geom::RingRelation::Unknown;
            if (whole == geom::RingRelation::ContainsProperly ||
                (whole == geom::RingRelation::Unknown &&
                 geom::preparedContainsProperly(preparedFeature(feature), subject))) {
                relation = Relation::Inside;
            }
        }
    }

    // The clip rectangle is the subject's envelope grown by a margin, so clip lines stay clear
    // of the subject and add no vertex to any result edge.
    const double margin = std::max({env.width(), env.height(), 1e-9}) * kClipMargin;
    const geom::Envelope clipRect = env.grownBy(margin, margin);
    const std::vector<std::size_t> clipSources = windowSources(relations, clipRect);
    const bool anyCrossing =
        std::any_of(relations.begin(), relations.end(), [](const auto& r) { return r.second == Relation::Crossing; });
    // Most subjects are convex (rectangles, quadrilaterals): their cuts are walks along two rings.
    const std::optional<geom::ConvexClipper> convex =
        anyCrossing ? geom::ConvexClipper::of(subject) : std::optional<geom::ConvexClipper>();
    result.resize(relations.size());
    const auto overlapWith = [&](std::size_t i) {
        const auto& [featureIndex, relation] = relations[i];
        const Feature& feature = features_[featureIndex];
        Overlap& overlap = result[i];
        overlap.key = feature.key;
        overlap.feature = featureIndex;
        if (relation == Relation::Inside) {
            overlap.containsSubject = true;
            return;
        }
        const bool clip = feature.vertices > kClipThresholdVertices && !contains(clipRect, feature.envelope);
        if (!clip) {
            overlap.window = featureGeometry(featureIndex);
        } else {
            const geom::RingsView rings =
                clipSources[i] != kWholeFeature ? pieceRings(clipSources[i]) : featureRings(featureIndex);
            // A walk over the runs near the rectangle; GEOS where rounding could decide.
            std::optional<geom::GeomPtr> walked = geom::walkClipByRect(rings, clipRect);
            overlap.window = walked ? std::move(*walked) : geom::clipByRectNear(rings, clipRect);
        }
        geom::GeomPtr subjectPart;
        try {
            if (convex) overlap.intersection = convex->intersect(overlap.window.get());
            // Other subjects up to a moderate size: the general boundary walk, before GEOS.
            if (!overlap.intersection && subjectVertices <= kClipSubjectVertices) {
                if (auto walked = geom::cutUnion(subject, {overlap.window.get()})) {
                    overlap.intersection = std::move(walked->geometry);
                }
            }
            if (overlap.intersection) return;
            // For GEOS, a large subject reaching far beyond the feature is clipped too, to the
            // feature's envelope grown by a margin: again no clip line can touch the result.
            const double featureMargin =
                std::max({feature.envelope.width(), feature.envelope.height(), 1e-9}) * kClipMargin;
            const geom::Envelope subjectRect = feature.envelope.grownBy(featureMargin, featureMargin);
            if (subjectVertices > kClipSubjectVertices && !contains(subjectRect, env)) {
                subjectPart =
                    subjectRingIndex ? subjectRingIndex->clip(subjectRect) : geom::clipByRect(subject, subjectRect);
            }
            const GEOSGeometry* cut = subjectPart ? subjectPart.get() : subject;
            overlap.intersection = geom::polygonalPart(geom::intersection(overlap.window.get(), cut));
        } catch (const GeosError&) {
            if (!clip && !subjectPart) throw;
            // A clipped part that GEOS cannot overlay: use the whole geometries instead.
            overlap.window = featureGeometry(featureIndex);
            overlap.intersection = geom::polygonalPart(geom::intersection(overlap.window.get(), subject));
        }
    };
    // A very large subject (a river corridor) crossing several features: one overlay per
    // feature, in parallel, so it does not hold up the end of a run on one core.
    if (subjectVertices > kParallelSubjectVertices && relations.size() > 1) {
        tbb::parallel_for(std::size_t{0}, relations.size(), [&](std::size_t i) {
            geom::GeosInterruptScope interrupt(geom::currentInterruptFeedback());
            overlapWith(i);
        });
    } else {
        for (std::size_t i = 0; i < relations.size(); ++i) overlapWith(i);
    }
    return result;
}

double PolygonIndex::pieceDistanceM(std::size_t piece, const detail::PlaneBoundary& subject, const NearestPlane& plane,
                                    double boundM, const crs::Measure& measure) const {
    // Nearest points are found in a plane where lengths are locally true to one scale (see
    // NearestPlane), then measured geodesically between the same points placed on the edges
    // themselves, straight in the CRS as the overlay takes them (Measure::alongEdge). A pair farther than `boundM` in
    // the plane cannot beat the best so far and is not sought.
    // The piece's run boxes, read first by the search, are asked for while the bounds below are
    // worked out (they are mostly not in cache).
    const geom::RingsView& rings = pieceRings(piece);
    const char* const runs = reinterpret_cast<const char*>(rings.runs);
    const std::size_t runBytes = rings.runCount * sizeof(geom::RingRun);
    for (std::size_t k = 0; k < runBytes; k += 64) __builtin_prefetch(runs + k);
    detail::ClosestPair pair;
    if (std::isfinite(boundM)) {
        double metresPerUnit = measure.leastMetresPerUnit();
        if (plane.geographic) {
            // A plane degree is ≥ 110.57 km on the meridian's scale. Against a metre east and
            // one north the plane stretches by at most max(r, 1) + t: r = s(φm)/s(φ) along x
            // (the scale taken at the mid-latitude φm instead of the vertex's own), and the
            // shear t = Δλ·|ds/dφ|(φm)/2 ≤ Δλ·sin φ·(1 + 2e²)/(1 − e²)/2.
            const geom::Envelope& e = pieces_[piece].envelope;
            const double dLon = std::max(std::fabs(e.minX - plane.lon0), std::fabs(e.maxX - plane.lon0)) * kDegree;
            // (φm lies between the piece's latitudes and φ0)
            const double lat = std::min(90.0, std::max({std::fabs(e.minY), std::fabs(e.maxY), std::fabs(plane.lat0)}));
            const double t = dLon * std::sin(lat * kDegree) * (1 + 2 * plane.e2) / (1 - plane.e2) / 2;
            double r = 1;
            for (const double y : {e.minY, e.maxY}) {
                const double own = detail::meridianScaledCos(std::min(89.999, std::fabs(y)), plane.e2);
                r = std::max(r, detail::planeXScale(y, plane) / own);
            }
            metresPerUnit = 110570.0 / (r + t) * 0.999;
        }
        const double bound = boundM / metresPerUnit;
        pair.distance2 = bound * bound;
    }
    thread_local std::vector<detail::CandidatePair> candidates;
    candidates.clear();
    if (plane.geographic) {
        pair.slack = planeSlack(subject, pieces_[piece].envelope, plane);
        pair.candidates = &candidates;
    }
    detail::closestPoints(subject, rings, plane, pair);
    if (!pair.found) return std::numeric_limits<double>::infinity();
    if (pair.distance2 == 0) return 0.0;  // crossing in the plane
    // Both points onto their edges, at the fractions found in the plane.
    const auto onEdge = [&](const double* edge, double fraction, double& x, double& y) {
        if (fraction <= 0 || fraction >= 1) {
            x = edge[fraction <= 0 ? 0 : 2];
            y = edge[fraction <= 0 ? 1 : 3];
        } else {
            measure.alongEdge(edge[0], edge[1], edge[2], edge[3], fraction, x, y);
        }
    };
    // The pairs to measure: the best in the plane and those it puts nearly as close, which may be
    // closer on the ellipsoid (unless none can come below the nearest of earlier pieces: the
    // slack bounds how much nearer). A pair met twice (a vertex shared by two segments) once.
    struct Measured {
        double ax, ay, bx, by, d;
        const double* aSegment;
        double aFraction;
        const double* bSegment;
        double bFraction;
    };
    thread_local std::vector<Measured> measured;
    measured.clear();
    // The plane's error varies smoothly with the pair's ends, by at most about (2 tan φ + 0.02)/R
    // of the distance per metre they move (twice its terms in planeSlack), the far end's metres
    // counting H/d times over where the subject's half-diagonal H exceeds the distance d (the
    // error there turns with the pair's direction): a pair whose ends lie within metres of the
    // best's (the neighbouring segments of a dense boundary) is measured only if it is that close
    // in the plane too. Most candidates are such; each geodesic costs.
    constexpr double kRadius = 6371000.0;
    const double lipschitz =
        plane.geographic ? (2 * std::tan(std::min(89.0, std::fabs(plane.lat0) + 1) * kDegree) + 0.02) / kRadius : 0;
    const geom::Envelope& se = subject.envelope;  // plane units: degrees on the meridian's scale
    const double halfDiagonalM = std::hypot(se.maxX - se.minX, se.maxY - se.minY) / 2 * 110574.0;
    const auto metresApart = [&](double x1, double y1, double x2, double y2) {
        return std::hypot((x2 - x1) * 111320.0 * std::cos(y1 * kDegree), (y2 - y1) * 110574.0);
    };
    const auto add = [&](const double* aSegment, double aFraction, const double* bSegment, double bFraction,
                         double relative) {
        Measured m{0, 0, 0, 0, 0, aSegment, aFraction, bSegment, bFraction};
        onEdge(aSegment, aFraction, m.ax, m.ay);
        onEdge(bSegment, bFraction, m.bx, m.by);
        if (!measured.empty()) {
            const Measured& first = measured.front();
            const double apart =
                metresApart(first.ax, first.ay, m.ax, m.ay) +
                metresApart(first.bx, first.by, m.bx, m.by) * std::max(1.0, 2 * halfDiagonalM / first.d);
            if (relative > lipschitz * apart) return;
        }
        for (const Measured& o : measured)
            if (o.ax == m.ax && o.ay == m.ay && o.bx == m.bx && o.by == m.by) return;
        m.d = measure.distance(m.ax, m.ay, m.bx, m.by);
        measured.push_back(m);
    };
    add(pair.aSegment, pair.aFraction, pair.bSegment, pair.bFraction, 0);
    const double widen = pair.widening();
    if (measured.front().d <= boundM * widen * widen) {
        for (const detail::CandidatePair& c : candidates)
            if (c.distance2 <= pair.reach2 && c.distance2 > pair.distance2)
                add(c.aSegment, c.aFraction, c.bSegment, c.bFraction, std::sqrt(c.distance2 / pair.distance2) - 1);
    }
    double best = std::numeric_limits<double>::infinity();
    for (const Measured& m : measured) best = std::min(best, m.d);
    // From a vertex, the foot on the other edge is where the plane's perpendicular meets it; the
    // geodesic's lies a little aside (the plane's angles are off by ~d/R: 100 m at 34 km, 15 cm
    // too long). A parabola through the geodesic distances moves it there, for the pairs that may
    // then come below the nearest: the move shortens a distance by about (d/R)²·tan²φ/8 (the
    // meridians' convergence puts the foot d²·tan φ/2R aside), bounded here four times over.
    const double limit = std::min(best, boundM);
    const double tanLat = plane.geographic ? std::tan(std::min(89.0, std::fabs(plane.lat0) + 1) * kDegree) : 1.0;
    const double gain = 1e-9 + (limit / kRadius) * (limit / kRadius) * (1 + tanLat * tanLat) / 2;
    for (const Measured& m : measured) {
        if (m.d > limit * (1 + gain)) continue;
        if (m.aFraction <= 0 || m.aFraction >= 1) {
            best = std::min(best, footAlongEdge(m.ax, m.ay, m.bSegment, m.bFraction, m.d, measure));
        } else if (m.bFraction <= 0 || m.bFraction >= 1) {
            best = std::min(best, footAlongEdge(m.bx, m.by, m.aSegment, m.aFraction, m.d, measure));
        }
    }
    return best;
}

std::optional<PolygonIndex::Nearest> PolygonIndex::nearest(const GEOSGeometry* subject,
                                                           const crs::Measure& measure) const {
    if (features_.empty() || geom::isEmpty(subject)) return std::nullopt;
    timing::PhaseScope timed(timing::Phase::Nearest);
    const geom::Envelope env = geom::envelope(subject);
    const NearestPlane plane = NearestPlane::about(measure.geographic(), (env.minX + env.maxX) / 2,
                                                   measure.eccentricitySquared(), (env.minY + env.maxY) / 2);
    // Kept per thread: its buffers are reused from one search to the next.
    thread_local detail::PlaneBoundary planeSubjectStore;
    detail::PlaneBoundary& planeSubject = planeSubjectStore;
    planeSubject.assign(subject, plane);

    // A lower bound, in metres (squared: the search compares squares and takes no root), on
    // the distance from the subject to anything inside `e`. The metres per degree are the
    // smallest anywhere near (a degree of latitude is ≥ 110.57 km, of longitude ≥ 111.3 km·cos φ);
    // in a projected CRS a unit is at least Measure::leastMetresPerUnit(). Across more than 10°
    // of longitude a geodesic may bulge poleward: only latitude counts there.
    const double metresPerUnit = measure.leastMetresPerUnit();
    const double subjectLat = std::max(std::fabs(env.minY), std::fabs(env.maxY));
    const double subjectCos = std::cos(std::min(90.0, subjectLat) * kDegree);
    const bool geographic = measure.geographic();
    const auto lowerBound2 = [&](const geom::Envelope& e) {
        const double dx = std::max({0.0, e.minX - env.maxX, env.minX - e.maxX});
        const double dy = std::max({0.0, e.minY - env.maxY, env.minY - e.maxY});
        if (!geographic) return metresPerUnit * metresPerUnit * (dx * dx + dy * dy);
        if (dx > 10.0) {
            const double my = 0.99 * dy * 110000.0;
            return my * my;
        }
        // cos of the highest latitude involved; beyond the subject's, a table's at the next
        // whole degree, which is smaller (a valid bound without a cosine per envelope). Not
        // needed for an envelope level with the subject (dx = 0), most of those a search meets.
        double cosLat = subjectCos;
        if (dx > 0) {
            const double lat = std::max(std::fabs(e.minY), std::fabs(e.maxY));
            if (lat > subjectLat) cosLat = cosineAtDegreeAbove(lat);
        }
        const double mx = dx * 111000.0 * cosLat, my = dy * 110000.0;
        return 0.99 * 0.99 * (mx * mx + my * my);
    };

    // Pieces nearest-envelope first; none can be nearer than the best once their bound exceeds it.
    Nearest best{0, std::numeric_limits<double>::infinity()};
    tree_.bestFirst(lowerBound2, [&](std::size_t piece) {
        const double d = pieceDistanceM(piece, planeSubject, plane, best.distanceM, measure);
        const std::size_t key = pieces_[piece].key;
        if (d < best.distanceM || (d == best.distanceM && key < best.key)) best = {key, d};
        return best.distanceM * best.distanceM;
    });
    return best;
}

}  // namespace redline::analysis
