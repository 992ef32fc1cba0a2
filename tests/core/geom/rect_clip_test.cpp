// SPDX-License-Identifier: MIT
// clipByRectNear must return exactly what GEOS's clipByRect returns on the whole geometry:
// large spiky rings with holes and several parts, rectangles of every size and place around
// their boundaries, orientation either way.
#include "redline/geom/rect_clip.hpp"

#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <random>
#include <string>

#include "redline/geom/geos_context.hpp"
#include "redline/geom/rect_walk.hpp"

namespace redline::geom {
namespace {

// A star-shaped ring of `n` vertices around (cx, cy), radii in [r/3, r]; clockwise if asked.
std::string starRing(std::mt19937& rng, double cx, double cy, double r, int n, bool clockwise) {
    std::uniform_real_distribution<double> radius(r / 3, r);
    std::string text = "(";
    std::string first;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * (clockwise ? n - i : i) / n;
        const double k = radius(rng);
        const std::string p = fmt::format("{} {}", cx + k * std::cos(a), cy + k * std::sin(a));
        if (i == 0) first = p;
        text += p + ",";
    }
    return text + first + ")";
}

// clipByRectNear on g's flat rings alone, as the index keeps its features and pieces.
GeomPtr clipNear(const GEOSGeometry* g, const Envelope& rect) {
    RingStore store;
    const std::size_t i = store.add(g);
    return clipByRectNear(store.view(i), rect);
}

std::string randomPolygonal(std::mt19937& rng, int shape) {
    std::uniform_int_distribution<int> vertices(150, 3000);
    const bool cw = shape % 2 == 1;
    switch (shape % 4) {
        case 0:
        case 1:
            return "POLYGON(" + starRing(rng, 0, 0, 100, vertices(rng), cw) + ")";
        case 2:
            // A hole well inside the star's inner radius.
            return "POLYGON(" + starRing(rng, 0, 0, 100, vertices(rng), false) + "," +
                   starRing(rng, 0, 0, 25, vertices(rng), true) + ")";
        default:
            return "MULTIPOLYGON((" + starRing(rng, 0, 0, 100, vertices(rng), false) + "),(" +
                   starRing(rng, 300, 40, 80, vertices(rng), false) + "),(" + starRing(rng, -50, 200, 10, 40, false) +
                   "))";
    }
}

TEST(RectClip, SameAsGeosOnTheWholeGeometry) {
    std::mt19937 rng(21);
    // Rectangles centred around the first star's ring (radius 33–100) or anywhere near.
    std::uniform_real_distribution<double> angle(0, 2 * std::numbers::pi), ring(20, 110), place(-150, 400),
        size(0.01, 60);
    int identical = 0, nonEmpty = 0;
    for (int shape = 0; shape < 80; ++shape) {
        const GeomPtr g = fromWkt(randomPolygonal(rng, shape));
        for (int q = 0; q < 40; ++q) {
            const double a = angle(rng), r = ring(rng), w = size(rng), h = size(rng);
            const bool nearRing = q % 4 != 0;
            const double x = nearRing ? r * std::cos(a) - w / 2 : place(rng);
            const double y = nearRing ? r * std::sin(a) - h / 2 : place(rng) / 2;
            const Envelope rect{x, y, x + w, y + h};
            const GeomPtr expected = clipByRect(g.get(), rect);
            const GeomPtr actual = clipNear(g.get(), rect);
            const std::string where = fmt::format("shape {} rect {} {} {} {}", shape, x, y, x + w, y + h);
            ASSERT_EQ(toWkb(actual.get()) == toWkb(expected.get()) ? 1 : 0, 1)
                << where << "\n got " << toWkt(actual.get()).substr(0, 300) << "\n want "
                << toWkt(expected.get()).substr(0, 300);
            ++identical;
            if (!isEmpty(expected.get())) ++nonEmpty;
        }
    }
    EXPECT_EQ(identical, 80 * 40);
    EXPECT_GT(nonEmpty, 2000);  // most rectangles meet the shapes
}

TEST(RectClip, RectangleInsideAHoleOrAroundTheWholeShape) {
    std::mt19937 rng(4);
    const GeomPtr holed = fromWkt(randomPolygonal(rng, 2));
    for (const Envelope& rect : {Envelope{-1, -1, 1, 1}, Envelope{-500, -500, 500, 500}, Envelope{200, 200, 210, 210},
                                 Envelope{-8.5, -8.5, 8.5, 8.5}}) {
        const GeomPtr expected = clipByRect(holed.get(), rect);
        const GeomPtr actual = clipNear(holed.get(), rect);
        EXPECT_EQ(toWkb(actual.get()), toWkb(expected.get())) << rect.minX;
    }
    // Inside the hole: nothing; around everything: the whole polygon.
    EXPECT_TRUE(isEmpty(clipNear(holed.get(), {-1, -1, 1, 1}).get()));
    EXPECT_DOUBLE_EQ(planarArea(clipNear(holed.get(), {-500, -500, 500, 500}).get()), planarArea(holed.get()));
}

TEST(RectClip, KeepsTheRingsTopWhereGeosReadsItsOrientation) {
    // A "C" open to the right, counter-clockwise, starting on its inner top edge so that its
    // first 16 segments climb over the whole top and back down the left side. Their chord,
    // (60 80)→(0 20), would leave the inner edge (20 80)→(60 80), which runs east, as the ring's
    // top: GEOS would read the ring as clockwise and clip the wrong side.
    std::string ring =
        "(60 80,80 80,100 80,100 90,100 100,75 100,50 100,25 100,0 100,0 90,0 80,0 70,0 60,0 50,0 40,"
        "0 30,0 20,0 10,0 0";
    for (int i = 1; i <= 150; ++i) ring += fmt::format(",{} 0", i * 100.0 / 150);  // the bottom, dense
    ring += ",100 20,20 20,20 80,60 80)";
    const GeomPtr c = fromWkt("POLYGON(" + ring + ")");
    const Envelope rect{40, -5, 60, 10};  // across the bottom edge, far below the top
    const GeomPtr expected = clipByRect(c.get(), rect);
    const GeomPtr actual = clipNear(c.get(), rect);
    EXPECT_DOUBLE_EQ(planarArea(expected.get()), 200.0);
    EXPECT_EQ(toWkb(actual.get()), toWkb(expected.get())) << toWkt(actual.get());
}

TEST(RectClip, PolygonalFromRingsIsTheGeometry) {
    std::mt19937 rng(5);
    for (int shape = 0; shape < 4; ++shape) {  // a star each way, a star with a hole, three parts
        const GeomPtr g = fromWkt(randomPolygonal(rng, shape));
        RingStore store;
        const GeomPtr rebuilt = polygonalFromRings(store.view(store.add(g.get())));
        EXPECT_EQ(toWkb(rebuilt.get()), toWkb(g.get())) << shape;
    }
    for (const char* wkt : {"MULTIPOLYGON(((0 0,1 0,1 1,0 0)))", "POLYGON EMPTY", "MULTIPOLYGON EMPTY"}) {
        const GeomPtr g = fromWkt(wkt);
        RingStore store;
        EXPECT_EQ(toWkt(polygonalFromRings(store.view(store.add(g.get()))).get()), toWkt(g.get())) << wkt;
    }
    const GeomPtr small = fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2))");
    RingStore store;
    const RingsView view = store.view(store.add(small.get()));
    // A few runs only: clipped as it is, the hole cut by the rectangle's edge.
    const Envelope rect{3, 0, 20, 20};
    EXPECT_EQ(toWkb(clipByRectNear(view, rect).get()), toWkb(clipByRect(small.get(), rect).get()));
    EXPECT_DOUBLE_EQ(planarArea(clipByRectNear(view, rect).get()), 70.0 - 2.0);
}

