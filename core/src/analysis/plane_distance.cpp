// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>
#include <numbers>

#include "plane_distance_p.hpp"
#include "redline/geom/geos_context.hpp"

namespace redline::analysis::detail {
namespace {

constexpr double kDegree = std::numbers::pi / 180.0;

// An edge straight in lon/lat is curved in the plane, whose x scale follows the latitude: by
// about R·Δλ·Δφ·|s'(φ)|/8 from its chord, 30 m for a 50 km edge at 45°. Searched as its chord,
// a site 10 m from such an edge was found at 0 m (the chord crossed it), and one 499.9 m away at
// 500.02 m. Edges are searched as pieces of at most this many degrees of latitude and longitude
// (≤ 7 mm from their chords); the points found are then placed on the edge itself.
constexpr double kMaxPieceDegrees = 0.005;

// Into how many pieces the edge (v[0], v[1]) → (v[2], v[3]) is cut for the search.
int piecesOf(const double* v, const NearestPlane& plane) {
    if (!plane.geographic) return 1;
    const double span = std::max(std::fabs(v[2] - v[0]), std::fabs(v[3] - v[1]));
    return span <= kMaxPieceDegrees ? 1 : static_cast<int>(std::min(1e6, std::ceil(span / kMaxPieceDegrees)));
}

void appendRing(const GEOSGeometry* ring, const NearestPlane& plane, PlaneBoundary& out, std::vector<double>& buffer) {
    geom::copyRingCoordinates(ring, buffer);
    if (buffer.size() < 4) return;
    // The subject's own long edges are cut into pieces (points on the edge, straight in lon/lat).
    for (std::size_t i = 0; i + 2 < buffer.size(); i += 2) {
        const int pieces = piecesOf(&buffer[i], plane);
        for (int k = 0; k < pieces; ++k) {
            const double f = static_cast<double>(k) / pieces;
            out.xy.push_back(buffer[i] + f * (buffer[i + 2] - buffer[i]));
            out.xy.push_back(buffer[i + 1] + f * (buffer[i + 3] - buffer[i + 1]));
        }
    }
    out.xy.insert(out.xy.end(), buffer.end() - 2, buffer.end());
    out.ringEnd.push_back(static_cast<std::uint32_t>(out.xy.size() / 2));
}

void appendPolygon(const GEOSGeometry* polygon, const NearestPlane& plane, PlaneBoundary& out,
                   std::vector<double>& buffer) {
    auto handle = geom::geosHandle();
    if (GEOSisEmpty_r(handle, polygon) == 1) return;
    appendRing(GEOSGetExteriorRing_r(handle, polygon), plane, out, buffer);
    const int holes = GEOSGetNumInteriorRings_r(handle, polygon);
    for (int i = 0; i < holes; ++i) appendRing(GEOSGetInteriorRingN_r(handle, polygon, i), plane, out, buffer);
}

void appendPolygonal(const GEOSGeometry* g, const NearestPlane& plane, PlaneBoundary& out,
                     std::vector<double>& buffer) {
    const int type = geom::typeId(g);
    if (type == GEOS_POLYGON) {
        appendPolygon(g, plane, out, buffer);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < geom::numGeometries(g); ++i) appendPolygonal(geom::geometryN(g, i), plane, out, buffer);
    }
}

// The squared distance from (x,y) to segment (px,py)-(qx,qy), and the fraction t of the segment
// at its nearest point.
double pointToSegment(double x, double y, double px, double py, double qx, double qy, double& t) {
    const double dx = qx - px, dy = qy - py;
    const double length2 = dx * dx + dy * dy;
    t = length2 > 0 ? ((x - px) * dx + (y - py) * dy) / length2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const double nx = t == 1.0 ? qx : px + t * dx, ny = t == 1.0 ? qy : py + t * dy;
    const double ex = x - nx, ey = y - ny;
    return ex * ex + ey * ey;
}

// Whether the point (x, y) may come within the screen of the segment (px,py)-(qx,qy), squared
// as screen2: decided without the division pointToSegment takes, which most pairs (beyond reach)
// need not pay. At an end the distance is the same as pointToSegment's; inside, |cross|/length
// is within about 1e-14 of the coordinates' magnitude of it, far inside the screen's margin.
[[gnu::always_inline]] inline bool mayReach(double x, double y, double px, double py, double qx, double qy,
                                            double screen2) {
    const double dx = qx - px, dy = qy - py, ux = x - px, uy = y - py;
    const double along = ux * dx + uy * dy;
    if (along <= 0) return ux * ux + uy * uy < screen2;
    const double length2 = dx * dx + dy * dy;
    if (along >= length2) {
        const double vx = x - qx, vy = y - qy;
        return vx * vx + vy * vy < screen2;
    }
    const double c = ux * dy - uy * dx;
    return c * c < screen2 * length2;
}

double cross(double ax, double ay, double bx, double by, double cx, double cy) {
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

// Closest pair of two segments given in the plane (a, b) and in the CRS (aSource, bSource); b is
// the piece [bFrom, bFrom + bSpan] of its edge. The segments of disjoint boundaries do not cross,
// but in the plane two nearly touching ones might, and then they are at distance 0.
// Inlined into the search's loop: called for millions of pairs at benchmark scale M.
[[gnu::always_inline]] inline void segmentPair(const double* a, const double* aSource, const double* b,
                                               const double* bSource, double bFrom, double bSpan, ClosestPair& best) {
    const double a0x = a[0], a0y = a[1], a1x = a[2], a1y = a[3];
    const double b0x = b[0], b0y = b[1], b1x = b[2], b1y = b[3];
    const auto take = [&](double d, double aFraction, double bFraction) {
        best.offer(d, aSource, aFraction, bSource, bFrom + bFraction * bSpan);
    };
    const double d1 = cross(a0x, a0y, a1x, a1y, b0x, b0y), d2 = cross(a0x, a0y, a1x, a1y, b1x, b1y);
    if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) {
        // b's ends on either side of a's line: the other test only then.
        const double d3 = cross(b0x, b0y, b1x, b1y, a0x, a0y), d4 = cross(b0x, b0y, b1x, b1y, a1x, a1y);
        if ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
            take(0.0, d3 / (d3 - d4), d1 / (d1 - d2));
            return;
        }
    }
    // Each end against the other segment; computed only where the screen lets it through.
    double t = 0;
    if (mayReach(a0x, a0y, b0x, b0y, b1x, b1y, best.screen2)) {
        const double d = pointToSegment(a0x, a0y, b0x, b0y, b1x, b1y, t);
        if (d < best.reach2) take(d, 0.0, t);
    }
    if (mayReach(a1x, a1y, b0x, b0y, b1x, b1y, best.screen2)) {
        const double d = pointToSegment(a1x, a1y, b0x, b0y, b1x, b1y, t);
        if (d < best.reach2) take(d, 1.0, t);
    }
    if (mayReach(b0x, b0y, a0x, a0y, a1x, a1y, best.screen2)) {
        const double d = pointToSegment(b0x, b0y, a0x, a0y, a1x, a1y, t);
        if (d < best.reach2) take(d, t, 0.0);
    }
    if (mayReach(b1x, b1y, a0x, a0y, a1x, a1y, best.screen2)) {
        const double d = pointToSegment(b1x, b1y, a0x, a0y, a1x, a1y, t);
        if (d < best.reach2) take(d, t, 1.0);
    }
}

