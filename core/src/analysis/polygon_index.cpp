// SPDX-License-Identifier: MIT
#include "redline/analysis/polygon_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "redline/geom/subdivide.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis {
namespace {

// Pieces of at most this many vertices keep prepared tests and clipping cheap (PostGIS's
// ST_Subdivide default is 256).
constexpr int kMaxPieceVertices = 256;
// Features this small are overlaid whole; clipping them would cost more than it saves.
constexpr int kClipThresholdVertices = 64;

int scaleX(double* x, double* /*y*/, void* userdata) {
    *x *= *static_cast<const double*>(userdata);
    return 1;
}

geom::GeomPtr scaledCopy(const GEOSGeometry* g, double xScale) {
    GEOSGeometry* out = GEOSGeom_transformXY_r(geom::geosHandle(), g, &scaleX, &xScale);
    if (out == nullptr) geom::throwGeosError("scaling a geometry");
    return geom::GeomPtr(out);
}

}  // namespace

void PolygonIndex::add(geom::GeomPtr polygonal, std::size_t key) {
    if (geom::isEmpty(polygonal.get())) return;
    const geom::Envelope env = geom::envelope(polygonal.get());
    const std::size_t featureIndex = features_.size();
    for (auto& piece : geom::subdivide(polygonal.get(), kMaxPieceVertices)) {
        const geom::Envelope pieceEnvelope = geom::envelope(piece.get());
        pieces_.push_back({std::move(piece), pieceEnvelope, featureIndex});
    }
    if (features_.empty()) {
        extent_ = env;
    } else {
        extent_ = {std::min(extent_.minX, env.minX), std::min(extent_.minY, env.minY), std::max(extent_.maxX, env.maxX),
                   std::max(extent_.maxY, env.maxY)};
    }
    const int vertices = geom::numCoordinates(polygonal.get());
    features_.push_back({std::move(polygonal), env, key, vertices});
}

void PolygonIndex::finish() {
    for (std::size_t i = 0; i < pieces_.size(); ++i) tree_.insert(pieces_[i].geometry.get(), i);
    tree_.finish();
}

const GEOSPreparedGeometry* PolygonIndex::preparedPiece(std::size_t piece) const {
    auto& cache = prepared_.local();
    if (cache.size() != pieces_.size()) cache.resize(pieces_.size());
    if (!cache[piece]) cache[piece] = geom::prepare(pieces_[piece].geometry.get());
    return cache[piece].get();
}

std::vector<PolygonIndex::Overlap> PolygonIndex::overlaps(const GEOSGeometry* subject) const {
    std::vector<Overlap> result;
    if (features_.empty() || geom::isEmpty(subject)) return result;
    const geom::Envelope env = geom::envelope(subject);

    // Classify each candidate feature through its pieces: inside one piece, or crossing.
    enum class Relation { None, Crossing, Inside };
    std::vector<std::pair<std::size_t, Relation>> relations;  // feature index, relation
    for (std::size_t piece : tree_.query(env)) {
        const std::size_t feature = pieces_[piece].feature;
        auto it = std::find_if(relations.begin(), relations.end(), [&](const auto& r) { return r.first == feature; });
        if (it != relations.end() && it->second == Relation::Inside) continue;
        const GEOSPreparedGeometry* prepared = preparedPiece(piece);
        if (!geom::preparedIntersects(prepared, subject)) continue;
        const Relation relation =
            geom::preparedContainsProperly(prepared, subject) ? Relation::Inside : Relation::Crossing;
        if (it == relations.end()) {
            relations.emplace_back(feature, relation);
        } else if (relation == Relation::Inside) {
            it->second = Relation::Inside;
        }
    }
    std::sort(relations.begin(), relations.end());

    // The clip rectangle is the subject's envelope grown by a margin, so clip lines stay clear
    // of the subject and add no vertex to any result edge.
    const double margin = std::max({env.width(), env.height(), 1e-9}) * 0.25;
    const geom::Envelope clipRect = env.grownBy(margin, margin);
    for (const auto& [featureIndex, relation] : relations) {
        const Feature& feature = features_[featureIndex];
        Overlap overlap;
        overlap.key = feature.key;
        if (relation == Relation::Inside) {
            overlap.containsSubject = true;
        } else {
            const bool clip = feature.vertices > kClipThresholdVertices &&
                              !(clipRect.minX <= feature.envelope.minX && feature.envelope.maxX <= clipRect.maxX &&
                                clipRect.minY <= feature.envelope.minY && feature.envelope.maxY <= clipRect.maxY);
            overlap.window =
                clip ? geom::clipByRect(feature.geometry.get(), clipRect) : geom::clone(feature.geometry.get());
            try {
                overlap.intersection = geom::polygonalPart(geom::intersection(overlap.window.get(), subject));
            } catch (const GeosError&) {
                if (!clip) throw;
                // A clipped part that GEOS cannot overlay: use the whole feature instead.
                overlap.window = geom::clone(feature.geometry.get());
                overlap.intersection = geom::polygonalPart(geom::intersection(overlap.window.get(), subject));
            }
        }
        result.push_back(std::move(overlap));
    }
    return result;
}