// RingIndexedClipper (a site of many parts, a park of many holes) clips to exactly what GEOS's
// clipByRect returns on the whole geometry, reading only the rings near the rectangle.
TEST(RectClip, RingIndexedClipperSameAsGeos) {
    std::mt19937 rng(8);
    std::string parts = "MULTIPOLYGON(";
    std::string holed = "POLYGON((-5 -5,125 -5,125 125,-5 125,-5 -5)";
    for (int i = 0; i < 30; ++i) {
        for (int j = 0; j < 30; ++j) {
            const double x = 4.0 * i, y = 4.0 * j;
            parts += fmt::format("{}(({} {},{} {},{} {},{} {},{} {}),({} {},{} {},{} {},{} {}))", i + j > 0 ? "," : "",
                                 x, y, x + 3, y, x + 3, y + 3, x, y + 3, x, y, x + 1, y + 1, x + 1, y + 2, x + 2, y + 1,
                                 x + 1, y + 1);
            holed +=
                fmt::format(",({} {},{} {},{} {},{} {},{} {})", x, y, x, y + 2.5, x + 2.5, y + 2.5, x + 2.5, y, x, y);
        }
    }
    parts += ")";
    holed += ")";
    std::uniform_real_distribution<double> place(-10, 130), size(0.2, 15);
    for (const std::string& wkt : {parts, holed, std::string("POLYGON((0 0,10 0,10 10,0 10,0 0))")}) {
        const GeomPtr g = fromWkt(wkt);
        const RingIndexedClipper clipper(g.get());
        int nonEmpty = 0;
        for (int q = 0; q < 300; ++q) {
            const double x = place(rng), y = place(rng);
            const Envelope rect{x, y, x + size(rng), y + size(rng)};
            const GeomPtr expected = clipByRect(g.get(), rect);
            EXPECT_EQ(toWkb(clipper.clip(rect).get()), toWkb(expected.get()))
                << wkt.substr(0, 20) << " " << x << " " << y;
            if (!isEmpty(expected.get())) ++nonEmpty;
        }
        if (wkt.size() > 100) {  // the two of many rings
            EXPECT_GT(nonEmpty, 100);
        }
        EXPECT_TRUE(isEmpty(clipper.clip({200, 200, 210, 210}).get()));
        EXPECT_TRUE(clipper.polygonsNear({200, 200, 210, 210}).empty());
    }
}