// Half the latitude difference (radians) up to which cos and sin of it are taken from their
// series: to h⁶ and h⁷ the terms left out are below 1e-18.
constexpr double kSeriesHalfAngle = 0.02;
// Up to this |φ0| (degrees): nearer a pole cos((φ + φ0)/2) is a small difference of the two
// products, no longer within a few ulps of std::cos (see NearestPlane::about).
constexpr double kSeriesMaxLatitude = 80.0;

// planeXScale, inlined where the search takes vertices to the plane. cos((φ + φ0)/2) is
// cos φ0·cos h − sin φ0·sin h with h = (φ − φ0)/2, small for the vertices a search takes to the
// plane: within a few ulps of std::cos (4e-15, test) at a fraction of its cost.
inline double xScale(double lat, const NearestPlane& plane) {
    if (!plane.geographic) return 1.0;
    const double h = (lat - plane.lat0) / 2 * kDegree;
    if (plane.inverseOneMinusE2 == 0 || !(std::fabs(h) <= kSeriesHalfAngle)) {
        return meridianScaledCos((lat + plane.lat0) / 2, plane.e2);
    }
    const double h2 = h * h;
    const double cosH = 1 - h2 * (1.0 / 2 - h2 * (1.0 / 24 - h2 / 720));
    const double sinH = h * (1 - h2 * (1.0 / 6 - h2 * (1.0 / 120 - h2 / 5040)));
    const double c = plane.cosLat0 * cosH - plane.sinLat0 * sinH;
    return c * (1 - plane.e2 * (1 - c * c)) * plane.inverseOneMinusE2;
}

