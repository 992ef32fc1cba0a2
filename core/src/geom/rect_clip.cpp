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

    // The next ring, `original` as stored, with its runs away from `rect` (and from the ring's
    // top) replaced by chords; null when the stored rings do not match the geometry's (a
    // degenerate ring RingStore skipped would shift every later one). Without an `original`
    // the stored ring is taken as it is.
    GeomPtr next(const GEOSGeometry* original, const Envelope& rect) {
        if (ring_ >= rings_.rings) return nullptr;
        const std::uint32_t start = ring_ > 0 ? rings_.ringEnd[ring_ - 1] : 0, end = rings_.ringEnd[ring_];
        ++ring_;
        if (original != nullptr && GEOSGeomGetNumPoints_r(geosHandle(), original) != static_cast<int>(end - start)) {
            return nullptr;
        }
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
        auto handle = geosHandle();
        GEOSCoordSequence* seq =
            GEOSCoordSeq_copyFromBuffer_r(handle, out.data(), static_cast<unsigned>(out.size() / 2), 0, 0);
        if (seq == nullptr) throwGeosError("copying a ring");
        GEOSGeometry* ring = GEOSGeom_createLinearRing_r(handle, seq);  // takes the sequence
        if (ring == nullptr) throwGeosError("creating a ring");
        return GeomPtr(ring);
    }

  private:
    const RingsView& rings_;
    std::size_t ring_ = 0, run_ = 0;
};

GeomPtr polygonOf(GeomPtr shell, std::vector<GeomPtr> holes) {
    auto handle = geosHandle();
    std::vector<GEOSGeometry*> raw;
    for (auto& h : holes) raw.push_back(h.get());
    GEOSGeometry* result = GEOSGeom_createPolygon_r(handle, shell.get(), raw.data(), static_cast<unsigned>(raw.size()));
    if (result == nullptr) throwGeosError("creating a polygon");
    static_cast<void>(shell.release());  // now owned by the polygon
    for (auto& h : holes) static_cast<void>(h.release());
    return GeomPtr(result);
}

// `polygon`'s rings read back through `cursor`, reduced around `rect`; `polygon` null: the
// cursor's rings are one polygon, shell first.
GeomPtr reducedPolygon(const GEOSGeometry* polygon, RingCursor& cursor, const Envelope& rect, std::size_t rings) {
    auto handle = geosHandle();
    GeomPtr shell = cursor.next(polygon ? GEOSGetExteriorRing_r(handle, polygon) : nullptr, rect);
    if (!shell) return nullptr;
    const std::size_t count =
        polygon ? static_cast<std::size_t>(GEOSGetNumInteriorRings_r(handle, polygon)) : rings - 1;
    std::vector<GeomPtr> holes;
    for (std::size_t i = 0; i < count; ++i) {
        GeomPtr hole =
            cursor.next(polygon ? GEOSGetInteriorRingN_r(handle, polygon, static_cast<int>(i)) : nullptr, rect);
        if (!hole) return nullptr;
        // A hole away from the rectangle holds no point of it: GEOS would drop it too.
        if (!apart(envelope(hole.get()), rect)) holes.push_back(std::move(hole));
    }
    return polygonOf(std::move(shell), std::move(holes));
}

// A ring of `rings` as a GEOS ring, vertex for vertex.
GeomPtr ringOf(const RingsView& rings, std::size_t r) {
    const std::uint32_t start = r > 0 ? rings.ringEnd[r - 1] : 0, end = rings.ringEnd[r];
    auto handle = geosHandle();
    GEOSCoordSequence* seq =
        GEOSCoordSeq_copyFromBuffer_r(handle, rings.xy + 2 * static_cast<std::size_t>(start), end - start, 0, 0);
    if (seq == nullptr) throwGeosError("copying a ring");
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(handle, seq);  // takes the sequence
    if (ring == nullptr) throwGeosError("creating a ring");
    return GeomPtr(ring);
}

}  // namespace

GeomPtr clipByRectNear(const GEOSGeometry* g, const RingsView& rings, const Envelope& rect) {
    const int type = typeId(g);
    if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) || rings.runCount < kReduceFromRuns) {
        return clipByRect(g, rect);
    }
    RingCursor cursor(rings);
    std::vector<GeomPtr> polygons;
    const int parts = type == GEOS_POLYGON ? 1 : numGeometries(g);
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* polygon = type == GEOS_POLYGON ? g : geometryN(g, i);
        if (isEmpty(polygon)) continue;  // RingStore stores nothing for it either
        GeomPtr reduced = reducedPolygon(polygon, cursor, rect, 0);
        if (!reduced) return clipByRect(g, rect);  // the flat rings are not g's: clip g itself
        if (!apart(envelope(reduced.get()), rect)) polygons.push_back(std::move(reduced));
    }
    if (polygons.empty()) return clipByRect(emptyPolygon().get(), rect);
    if (polygons.size() == 1 && type == GEOS_POLYGON) return clipByRect(polygons.front().get(), rect);
    const GeomPtr reduced = collection(GEOS_MULTIPOLYGON, std::move(polygons));
    return clipByRect(reduced.get(), rect);
}

GeomPtr polygonFromRings(const RingsView& polygon) {
    if (polygon.rings == 0) return emptyPolygon();
    GeomPtr shell = ringOf(polygon, 0);
    std::vector<GeomPtr> holes;
    for (std::size_t r = 1; r < polygon.rings; ++r) holes.push_back(ringOf(polygon, r));
    return polygonOf(std::move(shell), std::move(holes));
}

GeomPtr clipPolygonByRectNear(const RingsView& polygon, const Envelope& rect) {
    if (polygon.runCount < kReduceFromRuns) return clipByRect(polygonFromRings(polygon).get(), rect);
    RingCursor cursor(polygon);
    GeomPtr reduced = reducedPolygon(nullptr, cursor, rect, polygon.rings);
    if (!reduced || apart(envelope(reduced.get()), rect)) return clipByRect(emptyPolygon().get(), rect);
    return clipByRect(reduced.get(), rect);
}

}  // namespace redline::geom
