// SPDX-License-Identifier: MIT
// A quick proof that a polygonal geometry is valid, for the common case of rings that neither
// cross nor touch anything: then validity is only where each ring lies. GEOS's IsValidOp builds a
// noded graph for every feature (~0.25 µs a vertex, most of the preparation time of a run);
// this is a sweep over runs of segments with exact-or-undecided orientation tests. Anything it
// cannot prove (a touch, a crossing, a case within rounding) is left to GEOS, which also gives
// the reason and location of a fault.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "orientation_p.hpp"
#include "redline/geom/envelope_tree.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_context.hpp"
#include "redline/geom/validity.hpp"

namespace redline::geom {
using namespace detail;
namespace {

constexpr std::uint32_t kRunSegments = 16;

struct FlatRing {
    std::uint32_t first = 0, end = 0;  // vertices [first, end), closed: the last repeats the first
    std::uint32_t firstRun = 0, runCount = 0;
    std::uint32_t polygon = 0;
    bool hole = false;
    Envelope box;
};

class Certifier {
  public:
    bool certify(const GEOSGeometry* g) {
        if (!load(g) || !boundariesApart()) return false;
        indexRings();
        return holesInTheirShells() && polygonsApart();
    }

  private:
    std::vector<double> xy_;
    std::vector<FlatRing> rings_;
    std::vector<RingRun> runs_;           // segment k joins vertices k and k + 1 (of xy_)
    std::vector<std::uint32_t> runRing_;  // the ring of each run
    std::vector<unsigned> advances_;      // of each run (advances), for boundariesApart
    std::vector<std::uint32_t> shells_;   // ring index of each polygon's shell

    const double* vertex(std::uint32_t k) const { return xy_.data() + 2 * static_cast<std::size_t>(k); }

    // Rings without repeated points; false for what only GEOS should judge (empty parts,
    // collections, non-finite coordinates, rings of fewer than three distinct points).
    bool load(const GEOSGeometry* g) {
        auto handle = geosHandle();
        std::vector<double> buffer;
        const auto addRing = [&](const GEOSGeometry* ring, bool hole) {
            copyRingCoordinates(ring, buffer);
            FlatRing r;
            r.first = static_cast<std::uint32_t>(xy_.size() / 2);
            r.polygon = static_cast<std::uint32_t>(shells_.size() - 1);
            r.hole = hole;
            for (std::size_t i = 0; i + 1 < buffer.size(); i += 2) {
                const double x = buffer[i], y = buffer[i + 1];
                if (!std::isfinite(x) || !std::isfinite(y)) return false;
                const std::size_t n = xy_.size();
                if (n / 2 > r.first && xy_[n - 2] == x && xy_[n - 1] == y) continue;
                xy_.push_back(x);
                xy_.push_back(y);
            }
            r.end = static_cast<std::uint32_t>(xy_.size() / 2);
            if (r.end - r.first < 4 || xy_[2 * r.first] != xy_[2 * r.end - 2] ||
                xy_[2 * r.first + 1] != xy_[2 * r.end - 1]) {
                return false;
            }
            r.firstRun = static_cast<std::uint32_t>(runs_.size());
            r.box = {xy_[2 * r.first], xy_[2 * r.first + 1], xy_[2 * r.first], xy_[2 * r.first + 1]};
            for (std::uint32_t k = r.first; k + 1 < r.end; k += kRunSegments) {
                RingRun run;
                runRing_.push_back(static_cast<std::uint32_t>(rings_.size()));
                run.first = k;
                run.segments = std::min(kRunSegments, r.end - 1 - k);
                run.box = {vertex(k)[0], vertex(k)[1], vertex(k)[0], vertex(k)[1]};
                for (std::uint32_t v = k + 1; v <= k + run.segments; ++v) {
                    run.box.minX = std::min(run.box.minX, vertex(v)[0]);
                    run.box.maxX = std::max(run.box.maxX, vertex(v)[0]);
                    run.box.minY = std::min(run.box.minY, vertex(v)[1]);
                    run.box.maxY = std::max(run.box.maxY, vertex(v)[1]);
                }
                r.box = {std::min(r.box.minX, run.box.minX), std::min(r.box.minY, run.box.minY),
                         std::max(r.box.maxX, run.box.maxX), std::max(r.box.maxY, run.box.maxY)};
                runs_.push_back(run);
            }
            r.runCount = static_cast<std::uint32_t>(runs_.size()) - r.firstRun;
            rings_.push_back(r);
            return true;
        };
        const auto addPolygon = [&](const GEOSGeometry* polygon) {
            if (GEOSisEmpty_r(handle, polygon) == 1) return false;
            shells_.push_back(static_cast<std::uint32_t>(rings_.size()));
            if (!addRing(GEOSGetExteriorRing_r(handle, polygon), false)) return false;
            const int holes = GEOSGetNumInteriorRings_r(handle, polygon);
            for (int i = 0; i < holes; ++i) {
                if (!addRing(GEOSGetInteriorRingN_r(handle, polygon, i), true)) return false;
            }
            return true;
        };
        const int type = typeId(g);
        if (type == GEOS_POLYGON) return addPolygon(g);
        if (type != GEOS_MULTIPOLYGON || numGeometries(g) == 0) return false;
        for (int i = 0; i < numGeometries(g); ++i) {
            if (!addPolygon(geometryN(g, i))) return false;
        }
        return true;
    }