// A vertex (x, y) of the CRS in the nearest-point plane.
void planePoint(const double* v, const NearestPlane& plane, double* out) {
    out[0] = plane.geographic ? (v[0] - plane.lon0) * xScale(v[1], plane) : v[0];
    out[1] = v[1];
}

// Piece k of `pieces` of the edge v (v[0..1] → v[2..3]) in the plane, into q[0..3].
void planePiece(const double* v, int k, int pieces, const NearestPlane& plane, double* q) {
    if (pieces == 1) {
        planePoint(v, plane, q);
        planePoint(v + 2, plane, q + 2);
        return;
    }
    for (int end = 0; end < 2; ++end) {
        const double f = static_cast<double>(k + end) / pieces;
        const double p[2] = {v[0] + f * (v[2] - v[0]), v[1] + f * (v[3] - v[1])};
        planePoint(p, plane, q + 2 * end);
    }
}

// Every segment of `a` against the edge v (v[0..1] → v[2..3]) of b, piece by piece in the plane.
void segmentAgainstAll(const PlaneBoundary& a, const double* v, const NearestPlane& plane, ClosestPair& best) {
    const int pieces = piecesOf(v, plane);
    for (int k = 0; k < pieces; ++k) {
        double q[4];
        planePiece(v, k, pieces, plane, q);
        std::uint32_t start = 0;
        for (const std::uint32_t end : a.ringEnd) {
            for (std::uint32_t i = start; i + 1 < end; ++i) {
                const std::size_t at = 2 * static_cast<std::size_t>(i);
                segmentPair(&a.xy[at], &a.source[at], q, v, static_cast<double>(k) / pieces, 1.0 / pieces, best);
            }
            start = end;
        }
    }
}

// A piece's vertices are mostly not in cache when a search comes to it (perf: its first loads
// were the search's costliest instructions): the runs to be read are asked for ahead.
void prefetchRun(const geom::RingsView& b, const geom::RingRun& run) {
    const double* const first = b.xy + 2 * static_cast<std::size_t>(run.first);
    const std::size_t n = 2 * (static_cast<std::size_t>(run.segments) + 1);  // the run's coordinates
    for (std::size_t k = 0; k < n; k += 8) __builtin_prefetch(first + k);    // a cache line each
    __builtin_prefetch(first + n - 1);
}

