// SPDX-License-Identifier: MIT
#include "redline/geom/union_cut.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "redline/geom/geos_context.hpp"
#include "walk_polygons_p.hpp"

namespace redline::geom {
namespace {

// Orientation tests are trusted only when they clear this share of the magnitude of their
// terms (rounding is ~1e-16 of it); anything closer counts as touching and goes to GEOS.
constexpr double kRelativeTolerance = 1e-12;
// Nor is a point trusted within this share of the coordinates' magnitude of a line (~1 µm in
// degrees or metres): a crossing computed there could round onto the point itself.
constexpr double kCoordinateTolerance = 1e-13;
// Two crossings on one segment closer than this share of it (three boundaries through nearly
// one point) cannot be ordered with confidence.
constexpr double kParameterTolerance = 1e-9;
// A generous bound on the rounding of an orientation determinant, per unit of its terms.
constexpr double kDeterminantRounding = 8 * std::numeric_limits<double>::epsilon();
// Segments per run: the crossing search and the point-in-polygon tests skip runs by their boxes.
constexpr std::size_t kRunLength = 16;
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kSubject = 0;  // region 0 is the subject, regions 1… the windows

struct Point {
    double x, y;
};

struct Box {
    double minX, minY, maxX, maxY;

    static Box around(const Point& p) { return {p.x, p.y, p.x, p.y}; }
    static Box of(const Point& p, const Point& q) {
        return {std::min(p.x, q.x), std::min(p.y, q.y), std::max(p.x, q.x), std::max(p.y, q.y)};
    }
    void add(const Point& p) {
        minX = std::min(minX, p.x);
        minY = std::min(minY, p.y);
        maxX = std::max(maxX, p.x);
        maxY = std::max(maxY, p.y);
    }
    void add(const Box& b) {
        minX = std::min(minX, b.minX);
        minY = std::min(minY, b.minY);
        maxX = std::max(maxX, b.maxX);
        maxY = std::max(maxY, b.maxY);
    }
    [[nodiscard]] Box grown(double d) const { return {minX - d, minY - d, maxX + d, maxY + d}; }
    [[nodiscard]] bool meets(const Box& o) const {
        return minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY;
    }
    [[nodiscard]] bool contains(const Box& o) const {
        return minX <= o.minX && o.maxX <= maxX && minY <= o.minY && o.maxY <= maxY;
    }
    // Only for boxes that meet.
    [[nodiscard]] Box overlap(const Box& o) const {
        return {std::max(minX, o.minX), std::max(minY, o.minY), std::min(maxX, o.maxX), std::min(maxY, o.maxY)};
    }
    [[nodiscard]] double magnitude() const {
        return std::max({std::fabs(minX), std::fabs(minY), std::fabs(maxX), std::fabs(maxY)});
    }
};

enum class Sign { Negative, Near, Positive };

struct Turn {
    Sign sign;
    double det;        // twice the signed area of the triangle
    double magnitude;  // of the determinant's terms, for bounding its rounding
};

// The turn a → b → c: Positive when c is clearly left of a→b, farther than `slack`.
Turn turn(const Point& a, const Point& b, const Point& c, double slack) {
    const double l = (b.x - a.x) * (c.y - a.y), r = (b.y - a.y) * (c.x - a.x);
    const double det = l - r, magnitude = std::fabs(l) + std::fabs(r);
    const double bound = kRelativeTolerance * magnitude + slack * (std::fabs(b.x - a.x) + std::fabs(b.y - a.y));
    return {det > bound ? Sign::Positive : det < -bound ? Sign::Negative : Sign::Near, det, magnitude};
}

// Twice the signed area of the ring of the first n points (closed or not): a fan of triangles
// from its first vertex, summed in two interleaved halves so that the additions need not wait
// on each other (rings are read by the thousand vertices).
double signedArea2(const std::vector<Point>& ring, std::size_t n) {
    const Point o = ring[0];
    const auto triangle = [&](std::size_t i) {
        return (ring[i].x - o.x) * (ring[i + 1].y - o.y) - (ring[i + 1].x - o.x) * (ring[i].y - o.y);
    };
    double even = 0, odd = 0;
    std::size_t i = 1;
    for (; i + 2 < n; i += 2) {
        even += triangle(i);
        odd += triangle(i + 1);
    }
    if (i + 1 < n) even += triangle(i);
    return even + odd;
}

// Even-odd test of p against segments [first, last) of a closed ring (a horizontal ray to +x),
// flipping `inside` at each edge the ray crosses; nullopt when p lies within the slack of such
// an edge, where the answer cannot be trusted.
std::optional<bool> insideRing(const Point& p, const std::vector<Point>& ring, std::size_t first, std::size_t last,
                               double slack, bool inside) {
    for (std::size_t i = first; i < last; ++i) {
        const Point& a = ring[i];
        const Point& b = ring[i + 1];
        if ((a.y > p.y) == (b.y > p.y)) continue;  // half-open: a vertex at p.y counts once
        if (std::max(a.x, b.x) < p.x) continue;    // the edge passes left of p
        if (std::min(a.x, b.x) > p.x) {
            inside = !inside;
            continue;
        }
        const Turn side = turn(a, b, p, slack);
        if (side.sign == Sign::Near) return std::nullopt;
        // Upward, the edge is right of p when p is on its left; downward, when on its right.
        if ((side.sign == Sign::Positive) == (b.y > a.y)) inside = !inside;
    }
    return inside;
}

struct Event {
    std::size_t segment;  // the ring's segment from vertex `segment`
    double t;             // position along that segment, in (0, 1)
    double slop;          // rounding bound on t
    std::size_t node;     // the crossing, shared with the other ring's event
    std::size_t other;    // the region whose boundary the ring crosses here
    bool entering;        // the ring enters that region here
};

// A ring of one region, oriented with the region on its left (shells counter-clockwise, holes
// clockwise), closed (segment s runs from points[s] to points[s + 1]), without repeated points.
struct Ring {
    std::size_t region = 0;
    std::vector<Point> points;
    [[nodiscard]] std::size_t segments() const { return points.size() - 1; }
    Box box{};                            // grown by the slack
    std::vector<Box> runs;                // boxes of kRunLength segments each, grown by the slack
    std::vector<std::size_t> activeRuns;  // those meeting the subject's box
    std::vector<Box> segmentBoxes;        // grown by the slack, for the segments of active runs
    std::vector<Event> events;            // its crossings, in ring order once sorted
};

// A piece of a ring: from its crossing `event` to the next one along the ring.
struct Piece {
    std::size_t ring, event;
};

// The ring's points, closed, oriented and without repeats, in one pass over GEOS's copy;
// false when it is degenerate.
bool readRing(const GEOSGeometry* ring, bool hole, std::vector<double>& xy, std::vector<Point>& points) {
    copyRingCoordinates(ring, xy);
    if (xy.size() < 8) return false;
    points.resize(xy.size() / 2 + 1);
    const Point o{xy[0], xy[1]};
    points[0] = o;
    std::size_t count = 1;
    for (std::size_t i = 2; i + 1 < xy.size(); i += 2) {
        const Point p{xy[i], xy[i + 1]};
        if (p.x == points[count - 1].x && p.y == points[count - 1].y) continue;
        points[count++] = p;
    }
    while (count > 1 && points[count - 1].x == o.x && points[count - 1].y == o.y) --count;
    const double area2 = count >= 3 ? signedArea2(points, count) : 0;
    if (area2 == 0) return false;
    points.resize(count);
    if ((area2 < 0) != hole) std::reverse(points.begin(), points.end());
    points.push_back(points.front());
    return true;
}

class Overlay {
  public:
    // Adds a region's rings; false when one is degenerate (the input is not valid).
    bool addRegion(const GEOSGeometry* polygonal, const Envelope& bounds);
    [[nodiscard]] std::size_t regionCount() const { return regionRings_.size(); }
    // The cut, or nullopt when it is not clear-cut.
    std::optional<UnionCut> cut(const GEOSGeometry* subject);

