// SPDX-License-Identifier: MIT
#include "redline/geom/ring_store.hpp"

#include <algorithm>
#include <limits>

#include "orientation_p.hpp"
#include "redline/geom/geos_context.hpp"

namespace redline::geom {
using namespace detail;
namespace {

// Segments per run: enough that a run's box rejects many at once, few enough that a box near
// the other geometry does not drag in far segments.
constexpr std::uint32_t kRunSegments = 16;

constexpr Envelope kNoEnvelope{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};

void expand(Envelope& e, double x, double y) {
    e.minX = std::min(e.minX, x);
    e.maxX = std::max(e.maxX, x);
    e.minY = std::min(e.minY, y);
    e.maxY = std::max(e.maxY, y);
}

bool degenerate(const double* p, const double* q) { return p[0] == q[0] && p[1] == q[1]; }

// Whether any segment of `a` meets any segment of `b`.
Meet boundariesMeet(const RingsView& a, const RingsView& b) {
    bool unknown = false;
    for (std::size_t r = 0; r < a.runCount; ++r) {
        const RingRun& run = a.runs[r];
        if (!run.box.intersects(b.envelope)) continue;
        for (std::uint32_t i = run.first; i < run.first + run.segments; ++i) {
            const double* p = a.xy + 2 * static_cast<std::size_t>(i);
            const double* q = p + 2;
            if (degenerate(p, q)) continue;
            const Envelope box = segmentBox(p, q);
            if (!box.intersects(b.envelope)) continue;
            for (std::size_t t = 0; t < b.runCount; ++t) {
                const RingRun& other = b.runs[t];
                if (!other.box.intersects(box)) continue;
                for (std::uint32_t j = other.first; j < other.first + other.segments; ++j) {
                    const double* u = b.xy + 2 * static_cast<std::size_t>(j);
                    const double* v = u + 2;
                    if (degenerate(u, v) || !segmentBox(u, v).intersects(box)) continue;
                    const Meet meet = segmentsMeet(p, q, u, v);
                    if (meet == Meet::Yes) return Meet::Yes;
                    if (meet == Meet::Unknown) unknown = true;
                }
            }
        }
    }
    return unknown ? Meet::Unknown : Meet::No;
}

// Where `point` lies against the rings of `g`.
Location locate(const double* point, const RingsView& g) {
    if (point[0] < g.envelope.minX || point[0] > g.envelope.maxX || point[1] < g.envelope.minY ||
        point[1] > g.envelope.maxY) {
        return Location::Outside;
    }
    return locateInRuns(point, g.xy, g.runs, g.runCount);
}

}  // namespace

void RingStore::reserve(std::size_t vertices, std::size_t rings, std::size_t geometries) {
    xy_.reserve(xy_.size() + 2 * vertices);
    ringEnd_.reserve(ringEnd_.size() + rings);
    partRings_.reserve(partRings_.size() + rings);
    runs_.reserve(runs_.size() + vertices / kRunSegments + rings);
    entries_.reserve(entries_.size() + geometries);
}

std::size_t RingStore::add(const GEOSGeometry* polygonal) {
    Entry entry;
    entry.firstVertex = xy_.size() / 2;
    entry.firstRing = ringEnd_.size();
    entry.firstRun = runs_.size();
    entry.firstPart = partRings_.size();
    entry.envelope = kNoEnvelope;
    thread_local std::vector<double> buffer;
    auto handle = geosHandle();
    const auto addRing = [&](const GEOSGeometry* ring) {
        copyRingCoordinates(ring, buffer);
        const std::size_t vertices = buffer.size() / 2;
        if (vertices < 2) return;
        const std::size_t ringStart = xy_.size() / 2 - entry.firstVertex;
        xy_.insert(xy_.end(), buffer.begin(), buffer.end());
        ringEnd_.push_back(static_cast<std::uint32_t>(ringStart + vertices));
        for (std::size_t first = 0; first + 1 < vertices; first += kRunSegments) {
            RingRun run;
            run.first = static_cast<std::uint32_t>(ringStart + first);
            run.segments = static_cast<std::uint32_t>(std::min<std::size_t>(kRunSegments, vertices - 1 - first));
            run.box = kNoEnvelope;
            for (std::size_t v = first; v <= first + run.segments; ++v)
                expand(run.box, buffer[2 * v], buffer[2 * v + 1]);
            expand(entry.envelope, run.box.minX, run.box.minY);
            expand(entry.envelope, run.box.maxX, run.box.maxY);
            runs_.push_back(run);
        }
    };
    const auto addPolygon = [&](const GEOSGeometry* polygon) {
        if (GEOSisEmpty_r(handle, polygon) == 1) return;
        const std::size_t before = ringEnd_.size();
        addRing(GEOSGetExteriorRing_r(handle, polygon));
        if (ringEnd_.size() == before) return;  // no shell (a degenerate ring): no polygon
        const int holes = GEOSGetNumInteriorRings_r(handle, polygon);
        for (int i = 0; i < holes; ++i) addRing(GEOSGetInteriorRingN_r(handle, polygon, i));
        partRings_.push_back(static_cast<std::uint32_t>(ringEnd_.size() - before));
    };
    if (typeId(polygonal) == GEOS_POLYGON) {
        addPolygon(polygonal);
    } else {
        entry.multi = true;
        for (int i = 0; i < numGeometries(polygonal); ++i) {
            const GEOSGeometry* part = geometryN(polygonal, i);
            if (typeId(part) == GEOS_POLYGON) addPolygon(part);
        }
    }
    entry.ringCount = ringEnd_.size() - entry.firstRing;
    entry.runCount = runs_.size() - entry.firstRun;
    entry.partCount = partRings_.size() - entry.firstPart;
    entries_.push_back(entry);
    return entries_.size() - 1;
}

RingsView RingStore::view(std::size_t i) const {
    const Entry& e = entries_[i];
    RingsView v;
    v.xy = xy_.data() + 2 * e.firstVertex;
    v.ringEnd = ringEnd_.data() + e.firstRing;
    v.rings = e.ringCount;
    v.runs = runs_.data() + e.firstRun;
    v.runCount = e.runCount;
    v.envelope = e.envelope;
    v.partRings = partRings_.data() + e.firstPart;
    v.parts = e.partCount;
    v.multi = e.multi;
    return v;
}

void RingStore::clear() {
    xy_.clear();
    ringEnd_.clear();
    runs_.clear();
    partRings_.clear();
    entries_.clear();
}

RingRelation relate(const RingsView& a, const RingsView& b) {
    if (a.rings == 0 || b.rings == 0 || !a.envelope.intersects(b.envelope)) return RingRelation::Disjoint;
    const Meet meet = boundariesMeet(a, b);
    if (meet == Meet::Yes) return RingRelation::Intersects;
    if (meet == Meet::Unknown) return RingRelation::Unknown;

    // The boundaries are apart, so each ring lies wholly inside or outside the other geometry
    // and one vertex tells which. b is in a's interior when all of b's rings are inside a and
    // none of a's inside b (else a hole of a, or a part, would lie in b); they meet when any
    // ring lies inside the other.
    bool allOfBInA = true, anyOfBInA = false, anyOfAInB = false;
    std::uint32_t start = 0;
    for (std::size_t r = 0; r < b.rings; ++r) {
        const Location where = locate(b.xy + 2 * static_cast<std::size_t>(start), a);
        if (where == Location::Unknown) return RingRelation::Unknown;
        if (where == Location::Inside) {
            anyOfBInA = true;
        } else {
            allOfBInA = false;
        }
        start = b.ringEnd[r];
    }
    start = 0;
    for (std::size_t r = 0; r < a.rings && !anyOfAInB; ++r) {
        const Location where = locate(a.xy + 2 * static_cast<std::size_t>(start), b);
        if (where == Location::Unknown) return RingRelation::Unknown;
        anyOfAInB = where == Location::Inside;
        start = a.ringEnd[r];
    }
    if (allOfBInA && !anyOfAInB) return RingRelation::ContainsProperly;
    return anyOfBInA || anyOfAInB ? RingRelation::Intersects : RingRelation::Disjoint;
}

}  // namespace redline::geom