// walkClipByRect on g's flat rings.
std::optional<GeomPtr> walkClip(const GEOSGeometry* g, const Envelope& rect) {
    RingStore store;
    const std::size_t i = store.add(g);
    return walkClipByRect(store.view(i), rect);
}

int holeCount(const GEOSGeometry* g) {
    int holes = 0;
    for (const auto& ring : polygonRings(g)) holes += ring.hole ? 1 : 0;
    return holes;
}

// The walk's answer against GEOS's clipByRect: valid, the same points (area and symmetric
// difference within `tolerance` of the rectangle's area), the same parts and holes. Where the
// coordinates are large (x ≈ 39.5e6), each crossing on the rectangle's boundary is rounded to
// a few of their units in the last place, by GEOS and the walk each their own way, which moves
// an area by up to that much times the boundary's length: allowed for too.
void expectSameAsGeos(const GEOSGeometry* g, const Envelope& rect, const GEOSGeometry* walked, double tolerance,
                      const std::string& where, bool symmetricDifference = true) {
    const GeomPtr expected = clipByRect(g, rect);
    const double magnitude =
        std::max({std::fabs(rect.minX), std::fabs(rect.maxX), std::fabs(rect.minY), std::fabs(rect.maxY)});
    const double perimeter = 2 * ((rect.maxX - rect.minX) + (rect.maxY - rect.minY));
    const double scale = (rect.maxX - rect.minX) * (rect.maxY - rect.minY) +
                         8 * magnitude * std::numeric_limits<double>::epsilon() * perimeter / tolerance;
    ASSERT_EQ(GEOSisValid_r(geosHandle(), walked), 1) << where << "\n" << toWkt(walked).substr(0, 400);
    EXPECT_NEAR(planarArea(walked), planarArea(expected.get()), tolerance * scale) << where;
    if (symmetricDifference) {  // GEOS's overlay of two near copies is slow: asked for some
        const GeomPtr difference(GEOSSymDifference_r(geosHandle(), walked, expected.get()));
        ASSERT_TRUE(difference) << where;
        EXPECT_LE(planarArea(difference.get()), tolerance * scale) << where;
    }
    const GeomPtr expectedPolygonal = polygonalPart(clone(expected.get()));
    const int parts = isEmpty(expectedPolygonal.get()) ? 0 : numGeometries(expectedPolygonal.get());
    EXPECT_EQ(isEmpty(walked) ? 0 : numGeometries(walked), parts) << where;
    EXPECT_EQ(holeCount(walked), holeCount(expectedPolygonal.get())) << where;
}

// Random stars (either way round, with a hole, three parts) and rectangles across their
// boundaries, at the coordinates of three kinds of data: metres near the origin, 3° Gauss–Krüger
// with its zone number (x ≈ 39.5e6 m) and lon/lat degrees (shapes 1e-3° across).
TEST(RectWalk, SamePointsAsGeosAtThreeMagnitudes) {
    struct Frame {
        double x0, y0, scale;
    };
    for (const Frame frame : {Frame{0, 0, 1}, Frame{39500000, 3500000, 1}, Frame{119.5, 32.3, 1e-5}}) {
        std::mt19937 rng(23);
        std::uniform_real_distribution<double> angle(0, 2 * std::numbers::pi), ring(20, 110), place(-150, 400),
            size(0.01, 60);
        int answered = 0, asked = 0, nonEmpty = 0;
        for (int shape = 0; shape < 60; ++shape) {
            // The shape in local units, then moved and scaled into the frame.
            const GeomPtr local = fromWkt(randomPolygonal(rng, shape));
            const auto transform = [](double* x, double* y, void* data) -> int {
                const auto* f = static_cast<const Frame*>(data);
                *x = f->x0 + *x * f->scale;
                *y = f->y0 + *y * f->scale;
                return 1;
            };
            Frame f = frame;
            const GeomPtr g(GEOSGeom_transformXY_r(geosHandle(), local.get(), transform, &f));
            ASSERT_TRUE(g);
            for (int q = 0; q < 40; ++q) {
                const double a = angle(rng), r = ring(rng), w = size(rng), h = size(rng);
                const bool nearRing = q % 4 != 0;
                const double x = nearRing ? r * std::cos(a) - w / 2 : place(rng);
                const double y = nearRing ? r * std::sin(a) - h / 2 : place(rng) / 2;
                const Envelope rect{frame.x0 + x * frame.scale, frame.y0 + y * frame.scale,
                                    frame.x0 + (x + w) * frame.scale, frame.y0 + (y + h) * frame.scale};
                ++asked;
                const std::optional<GeomPtr> walked = walkClip(g.get(), rect);
                if (!walked) continue;
                ++answered;
                if (!isEmpty(walked->get())) ++nonEmpty;
                expectSameAsGeos(g.get(), rect, walked->get(), 1e-9,
                                 fmt::format("frame {} shape {} rect {} {} {} {}", frame.x0, shape, x, y, x + w, y + h),
                                 q % 8 == 0);
            }
        }
        EXPECT_GT(answered, asked * 95 / 100) << frame.x0;
        EXPECT_GT(nonEmpty, asked / 2) << frame.x0;
    }
}