  private:
    void prepare();
    bool findCrossings();
    bool crossRings(std::size_t i, std::size_t j);
    std::size_t segmentsMeeting(const Ring& ring, std::size_t run, const Box& zone,
                                std::array<std::size_t, kRunLength>& segments,
                                std::array<Box, kRunLength>& boxes) const;
    bool crossSegments(std::size_t i, std::size_t s, std::size_t j, std::size_t u);
    bool orderEvents();
    [[nodiscard]] std::optional<bool> insideRegion(const Point& p, std::size_t region) const;
    [[nodiscard]] std::optional<bool> startsInside(const Ring& ring, std::size_t region) const;
    [[nodiscard]] bool keeps(std::size_t region, const std::vector<char>& inside) const;
    bool walkRing(std::size_t index, std::vector<char>& inside);
    bool walkWindowRing(std::size_t index);
    bool selectPieces();
    [[nodiscard]] bool subjectCovered() const;
    bool linkPieces(std::vector<std::vector<Point>>& rings) const;
    void appendPiece(const Piece& piece, bool withStart, std::vector<Point>& ring) const;
    [[nodiscard]] std::size_t endNode(const Piece& piece) const;

    std::vector<Ring> rings_;
    std::vector<std::vector<std::size_t>> regionRings_;
    std::vector<Box> regionBoxes_;  // grown by the slack once prepared
    std::vector<Point> nodes_;      // the crossings
    std::vector<char> nodeStatus_;  // per subject crossing: inside each window (but the crossed one)
    std::vector<Piece> kept_;
    std::vector<std::size_t> wholeRings_;  // kept rings without crossings
    double slack_ = 0;
    Box focus_{};  // the subject's box: the result lies in it
    std::vector<double> xy_;
};

bool Overlay::addRegion(const GEOSGeometry* polygonal, const Envelope& bounds) {
    auto handle = geosHandle();
    std::vector<const GEOSGeometry*> polygons;
    gatherPolygons(polygonal, polygons);
    const std::size_t region = regionRings_.size();
    regionRings_.emplace_back();
    regionBoxes_.push_back({bounds.minX, bounds.minY, bounds.maxX, bounds.maxY});
    const auto addRing = [&](const GEOSGeometry* ring, bool hole) {
        Ring r;
        r.region = region;
        if (!readRing(ring, hole, xy_, r.points)) return false;
        regionRings_[region].push_back(rings_.size());
        rings_.push_back(std::move(r));
        return true;
    };
    for (const GEOSGeometry* polygon : polygons) {
        if (!addRing(GEOSGetExteriorRing_r(handle, polygon), false)) return false;
        const int holes = GEOSGetNumInteriorRings_r(handle, polygon);
        for (int h = 0; h < holes; ++h) {
            if (!addRing(GEOSGetInteriorRingN_r(handle, polygon, h), true)) return false;
        }
    }
    return true;
}

// The slack from the coordinates' magnitude, and the boxes the searches skip by.
void Overlay::prepare() {
    double magnitude = 0;
    for (const Box& b : regionBoxes_) magnitude = std::max(magnitude, b.magnitude());
    slack_ = kCoordinateTolerance * magnitude;
    for (Box& b : regionBoxes_) b = b.grown(slack_);
    focus_ = regionBoxes_[kSubject];
    for (Ring& ring : rings_) {
        const std::size_t n = ring.segments();
        ring.runs.reserve((n + kRunLength - 1) / kRunLength);
        ring.box = Box::around(ring.points[0]);
        for (std::size_t first = 0; first < n; first += kRunLength) {
            Box run = Box::around(ring.points[first]);
            for (std::size_t i = first + 1, last = std::min(first + kRunLength, n); i <= last; ++i) {
                run.add(ring.points[i]);
            }
            ring.box.add(run);
            ring.runs.push_back(run.grown(slack_));
            if (ring.runs.back().meets(focus_)) ring.activeRuns.push_back(ring.runs.size() - 1);
        }
        ring.box = ring.box.grown(slack_);
        if (ring.activeRuns.empty()) continue;
        ring.segmentBoxes.resize(n);
        for (const std::size_t r : ring.activeRuns) {
            for (std::size_t s = r * kRunLength, last = std::min(s + kRunLength, n); s < last; ++s) {
                ring.segmentBoxes[s] = Box::of(ring.points[s], ring.points[s + 1]).grown(slack_);
            }
        }
    }
}

// Every crossing between rings of different regions that can matter: the result lies in the
// subject's box, and so does every crossing a kept piece starts or ends at, so only segments
// meeting that box are searched (a window's stretch inside the subject is all in it).
bool Overlay::findCrossings() {
    for (std::size_t i = 0; i < rings_.size(); ++i) {
        if (rings_[i].activeRuns.empty()) continue;
        for (std::size_t j = i + 1; j < rings_.size(); ++j) {
            if (rings_[j].region == rings_[i].region || rings_[j].activeRuns.empty()) continue;
            if (!rings_[i].box.meets(rings_[j].box)) continue;
            if (!crossRings(i, j)) return false;
        }
    }
    return true;
}

// The crossings of two rings: run against run where their boxes meet near the subject, then
// segment against segment within those runs.
bool Overlay::crossRings(std::size_t i, std::size_t j) {
    const Ring& a = rings_[i];
    const Ring& b = rings_[j];
    std::array<std::size_t, kRunLength> fromA{}, fromB{};
    std::array<Box, kRunLength> boxesA{}, boxesB{};
    for (const std::size_t ra : a.activeRuns) {
        if (!a.runs[ra].meets(b.box)) continue;
        for (const std::size_t rb : b.activeRuns) {
            if (!a.runs[ra].meets(b.runs[rb])) continue;
            const Box zone = a.runs[ra].overlap(b.runs[rb]);
            if (!zone.meets(focus_)) continue;
            const Box search = zone.overlap(focus_);
            const std::size_t na = segmentsMeeting(a, ra, search, fromA, boxesA);
            if (na == 0) continue;
            const std::size_t nb = segmentsMeeting(b, rb, search, fromB, boxesB);
            for (std::size_t x = 0; x < na; ++x) {
                for (std::size_t y = 0; y < nb; ++y) {
                    if (boxesA[x].meets(boxesB[y]) && !crossSegments(i, fromA[x], j, fromB[y])) return false;
                }
            }
        }
    }
    return true;
}

// The segments of a run whose (grown) boxes meet `zone`, with those boxes.
std::size_t Overlay::segmentsMeeting(const Ring& ring, std::size_t run, const Box& zone,
                                     std::array<std::size_t, kRunLength>& segments,
                                     std::array<Box, kRunLength>& boxes) const {
    std::size_t count = 0;
    for (std::size_t s = run * kRunLength, last = std::min(s + kRunLength, ring.segments()); s < last; ++s) {
        if (!ring.segmentBoxes[s].meets(zone)) continue;
        segments[count] = s;
        boxes[count] = ring.segmentBoxes[s];
        ++count;
    }
    return count;
}

// Records a proper crossing of segment s of ring i with segment u of ring j; false for anything
// within rounding of a touch (a vertex near the other segment, collinear overlap).
bool Overlay::crossSegments(std::size_t i, std::size_t s, std::size_t j, std::size_t u) {
    Ring& a = rings_[i];
    Ring& b = rings_[j];
    const Point& p = a.points[s];
    const Point& q = a.points[s + 1];
    const Point& c = b.points[u];
    const Point& d = b.points[u + 1];
    const Turn tp = turn(c, d, p, slack_), tq = turn(c, d, q, slack_);
    if (tp.sign == tq.sign && tp.sign != Sign::Near) return true;  // p, q clearly on one side
    const Turn tc = turn(p, q, c, slack_), td = turn(p, q, d, slack_);
    if (tc.sign == td.sign && tc.sign != Sign::Near) return true;  // c, d clearly on one side
    if (tp.sign == Sign::Near || tq.sign == Sign::Near || tc.sign == Sign::Near || td.sign == Sign::Near) {
        return false;
    }
    const double t = tp.det / (tp.det - tq.det), u0 = tc.det / (tc.det - td.det);
    const double slopT = kDeterminantRounding * (tp.magnitude + tq.magnitude) / std::fabs(tp.det - tq.det);
    const double slopU = kDeterminantRounding * (tc.magnitude + td.magnitude) / std::fabs(tc.det - td.det);
    const std::size_t node = nodes_.size();
    nodes_.push_back({p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)});
    // b's region is left of c→d: a enters it when q is; likewise b enters a's where d is left of p→q.
    a.events.push_back({s, t, slopT, node, b.region, tq.sign == Sign::Positive});
    b.events.push_back({u, u0, slopU, node, a.region, td.sign == Sign::Positive});
    return true;
}

// Sorts each ring's crossings along it; false when two on one segment are too close to order.
bool Overlay::orderEvents() {
    for (Ring& ring : rings_) {
        auto& events = ring.events;
        std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
            return x.segment != y.segment ? x.segment < y.segment : x.t < y.t;
        });
        for (std::size_t k = 1; k < events.size(); ++k) {
            const Event& x = events[k - 1];
            const Event& y = events[k];
            if (x.segment == y.segment && !(y.t - x.t > std::max(kParameterTolerance, x.slop + y.slop))) {
                return false;
            }
        }
    }
    return true;
}