    // Segments s < t of one ring that share a vertex: consecutive, or the ring's first and last.
    bool adjacent(std::uint32_t s, std::uint32_t t, const FlatRing& ring) const {
        return t == s + 1 || (s == ring.first && t == ring.end - 2);
    }

    // Consecutive segments meet only at their shared vertex unless they fold back on one line.
    bool turnIsClean(std::uint32_t s, std::uint32_t t) const {
        const double *p = nullptr, *shared = nullptr, *q = nullptr;
        if (t == s + 1) {
            p = vertex(s), shared = vertex(t), q = vertex(t + 1);
        } else {
            p = vertex(s + 1), shared = vertex(s), q = vertex(t);
        }
        const Sign turn = orientation(p, shared, q);
        if (turn == Sign::Positive || turn == Sign::Negative) return true;
        if (turn == Sign::Unknown) return false;
        // On one line: fine when the ring goes straight on through the shared vertex.
        return (shared[0] - p[0]) * (q[0] - shared[0]) + (shared[1] - p[1]) * (q[1] - shared[1]) > 0;
    }

    // The directions in which a run's vertices advance strictly: bit 0 east, 1 west, 2 north,
    // 3 south. A run advancing in one of them is simple: two segments of it that are not
    // consecutive lie in ranges apart along that axis, and consecutive ones meet only at their
    // vertex. So are two consecutive runs of a ring that advance the same way. Most runs of a real
    // boundary do (seven in ten of the benchmark's redlines), and this one pass spares their
    // segment pairs.
    unsigned advances(const RingRun& run) const {
        unsigned directions = 0;
        for (int axis = 0; axis < 2; ++axis) {
            bool rising = true, falling = true;
            for (std::uint32_t v = run.first; v < run.first + run.segments && (rising || falling); ++v) {
                const double here = vertex(v)[axis], next = vertex(v + 1)[axis];
                rising = rising && next > here;
                falling = falling && next < here;
            }
            directions |= (rising ? 1u : 0u) << (2 * axis);
            directions |= (falling ? 2u : 0u) << (2 * axis);
        }
        return directions;
    }

    bool runPairClean(std::uint32_t runA, std::uint32_t runB) const {
        const RingRun& a = runs_[runA];
        const RingRun& b = runs_[runB];
        const bool same = runA == runB;
        const bool sameRing = runRing_[runA] == runRing_[runB];
        const bool consecutive = sameRing && (b.first == a.first + a.segments || a.first == b.first + b.segments);
        if ((same || consecutive) && (advances_[runA] & advances_[runB]) != 0) return true;
        const FlatRing& ring = rings_[runRing_[runA]];
        std::array<Envelope, kRunSegments> boxesOfB;  // each computed once, not once per segment of a
        for (std::uint32_t t = b.first; t < b.first + b.segments; ++t) {
            boxesOfB[t - b.first] = segmentBox(vertex(t), vertex(t + 1));
        }
        for (std::uint32_t s = a.first; s < a.first + a.segments; ++s) {
            const Envelope box = same ? boxesOfB[s - a.first] : segmentBox(vertex(s), vertex(s + 1));
            if (!same && !box.intersects(b.box)) continue;
            for (std::uint32_t t = same ? s + 1 : b.first; t < b.first + b.segments; ++t) {
                if (!boxesOfB[t - b.first].intersects(box)) continue;
                const std::uint32_t lo = std::min(s, t), hi = std::max(s, t);
                if (sameRing && adjacent(lo, hi, ring)) {
                    if (!turnIsClean(lo, hi)) return false;
                } else if (segmentsMeet(vertex(s), vertex(s + 1), vertex(t), vertex(t + 1)) != Meet::No) {
                    return false;
                }
            }
        }
        return true;
    }

    // No two segments of any rings meet, but consecutive ones at their shared vertex. The pairs
    // of runs whose boxes meet come from a sweep along x, or for many runs from an R-tree of them:
    // the sweep pairs every run with all those overlapping it in x alone, quadratic along a
    // meridian (a zone's straight edge of 1.6 million vertices took 2.6 CPU s, twice that 10 s),
    // while the tree costs a site of a few runs more than the sweep (validate phase +40 % at M).
    bool boundariesApart() {
        advances_.resize(runs_.size());
        for (std::size_t r = 0; r < runs_.size(); ++r) advances_[r] = advances(runs_[r]);
        constexpr std::size_t kTreeRuns = 512;
        return runs_.size() < kTreeRuns ? runPairsCleanBySweep() : runPairsCleanByTree();
    }

