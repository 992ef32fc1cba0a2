// SPDX-License-Identifier: MIT
#include "redline/geom/convex_clip.hpp"

#include <algorithm>
#include <cmath>

#include "redline/geom/geos_context.hpp"
#include "walk_polygons_p.hpp"

namespace redline::geom {
namespace {

using Point = ConvexClipper::Point;

// Orientation tests are trusted only when they clear this share of the magnitude of their
// terms (rounding is ~1e-16 of it); anything closer counts as touching and goes to GEOS.
constexpr double kRelativeTolerance = 1e-12;
// Nor is a point trusted within this share of the coordinates' magnitude of a line (~1 µm in
// degrees or metres): a crossing computed there could round onto the point itself.
constexpr double kCoordinateTolerance = 1e-13;

enum class Sign { Negative, Near, Positive };

// Sign of the turn a → b → c: Positive when c is clearly left of a→b, farther than `slack`.
Sign orientation(const Point& a, const Point& b, const Point& c, double& det, double slack = 0) {
    const double l = (b.x - a.x) * (c.y - a.y), r = (b.y - a.y) * (c.x - a.x);
    det = l - r;
    const double bound =
        kRelativeTolerance * (std::fabs(l) + std::fabs(r)) + slack * (std::fabs(b.x - a.x) + std::fabs(b.y - a.y));
    if (det > bound) return Sign::Positive;
    if (det < -bound) return Sign::Negative;
    return Sign::Near;
}

double signedArea2(const std::vector<Point>& ring) {
    double sum = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const Point& p = ring[i];
        const Point& q = ring[(i + 1) % n];
        sum += (p.x - ring[0].x) * (q.y - ring[0].y) - (q.x - ring[0].x) * (p.y - ring[0].y);
    }
    return sum;
}

// A ring's vertices, not closed, without repeated points, counter-clockwise.
std::vector<Point> ccwRing(const GEOSGeometry* ring) {
    std::vector<double> xy;
    copyRingCoordinates(ring, xy);
    std::vector<Point> points;
    points.reserve(xy.size() / 2);
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
        const Point p{xy[i], xy[i + 1]};
        if (points.empty() || p.x != points.back().x || p.y != points.back().y) points.push_back(p);
    }
    while (points.size() > 1 && points.front().x == points.back().x && points.front().y == points.back().y) {
        points.pop_back();
    }
    if (points.size() >= 3 && signedArea2(points) < 0) std::reverse(points.begin(), points.end());
    return points;
}

struct Crossing {
    std::size_t segment;  // window ring segment (from vertex `segment`)
    double t;             // position along that segment
    std::size_t edge;     // convex ring edge
    double u;             // position along that edge
    Point point;
    bool entering;
};

// How one window ring meets the convex ring.
struct RingCut {
    bool clear = true;  // false: something within rounding of the boundary
    bool allInside = false;
    std::vector<Crossing> crossings;  // in window ring order
};

enum class Side { Inside, Outside, Near };

class Cutter {
  public:
    Cutter(const std::vector<Point>& convex, const Envelope& envelope)
        : convex_(convex),
          envelope_(envelope),
          slack_(kCoordinateTolerance * std::max({std::fabs(envelope.minX), std::fabs(envelope.maxX),
                                                  std::fabs(envelope.minY), std::fabs(envelope.maxY)})) {}

    Side side(const Point& p) const {
        if (p.x < envelope_.minX || p.x > envelope_.maxX || p.y < envelope_.minY || p.y > envelope_.maxY) {
            return Side::Outside;
        }
        bool near = false;
        for (std::size_t i = 0, n = convex_.size(); i < n; ++i) {
            double det = 0;
            const Sign s = orientation(convex_[i], convex_[(i + 1) % n], p, det, slack_);
            if (s == Sign::Negative) return Side::Outside;
            if (s == Sign::Near) near = true;
        }
        return near ? Side::Near : Side::Inside;
    }

    RingCut cut(const std::vector<Point>& ring) const {
        RingCut result;
        const std::size_t n = ring.size();
        Envelope box{ring[0].x, ring[0].y, ring[0].x, ring[0].y};
        for (const Point& p : ring) {
            box = {std::min(box.minX, p.x), std::min(box.minY, p.y), std::max(box.maxX, p.x), std::max(box.maxY, p.y)};
        }
        if (!box.intersects(envelope_)) return result;  // apart: no crossing, all outside
        std::vector<Side> sides(n);
        std::size_t inside = 0;
        for (std::size_t j = 0; j < n; ++j) {
            sides[j] = side(ring[j]);
            if (sides[j] == Side::Near) {
                result.clear = false;
                return result;
            }
            inside += sides[j] == Side::Inside;
        }
        result.allInside = inside == n;
        if (inside == n) return result;
        for (std::size_t j = 0; j < n && result.clear; ++j) {
            const Side a = sides[j], b = sides[(j + 1) % n];
            if (a == Side::Inside && b == Side::Inside) continue;  // convex: stays inside
            const std::size_t before = result.crossings.size();
            segmentCrossings(ring[j], ring[(j + 1) % n], j, result);
            const std::size_t found = result.crossings.size() - before;
            const bool expected =
                (a != b && found == 1) || (a == Side::Outside && b == Side::Outside && found % 2 == 0);
            if (!expected || found > 2) result.clear = false;
            if (found == 2) {
                if (result.crossings[before].t > result.crossings[before + 1].t) {
                    std::swap(result.crossings[before], result.crossings[before + 1]);
                }
                result.crossings[before].entering = true;
                result.crossings[before + 1].entering = false;
            } else if (found == 1) {
                result.crossings[before].entering = b == Side::Inside;
            }
        }
        return result;
    }