// Even-odd parity of p over the region's rings (valid for a valid polygonal geometry).
std::optional<bool> Overlay::insideRegion(const Point& p, std::size_t region) const {
    bool inside = false;
    for (const std::size_t index : regionRings_[region]) {
        const Ring& ring = rings_[index];
        if (p.y < ring.box.minY || p.y > ring.box.maxY || p.x > ring.box.maxX) continue;
        const std::size_t n = ring.segments();
        for (std::size_t r = 0; r < ring.runs.size(); ++r) {
            const Box& run = ring.runs[r];
            if (p.y < run.minY || p.y > run.maxY || p.x > run.maxX) continue;  // no edge of it to the right
            const auto in =
                insideRing(p, ring.points, r * kRunLength, std::min((r + 1) * kRunLength, n), slack_, inside);
            if (!in) return std::nullopt;
            inside = *in;
        }
    }
    return inside;
}

// Whether the ring's first vertex is inside the region: the opposite of how the ring first
// crosses the region's boundary, or where it never does, a point-in-polygon test.
std::optional<bool> Overlay::startsInside(const Ring& ring, std::size_t region) const {
    for (const Event& e : ring.events) {
        if (e.other == region) return !e.entering;
    }
    if (!ring.box.meets(regionBoxes_[region])) return false;
    return insideRegion(ring.points[0], region);
}

