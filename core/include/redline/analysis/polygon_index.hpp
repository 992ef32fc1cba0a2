// SPDX-License-Identifier: MIT
// Polygonal features (one constraint category, or one zone layer) cut into small pieces and
// indexed in an STRtree, answering per subject: which features overlap it, and by what.
//
// Pieces only find candidates and take fast paths (a subject properly inside a piece lies
// inside the feature: no overlay). Every overlay uses the original feature clipped to the
// subject's envelope grown by a margin, so no cut line can put a vertex on a result edge and
// areas equal those of subject ∩ feature. (When a single piece comes near that rectangle, the
// piece is clipped instead: no cut line reaches into the rectangle, so the window is the same.)
//
// Build with add() and finish() on one thread; afterwards overlaps() and nearest() may run on
// any number of threads at once.
#pragma once

#include <tbb/enumerable_thread_specific.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "redline/crs/measure.hpp"
#include "redline/geom/envelope_tree.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/ring_store.hpp"

namespace redline::analysis {
namespace detail {
class PlaneBoundary;
}

// Where nearest points are sought: for lon/lat, a plane about the subject's centre (λ0, φ0) with
// x = Δλ·s((φ + φ0)/2) and y = φ, where s(φ) = cos φ·N(φ)/M(φ) puts a degree of longitude on the
// meridian's scale. Scaling each vertex's Δλ at its mid-latitude with the subject is the
// mid-latitude rule: distances from the subject come out true to second order in all
// directions, so nearly equal candidates are ordered as the geodesics order them. For projected
// CRSs, the CRS itself.
struct NearestPlane {
    bool geographic = false;
    double lon0 = 0;
    double e2 = 0;    // the ellipsoid's first eccentricity squared (0: a sphere)
    double lat0 = 0;  // φ0
    // cos φ0, sin φ0 and 1/(1 − e²), so that a vertex near φ0 needs no cosine of its own (a
    // search takes a few dozen to the plane); all 0 when not known (near a pole, or a plane
    // built member by member), and each vertex then takes std::cos.
    double cosLat0 = 0, sinLat0 = 0, inverseOneMinusE2 = 0;

    // The plane about (lon0, lat0), with cos φ0 and sin φ0 worked out.
    [[nodiscard]] static NearestPlane about(bool geographic, double lon0, double e2, double lat0);
};

class PolygonIndex {
  public:
    PolygonIndex() = default;
    // `wholeFeatureTest`: a subject crossing several pieces is also tested against the whole
    // feature before any overlay. Worth it for a few large features (zones, whose subjects are
    // often larger than a piece yet inside).
    explicit PolygonIndex(bool wholeFeatureTest) : wholeFeatureTest_(wholeFeatureTest) {}
    PolygonIndex(PolygonIndex&&) = delete;

    // Adds a valid polygonal feature; `key` is returned in results (e.g. the feature's row).
    void add(geom::GeomPtr polygonal, std::size_t key);
    // add() for many features, subdivided in parallel (in the caller's task arena); the index is
    // the same as adding them one by one in this order.
    void addAll(std::vector<std::pair<geom::GeomPtr, std::size_t>> polygonals);
    void finish();

    struct Overlap {
        std::size_t key = 0;
        bool containsSubject = false;  // the subject lies inside the feature: overlap = subject
        geom::GeomPtr intersection;    // subject ∩ feature (polygonal part), when !containsSubject
        geom::GeomPtr window;          // the feature clipped to the subject's window, when !containsSubject
        std::size_t feature = 0;       // the feature's number in the index (featureGeometry)
    };
    // Features intersecting `subject`, in the order they were added. `window` lets a caller
    // union several features before intersecting the subject once, which is more robust than
    // unioning the per-feature intersections (those share the subject's edges up to rounding).
    [[nodiscard]] std::vector<Overlap> overlaps(const GEOSGeometry* subject) const;

    struct Nearest {
        std::size_t key = 0;
        double distanceM = 0;
    };
    // The feature nearest to `subject` (which must not intersect any feature) and its geodesic
    // distance, or nullopt when the index is empty.
    [[nodiscard]] std::optional<Nearest> nearest(const GEOSGeometry* subject, const crs::Measure& measure) const;

    // A feature whole, as GEOS geometry (built from its rings: the index keeps no GEOS copy).
    [[nodiscard]] geom::GeomPtr featureGeometry(std::size_t feature) const;

    [[nodiscard]] bool empty() const { return features_.empty(); }
    [[nodiscard]] std::size_t pieceCount() const { return pieces_.size(); }