  private:
    void segmentCrossings(const Point& p, const Point& q, std::size_t j, RingCut& out) const {
        const Envelope box{std::min(p.x, q.x), std::min(p.y, q.y), std::max(p.x, q.x), std::max(p.y, q.y)};
        if (!box.intersects(envelope_)) return;
        for (std::size_t i = 0, n = convex_.size(); i < n; ++i) {
            const Point& a = convex_[i];
            const Point& b = convex_[(i + 1) % n];
            double sp = 0, sq = 0;
            const Sign signP = orientation(a, b, p, sp, slack_), signQ = orientation(a, b, q, sq, slack_);
            if (signP == signQ && signP != Sign::Near) continue;  // both clearly on one side
            double ea = 0, eb = 0;
            const Sign signA = orientation(p, q, a, ea, slack_), signB = orientation(p, q, b, eb, slack_);
            if (signA == signB && signA != Sign::Near) continue;  // the edge clearly on one side
            if (signP == Sign::Near || signQ == Sign::Near || signA == Sign::Near || signB == Sign::Near) {
                out.clear = false;
                return;
            }
            const double t = sp / (sp - sq);
            out.crossings.push_back({j, t, i, ea / (ea - eb), {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)}, false});
        }
    }

    const std::vector<Point>& convex_;
    Envelope envelope_;
    double slack_;
};

// Even-odd test of a point against a ring; only asked where nothing is near the boundary.
bool insideRing(const Point& p, const std::vector<Point>& ring) {
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point& a = ring[i];
        const Point& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
    return inside;
}

// The rings of shell ∩ convex from the shell's crossings (Weiler–Atherton for a convex clip
// polygon: both counter-clockwise, every exit leads along the convex ring to the next entry).
bool linkRings(const std::vector<Point>& shell, const std::vector<Point>& convex,
               const std::vector<Crossing>& crossings, std::vector<std::vector<Point>>& rings) {
    const std::size_t k = crossings.size();
    if (k % 2 != 0) return false;
    for (std::size_t c = 0; c < k; ++c) {
        if (crossings[c].entering == crossings[(c + 1) % k].entering) return false;  // must alternate
    }
    std::vector<std::size_t> alongConvex(k);
    for (std::size_t c = 0; c < k; ++c) alongConvex[c] = c;
    const auto key = [&](std::size_t c) { return static_cast<double>(crossings[c].edge) + crossings[c].u; };
    std::sort(alongConvex.begin(), alongConvex.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::vector<std::size_t> nextEntry(k, k);
    for (std::size_t r = 0; r < k; ++r) {
        const std::size_t c = alongConvex[r], next = alongConvex[(r + 1) % k];
        if (!(key(next) - key(c) > 1e-9 || r + 1 == k)) return false;  // two crossings too close to order
        if (!crossings[c].entering) {
            if (!crossings[next].entering) return false;
            nextEntry[c] = next;
        }
    }
    const std::size_t n = shell.size(), m = convex.size();
    std::vector<bool> used(k, false);
    for (std::size_t start = 0; start < k; ++start) {
        if (!crossings[start].entering || used[start]) continue;
        std::vector<Point> ring;
        std::size_t entry = start;
        do {
            used[entry] = true;
            const std::size_t exit = (entry + 1) % k;  // alternation: the next crossing leaves
            const Crossing& in = crossings[entry];
            const Crossing& out = crossings[exit];
            ring.push_back(in.point);
            if (in.segment != out.segment) {  // else the segment passes through: no vertex inside
                for (std::size_t j = (in.segment + 1) % n;; j = (j + 1) % n) {
                    ring.push_back(shell[j]);
                    if (j == out.segment) break;
                }
            }
            ring.push_back(out.point);
            entry = nextEntry[exit];
            const Crossing& to = crossings[entry];
            if (!(to.edge == out.edge && to.u > out.u)) {
                std::size_t i = (out.edge + 1) % m;
                for (std::size_t steps = 0; steps < m; ++steps, i = (i + 1) % m) {
                    ring.push_back(convex[i]);
                    if (i == to.edge) break;
                }
            }
        } while (entry != start && !used[entry]);
        if (entry != start || ring.size() < 3) return false;
        rings.push_back(std::move(ring));
    }
    return true;
}

}  // namespace