// The boundary of subject ∩ ∪windows: the subject's boundary inside some window, and a window's
// boundary inside the subject and outside every other window.
bool Overlay::keeps(std::size_t region, const std::vector<char>& inside) const {
    if (region == kSubject) return std::any_of(inside.begin() + 1, inside.end(), [](char c) { return c != 0; });
    if (inside[kSubject] == 0) return false;
    for (std::size_t r = 1; r < inside.size(); ++r) {
        if (r != region && inside[r] != 0) return false;
    }
    return true;
}

// A ring whose status toward every other region is known at its first vertex (a subject ring,
// or a window ring wholly inside the subject, all of whose crossings are found): its status
// flips at each crossing, which must alternate in and out.
bool Overlay::walkRing(std::size_t index, std::vector<char>& inside) {
    const Ring& ring = rings_[index];
    const std::vector<char> start = inside;
    const std::size_t regions = regionCount();
    for (std::size_t k = 0; k < ring.events.size(); ++k) {
        const Event& e = ring.events[k];
        if ((inside[e.other] != 0) == e.entering) return false;
        inside[e.other] = e.entering ? 1 : 0;
        if (ring.region == kSubject) std::copy(inside.begin(), inside.end(), nodeStatus_.data() + e.node * regions);
        if (keeps(ring.region, inside)) kept_.push_back({index, k});
    }
    if (inside != start) return false;  // an odd number of crossings with some region
    if (ring.events.empty() && keeps(ring.region, inside)) wholeRings_.push_back(index);
    return true;
}

