// SPDX-License-Identifier: MIT
// The convex clip against analytic shapes and against GEOS's overlay: where it answers, its
// polygon must be valid, cover the same ground as GEOS's (symmetric difference ~0) and have the
// same vertices; where a case is not clear-cut it must decline.
#include "redline/geom/convex_clip.hpp"

#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>

#include "redline/geom/geos_context.hpp"

namespace redline::geom {
namespace {

GeomPtr wkt(const std::string& text) { return fromWkt(text); }

ConvexClipper clipperOf(const std::string& text) {
    GeomPtr g = wkt(text);
    auto clipper = ConvexClipper::of(g.get());
    if (!clipper) throw std::runtime_error("not convex: " + text);
    return *clipper;
}

double symmetricDifferenceArea(const GEOSGeometry* a, const GEOSGeometry* b) {
    GeomPtr d(GEOSSymDifference_r(geosHandle(), a, b));
    return d ? planarArea(d.get()) : -1;
}

TEST(ConvexClip, WindowCrossingTheSquareOnce) {
    const ConvexClipper square = clipperOf("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    GeomPtr cut = square.intersect(wkt("POLYGON((5 -5,20 -5,20 20,5 20,5 -5))").get());
    ASSERT_TRUE(cut);
    EXPECT_EQ(typeId(cut.get()), GEOS_POLYGON);
    EXPECT_DOUBLE_EQ(planarArea(cut.get()), 50.0);
    EXPECT_EQ(GEOSisValid_r(geosHandle(), cut.get()), 1);
    // The same window with a hole inside the square keeps the hole.
    GeomPtr holed = square.intersect(wkt("POLYGON((5 -5,20 -5,20 20,5 20,5 -5),(6 6,8 6,8 8,6 8,6 6))").get());
    ASSERT_TRUE(holed);
    EXPECT_DOUBLE_EQ(planarArea(holed.get()), 46.0);
    EXPECT_EQ(GEOSisValid_r(geosHandle(), holed.get()), 1);
    // A hole outside the square is no part of the cut.
    GeomPtr away = square.intersect(wkt("POLYGON((5 -5,20 -5,20 20,5 20,5 -5),(12 6,14 6,14 8,12 8,12 6))").get());
    ASSERT_TRUE(away);
    EXPECT_DOUBLE_EQ(planarArea(away.get()), 50.0);
    EXPECT_EQ(GEOSGetNumInteriorRings_r(geosHandle(), away.get()), 0);
}

TEST(ConvexClip, WholeCases) {
    const ConvexClipper square = clipperOf("POLYGON((0 0,0 10,10 10,10 0,0 0))");  // clockwise input
    // The window inside the square: itself.
    GeomPtr inside = square.intersect(wkt("POLYGON((2 2,4 2,4 4,2 4,2 2))").get());
    ASSERT_TRUE(inside);
    EXPECT_DOUBLE_EQ(planarArea(inside.get()), 4.0);
    // The square inside the window: the square.
    GeomPtr around = square.intersect(wkt("POLYGON((-5 -5,15 -5,15 15,-5 15,-5 -5))").get());
    ASSERT_TRUE(around);
    EXPECT_DOUBLE_EQ(planarArea(around.get()), 100.0);
    // The square inside the window, with a hole inside the square: the square less the hole.
    GeomPtr holed = square.intersect(wkt("POLYGON((-5 -5,15 -5,15 15,-5 15,-5 -5),(2 2,4 2,4 4,2 4,2 2))").get());
    ASSERT_TRUE(holed);
    EXPECT_DOUBLE_EQ(planarArea(holed.get()), 96.0);
    // The square inside the window's hole: nothing.
    GeomPtr inHole =
        square.intersect(wkt("POLYGON((-50 -50,50 -50,50 50,-50 50,-50 -50),(-5 -5,15 -5,15 15,-5 15,-5 -5))").get());
    ASSERT_TRUE(inHole);
    EXPECT_TRUE(isEmpty(inHole.get()));
    // Apart: nothing.
    GeomPtr apart = square.intersect(wkt("POLYGON((20 20,30 20,30 30,20 30,20 20))").get());
    ASSERT_TRUE(apart);
    EXPECT_TRUE(isEmpty(apart.get()));
}

TEST(ConvexClip, AWindowEnteringTwiceGivesTwoPolygons) {
    const ConvexClipper square = clipperOf("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    // A U whose two arms reach down into the square.
    GeomPtr cut = square.intersect(wkt("POLYGON((1 5,3 5,3 20,7 20,7 5,9 5,9 30,1 30,1 5))").get());
    ASSERT_TRUE(cut);
    EXPECT_EQ(typeId(cut.get()), GEOS_MULTIPOLYGON);
    EXPECT_EQ(numGeometries(cut.get()), 2);
    EXPECT_DOUBLE_EQ(planarArea(cut.get()), 20.0);
    EXPECT_EQ(GEOSisValid_r(geosHandle(), cut.get()), 1);
    // A bar passing through, in by one edge and out by the opposite one, and a second part.
    GeomPtr bars =
        square.intersect(wkt("MULTIPOLYGON(((-5 1,15 1,15 2,-5 2,-5 1)),((-5 8,15 8,15 9,-5 9,-5 8)))").get());
    ASSERT_TRUE(bars);
    EXPECT_EQ(numGeometries(bars.get()), 2);
    EXPECT_DOUBLE_EQ(planarArea(bars.get()), 20.0);
}

TEST(ConvexClip, DeclinesWhatIsNotClearCut) {
    const ConvexClipper square = clipperOf("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    // A vertex on the square's edge, an edge along it, a vertex on its corner.
    EXPECT_FALSE(square.intersect(wkt("POLYGON((5 0,15 -5,15 5,5 0))").get()));
    EXPECT_FALSE(square.intersect(wkt("POLYGON((2 0,8 0,8 -5,2 -5,2 0))").get()));
    EXPECT_FALSE(square.intersect(wkt("POLYGON((10 10,20 5,20 20,10 10))").get()));
    // A hole crossing the square's edge.
    EXPECT_FALSE(square.intersect(wkt("POLYGON((-5 -5,15 -5,15 15,-5 15,-5 -5),(5 5,20 5,20 6,5 6,5 5))").get()));
    // Not convex, or with a hole: no clipper.
    EXPECT_FALSE(ConvexClipper::of(wkt("POLYGON((0 0,10 0,5 2,10 10,0 10,0 0))").get()));
    EXPECT_FALSE(ConvexClipper::of(wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))").get()));
    // A densified side is still convex.
    EXPECT_TRUE(ConvexClipper::of(wkt("POLYGON((0 0,5 0,10 0,10 10,0 10,0 0))").get()));
    // A spike back along a side, or a ring that winds twice (a pentagram), is not.
    EXPECT_FALSE(ConvexClipper::of(wkt("POLYGON((0 0,10 0,5 0,10 0,10 10,0 10,0 0))").get()));
    EXPECT_FALSE(ConvexClipper::of(wkt("POLYGON((0 10,6 -8,-10 3,10 3,-6 -8,0 10))").get()));
    // A window vertex a micrometre inside an edge of a square in degrees: too close to trust.
    const ConvexClipper degrees = clipperOf("POLYGON((120 30,120.01 30,120.01 30.01,120 30.01,120 30))");
    EXPECT_FALSE(degrees.intersect(wkt("POLYGON((120.005 30.00000000001,120.02 29.99,120.02 30.005,"
                                       "120.005 30.00000000001))")
                                       .get()));
    EXPECT_TRUE(
        degrees.intersect(wkt("POLYGON((120.005 30.000001,120.02 29.99,120.02 30.005,120.005 30.000001))").get()));
}

// A star-shaped ring of n vertices around (cx, cy), as WKT coordinates.
std::string starRing(std::mt19937& rng, double cx, double cy, double radius, int n, bool reverse) {
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    std::vector<std::string> points;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * i / n * (reverse ? -1 : 1);
        const double r = radius * jitter(rng);
        points.push_back(fmt::format("{:.9f} {:.9f}", cx + r * std::cos(a), cy + r * std::sin(a)));
    }
    points.push_back(points.front());
    return fmt::format("({})", fmt::join(points, ","));
}

TEST(ConvexClip, AgreesWithGeosOnRandomShapes) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> unit(0, 1);
    int answered = 0, declined = 0, crossing = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        // lon/lat-like coordinates: a feature of ~1 km, a site of 100–400 m near it.
        const double cx = 119.5, cy = 32.0;
        const std::string shell = starRing(rng, cx, cy, 0.01, 50 + trial % 250, false);
        const std::string hole = starRing(rng, cx + 0.001, cy, 0.002, 12, true);
        GeomPtr feature = wkt(trial % 3 == 0 ? fmt::format("POLYGON({},{})", shell, hole)  // with a hole
                                             : fmt::format("POLYGON({})", shell));
        const double sx = cx + (unit(rng) - 0.5) * 0.025, sy = cy + (unit(rng) - 0.5) * 0.025;
        const double w = 0.001 + 0.003 * unit(rng), h = 0.001 + 0.003 * unit(rng), turn = unit(rng) * std::numbers::pi;
        std::vector<std::string> corners;
        for (int k = 0; k < 4; ++k) {
            const double u = (k == 1 || k == 2 ? 0.5 : -0.5) * w * (trial % 4 == 1 ? 0.6 + 0.8 * unit(rng) : 1.0);
            const double v = (k >= 2 ? 0.5 : -0.5) * h;
            corners.push_back(fmt::format("{:.9f} {:.9f}", sx + u * std::cos(turn) - v * std::sin(turn),
                                          sy + u * std::sin(turn) + v * std::cos(turn)));
        }
        corners.push_back(corners.front());
        GeomPtr site = wkt(fmt::format("POLYGON(({}))", fmt::join(corners, ",")));
        auto clipper = ConvexClipper::of(site.get());
        ASSERT_TRUE(clipper) << toWkt(site.get());
        GeomPtr fast = clipper->intersect(feature.get());
        GeomPtr reference = polygonalPart(intersection(feature.get(), site.get()));
        if (!fast) {
            ++declined;
            continue;
        }
        ++answered;
        const double siteArea = planarArea(site.get());
        const double area = planarArea(reference.get());
        if (area > 0 && area < siteArea * (1 - 1e-9)) ++crossing;
        EXPECT_EQ(GEOSisValid_r(geosHandle(), fast.get()), 1) << toWkt(fast.get());
        EXPECT_NEAR(planarArea(fast.get()), area, 1e-12 * siteArea) << trial;
        EXPECT_LE(symmetricDifferenceArea(fast.get(), reference.get()), 1e-12 * siteArea) << trial;
        EXPECT_EQ(numCoordinates(fast.get()), numCoordinates(reference.get())) << trial;
        EXPECT_EQ(numGeometries(fast.get()), numGeometries(reference.get())) << trial;
    }
    std::printf("answered %d (crossing %d), declined %d\n", answered, crossing, declined);
    EXPECT_GT(answered, 2700);  // declines are for near-touching cases only
    EXPECT_GT(crossing, 300);   // the shapes do cross the sites
    EXPECT_LT(declined, 300);
}

}  // namespace
}  // namespace redline::geom