// A close pair found first lets the bound reject most of b's segments unseen: the segments at
// the vertex of `run` (b's nearest run) nearest a's centre, by a planar estimate with one cosine.
// Returns the first vertices of the two segments it searched (the main search skips them).
std::pair<std::uint32_t, std::uint32_t> seedWithNearestVertex(const PlaneBoundary& a, const geom::RingsView& b,
                                                              const geom::RingRun& run, const NearestPlane& plane,
                                                              ClosestPair& best) {
    const double cx = (a.envelope.minX + a.envelope.maxX) / 2, cy = (a.envelope.minY + a.envelope.maxY) / 2;
    const double scale = planeXScale(cy, plane);
    const double x0 = plane.geographic ? plane.lon0 : 0.0;
    double nearest2 = std::numeric_limits<double>::infinity();
    std::uint32_t vertex = run.first;
    for (std::uint32_t j = run.first; j < run.first + run.segments; ++j) {
        const double* v = b.xy + 2 * static_cast<std::size_t>(j);
        const double dx = (v[0] - x0) * scale - cx, dy = v[1] - cy;
        const double d2 = dx * dx + dy * dy;
        if (d2 < nearest2) {
            nearest2 = d2;
            vertex = j;
        }
    }
    const std::size_t ring =
        static_cast<std::size_t>(std::upper_bound(b.ringEnd, b.ringEnd + b.rings, vertex) - b.ringEnd);
    const std::uint32_t ringStart = ring > 0 ? b.ringEnd[ring - 1] : 0, ringEnd = b.ringEnd[ring];
    const auto at = [&](std::uint32_t j) { return b.xy + 2 * static_cast<std::size_t>(j); };
    // Rings are closed: the segment before the first vertex is the ring's last.
    const std::uint32_t before = vertex > ringStart ? vertex - 1 : ringEnd - 2;
    segmentAgainstAll(a, at(before), plane, best);
    segmentAgainstAll(a, at(vertex), plane, best);
    return {before, vertex};
}

}  // namespace

void PlaneBoundary::assign(const GEOSGeometry* polygonal, const NearestPlane& plane) {
    thread_local std::vector<double> buffer;
    xy.clear();
    ringEnd.clear();
    appendPolygonal(polygonal, plane, *this, buffer);
    envelope = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    source = xy;
    for (std::size_t i = 0; i < xy.size(); i += 2) {
        if (plane.geographic) xy[i] = (xy[i] - plane.lon0) * xScale(xy[i + 1], plane);
        envelope.minX = std::min(envelope.minX, xy[i]);
        envelope.maxX = std::max(envelope.maxX, xy[i]);
        envelope.minY = std::min(envelope.minY, xy[i + 1]);
        envelope.maxY = std::max(envelope.maxY, xy[i + 1]);
    }
    segmentBoxes.clear();
    segmentFirst.clear();
    std::uint32_t start = 0;
    for (const std::uint32_t end : ringEnd) {
        for (std::uint32_t i = start; i + 1 < end; ++i) {
            const double* p = &xy[2 * static_cast<std::size_t>(i)];
            segmentBoxes.push_back(
                {std::min(p[0], p[2]), std::max(p[0], p[2]), std::min(p[1], p[3]), std::max(p[1], p[3])});
            segmentFirst.push_back(i);
        }
        start = end;
    }
}

double ClosestPair::widening() const {
    if (slack.base == 0 && slack.perUnit == 0 && slack.perUnit2 == 0) return 1;
    const double d = std::sqrt(distance2);
    return 1 + slack.base + slack.perUnit * d + slack.perUnit2 * d * d;
}

void ClosestPair::refreshReach() {
    const double widen = widening();
    reach2 = distance2 * widen * widen;
    // Both ways of taking a distance round within ~1e-14 of the magnitude; the margin is ten times that.
    const double reach = std::sqrt(reach2);
    const double loose = reach * (1 + 1e-12) + 1e-13 * (magnitude + reach);
    screen2 = loose * loose;
}

void ClosestPair::offer(double d2, const double* aSeg, double aFrac, const double* bSeg, double bFrac) {
    if (candidates != nullptr) {
        candidates->push_back({d2, aSeg, aFrac, bSeg, bFrac});
    }
    if (d2 < distance2) {
        distance2 = d2;
        found = true;
        aSegment = aSeg;
        aFraction = aFrac;
        bSegment = bSeg;
        bFraction = bFrac;
        refreshReach();
        // Those left behind by a much better pair go, so the list stays short.
        if (candidates != nullptr && candidates->size() > 64) {
            std::erase_if(*candidates, [&](const CandidatePair& c) { return c.distance2 >= reach2; });
        }
    }
}