std::optional<ConvexClipper> ConvexClipper::of(const GEOSGeometry* g) {
    if (typeId(g) != GEOS_POLYGON || isEmpty(g)) return std::nullopt;
    auto handle = geosHandle();
    if (GEOSGetNumInteriorRings_r(handle, g) != 0) return std::nullopt;
    ConvexClipper clipper;
    clipper.ring_ = ccwRing(GEOSGetExteriorRing_r(handle, g));
    const auto& ring = clipper.ring_;
    // The walk tests every window vertex and segment against every convex edge: for a convex
    // polygon of many vertices (a 50 km buffer's geodesic circle has 5,000) GEOS's overlay is
    // far faster.
    constexpr std::size_t kMaxVertices = 256;
    if (ring.size() < 3 || ring.size() > kMaxVertices || !(signedArea2(ring) > 0)) return std::nullopt;
    int xTurns = 0;  // changes of direction in x: two for a ring that winds once
    double lastDx = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const Point& a = ring[i];
        const Point& b = ring[(i + 1) % n];
        const Point& c = ring[(i + 2) % n];
        double det = 0;
        // Straight runs (a densified side) are convex too; a turn to the right, or back on
        // itself (a spike), is not.
        const Sign turn = orientation(a, b, c, det);
        if (turn == Sign::Negative) return std::nullopt;
        if (turn == Sign::Near && (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) <= 0) return std::nullopt;
        const double dx = b.x - a.x;
        if (dx != 0) {
            if (lastDx != 0 && (dx > 0) != (lastDx > 0)) ++xTurns;
            lastDx = dx;
        }
    }
    // The closing change (from the last non-zero dx back to the first) is not counted above.
    if (xTurns > 2) return std::nullopt;
    clipper.envelope_ = envelope(g);
    clipper.centre_ = {0, 0};
    for (const Point& p : ring) {
        clipper.centre_.x += p.x / static_cast<double>(ring.size());
        clipper.centre_.y += p.y / static_cast<double>(ring.size());
    }
    return clipper;
}

GeomPtr ConvexClipper::intersect(const GEOSGeometry* polygonal) const {
    auto handle = geosHandle();
    std::vector<const GEOSGeometry*> polygons;
    const int type = typeId(polygonal);
    if (type == GEOS_POLYGON) {
        polygons.push_back(polygonal);
    } else if (type == GEOS_MULTIPOLYGON) {
        for (int i = 0; i < numGeometries(polygonal); ++i) polygons.push_back(geometryN(polygonal, i));
    } else {
        return nullptr;
    }
    const Cutter cutter(ring_, envelope_);
    std::vector<GeomPtr> parts;
    for (const GEOSGeometry* polygon : polygons) {
        if (isEmpty(polygon)) continue;
        const std::vector<Point> shell = ccwRing(GEOSGetExteriorRing_r(handle, polygon));
        if (shell.size() < 3) return nullptr;
        const RingCut shellCut = cutter.cut(shell);
        if (!shellCut.clear) return nullptr;
        if (shellCut.allInside) {
            parts.push_back(clone(polygon));  // the whole polygon, holes and all, lies inside
            continue;
        }
        // Holes: each must be wholly inside the convex polygon or wholly outside it.
        std::vector<std::vector<Point>> insideHoles, outsideHoles;
        const int holeCount = GEOSGetNumInteriorRings_r(handle, polygon);
        for (int h = 0; h < holeCount; ++h) {
            std::vector<Point> hole = ccwRing(GEOSGetInteriorRingN_r(handle, polygon, h));
            if (hole.size() < 3) return nullptr;
            const RingCut holeCut = cutter.cut(hole);
            if (!holeCut.clear || !holeCut.crossings.empty()) return nullptr;
            (holeCut.allInside ? insideHoles : outsideHoles).push_back(std::move(hole));
        }
        std::vector<const std::vector<Point>*> holes;
        for (const auto& h : insideHoles) holes.push_back(&h);
        if (shellCut.crossings.empty()) {
            // The shell is all outside: the convex polygon lies inside it, or apart from it, and
            // likewise for each hole outside it. No boundary comes near its centre, so an
            // even-odd test there is safe.
            const bool inShell = insideRing(centre_, shell);
            const bool inAHole = std::any_of(outsideHoles.begin(), outsideHoles.end(),
                                             [&](const auto& h) { return insideRing(centre_, h); });
            if (inShell && !inAHole) parts.push_back(detail::polygonGeometry(ring_, holes));
            continue;
        }
        std::vector<std::vector<Point>> rings;
        if (!linkRings(shell, ring_, shellCut.crossings, rings)) return nullptr;
        if (rings.size() > 1 && !holes.empty()) return nullptr;  // which part holds which hole: GEOS
        for (std::size_t r = 0; r < rings.size(); ++r) {
            parts.push_back(
                detail::polygonGeometry(rings[r], r == 0 ? holes : std::vector<const std::vector<Point>*>{}));
        }
    }
    // Every part is a Polygon (a window's polygon, or one built here).
    if (parts.empty()) return emptyPolygon();
    if (parts.size() == 1) return std::move(parts.front());
    return collection(GEOS_MULTIPOLYGON, std::move(parts));
}

}  // namespace redline::geom
