// SPDX-License-Identifier: MIT
#include "redline/geom/rect_walk.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "orientation_p.hpp"
#include "walk_polygons_p.hpp"

namespace redline::geom {
namespace {

using detail::Sign;

// As the other walks (convex_clip.cpp, union_cut.cpp): within this much of the coordinates'
// magnitude of a line of the rectangle, a vertex's side is not taken as known.
constexpr double kCoordinateTolerance = 1e-13;

struct Point {
    double x, y;
};

enum class Side { Inside, Outside, Near };
enum class RingKind { Inside, Outside, Crossing };

// A ring of the view: vertices [first, end) (closed: the last repeats the first), its runs
// [firstRun, runEnd).
struct RingSpan {
    std::uint32_t first = 0, end = 0;
    std::size_t firstRun = 0, runEnd = 0;
};

// Where a ring's segment crosses the rectangle's boundary.
struct Crossing {
    std::uint32_t segment;  // from vertex `segment`
    double t;               // along it
    Point point;
    double s;  // along the rectangle's boundary, counter-clockwise from its lower left corner
    bool entering;
};

// A ring's stretch inside the rectangle, from where it enters to where it leaves, with the
// polygon's inside on its left; `from` and `to` are its ends' positions along the boundary.
struct Chain {
    std::vector<Point> points;
    double from = 0, to = 0;
};

// Liang–Barsky: the part [t0, t1] of the segment p → q inside `e`, and the sides (0 bottom,
// 1 right, 2 top, 3 left; −1 none) it enters and leaves by.
struct SegmentClip {
    double t0 = 0, t1 = 1;
    int enter = -1, leave = -1;
    bool hit = false;
};

SegmentClip clipSegment(const double* p, const double* q, const Envelope& e) {
    SegmentClip c;
    const double dx = q[0] - p[0], dy = q[1] - p[1];
    const std::array<double, 4> pk{-dy, dx, dy, -dx};
    const std::array<double, 4> qk{p[1] - e.minY, e.maxX - p[0], e.maxY - p[1], p[0] - e.minX};
    for (int k = 0; k < 4; ++k) {
        const auto i = static_cast<std::size_t>(k);
        if (pk[i] == 0) {
            if (qk[i] < 0) return c;  // parallel to that side, beyond it
            continue;
        }
        const double r = qk[i] / pk[i];
        if (pk[i] < 0) {
            if (r > c.t0) {
                c.t0 = r;
                c.enter = k;
            }
        } else if (r < c.t1) {
            c.t1 = r;
            c.leave = k;
        }
    }
    c.hit = c.t0 < c.t1;
    return c;
}

bool samePoint(const double* a, const double* b) { return a[0] == b[0] && a[1] == b[1]; }

// Even–odd location of p in a small ring of points (closed or not); Unknown on or near its edges.
detail::Location locateInPoints(const Point& p, const std::vector<Point>& ring) {
    bool inside = false;
    const double point[2] = {p.x, p.y};
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const double a[2] = {ring[j].x, ring[j].y}, b[2] = {ring[i].x, ring[i].y};
        if (!detail::crossRay(a, b, point, inside)) return detail::Location::Unknown;
    }
    return inside ? detail::Location::Inside : detail::Location::Outside;
}

class RectWalker {
  public:
    RectWalker(const RingsView& rings, const Envelope& rect) : v_(rings), r_(rect) {
        slack_ = kCoordinateTolerance *
                 std::max({std::fabs(rect.minX), std::fabs(rect.maxX), std::fabs(rect.minY), std::fabs(rect.maxY)});
        inner_ = rect.grownBy(-slack_, -slack_);
        outer_ = rect.grownBy(slack_, slack_);
        width_ = rect.maxX - rect.minX;
        height_ = rect.maxY - rect.minY;
    }