// A window ring crossing the subject's boundary. Its crossings with other windows are found
// only near the subject, so its status toward them is taken where it enters the subject (the
// subject ring's status there) and followed to where it leaves (which must agree again).
bool Overlay::walkWindowRing(std::size_t index) {
    const Ring& ring = rings_[index];
    const std::size_t regions = regionCount(), count = ring.events.size();
    std::size_t start = kNone;
    for (std::size_t k = 0; k < count && start == kNone; ++k) {
        if (ring.events[k].other == kSubject && ring.events[k].entering) start = k;
    }
    if (start == kNone) return false;
    std::vector<char> inside(regions, 0);
    const auto agreesWithSubject = [&](std::size_t node) {
        for (std::size_t r = 1; r < regions; ++r) {
            if (r != ring.region && inside[r] != nodeStatus_[node * regions + r]) return false;
        }
        return true;
    };
    for (std::size_t step = 0; step < count; ++step) {
        const std::size_t k = (start + step) % count;
        const Event& e = ring.events[k];
        if (e.other == kSubject) {
            if ((inside[kSubject] != 0) == e.entering) return false;
            if (e.entering) {
                std::copy_n(nodeStatus_.data() + e.node * regions, regions, inside.begin());
                inside[ring.region] = 0;
            } else if (!agreesWithSubject(e.node)) {
                return false;
            }
            inside[kSubject] = e.entering ? 1 : 0;
        } else if (inside[kSubject] != 0) {
            if ((inside[e.other] != 0) == e.entering) return false;
            inside[e.other] = e.entering ? 1 : 0;
        }
        if (keeps(ring.region, inside)) kept_.push_back({index, k});
    }
    return inside[kSubject] == 0;
}