  private:
    // A feature is kept as flat rings too (GEOS's copy of every constraint vertex was most of
    // the peak): a Polygon small enough to be one piece is that piece's rings; any other has an
    // entry of its own after its pieces' in rings_.
    struct Feature {
        geom::Envelope envelope;
        std::size_t key;
        int vertices;
        bool subdivided;         // in more than one piece
        std::size_t ringsEntry;  // the feature's own entry in rings_[its index]
    };
    // A piece is kept as flat rings only (its feature's store in rings_, entry `ring`): GEOS's
    // copy, 24 bytes a vertex beside the rings' 16, was a fifth of the peak. The GEOS polygon is
    // rebuilt from the rings where GEOS must see the piece (pieceGeometry).
    struct Piece {
        geom::Envelope envelope;
        std::size_t feature;  // index into features_ and rings_
        std::size_t ring;     // the piece's entry in rings_[feature]
        std::size_t key;      // the feature's key, at hand for the nearest search
    };
    // A feature subdivided, with the envelopes and counts append() keeps (worked out on the
    // parallel stage of addAll, leaving append() only moves).
    struct Subdivided {
        bool present = false;  // false: an empty feature, not indexed
        std::size_t key = 0;
        geom::Envelope envelope;
        int vertices = 0;
        geom::RingStore rings;  // one entry per piece (a polygon: shell, then holes), then the feature's
        std::size_t pieceCount = 0;
        std::size_t featureEntry = 0;
        std::vector<geom::Envelope> pieceEnvelopes;
    };
    static Subdivided subdivided(const GEOSGeometry* polygonal, std::size_t key);
    void append(Subdivided feature);
    enum class PieceRelation { None, Crossing, Inside };
    // How `subject` relates to a piece; `meets`: it is already known to intersect it;
    // `subjectRings`: the subject's rings, to decide on flat rings before GEOS is asked.
    PieceRelation relatePiece(std::size_t piece, const GEOSGeometry* subject, const geom::Envelope& subjectEnvelope,
                              bool meets, const geom::RingsView* subjectRings) const;
    const GEOSPreparedGeometry* preparedFeature(std::size_t feature) const;
    static constexpr std::size_t kWholeFeature = static_cast<std::size_t>(-1);
    // Per relation (sorted by feature), the one piece whose clip equals the feature's clip to
    // `clipRect`, or kWholeFeature.
    std::vector<std::size_t> windowSources(const std::vector<std::pair<std::size_t, PieceRelation>>& relations,
                                           const geom::Envelope& clipRect) const;
    // Geodesic distance from the subject to a piece, or infinity when it is not within `boundM`.
    double pieceDistanceM(std::size_t piece, const detail::PlaneBoundary& subject, const NearestPlane& plane,
                          double boundM, const crs::Measure& measure) const;

    [[nodiscard]] const geom::RingsView& pieceRings(std::size_t piece) const { return pieceViews_[piece]; }
    [[nodiscard]] geom::RingsView featureRings(std::size_t feature) const {
        return rings_[feature].view(features_[feature].ringsEntry);
    }
    // The piece as a GEOS polygon, built on first use and kept (large subjects, cases within
    // rounding); valid as long as the index.
    const GEOSGeometry* pieceGeometry(std::size_t piece) const;
    // The piece rebuilt from its rings, with GEOS's lazily cached envelope filled in (call with
    // the piece's slot locked).
    geom::GeomPtr sharedPieceGeometry(std::size_t piece) const;

    std::vector<Feature> features_;
    std::vector<Piece> pieces_;
    geom::EnvelopeTree tree_;             // over the pieces
    std::vector<geom::RingStore> rings_;  // per feature, its pieces' rings (and its own: Feature)
    // Per piece, its view in rings_, made by finish(): a search reaches a piece's rings from its
    // number in one load, not through the feature's store and its entry (three cache misses).
    std::vector<geom::RingsView> pieceViews_;
    struct PreparedSlot {
        std::mutex mutex;
        geom::GeomPtr geometry;      // built on first use: large subjects, and cases within rounding
        geom::PreparedPtr prepared;  // of `geometry`, also on first use
    };
    mutable std::unique_ptr<PreparedSlot[]> preparedPieces_;
    bool wholeFeatureTest_ = false;
    struct PreparedFeature {
        geom::GeomPtr geometry;
        geom::PreparedPtr prepared;
    };
    mutable tbb::enumerable_thread_specific<std::vector<PreparedFeature>> preparedFeatures_;
};

}  // namespace redline::analysis
