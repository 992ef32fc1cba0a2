// SPDX-License-Identifier: MIT
// relate() on flat rings against analytic cases and against GEOS's relate: where it answers it
// must agree with GEOS's intersects and containsProperly; it may only say Unknown near
// rounding, so rarely on shapes in general position.
#include "redline/geom/ring_store.hpp"

#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "redline/geom/geos_context.hpp"

namespace redline::geom {
namespace {

RingRelation relateWkt(const std::string& a, const std::string& b) {
    RingStore store;
    GeomPtr ga = fromWkt(a), gb = fromWkt(b);
    const std::size_t ia = store.add(ga.get()), ib = store.add(gb.get());
    return relate(store.view(ia), store.view(ib));
}

RingRelation geosRelation(const GEOSGeometry* a, const GEOSGeometry* b) {
    if (GEOSRelatePattern_r(geosHandle(), a, b, "T**FF*FF*") == 1) return RingRelation::ContainsProperly;
    return GEOSIntersects_r(geosHandle(), a, b) == 1 ? RingRelation::Intersects : RingRelation::Disjoint;
}

const char* name(RingRelation r) {
    switch (r) {
        case RingRelation::Disjoint:
            return "disjoint";
        case RingRelation::Intersects:
            return "intersects";
        case RingRelation::ContainsProperly:
            return "contains properly";
        case RingRelation::Unknown:
            return "unknown";
    }
    return "?";
}

constexpr const char* kSquare = "POLYGON((0 0,10 0,10 10,0 10,0 0))";
constexpr const char* kHoled = "POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))";

TEST(RingStore, AnalyticCases) {
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((2 2,3 2,3 3,2 2))"), RingRelation::ContainsProperly);
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((8 8,12 8,12 12,8 12,8 8))"), RingRelation::Intersects);
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((20 20,30 20,30 30,20 20))"), RingRelation::Disjoint);
    // Inside but touching the boundary: not properly inside.
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((0 2,3 2,3 3,0 3,0 2))"), RingRelation::Intersects);
    // Outside, sharing an edge or a single vertex: they meet.
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((10 0,12 0,12 10,10 10,10 0))"), RingRelation::Intersects);
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((10 10,12 10,12 12,10 10))"), RingRelation::Intersects);
    // The square inside the subject: they meet, and the subject is not inside.
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((-1 -1,11 -1,11 11,-1 11,-1 -1))"), RingRelation::Intersects);
    // Apart within the envelope of a concave feature.
    EXPECT_EQ(relateWkt("POLYGON((0 0,10 0,10 10,8 10,8 2,0 2,0 0))", "POLYGON((2 5,4 5,4 7,2 5))"),
              RingRelation::Disjoint);
}

TEST(RingStore, HolesAndParts) {
    // In the hole: apart. Around the hole, inside the shell: they meet, but the subject holds
    // the hole, so it is not inside.
    EXPECT_EQ(relateWkt(kHoled, "POLYGON((4.5 4.5,5.5 4.5,5 5.5,4.5 4.5))"), RingRelation::Disjoint);
    EXPECT_EQ(relateWkt(kHoled, "POLYGON((3 3,7 3,7 7,3 7,3 3))"), RingRelation::Intersects);
    EXPECT_EQ(relateWkt(kHoled, "POLYGON((1 1,3 1,3 3,1 1))"), RingRelation::ContainsProperly);
    // A subject with a hole that holds the feature: apart.
    EXPECT_EQ(relateWkt("POLYGON((4 4,6 4,6 6,4 6,4 4))", "POLYGON((0 0,10 0,10 10,0 10,0 0),(3 3,7 3,7 7,3 7,3 3))"),
              RingRelation::Disjoint);
    // A two-part subject: both parts inside, or one outside.
    EXPECT_EQ(relateWkt(kSquare, "MULTIPOLYGON(((1 1,2 1,2 2,1 1)),((5 5,6 5,6 6,5 5)))"),
              RingRelation::ContainsProperly);
    EXPECT_EQ(relateWkt(kSquare, "MULTIPOLYGON(((1 1,2 1,2 2,1 1)),((15 5,16 5,16 6,15 5)))"),
              RingRelation::Intersects);
    // A repeated vertex is no segment.
    EXPECT_EQ(relateWkt(kSquare, "POLYGON((2 2,3 2,3 2,3 3,2 2))"), RingRelation::ContainsProperly);
    // Exactly on an edge off the axes, which the error bound cannot decide: exact arithmetic
    // does (the coordinate differences are exact). Where they are not, Unknown rather than a guess.
    EXPECT_EQ(relateWkt("POLYGON((0 0,10 10,0 10,0 0))", "POLYGON((5 5,7 5,7 3,5 5))"), RingRelation::Intersects);
    EXPECT_EQ(relateWkt("POLYGON((0 0,10 10,0 10,0 0))", "POLYGON((5.5 5,7.5 7,8 6,5.5 5))"), RingRelation::Disjoint);
    EXPECT_EQ(relateWkt("POLYGON((0 0,1e20 1e20,0 1e20,0 0))", "POLYGON((0.1 0.1,0.3 0.1,0.3 0,0.1 0.1))"),
              RingRelation::Unknown);
}

// A star-shaped ring of n vertices around (cx, cy), as WKT coordinates, optionally on a grid.
std::string starRing(std::mt19937& rng, double cx, double cy, double radius, int n, bool reverse, double grid) {
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    std::vector<std::string> points;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * i / n * (reverse ? -1 : 1);
        const double r = radius * jitter(rng);
        double x = cx + r * std::cos(a), y = cy + r * std::sin(a);
        if (grid > 0) {
            x = std::round(x / grid) * grid;
            y = std::round(y / grid) * grid;
        }
        points.push_back(fmt::format("{:.9f} {:.9f}", x, y));
    }
    points.push_back(points.front());
    return fmt::format("({})", fmt::join(points, ","));
}

void compareWithGeos(double grid, int trials, int& answered, int& unknown, int counts[3], int& touching) {
    std::mt19937 rng(grid > 0 ? 5 : 7);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int trial = 0; trial < trials; ++trial) {
        const double cx = 119.5, cy = 32.0;
        const std::string shell = starRing(rng, cx, cy, 0.01, 20 + trial % 240, false, grid);
        const std::string hole = starRing(rng, cx + 0.001, cy, 0.003, 12, true, grid);
        const std::string other = starRing(rng, cx + 0.03, cy, 0.005, 30, false, grid);
        std::string feature = fmt::format("POLYGON({})", shell);
        if (trial % 3 == 1) feature = fmt::format("POLYGON({},{})", shell, hole);
        if (trial % 5 == 2) feature = fmt::format("MULTIPOLYGON(({}),({}))", shell, other);
        const double sx = cx + (unit(rng) - 0.5) * 0.03, sy = cy + (unit(rng) - 0.5) * 0.025;
        const double size = 0.0005 + 0.004 * unit(rng);
        const std::string site = trial % 4 == 3
                                     ? fmt::format("POLYGON({})", starRing(rng, sx, sy, size, 7, false, grid))
                                     : fmt::format("POLYGON({})", starRing(rng, sx, sy, size, 4, false, grid));
        GeomPtr a = fromWkt(feature), b = fromWkt(site);
        if (GEOSisValid_r(geosHandle(), a.get()) != 1 || GEOSisValid_r(geosHandle(), b.get()) != 1) continue;
        RingStore store;
        const std::size_t ia = store.add(a.get()), ib = store.add(b.get());  // views after the last add
        const RingRelation fast = relate(store.view(ia), store.view(ib));
        if (fast == RingRelation::Unknown) {
            ++unknown;
            continue;
        }
        ++answered;
        const RingRelation reference = geosRelation(a.get(), b.get());
        ++counts[static_cast<int>(reference)];
        if (GEOSTouches_r(geosHandle(), a.get(), b.get()) == 1) ++touching;
        EXPECT_EQ(name(fast), std::string(name(reference))) << feature << "\n" << site;
    }
}

TEST(RingStore, AgreesWithGeosOnRandomShapes) {
    int answered = 0, unknown = 0, counts[3] = {0, 0, 0}, touching = 0;
    compareWithGeos(0, 3000, answered, unknown, counts, touching);
    std::printf("answered %d (disjoint %d, intersects %d, inside %d), unknown %d\n", answered, counts[0], counts[1],
                counts[2], unknown);
    EXPECT_LT(unknown, 10);
    // Every relation occurs often enough to have been tested.
    for (int c : counts) EXPECT_GT(c, 200);
}

TEST(RingStore, AgreesWithGeosOnACoarseGrid) {
    // Vertices on a 100 m grid: many shapes touch along edges or at vertices (and many are
    // invalid, which are skipped).
    int answered = 0, unknown = 0, counts[3] = {0, 0, 0}, touching = 0;
    compareWithGeos(0.001, 3000, answered, unknown, counts, touching);
    std::printf("answered %d (disjoint %d, intersects %d of which touching %d, inside %d), unknown %d\n", answered,
                counts[0], counts[1], touching, counts[2], unknown);
    EXPECT_GT(answered, 600);
    EXPECT_GT(touching, 20);
}

}  // namespace
}  // namespace redline::geom