// Which pieces of which rings are kept: the subject's rings first, whose statuses at their
// crossings the windows' rings take up where they enter the subject.
bool Overlay::selectPieces() {
    const std::size_t regions = regionCount();
    nodeStatus_.assign(nodes_.size() * regions, 0);
    std::vector<char> inside(regions, 0);
    for (const std::size_t index : regionRings_[kSubject]) {
        for (std::size_t r = 1; r < regions; ++r) {
            const auto in = startsInside(rings_[index], r);
            if (!in) return false;
            inside[r] = *in ? 1 : 0;
        }
        if (!walkRing(index, inside)) return false;
    }
    for (std::size_t index = 0; index < rings_.size(); ++index) {
        const Ring& ring = rings_[index];
        if (ring.region == kSubject) continue;
        const bool crossesSubject =
            std::any_of(ring.events.begin(), ring.events.end(), [](const Event& e) { return e.other == kSubject; });
        if (crossesSubject) {
            if (!walkWindowRing(index)) return false;
            continue;
        }
        const auto inSubject = startsInside(ring, kSubject);
        if (!inSubject) return false;
        if (!*inSubject) continue;  // wholly outside: nothing of it is kept
        inside[kSubject] = 1;
        for (std::size_t r = 1; r < regions; ++r) {
            const auto in = r == ring.region ? std::optional<bool>(false) : startsInside(ring, r);
            if (!in) return false;
            inside[r] = *in ? 1 : 0;
        }
        if (!walkRing(index, inside)) return false;
    }
    return true;
}

