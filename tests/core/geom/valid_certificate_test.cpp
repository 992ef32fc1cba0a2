// SPDX-License-Identifier: MIT
// The validity certificate may only vouch for what GEOS calls valid, and should vouch for most
// valid shapes in general position (else it saves nothing).
#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_context.hpp"
#include "redline/geom/validity.hpp"

namespace redline::geom {
namespace {

bool certified(const std::string& wkt) { return certainlyValid(fromWkt(wkt).get()); }
bool geosValid(const GEOSGeometry* g) { return GEOSisValid_r(geosHandle(), g) == 1; }

TEST(ValidCertificate, VouchesForPlainShapes) {
    EXPECT_TRUE(certified("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
    EXPECT_TRUE(certified("POLYGON((0 0,0 10,10 10,10 0,0 0))"));       // clockwise
    EXPECT_TRUE(certified("POLYGON((0 0,10 0,10 0,10 10,0 10,0 0))"));  // a repeated point
    EXPECT_TRUE(certified("POLYGON((0 0,5 0,10 0,10 10,0 10,0 0))"));   // straight on through a vertex
    EXPECT_TRUE(certified("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2),(6 6,6 8,8 8,6 6))"));
    EXPECT_TRUE(certified("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))"));
    // A part inside another part's hole.
    EXPECT_TRUE(certified("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,8 2,8 8,2 8,2 2)),((4 4,6 4,6 6,4 4)))"));
}

TEST(ValidCertificate, LeavesEverythingElseToGeos) {
    const char* cases[] = {
        "POLYGON((0 0,10 10,10 0,0 10,0 0))",                                              // bow-tie
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,12 2,12 4,2 4,2 2))",                      // hole crossing the shell
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(20 20,22 20,22 22,20 20))",                    // hole outside
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,9 1,9 9,1 9,1 1),(2 2,3 2,3 3,2 2))",      // nested holes
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(0 0,2 1,1 2,0 0))",                            // hole touching the shell
        "POLYGON((0 0,10 0,10 10,5 10,5 12,5 10,0 10,0 0))",                               // a spike
        "POLYGON((0 0,10 0,5 0,0 0))",                                                     // no area
        "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((2 2,3 2,3 3,2 2)))",                   // nested shells
        "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((5 5,15 5,15 15,5 15,5 5)))",           // overlapping parts
        "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((10 0,20 0,20 10,10 10,10 0)))",        // sharing an edge
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2),(2 2,4 2,4 4,2 4,2 2))",  // duplicate holes
        "POLYGON EMPTY",
        "LINESTRING(0 0,1 1)",
    };
    for (const char* wkt : cases) {
        GeomPtr g = fromWkt(wkt);
        EXPECT_FALSE(certainlyValid(g.get())) << wkt;
    }
    // Not proved is not invalid: a hole touching the shell at one point is valid for GEOS.
    EXPECT_FALSE(certified("POLYGON((0 0,10 0,10 10,0 10,0 0),(0 0,2 1,1 2,0 0))"));
    EXPECT_TRUE(checkValidity(fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(0 0,2 1,1 2,0 0))").get()).valid);
}

// With many parts or holes the rings are found through an index (it was a test of every ring
// against every other): the same verdicts as for few.
TEST(ValidCertificate, ManyPartsAndHolesGetTheSameVerdicts) {
    const auto square = [](double x, double y, double size) {
        return fmt::format("({0} {1},{2} {1},{2} {3},{0} {3},{0} {1})", x, y, x + size, y + size);
    };
    std::string parts, holes;
    for (int i = 0; i < 20; ++i) {
        for (int j = 0; j < 20; ++j) {
            parts.append(parts.empty() ? "(" : ",(").append(square(3 * i, 3 * j, 1)).append(")");
            holes.append(",").append(square(3 * i + 1, 3 * j + 1, 1));
        }
    }
    const std::string shell = square(0, 0, 61);
    EXPECT_TRUE(certified(fmt::format("MULTIPOLYGON({})", parts)));
    EXPECT_TRUE(certified(fmt::format("POLYGON({}{})", shell, holes)));
    // A part inside another (400 parts in all), a part inside a hole (fine), a hole in a hole.
    EXPECT_FALSE(certified(fmt::format("MULTIPOLYGON({},({}))", parts, square(30.2, 30.2, 0.5))));
    EXPECT_FALSE(certified(fmt::format("POLYGON({}{},{})", shell, holes, square(31.2, 31.2, 0.5))));
    EXPECT_TRUE(certified(fmt::format("MULTIPOLYGON(({}{}),({}))", shell, holes, square(31.2, 31.2, 0.5))));
}