TEST(RectWalk, HolesAcrossTheRectangleAndRectanglesInsideShellsAndHoles) {
    const GeomPtr holed = fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))");
    const GeomPtr clockwise = fromWkt("POLYGON((0 0,0 10,10 10,10 0,0 0),(4 4,4 6,6 6,6 4,4 4))");
    for (const GEOSGeometry* g : {holed.get(), clockwise.get()}) {
        // Across the hole: the shell's and the hole's stretches joined along the rectangle.
        const Envelope across{5, -1, 20, 11};
        const auto cut = walkClip(g, across);
        ASSERT_TRUE(cut);
        EXPECT_DOUBLE_EQ(planarArea(cut->get()), 50.0 - 2.0);
        expectSameAsGeos(g, across, cut->get(), 1e-12, "across the hole");
        // Inside the shell, off the hole: the rectangle itself.
        const auto inside = walkClip(g, {1, 1, 3, 2});
        ASSERT_TRUE(inside);
        EXPECT_DOUBLE_EQ(planarArea(inside->get()), 2.0);
        // Inside the hole: nothing. Around the whole polygon: all of it, hole and all.
        const auto inHole = walkClip(g, {4.5, 4.5, 5.5, 5.5});
        ASSERT_TRUE(inHole);
        EXPECT_TRUE(isEmpty(inHole->get()));
        const auto around = walkClip(g, {-1, -1, 11, 11});
        ASSERT_TRUE(around);
        EXPECT_DOUBLE_EQ(planarArea(around->get()), 96.0);
        EXPECT_EQ(holeCount(around->get()), 1);
        // Around the hole alone: the rectangle less the hole.
        const auto aroundHole = walkClip(g, {3, 3, 7, 7});
        ASSERT_TRUE(aroundHole);
        EXPECT_DOUBLE_EQ(planarArea(aroundHole->get()), 16.0 - 4.0);
        // Apart: nothing.
        const auto apart = walkClip(g, {20, 20, 30, 30});
        ASSERT_TRUE(apart);
        EXPECT_TRUE(isEmpty(apart->get()));
    }
}

TEST(RectWalk, ACutIntoTwoPiecesGivesEachItsHole) {
    // A "U" cut across both arms: two pieces, each with the hole in its arm.
    const GeomPtr u = fromWkt(
        "POLYGON((0 0,30 0,30 30,20 30,20 10,10 10,10 30,0 30,0 0),(2 20,8 20,8 22,2 22,2 20),"
        "(22 20,28 20,28 24,22 24,22 20))");
    const Envelope rect{-1, 15, 31, 25};
    const auto cut = walkClip(u.get(), rect);
    ASSERT_TRUE(cut);
    EXPECT_EQ(numGeometries(cut->get()), 2);
    EXPECT_EQ(holeCount(cut->get()), 2);
    EXPECT_DOUBLE_EQ(planarArea(cut->get()), 2 * 100.0 - 12.0 - 24.0);
    expectSameAsGeos(u.get(), rect, cut->get(), 1e-12, "U");
}

TEST(RectWalk, DeclinesWhatRoundingCouldDecide) {
    const GeomPtr square = fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    // A vertex on the rectangle's line, an edge along it, a crossing at its corner.
    EXPECT_FALSE(walkClip(square.get(), {10, 2, 20, 4}));
    EXPECT_FALSE(walkClip(square.get(), {5, 10, 20, 20}));
    const GeomPtr diamond = fromWkt("POLYGON((5 0,10 5,5 10,0 5,5 0))");
    EXPECT_FALSE(walkClip(diamond.get(), {7.5, 7.5, 20, 20}));  // the edge passes through the corner
    // Clear of all that, it answers.
    EXPECT_TRUE(walkClip(square.get(), {5, 2, 20, 4}));
    EXPECT_TRUE(walkClip(diamond.get(), {7, 7, 20, 20}));
}

}  // namespace
}  // namespace redline::geom