std::size_t Overlay::endNode(const Piece& piece) const {
    const auto& events = rings_[piece.ring].events;
    return events[(piece.event + 1) % events.size()].node;
}

// The piece's start (a crossing, when `withStart`) and the ring's vertices up to its end, which
// starts the next.
void Overlay::appendPiece(const Piece& piece, bool withStart, std::vector<Point>& ring) const {
    const Ring& source = rings_[piece.ring];
    const Event& from = source.events[piece.event];
    const Event& to = source.events[(piece.event + 1) % source.events.size()];
    if (withStart) ring.push_back(nodes_[from.node]);
    if (from.segment == to.segment && to.t > from.t) return;  // within one segment
    const std::size_t n = source.segments();
    for (std::size_t j = (from.segment + 1) % n;; j = (j + 1) % n) {
        ring.push_back(source.points[j]);
        if (j == to.segment) break;
    }
}

// Joins the kept pieces end to start at their crossings: at a clear-cut crossing either no
// kept piece or exactly one ends and one starts.
bool Overlay::linkPieces(std::vector<std::vector<Point>>& rings) const {
    std::vector<std::size_t> starting(nodes_.size(), kNone);
    std::vector<unsigned char> ending(nodes_.size(), 0);
    for (std::size_t p = 0; p < kept_.size(); ++p) {
        const std::size_t from = rings_[kept_[p].ring].events[kept_[p].event].node, to = endNode(kept_[p]);
        if (starting[from] != kNone || ending[to] != 0) return false;
        starting[from] = p;
        ending[to] = 1;
    }
    for (std::size_t node = 0; node < nodes_.size(); ++node) {
        if ((starting[node] != kNone) != (ending[node] != 0)) return false;
    }
    std::vector<bool> used(kept_.size(), false);
    for (std::size_t first = 0; first < kept_.size(); ++first) {
        if (used[first]) continue;
        // A crossing where a ring's kept pieces follow each other (a subject edge crossing one
        // window's boundary inside another window) is no corner of the result: GEOS's union
        // has no boundary there, so its cut has no vertex. Kept, it split the edge, and the
        // geodesic area moved by up to 1.8e-5 of the subject's (benchmark M).
        std::vector<std::size_t> chain;
        std::size_t p = first;
        do {
            used[p] = true;
            chain.push_back(p);
            p = starting[endNode(kept_[p])];
        } while (p != first && !used[p]);
        if (p != first) return false;
        std::vector<Point> ring;
        for (std::size_t k = 0; k < chain.size(); ++k) {
            const std::size_t previous = chain[(k + chain.size() - 1) % chain.size()];
            appendPiece(kept_[chain[k]], kept_[previous].ring != kept_[chain[k]].ring, ring);
        }
        if (ring.empty()) return false;
        ring.push_back(ring.front());
        rings.push_back(std::move(ring));
    }
    for (const std::size_t index : wholeRings_) rings.push_back(rings_[index].points);
    return true;
}

// Even-odd test of a hole against a shell (both closed), from the first of its vertices clear
// of the shell.
std::optional<bool> holeInside(const std::vector<Point>& hole, const std::vector<Point>& shell, double slack) {
    for (const Point& p : hole) {
        const auto in = insideRing(p, shell, 0, shell.size() - 1, slack, false);
        if (in) return in;
    }
    return std::nullopt;
}

Box boxOf(const std::vector<Point>& ring) {
    Box box = Box::around(ring[0]);
    for (const Point& p : ring) box.add(p);
    return box;
}