// Runs that advance in x are proved simple in one pass; what lies between runs is still checked.
TEST(ValidCertificate, RunsAdvancingInXAreSimpleButTheirCrossingsAreCaught) {
    // A band whose top edge is a wave of 200 vertices going east and whose bottom edge comes
    // back west along a second wave: every run of both edges advances strictly in x.
    const auto band = [](double bottomLift) {
        std::vector<std::string> points;
        for (int i = 0; i <= 200; ++i) {
            const double x = 0.05 * i;
            points.push_back(fmt::format("{} {}", x, 2 + std::sin(x)));
        }
        for (int i = 200; i >= 0; --i) {
            const double x = 0.05 * i;
            // Lifted in the middle only: with a lift the bottom crosses the top there.
            const double lift = (x > 4 && x < 6) ? bottomLift : 0.0;
            points.push_back(fmt::format("{} {}", x, std::cos(x) * 0.5 + lift));
        }
        points.push_back(points.front());
        return fmt::format("POLYGON(({}))", fmt::join(points, ","));
    };
    const GeomPtr clean = fromWkt(band(0.0));
    EXPECT_TRUE(geosValid(clean.get()));
    EXPECT_TRUE(certainlyValid(clean.get()));
    const GeomPtr crossed = fromWkt(band(3.0));
    EXPECT_FALSE(geosValid(crossed.get()));
    EXPECT_FALSE(certainlyValid(crossed.get()));

    // A run going east, and the next one folding back west and south across it: consecutive
    // runs that advance in no common direction are checked pair by pair.
    std::vector<std::string> fold;
    for (int i = 0; i <= 16; ++i) fold.push_back(fmt::format("{} 0", i));
    for (int j = 1; j <= 16; ++j) fold.push_back(fmt::format("{} {}", 16 - j, 0.5 - 0.1 * j));
    fold.push_back(fold.front());
    const GeomPtr folded = fromWkt(fmt::format("POLYGON(({}))", fmt::join(fold, ",")));
    EXPECT_FALSE(geosValid(folded.get()));
    EXPECT_FALSE(certainlyValid(folded.get()));
}

// A star-shaped ring around (cx, cy); with `wild`, radii vary so much that it may cross itself.
std::string ring(std::mt19937& rng, double cx, double cy, double radius, int n, bool wild, bool reverse,
                 bool grid = false) {
    std::uniform_real_distribution<double> jitter(wild ? 0.05 : 0.5, 1.0), turn(-0.5, 0.5);
    std::vector<std::string> points;
    for (int i = 0; i < n; ++i) {
        double a = 2 * std::numbers::pi * i / n;
        if (wild) a += turn(rng) * 8 * std::numbers::pi / n;  // angles out of order: crossings
        if (reverse) a = -a;
        const double r = radius * jitter(rng);
        double x = cx + r * std::cos(a), y = cy + r * std::sin(a);
        if (grid) x = std::round(x), y = std::round(y);
        points.push_back(fmt::format("{:.7f} {:.7f}", x, y));
    }
    points.push_back(points.front());
    return fmt::format("({})", fmt::join(points, ","));
}