    std::optional<GeomPtr> clip() {
        if (!(width_ > 8 * slack_ && height_ > 8 * slack_)) return std::nullopt;
        const std::vector<RingSpan> spans = ringSpans();
        std::vector<GeomPtr> polygons;
        std::size_t ring = 0;
        for (std::size_t part = 0; part < v_.parts; ++part) {
            const std::size_t count = v_.partRings[part];
            if (count == 0) continue;
            if (!clipPolygon(spans, ring, count, polygons)) return std::nullopt;
            ring += count;
        }
        if (polygons.empty()) return emptyPolygon();
        if (polygons.size() == 1) return std::move(polygons.front());
        return collection(GEOS_MULTIPOLYGON, std::move(polygons));
    }

  private:
    std::vector<RingSpan> ringSpans() const {
        std::vector<RingSpan> spans(v_.rings);
        std::size_t run = 0;
        for (std::size_t i = 0; i < v_.rings; ++i) {
            RingSpan& s = spans[i];
            s.first = i > 0 ? v_.ringEnd[i - 1] : 0;
            s.end = v_.ringEnd[i];
            s.firstRun = run;
            while (run < v_.runCount && v_.runs[run].first < s.end) ++run;
            s.runEnd = run;
        }
        return spans;
    }

    const double* vertex(std::uint32_t i) const { return v_.xy + 2 * static_cast<std::size_t>(i); }

    Side side(const double* p) const {
        const double x = p[0], y = p[1];
        if (x < outer_.minX || x > outer_.maxX || y < outer_.minY || y > outer_.maxY) return Side::Outside;
        if (x > inner_.minX && x < inner_.maxX && y > inner_.minY && y < inner_.maxY) return Side::Inside;
        return Side::Near;
    }

    static bool within(const Envelope& box, const Envelope& e) {
        return box.minX > e.minX && box.maxX < e.maxX && box.minY > e.minY && box.maxY < e.maxY;
    }

    // The crossing at t of p → q on side k, unless it falls within rounding of a corner.
    bool addCrossing(const double* p, const double* q, std::uint32_t segment, double t, int k, bool entering,
                     std::vector<Crossing>& out) const {
        Point at{};
        double along = 0;
        switch (k) {
            case 0:
                at = {p[0] + t * (q[0] - p[0]), r_.minY};
                along = at.x - r_.minX;
                break;
            case 1:
                at = {r_.maxX, p[1] + t * (q[1] - p[1])};
                along = width_ + (at.y - r_.minY);
                break;
            case 2:
                at = {p[0] + t * (q[0] - p[0]), r_.maxY};
                along = width_ + height_ + (r_.maxX - at.x);
                break;
            default:
                at = {r_.minX, p[1] + t * (q[1] - p[1])};
                along = 2 * width_ + height_ + (r_.maxY - at.y);
                break;
        }
        const bool horizontal = k == 0 || k == 2;
        const double free = horizontal ? at.x : at.y;
        const double low = horizontal ? r_.minX : r_.minY, high = horizontal ? r_.maxX : r_.maxY;
        if (!(free > low + 4 * slack_ && free < high - 4 * slack_)) return false;
        out.push_back({segment, t, at, along, entering});
        return true;
    }

    // The segment p → q (from vertex j) against the rectangle; false when too near to tell.
    bool cutSegment(std::uint32_t j, std::vector<Crossing>& out, std::size_t& insideVertices) const {
        const double* p = vertex(j);
        const double* q = vertex(j + 1);
        const Side sp = side(p), sq = side(q);
        if (sp == Side::Near || sq == Side::Near) return false;
        if (sp == Side::Inside) ++insideVertices;
        if (sp == Side::Inside && sq == Side::Inside) return true;
        const SegmentClip c = clipSegment(p, q, r_);
        if (sp == Side::Outside && sq == Side::Outside) {
            // Through the rectangle, or past it: not grazing a corner within rounding.
            const bool throughInner = clipSegment(p, q, inner_).hit, pastOuter = !clipSegment(p, q, outer_).hit;
            if (pastOuter) return true;
            if (!throughInner || !c.hit || c.enter < 0 || c.leave < 0) return false;
            return addCrossing(p, q, j, c.t0, c.enter, true, out) && addCrossing(p, q, j, c.t1, c.leave, false, out);
        }
        if (sp == Side::Outside) {
            if (!c.hit || c.enter < 0 || c.leave >= 0) return false;
            return addCrossing(p, q, j, c.t0, c.enter, true, out);
        }
        if (!c.hit || c.leave < 0 || c.enter >= 0) return false;
        return addCrossing(p, q, j, c.t1, c.leave, false, out);
    }