    bool runPairsCleanBySweep() {
        std::vector<std::uint32_t> order(runs_.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return runs_[a].box.minX < runs_[b].box.minX; });
        for (std::size_t i = 0; i < order.size(); ++i) {
            const RingRun& a = runs_[order[i]];
            if (!runPairClean(order[i], order[i])) return false;
            for (std::size_t j = i + 1; j < order.size() && runs_[order[j]].box.minX <= a.box.maxX; ++j) {
                const RingRun& b = runs_[order[j]];
                if (b.box.minY <= a.box.maxY && a.box.minY <= b.box.maxY && !runPairClean(order[i], order[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    bool runPairsCleanByTree() {
        std::vector<Envelope> boxes(runs_.size());
        for (std::size_t r = 0; r < runs_.size(); ++r) boxes[r] = runs_[r].box;
        EnvelopeTree tree;
        tree.build(boxes);
        for (std::uint32_t a = 0; a < runs_.size(); ++a) {
            if (!runPairClean(a, a)) return false;
            for (const std::size_t b : tree.query(runs_[a].box)) {
                if (b > a && !runPairClean(a, static_cast<std::uint32_t>(b))) return false;
            }
        }
        return true;
    }

    // Where a point off every boundary lies against one ring.
    Location locate(const double* point, const FlatRing& ring) const {
        if (point[0] < ring.box.minX || point[0] > ring.box.maxX || point[1] < ring.box.minY ||
            point[1] > ring.box.maxY) {
            return Location::Outside;
        }
        return locateInRuns(point, xy_.data(), runs_.data() + ring.firstRun, ring.runCount);
    }

    // The rings whose envelope holds `point`. With thousands of parts or holes an R-tree finds
    // them: testing each ring against all the others was quadratic (100,000 parts: 20 s).
    std::vector<std::size_t> ringsAround(const double* point) const {
        const Envelope at{point[0], point[1], point[0], point[1]};
        if (indexed_) return ringTree_.query(at);
        std::vector<std::size_t> out;
        for (std::size_t r = 0; r < rings_.size(); ++r)
            if (rings_[r].box.intersects(at)) out.push_back(r);
        return out;
    }

    // With every ring apart: each hole inside its own shell and outside the polygon's other holes.
    bool holesInTheirShells() const {
        for (std::size_t h = 0; h < rings_.size(); ++h) {
            const FlatRing& hole = rings_[h];
            if (!hole.hole) continue;
            if (locate(vertex(hole.first), rings_[shells_[hole.polygon]]) != Location::Inside) return false;
            for (const std::size_t o : ringsAround(vertex(hole.first))) {
                if (o != h && rings_[o].hole && rings_[o].polygon == hole.polygon &&
                    locate(vertex(hole.first), rings_[o]) != Location::Outside)
                    return false;
            }
        }
        return true;
    }

    // With every ring apart: no polygon's shell inside another polygon's area (a hole of it is
    // fine), so the parts of a MultiPolygon are apart.
    bool polygonsApart() const {
        for (std::size_t j = 0; j < shells_.size(); ++j) {
            const double* v = vertex(rings_[shells_[j]].first);
            for (const std::size_t s : ringsAround(v)) {
                const FlatRing& shell = rings_[s];
                if (shell.hole || shell.polygon == j) continue;
                const Location inShell = locate(v, shell);
                if (inShell == Location::Unknown) return false;
                if (inShell == Location::Outside) continue;
                bool inHole = false;
                for (std::size_t o = s + 1; o < rings_.size() && rings_[o].polygon == shell.polygon; ++o) {
                    const Location where = locate(v, rings_[o]);
                    if (where == Location::Unknown) return false;
                    if (where == Location::Inside) inHole = true;
                }
                if (!inHole) return false;
            }
        }
        return true;
    }

    void indexRings() {
        constexpr std::size_t kIndexFrom = 64;  // rings; below, a scan is cheaper than a tree
        indexed_ = rings_.size() >= kIndexFrom;
        if (!indexed_) return;
        std::vector<Envelope> boxes;
        boxes.reserve(rings_.size());
        for (const FlatRing& r : rings_) boxes.push_back(r.box);
        ringTree_.build(boxes);
    }
    EnvelopeTree ringTree_;
    bool indexed_ = false;
};

}  // namespace

bool certainlyValid(const GEOSGeometry* g) {
    Certifier certifier;
    return certifier.certify(g);
}

}  // namespace redline::geom