// The rings (closed) as polygons: counter-clockwise ones are shells, clockwise ones holes, each
// in the smallest shell around it (shells nest only inside other shells' holes).
GeomPtr assemble(const std::vector<std::vector<Point>>& rings, double slack) {
    struct Shell {
        const std::vector<Point>* ring;
        double area2;
        Box box;
        std::vector<const std::vector<Point>*> holes;
    };
    std::vector<Shell> shells;
    std::vector<const std::vector<Point>*> holes;
    for (const auto& ring : rings) {
        const double area2 = ring.size() >= 4 ? signedArea2(ring, ring.size()) : 0;
        if (area2 > 0) {
            shells.push_back({&ring, area2, boxOf(ring), {}});
        } else if (area2 < 0) {
            holes.push_back(&ring);
        } else {
            return nullptr;  // degenerate
        }
    }
    if (shells.empty()) return holes.empty() ? emptyPolygon() : nullptr;
    for (const auto* hole : holes) {
        Shell* home = nullptr;
        if (shells.size() == 1) {
            home = &shells.front();
        } else {
            const Box box = boxOf(*hole);
            for (Shell& shell : shells) {
                if (!shell.box.contains(box) || (home != nullptr && home->area2 <= shell.area2)) continue;
                const auto in = holeInside(*hole, *shell.ring, slack);
                if (!in) return nullptr;
                if (*in) home = &shell;
            }
        }
        if (home == nullptr) return nullptr;
        home->holes.push_back(hole);
    }
    if (shells.size() == 1) return detail::polygonGeometry(*shells.front().ring, shells.front().holes);
    std::vector<GeomPtr> polygons;
    polygons.reserve(shells.size());
    for (const Shell& shell : shells) polygons.push_back(detail::polygonGeometry(*shell.ring, shell.holes));
    return collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

// Every piece of every subject ring is kept, and nothing of a window's boundary: the windows'
// union covers the subject (the crossings left are a subject edge crossing one window inside
// another).
bool Overlay::subjectCovered() const {
    std::vector<std::size_t> keptOfRing(rings_.size(), 0);
    for (const Piece& piece : kept_) {
        if (rings_[piece.ring].region != kSubject) return false;
        ++keptOfRing[piece.ring];
    }
    for (const std::size_t index : wholeRings_) {
        if (rings_[index].region != kSubject) return false;
        keptOfRing[index] = 1;
    }
    return std::all_of(regionRings_[kSubject].begin(), regionRings_[kSubject].end(), [&](std::size_t index) {
        return keptOfRing[index] == std::max<std::size_t>(1, rings_[index].events.size());
    });
}

std::optional<UnionCut> Overlay::cut(const GEOSGeometry* subject) {
    prepare();
    if (!findCrossings() || !orderEvents() || !selectPieces()) return std::nullopt;
    if (subjectCovered()) return UnionCut{clone(subject), true};  // the subject as it is
    std::vector<std::vector<Point>> rings;
    if (!linkPieces(rings)) return std::nullopt;
    GeomPtr geometry = assemble(rings, slack_);
    if (!geometry) return std::nullopt;
    return UnionCut{std::move(geometry), false};
}

}  // namespace

std::optional<UnionCut> cutUnion(const GEOSGeometry* subject, const std::vector<const GEOSGeometry*>& windows) {
    if (!isPolygonal(subject)) return std::nullopt;
    if (isEmpty(subject)) return UnionCut{emptyPolygon(), false};
    Overlay overlay;
    const Envelope bounds = envelope(subject);
    if (!overlay.addRegion(subject, bounds)) return std::nullopt;
    for (const GEOSGeometry* window : windows) {
        if (!isPolygonal(window)) return std::nullopt;
        if (isEmpty(window)) continue;
        const Envelope box = envelope(window);
        if (!box.intersects(bounds)) continue;  // no part of the cut
        if (!overlay.addRegion(window, box)) return std::nullopt;
    }
    if (overlay.regionCount() == 1) return UnionCut{emptyPolygon(), false};
    return overlay.cut(subject);
}

}  // namespace redline::geom