    // Whether the ring turns counter-clockwise, from the turn at its lowest (then leftmost)
    // vertex, which lies on its convex hull; nullopt when that turn is not certain. `lowest` is
    // the least y of its runs' boxes.
    std::optional<bool> counterClockwise(const RingSpan& ring, double lowest) const {
        std::uint32_t at = ring.first;
        bool found = false;
        for (std::size_t r = ring.firstRun; r < ring.runEnd; ++r) {
            const RingRun& run = v_.runs[r];
            if (run.box.minY != lowest) continue;
            for (std::uint32_t j = run.first; j <= run.first + run.segments; ++j) {
                const double* p = vertex(j);
                const double* b = vertex(at);
                if (!found || p[1] < b[1] || (p[1] == b[1] && p[0] < b[0])) {
                    at = j;
                    found = true;
                }
            }
        }
        const std::uint32_t last = ring.end - 1;  // repeats the first
        if (at == last) at = ring.first;
        std::uint32_t before = at, after = at;
        do {
            before = before == ring.first ? last - 1 : before - 1;
        } while (before != at && samePoint(vertex(before), vertex(at)));
        do {
            after = after + 1 == last ? ring.first : after + 1;
        } while (after != at && samePoint(vertex(after), vertex(at)));
        if (before == at || after == at) return std::nullopt;
        const Sign turn = detail::orientation(vertex(before), vertex(at), vertex(after));
        if (turn == Sign::Positive) return true;
        if (turn == Sign::Negative) return false;
        return std::nullopt;
    }

    // How the ring lies against the rectangle; for a crossing ring, its chains inside, turned so
    // that the polygon's inside is on their left (shells counter-clockwise, holes clockwise).
    bool cutRing(const RingSpan& ring, bool shell, RingKind& kind, std::vector<Chain>& chains) const {
        if (ring.runEnd == ring.firstRun || ring.end < ring.first + 4) return false;
        Envelope box = v_.runs[ring.firstRun].box;
        for (std::size_t r = ring.firstRun + 1; r < ring.runEnd; ++r) box = box.joinedWith(v_.runs[r].box);
        if (within(box, inner_)) {
            kind = RingKind::Inside;
            return true;
        }
        if (!box.intersects(outer_)) {
            kind = RingKind::Outside;
            return true;
        }
        std::vector<Crossing> crossings;
        std::size_t insideVertices = 0;
        for (std::size_t r = ring.firstRun; r < ring.runEnd; ++r) {
            const RingRun& run = v_.runs[r];
            if (within(run.box, inner_)) {
                insideVertices += run.segments;
                continue;
            }
            if (!run.box.intersects(outer_)) continue;
            for (std::uint32_t j = run.first; j < run.first + run.segments; ++j) {
                if (!cutSegment(j, crossings, insideVertices)) return false;
            }
        }
        const std::size_t vertices = ring.end - ring.first - 1;
        if (crossings.empty()) {
            if (insideVertices == vertices) {
                kind = RingKind::Inside;
            } else if (insideVertices == 0) {
                kind = RingKind::Outside;
            } else {
                return false;
            }
            return true;
        }
        kind = RingKind::Crossing;
        const std::size_t m = crossings.size();
        if (m % 2 != 0) return false;
        for (std::size_t i = 0; i < m; ++i) {
            if (crossings[i].entering == crossings[(i + 1) % m].entering) return false;
        }
        const std::optional<bool> ccw = counterClockwise(ring, box.minY);
        if (!ccw) return false;
        const bool reversed = *ccw != shell;
        const std::uint32_t last = ring.end - 1;
        for (std::size_t i = 0; i < m; ++i) {
            if (!crossings[i].entering) continue;
            const Crossing& in = crossings[i];
            const Crossing& out = crossings[(i + 1) % m];
            Chain chain;
            chain.points.push_back(in.point);
            if (!(out.segment == in.segment && out.t > in.t)) {
                for (std::uint32_t k = in.segment + 1;; ++k) {
                    if (k == last) k = ring.first;
                    chain.points.push_back({vertex(k)[0], vertex(k)[1]});
                    if (k == out.segment) break;
                }
            }
            chain.points.push_back(out.point);
            chain.from = in.s;
            chain.to = out.s;
            if (reversed) {
                std::reverse(chain.points.begin(), chain.points.end());
                std::swap(chain.from, chain.to);
            }
            chains.push_back(std::move(chain));
        }
        return true;
    }