void closestPoints(const PlaneBoundary& a, const geom::RingsView& b, const NearestPlane& plane, ClosestPair& best) {
    if (a.xy.empty() || b.rings == 0) {
        best.refreshReach();
        return;
    }
    // Every plane coordinate a pair involves is within this (b's x less the central meridian's,
    // scaled by at most 1/(1 − e²)).
    const double meridian = plane.geographic ? std::fabs(plane.lon0) : 0.0, scale = plane.geographic ? 1.01 : 1.0;
    best.magnitude = std::max({std::fabs(a.envelope.minX), std::fabs(a.envelope.maxX), std::fabs(a.envelope.minY),
                               std::fabs(a.envelope.maxY), (std::fabs(b.envelope.minX) + meridian) * scale,
                               (std::fabs(b.envelope.maxX) + meridian) * scale, std::fabs(b.envelope.minY),
                               std::fabs(b.envelope.maxY)});
    best.refreshReach();
    // b's plane x = (x − lon0)·planeXScale(y) lies within (x − lon0)·[cosMin, cosMax] over b's
    // latitudes (the scale falls as the mid-latitude's |φ| grows): runs and segments are rejected
    // on that interval before any cosine is taken. y is the same in both.
    const geom::Envelope& e = b.envelope;
    double cosMin = 1, cosMax = 1;
    if (plane.geographic) {
        const double low = (e.minY + plane.lat0) / 2, high = (e.maxY + plane.lat0) / 2;
        const double maxAbs = std::min(90.0, std::max(std::fabs(low), std::fabs(high)));
        const double minAbs = low <= 0 && high >= 0 ? 0.0 : std::min(std::fabs(low), std::fabs(high));
        // Widened by more than planeXScale's series may differ from std::cos (4e-15, test).
        cosMin = meridianScaledCos(maxAbs, plane.e2) * (1 - 1e-14);
        cosMax = meridianScaledCos(minAbs, plane.e2) * (1 + 1e-14);
    }
    // Of the plane x over b's latitudes at CRS x, the least (lo) and the greatest (hi). Both
    // rise with x, rounding included (x − lon0 and its product with a positive factor are
    // monotone; lo and hi change sign with x − lon0), so a box [x0, x1] spans lo(x0) to hi(x1).
    const auto lo = [&](double x) {
        if (!plane.geographic) return x;
        const double d = x - plane.lon0;
        return d >= 0 ? d * cosMin : d * cosMax;
    };
    const auto hi = [&](double x) {
        if (!plane.geographic) return x;
        const double d = x - plane.lon0;
        return d >= 0 ? d * cosMax : d * cosMin;
    };
    // The squared plane gap between a's envelope and the box [x0, x1] × [y0, y1] of b.
    const geom::Envelope& s = a.envelope;
    const auto gap2 = [&](double x0, double y0, double x1, double y1) {
        const double gy = std::max({0.0, y0 - s.maxY, s.minY - y1});
        const double gx = std::max({0.0, lo(x0) - s.maxX, s.minX - hi(x1)});
        return gx * gx + gy * gy;
    };
    // The nearest run seeds the best pair; then every run still within reach is searched.
    thread_local std::vector<double> gapStore;
    gapStore.resize(b.runCount);
    // Per run, gap² to a. Through a plain pointer: the thread-local's address is looked up (a
    // call, in a shared library) once, not at every run.
    double* const gaps = gapStore.data();
    std::size_t nearestRun = b.runCount;
    for (std::size_t r = 0; r < b.runCount; ++r) {
        const geom::Envelope& box = b.runs[r].box;
        gaps[r] = gap2(box.minX, box.minY, box.maxX, box.maxY);
        if (gaps[r] < best.reach2 && (nearestRun == b.runCount || gaps[r] < gaps[nearestRun])) {
            nearestRun = r;
            prefetchRun(b, b.runs[r]);
        }
    }
    if (nearestRun == b.runCount) return;
    // Every pair of the seed's two segments has been offered: searching them again finds nothing
    // new (an equal offer never replaces the best), and was a sixth of the pairs.
    const auto [seedBefore, seedAt] = seedWithNearestVertex(a, b, b.runs[nearestRun], plane, best);
    for (std::size_t r = 0; r < b.runCount; ++r)
        if (gaps[r] < best.reach2) prefetchRun(b, b.runs[r]);
    const PlaneBoundary::SegmentBox* const aBoxes = a.segmentBoxes.data();
    const std::size_t aSegments = a.segmentBoxes.size();
    // Kept across runs: a run's last vertex is the next one's first.
    std::size_t converted = std::numeric_limits<std::size_t>::max();  // vertex held in q[0..1]
    double q[4] = {0, 0, 0, 0};                                       // the segment in the plane
    for (std::size_t r = 0; r < b.runCount; ++r) {
        if (gaps[r] >= best.reach2) continue;
        const geom::RingRun& run = b.runs[r];
        for (std::uint32_t j = run.first; j < run.first + run.segments; ++j) {
            if (j == seedBefore || j == seedAt) continue;
            const double* v = b.xy + 2 * static_cast<std::size_t>(j);
            if (gap2(std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])) >=
                best.reach2) {
                continue;
            }
            const int pieces = piecesOf(v, plane);
            for (int k = 0; k < pieces; ++k) {
                if (pieces > 1) {
                    planePiece(v, k, pieces, plane, q);
                    converted = std::numeric_limits<std::size_t>::max();
                } else {
                    if (converted == j) {
                        q[0] = q[2];
                        q[1] = q[3];
                    } else {
                        planePoint(v, plane, q);
                    }
                    planePoint(v + 2, plane, q + 2);
                    converted = j + 1;
                }
                const double minX = std::min(q[0], q[2]), maxX = std::max(q[0], q[2]);
                const double minY = std::min(q[1], q[3]), maxY = std::max(q[1], q[3]);
                for (std::size_t n = 0; n < aSegments; ++n) {
                    const PlaneBoundary::SegmentBox& box = aBoxes[n];
                    const double px = std::max({0.0, box.minX - maxX, minX - box.maxX});
                    const double py = std::max({0.0, box.minY - maxY, minY - box.maxY});
                    if (px * px + py * py >= best.reach2) continue;
                    const std::size_t at = 2 * static_cast<std::size_t>(a.segmentFirst[n]);
                    segmentPair(&a.xy[at], &a.source[at], q, v, static_cast<double>(k) / pieces, 1.0 / pieces, best);
                }
            }
        }
    }
}

double meridianScaledCos(double lat, double e2) {
    // N/M = (1 − e² sin² φ)/(1 − e²): a degree of longitude · cos φ is that much longer than one
    // of latitude (0.45 % at 35°), enough to pick the wrong one of two nearly equal pairs.
    const double c = std::cos(lat * kDegree);
    return c * (1 - e2 * (1 - c * c)) / (1 - e2);
}

double planeXScale(double lat, const NearestPlane& plane) { return xScale(lat, plane); }

}  // namespace redline::analysis::detail

namespace redline::analysis {

NearestPlane NearestPlane::about(bool geographic, double lon0, double e2, double lat0) {
    NearestPlane plane{geographic, lon0, e2, lat0};
    if (std::fabs(lat0) <= detail::kSeriesMaxLatitude) {
        plane.cosLat0 = std::cos(lat0 * detail::kDegree);
        plane.sinLat0 = std::sin(lat0 * detail::kDegree);
        plane.inverseOneMinusE2 = 1 / (1 - e2);
    }
    return plane;
}

}  // namespace redline::analysis