TEST(ValidCertificate, NeverVouchesForWhatGeosRejects) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> unit(0, 1);
    int validCount = 0, vouched = 0, invalidCount = 0;  // in general position (off the grid)
    for (int trial = 0; trial < 4000; ++trial) {
        const double cx = 119.5, cy = 32.0;
        const bool wild = trial % 3 == 0;
        std::string wkt;
        const std::string shell = ring(rng, cx, cy, 0.01, 8 + trial % 400, wild, false);
        switch (trial % 4) {
            case 0:
                wkt = fmt::format("POLYGON({})", shell);
                break;
            case 1: {  // holes at random places: inside, across the shell, overlapping each other
                const std::string h1 =
                    ring(rng, cx + (unit(rng) - 0.5) * 0.012, cy, 0.002 + 0.004 * unit(rng), 10, false, true);
                const std::string h2 = ring(rng, cx, cy + (unit(rng) - 0.5) * 0.012, 0.002, 12, false, false);
                wkt = fmt::format("POLYGON({},{},{})", shell, h1, h2);
                break;
            }
            case 2: {  // two parts, apart or overlapping
                const std::string other = ring(rng, cx + 0.012 + 0.012 * unit(rng), cy, 0.006, 30, false, false);
                wkt = fmt::format("MULTIPOLYGON(({}),({}))", shell, other);
                break;
            }
            default:  // on a coarse grid: touching and collinear vertices
                wkt = fmt::format("POLYGON({})", ring(rng, 0, 0, 12, 6 + trial % 20, wild, false, true));
                break;
        }
        GeomPtr g = fromWkt(wkt);
        const bool valid = geosValid(g.get());
        const bool proved = certainlyValid(g.get());
        if (proved) {
            EXPECT_TRUE(valid) << wkt;
        }
        if (trial % 4 == 3) continue;
        if (valid) {
            ++validCount;
            if (proved) ++vouched;
        } else {
            ++invalidCount;
        }
    }
    std::printf("valid %d (vouched for %d), invalid %d\n", validCount, vouched, invalidCount);
    EXPECT_GT(invalidCount, 500);
    EXPECT_GT(validCount, 1000);
    EXPECT_GT(vouched, validCount * 99 / 100);
}

// A zone whose meridian edges carry 100,000 vertices each: every run of an edge has the same x.
// (A sweep along x paired each run with all of its edge's: quadratic, 10 CPU s at 3.2 million
// vertices.) Valid, and with one vertex pushed across the other edge, not proved.
TEST(ValidCertificate, LongStraightMeridianEdges) {
    constexpr int kPerEdge = 100000;
    const auto zone = [&](bool crossing) {
        auto handle = geosHandle();
        GEOSCoordSequence* seq = GEOSCoordSeq_create_r(handle, 2 * kPerEdge + 1, 2);
        for (int i = 0; i < kPerEdge; ++i) {  // up the east edge, down the west one
            const double y = 24.0 + 6.0 * i / (kPerEdge - 1);
            const double east = crossing && i == kPerEdge / 2 ? 95.0 : 102.0;
            GEOSCoordSeq_setXY_r(handle, seq, static_cast<unsigned>(i), east, y);
            GEOSCoordSeq_setXY_r(handle, seq, static_cast<unsigned>(2 * kPerEdge - 1 - i), 96.0, y);
        }
        GEOSCoordSeq_setXY_r(handle, seq, 2 * kPerEdge, 102.0, 24.0);
        return GeomPtr(GEOSGeom_createPolygon_r(handle, GEOSGeom_createLinearRing_r(handle, seq), nullptr, 0));
    };
    const GeomPtr valid = zone(false);
    EXPECT_TRUE(certainlyValid(valid.get()));
    const GeomPtr crossing = zone(true);
    EXPECT_FALSE(geosValid(crossing.get()));
    EXPECT_FALSE(certainlyValid(crossing.get()));
}

}  // namespace
}  // namespace redline::geom