    std::vector<Point> ringPoints(const RingSpan& ring) const {
        std::vector<Point> points;
        points.reserve(ring.end - ring.first);
        for (std::uint32_t k = ring.first; k < ring.end; ++k) points.push_back({vertex(k)[0], vertex(k)[1]});
        return points;
    }

    // Joins the chains into rings: from each chain's end along the rectangle's boundary,
    // counter-clockwise, to the next chain's start (Weiler–Atherton for a convex clip polygon).
    bool link(const std::vector<Chain>& chains, std::vector<std::vector<Point>>& rings) const {
        struct End {
            double s;
            std::size_t chain;
            bool start;
        };
        std::vector<End> ends;
        for (std::size_t c = 0; c < chains.size(); ++c) {
            ends.push_back({chains[c].from, c, true});
            ends.push_back({chains[c].to, c, false});
        }
        std::sort(ends.begin(), ends.end(), [](const End& a, const End& b) { return a.s < b.s; });
        const double perimeter = 2 * (width_ + height_);
        const std::size_t n = ends.size();
        std::vector<std::size_t> next(chains.size(), chains.size());
        for (std::size_t i = 0; i < n; ++i) {
            const End& a = ends[i];
            const End& b = ends[(i + 1) % n];
            const double gap = i + 1 < n ? b.s - a.s : b.s + perimeter - a.s;
            if (!(gap > 4 * slack_)) return false;  // too close to order
            if (a.start == b.start) return false;   // ends must alternate
            if (!a.start) next[a.chain] = b.chain;
        }
        const std::array<double, 4> cornerS{0, width_, width_ + height_, 2 * width_ + height_};
        const std::array<Point, 4> corner{
            {{r_.minX, r_.minY}, {r_.maxX, r_.minY}, {r_.maxX, r_.maxY}, {r_.minX, r_.maxY}}};
        std::vector<bool> used(chains.size(), false);
        for (std::size_t start = 0; start < chains.size(); ++start) {
            if (used[start]) continue;
            std::vector<Point> ring;
            std::size_t c = start;
            while (true) {
                if (used[c]) return false;
                used[c] = true;
                ring.insert(ring.end(), chains[c].points.begin(), chains[c].points.end());
                const std::size_t to = next[c];
                if (to >= chains.size()) return false;
                // The corners passed from this chain's end to the next one's start.
                const double from = chains[c].to;
                double span = chains[to].from - from;
                if (span <= 0) span += perimeter;
                std::array<std::pair<double, std::size_t>, 4> passed{};
                std::size_t count = 0;
                for (std::size_t k = 0; k < 4; ++k) {
                    double d = cornerS[k] - from;
                    if (d <= 0) d += perimeter;
                    if (d < span) passed[count++] = {d, k};
                }
                std::sort(passed.begin(), passed.begin() + static_cast<std::ptrdiff_t>(count));
                for (std::size_t k = 0; k < count; ++k) ring.push_back(corner[passed[k].second]);
                c = to;
                if (c == start) break;
            }
            if (ring.size() < 3) return false;
            rings.push_back(std::move(ring));
        }
        return true;
    }

