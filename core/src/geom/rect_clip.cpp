// SPDX-License-Identifier: MIT
#include "redline/geom/rect_clip.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "redline/geom/geos_context.hpp"

namespace redline::geom {
namespace {

constexpr std::size_t kReduceFromRuns = 8;  // smaller rings are clipped as they are

bool apart(const Envelope& a, const Envelope& b) {
    return a.maxX < b.minX || b.maxX < a.minX || a.maxY < b.minY || b.maxY < a.minY;
}

// Walks a RingsView ring by ring in the order RingStore::add stored them.
class RingCursor {
  public:
    explicit RingCursor(const RingsView& rings) : rings_(rings) {}

    // The next ring, with its runs away from `rect` (and from the ring's top) replaced by chords.
    GeomPtr next(const Envelope& rect) {
        const std::uint32_t start = ring_ > 0 ? rings_.ringEnd[ring_ - 1] : 0, end = rings_.ringEnd[ring_];
        ++ring_;
        const std::size_t firstRun = run_;
        while (run_ < rings_.runCount && rings_.runs[run_].first < end) ++run_;
        const std::size_t runs = run_ - firstRun;
        thread_local std::vector<double> out;
        out.clear();
        const double* xy = rings_.xy;
        if (runs < kReduceFromRuns) {
            out.assign(xy + 2 * static_cast<std::size_t>(start), xy + 2 * static_cast<std::size_t>(end));
        } else {
            double top = -std::numeric_limits<double>::infinity();
            for (std::size_t r = firstRun; r < run_; ++r) top = std::max(top, rings_.runs[r].box.maxY);
            out.assign(xy + 2 * static_cast<std::size_t>(start), xy + 2 * static_cast<std::size_t>(start) + 2);
            for (std::size_t r = firstRun; r < run_; ++r) {
                const RingRun& run = rings_.runs[r];
                const bool chord = apart(run.box, rect) && run.box.maxY < top;
                const std::size_t from = chord ? run.first + run.segments : run.first + 1;
                out.insert(out.end(), xy + 2 * from, xy + 2 * (static_cast<std::size_t>(run.first) + run.segments + 1));
            }
        }
        return linearRing(out.data(), out.size() / 2);
    }

    // The next ring as it is stored.
    GeomPtr nextWhole() {
        const std::uint32_t start = ring_ > 0 ? rings_.ringEnd[ring_ - 1] : 0, end = rings_.ringEnd[ring_];
        ++ring_;
        while (run_ < rings_.runCount && rings_.runs[run_].first < end) ++run_;
        return linearRing(rings_.xy + 2 * static_cast<std::size_t>(start), end - start);
    }

  private:
    const RingsView& rings_;
    std::size_t ring_ = 0, run_ = 0;
};

// The next polygon of `cursor` (`rings` of them: its shell, then its holes); reduced around
// `rect` when given, which also drops holes apart from it (they hold no point of it: GEOS would
// drop them too).
GeomPtr nextPolygon(RingCursor& cursor, std::uint32_t rings, const Envelope* rect) {
    GeomPtr shell = rect ? cursor.next(*rect) : cursor.nextWhole();
    std::vector<GeomPtr> holes;
    for (std::uint32_t i = 1; i < rings; ++i) {
        GeomPtr hole = rect ? cursor.next(*rect) : cursor.nextWhole();
        if (rect == nullptr || !apart(envelope(hole.get()), *rect)) holes.push_back(std::move(hole));
    }
    return polygonOf(std::move(shell), std::move(holes));
}

}  // namespace

GeomPtr polygonalFromRings(const RingsView& rings) {
    RingCursor cursor(rings);
    std::vector<GeomPtr> polygons;
    for (std::size_t p = 0; p < rings.parts; ++p) polygons.push_back(nextPolygon(cursor, rings.partRings[p], nullptr));
    if (!rings.multi) return polygons.empty() ? emptyPolygon() : std::move(polygons.front());
    return collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

GeomPtr clipByRectNear(const RingsView& rings, const Envelope& rect) {
    if (rings.runCount < kReduceFromRuns) return clipByRect(polygonalFromRings(rings).get(), rect);
    RingCursor cursor(rings);
    std::vector<GeomPtr> polygons;
    for (std::size_t p = 0; p < rings.parts; ++p) {
        GeomPtr reduced = nextPolygon(cursor, rings.partRings[p], &rect);
        if (!apart(envelope(reduced.get()), rect)) polygons.push_back(std::move(reduced));
    }
    if (polygons.empty()) return clipByRect(emptyPolygon().get(), rect);
    if (polygons.size() == 1 && !rings.multi) return clipByRect(polygons.front().get(), rect);
    const GeomPtr reduced = collection(GEOS_MULTIPOLYGON, std::move(polygons));
    return clipByRect(reduced.get(), rect);
}

RingIndexedClipper::RingIndexedClipper(const GEOSGeometry* g) : multi_(typeId(g) != GEOS_POLYGON) {
    auto handle = geosHandle();
    gatherPolygons(g, polygons_);
    std::vector<Envelope> boxes;
    for (std::size_t p = 0; p < polygons_.size(); ++p) {
        const auto polygon = static_cast<std::uint32_t>(p);
        rings_.push_back({polygon, -1});
        boxes.push_back(envelope(GEOSGetExteriorRing_r(handle, polygons_[p])));
        const int holes = GEOSGetNumInteriorRings_r(handle, polygons_[p]);
        for (int h = 0; h < holes; ++h) {
            rings_.push_back({polygon, h});
            boxes.push_back(envelope(GEOSGetInteriorRingN_r(handle, polygons_[p], h)));
        }
    }
    tree_.build(boxes);
}

std::vector<std::size_t> RingIndexedClipper::polygonsNear(const Envelope& e) const {
    std::vector<std::size_t> out;
    for (const std::size_t i : tree_.query(e)) {
        if (rings_[i].hole < 0) out.push_back(rings_[i].polygon);
    }
    return out;
}

GeomPtr RingIndexedClipper::clip(const Envelope& rect) const {
    auto handle = geosHandle();
    std::vector<GeomPtr> polygons;
    GeomPtr shell;
    std::vector<GeomPtr> holes;
    const auto flush = [&] {
        if (shell) polygons.push_back(polygonOf(std::move(shell), std::move(holes)));
        shell.reset();
        holes.clear();
    };
    // The query's items come in ascending order: each polygon's shell before its holes. A
    // polygon whose shell's envelope misses the rectangle holds no point of it.
    std::uint32_t current = std::numeric_limits<std::uint32_t>::max();
    for (const std::size_t i : tree_.query(rect)) {
        const RingRef& ring = rings_[i];
        const GEOSGeometry* polygon = polygons_[ring.polygon];
        if (ring.polygon != current) {
            flush();
            current = ring.polygon;
            if (ring.hole < 0) shell = clone(GEOSGetExteriorRing_r(handle, polygon));
        } else if (shell) {
            holes.push_back(clone(GEOSGetInteriorRingN_r(handle, polygon, ring.hole)));
        }
    }
    flush();
    if (polygons.empty()) return clipByRect(emptyPolygon().get(), rect);
    if (polygons.size() == 1 && !multi_) return clipByRect(polygons.front().get(), rect);
    const GeomPtr reduced = collection(GEOS_MULTIPOLYGON, std::move(polygons));
    return clipByRect(reduced.get(), rect);
}

}  // namespace redline::geom