double PolygonIndex::pieceDistanceM(std::size_t piece, const GEOSGeometry* scaledSubject, double xScale,
                                    const crs::Measure& measure) const {
    // Nearest points are found where x is scaled by cos(latitude), a locally isotropic space,
    // then measured geodesically between the unscaled points.
    geom::GeomPtr scaledPiece = scaledCopy(pieces_[piece].geometry.get(), xScale);
    geom::CoordSeqPtr points(GEOSNearestPoints_r(geom::geosHandle(), scaledPiece.get(), scaledSubject));
    if (!points) geom::throwGeosError("finding nearest points");
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    GEOSCoordSeq_getXY_r(geom::geosHandle(), points.get(), 0, &x1, &y1);
    GEOSCoordSeq_getXY_r(geom::geosHandle(), points.get(), 1, &x2, &y2);
    return measure.distance(x1 / xScale, y1, x2 / xScale, y2);
}

std::optional<PolygonIndex::Nearest> PolygonIndex::nearest(const GEOSGeometry* subject,
                                                           const crs::Measure& measure) const {
    if (features_.empty() || geom::isEmpty(subject)) return std::nullopt;
    const geom::Envelope env = geom::envelope(subject);
    const double xScale = measure.xScaleAt((env.minY + env.maxY) / 2);
    geom::GeomPtr scaledSubject = scaledCopy(subject, xScale);

    // A lower bound, in metres, on the distance from the subject to anything inside `e`. The
    // metres per degree are the smallest anywhere near (a degree of latitude is ≥ 110.57 km, of
    // longitude ≥ 111.3 km·cos φ); projected CRSs distort lengths by far less than 2 %.
    const auto lowerBound = [&](const geom::Envelope& e) {
        const double dx = std::max({0.0, e.minX - env.maxX, env.minX - e.maxX});
        const double dy = std::max({0.0, e.minY - env.maxY, env.minY - e.maxY});
        if (!measure.geographic()) return 0.98 * std::hypot(dx, dy);
        const double lat =
            std::min(89.9, std::max({std::fabs(env.minY), std::fabs(env.maxY), std::fabs(e.minY), std::fabs(e.maxY)}));
        return 0.99 * std::hypot(dx * 111000.0 * std::cos(lat * std::numbers::pi / 180.0), dy * 110000.0);
    };
    // The window around the subject that holds everything within `metres`, erring on the large side.
    const auto window = [&](double metres) {
        if (!measure.geographic()) return env.grownBy(metres * 1.03, metres * 1.03);
        const double maxLat = std::min(89.0, std::max(std::fabs(env.minY), std::fabs(env.maxY)) + metres / 100000.0);
        const double dLat = metres / 110000.0;
        return env.grownBy(dLat / std::cos(maxLat * std::numbers::pi / 180.0), dLat);
    };

    // Grow a window until it holds candidates.
    const double extentSpan = std::max(extent_.width(), extent_.height());
    double step = std::max({env.width(), env.height(), extentSpan / 1000.0, 1e-9});
    std::vector<std::size_t> candidates;
    for (;;) {
        candidates = tree_.query(env.grownBy(step, step));
        if (!candidates.empty() || step > 4 * extentSpan + 1e-9) break;
        step *= 2;
    }
    if (candidates.empty()) candidates = tree_.query(extent_);

    // Measure candidates nearest-envelope first and stop once no envelope can be closer than the
    // best distance found; then take in what lies within that distance beyond the first window.
    Nearest best{0, std::numeric_limits<double>::infinity()};
    std::vector<std::size_t> measured;  // sorted
    const auto evaluate = [&](const std::vector<std::size_t>& pieces) {
        std::vector<std::pair<double, std::size_t>> queue;
        for (std::size_t piece : pieces) {
            if (!std::binary_search(measured.begin(), measured.end(), piece)) {
                queue.emplace_back(lowerBound(pieces_[piece].envelope), piece);
            }
        }
        std::sort(queue.begin(), queue.end());
        for (const auto& [bound, piece] : queue) {
            if (bound > best.distanceM) break;
            const double d = pieceDistanceM(piece, scaledSubject.get(), xScale, measure);
            const std::size_t key = features_[pieces_[piece].feature].key;
            if (d < best.distanceM || (d == best.distanceM && key < best.key)) best = {key, d};
            measured.insert(std::upper_bound(measured.begin(), measured.end(), piece), piece);
        }
    };
    evaluate(candidates);
    evaluate(tree_.query(window(best.distanceM)));
    return best;
}

}  // namespace redline::analysis