    // The polygon of rings [first, first + count) of `spans` (its shell, then its holes), clipped.
    bool clipPolygon(const std::vector<RingSpan>& spans, std::size_t first, std::size_t count,
                     std::vector<GeomPtr>& polygons) const {
        const double corner[2] = {r_.minX, r_.minY};
        std::vector<Chain> chains;
        RingKind shellKind = RingKind::Outside;
        if (!cutRing(spans[first], true, shellKind, chains)) return false;
        if (shellKind == RingKind::Outside) {
            // The rectangle lies inside the shell, or apart from it.
            const detail::Location at = detail::locateInRuns(corner, v_.xy, v_.runs + spans[first].firstRun,
                                                             spans[first].runEnd - spans[first].firstRun);
            if (at == detail::Location::Unknown) return false;
            if (at == detail::Location::Outside) return true;
        }
        std::vector<std::vector<Point>> insideHoles;
        for (std::size_t h = first + 1; h < first + count; ++h) {
            RingKind kind = RingKind::Outside;
            if (!cutRing(spans[h], false, kind, chains)) return false;
            if (kind == RingKind::Inside) {
                insideHoles.push_back(ringPoints(spans[h]));
            } else if (kind == RingKind::Outside && shellKind == RingKind::Outside) {
                // The rectangle inside the shell may lie inside this hole.
                const detail::Location at = detail::locateInRuns(corner, v_.xy, v_.runs + spans[h].firstRun,
                                                                 spans[h].runEnd - spans[h].firstRun);
                if (at == detail::Location::Unknown) return false;
                if (at == detail::Location::Inside) return true;
            } else if (shellKind == RingKind::Inside) {
                return false;  // a hole reaching outside its shell: not valid
            }
        }
        std::vector<std::vector<Point>> shells;
        if (shellKind == RingKind::Inside) {
            shells.push_back(ringPoints(spans[first]));
        } else if (chains.empty()) {
            shells.push_back({{r_.minX, r_.minY}, {r_.maxX, r_.minY}, {r_.maxX, r_.maxY}, {r_.minX, r_.maxY}});
        } else if (!link(chains, shells)) {
            return false;
        }
        // Each hole inside the rectangle goes to the shell that holds it.
        std::vector<std::vector<const std::vector<Point>*>> holesOf(shells.size());
        for (const std::vector<Point>& hole : insideHoles) {
            if (shells.size() == 1) {
                holesOf[0].push_back(&hole);
                continue;
            }
            std::optional<std::size_t> holder;
            for (std::size_t k = 0; k < hole.size() && !holder; ++k) {
                bool unknown = false;
                for (std::size_t s = 0; s < shells.size(); ++s) {
                    const detail::Location at = locateInPoints(hole[k], shells[s]);
                    if (at == detail::Location::Unknown) unknown = true;
                    if (at == detail::Location::Inside) holder = s;
                }
                if (unknown) holder.reset();
            }
            if (!holder) return false;
            holesOf[*holder].push_back(&hole);
        }
        for (std::size_t s = 0; s < shells.size(); ++s)
            polygons.push_back(detail::polygonGeometry(shells[s], holesOf[s]));
        return true;
    }

    const RingsView& v_;
    Envelope r_;
    Envelope inner_, outer_;
    double slack_ = 0, width_ = 0, height_ = 0;
};

}  // namespace

std::optional<GeomPtr> walkClipByRect(const RingsView& rings, const Envelope& rect) {
    return RectWalker(rings, rect).clip();
}

}  // namespace redline::geom
