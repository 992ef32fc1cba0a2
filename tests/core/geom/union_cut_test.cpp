// SPDX-License-Identifier: MIT
// The boundary walk of subject ∩ ∪windows against analytic shapes and against GEOS's overlay (a
// unary union of the windows, then the intersection): where it answers, its result must be
// valid and cover the same ground as GEOS's; where a case is not clear-cut it must decline.
#include "redline/geom/union_cut.hpp"

#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "redline/geom/geos_context.hpp"

namespace redline::geom {
namespace {

struct Case {
    GeomPtr subject;
    std::vector<GeomPtr> windows;

    [[nodiscard]] std::vector<const GEOSGeometry*> windowPointers() const {
        std::vector<const GEOSGeometry*> raw;
        for (const auto& w : windows) raw.push_back(w.get());
        return raw;
    }
    [[nodiscard]] std::optional<UnionCut> walk() const { return cutUnion(subject.get(), windowPointers()); }
    [[nodiscard]] GeomPtr cut() const {
        std::optional<UnionCut> walked = walk();
        return walked ? std::move(walked->geometry) : nullptr;
    }
    [[nodiscard]] GeomPtr windowsUnion() const {
        std::vector<GeomPtr> copies;
        for (const auto& w : windows) copies.push_back(clone(w.get()));
        const GeomPtr all = collection(GEOS_GEOMETRYCOLLECTION, std::move(copies));
        GeomPtr merged(GEOSUnaryUnion_r(geosHandle(), all.get()));
        if (!merged) throw std::runtime_error("GEOS union failed");
        return merged;
    }
    // GEOS's answer to the cover test the walk answers too.
    [[nodiscard]] bool unionCoversSubject() const {
        return GEOSCovers_r(geosHandle(), windowsUnion().get(), subject.get()) == 1;
    }
    // GEOS's answer: the windows' union, then its intersection with the subject.
    [[nodiscard]] GeomPtr reference() const {
        const GeomPtr merged = windowsUnion();
        GeomPtr cut(GEOSIntersection_r(geosHandle(), subject.get(), merged.get()));
        if (!cut) throw std::runtime_error("GEOS intersection failed");
        return polygonalPart(std::move(cut));
    }
};

Case makeCase(const std::string& subject, const std::vector<std::string>& windows) {
    Case c{fromWkt(subject), {}};
    for (const auto& w : windows) c.windows.push_back(fromWkt(w));
    return c;
}

bool valid(const GEOSGeometry* g) { return GEOSisValid_r(geosHandle(), g) == 1; }

double symmetricDifferenceArea(const GEOSGeometry* a, const GEOSGeometry* b) {
    GeomPtr d(GEOSSymDifference_r(geosHandle(), a, b));
    return d ? planarArea(d.get()) : std::numeric_limits<double>::infinity();  // GEOS failed: invalid input
}

int partCount(const GEOSGeometry* g) { return isEmpty(g) ? 0 : numGeometries(g); }

int holeCount(const GEOSGeometry* g) {
    int holes = 0;
    for (int i = 0; i < numGeometries(g); ++i) holes += GEOSGetNumInteriorRings_r(geosHandle(), geometryN(g, i));
    return holes;
}

// The cut of an analytic case: valid, of the expected area and parts, and GEOS's ground.
void expectCut(const Case& c, double area, int parts, int holes) {
    const GeomPtr cut = c.cut();
    ASSERT_TRUE(cut);
    EXPECT_TRUE(valid(cut.get())) << toWkt(cut.get());
    EXPECT_NEAR(planarArea(cut.get()), area, 1e-12 * std::max(area, 1.0)) << toWkt(cut.get());
    EXPECT_EQ(partCount(cut.get()), parts) << toWkt(cut.get());
    EXPECT_EQ(holeCount(cut.get()), holes) << toWkt(cut.get());
    const GeomPtr reference = c.reference();
    EXPECT_NEAR(planarArea(reference.get()), area, 1e-9 * std::max(area, 1.0));  // the case itself is right
    EXPECT_LE(symmetricDifferenceArea(cut.get(), reference.get()), 1e-12);
    // The same corners as GEOS's: a node left on a straight edge moves its geodesic area.
    EXPECT_EQ(numCoordinates(cut.get()), numCoordinates(reference.get())) << toWkt(cut.get());
}

const std::string kSquare = "POLYGON((0 0,10 0,10 10,0 10,0 0))";

TEST(UnionCut, TwoOverlappingSquaresInsideTheSubject) {
    expectCut(makeCase(kSquare, {"POLYGON((2 2,6 2,6 6,2 6,2 2))", "POLYGON((4 4,8 4,8 8,4 8,4 4))"}), 28, 1, 0);
    // Clockwise rings: the same ground.
    expectCut(makeCase("POLYGON((0 0,0 10,10 10,10 0,0 0))",
                       {"POLYGON((2 2,2 6,6 6,6 2,2 2))", "POLYGON((4 4,8 4,8 8,4 8,4 4))"}),
              28, 1, 0);
}

TEST(UnionCut, NoCornerWhereTheSubjectCrossesAWindowInsideAnother) {
    // The second window lies inside the first across the subject's top and bottom edges: the
    // cut is the rectangle [0,6]×[0,10], whose edges the second window's crossings do not split.
    const Case c = makeCase(kSquare, {"POLYGON((-5 -5,6 -5,6 15,-5 15,-5 -5))", "POLYGON((2 -2,4 -2,4 12,2 12,2 -2))"});
    expectCut(c, 60, 1, 0);
    EXPECT_EQ(numCoordinates(c.cut().get()), 5);
}

TEST(UnionCut, SubjectHalfCoveredByTwoOverlappingWindows) {
    // The first window covers [0,6]×[0,5]; the second [4,10] up to y = 5, but left of x = 7 only
    // up to the line from (4,3) to (7,5): 30 + 15 + ∫₆⁷ (3 + 2(x−4)/3) dx = 45 + 3 + 5/3.
    expectCut(makeCase(kSquare, {"POLYGON((-5 -5,6 -5,6 5,-5 5,-5 -5))", "POLYGON((4 -5,15 -5,15 5,7 5,4 3,4 -5))"}),
              48 + 5.0 / 3, 1, 0);
}

TEST(UnionCut, AWindowsHolePartlyFilledByAnother) {
    // The first window covers the subject but for a 6 × 6 hole; the second fills 3 × 4 of it.
    expectCut(makeCase(kSquare, {"POLYGON((-1 -1,11 -1,11 11,-1 11,-1 -1),(2 2,8 2,8 8,2 8,2 2))",
                                 "POLYGON((5 3,9 3,9 7,5 7,5 3))"}),
              100 - 36 + 12, 1, 1);
}

TEST(UnionCut, TwoCShapedWindowsEnclosingAHole) {
    // A C opening right ([2,12]×[2,18] less [6,12]×[6,14]) and one opening left ([10,18]×[3,17]
    // less [10,14]×[5,15]) whose arms overlap: together they ring a hole of 48 + 20. The
    // subject's edge x = 16 cuts the second C.
    const std::string left = "POLYGON((2 2,12 2,12 6,6 6,6 14,12 14,12 18,2 18,2 2))";
    const std::string right = "POLYGON((10 3,18 3,18 17,10 17,10 15,14 15,14 5,10 5,10 3))";
    expectCut(makeCase("POLYGON((0 0,16 0,16 20,0 20,0 0))", {left, right}), 112 + 44 - 8, 1, 1);
    // Inside a larger subject the result is the union itself.
    expectCut(makeCase("POLYGON((0 0,20 0,20 20,0 20,0 0))", {right, left}), 112 + 72 - 8, 1, 1);
}

TEST(UnionCut, WindowsApartInsideTheSubject) {
    expectCut(makeCase(kSquare, {"POLYGON((1 1,3 1,3 3,1 3,1 1))", "POLYGON((5 5,12 5,12 8,5 8,5 5))"}), 4 + 15, 2, 0);
}

TEST(UnionCut, NestedWindowsKeepTheirOwnHoles) {
    // A frame with a smaller frame in its hole: two polygons, the inner one's hole inside both
    // shells but belonging to the inner one.
    expectCut(makeCase(kSquare, {"POLYGON((1 1,9 1,9 9,1 9,1 1),(2 2,8 2,8 8,2 8,2 2))",
                                 "POLYGON((3 3,7 3,7 7,3 7,3 3),(4 4,6 4,6 6,4 6,4 4))"}),
              28 + 12, 2, 2);
    // The same frames cut by the subject's edge x = 5: each falls into a C.
    expectCut(makeCase("POLYGON((0 0,5 0,5 10,0 10,0 0))", {"POLYGON((1 1,9 1,9 9,1 9,1 1),(2 2,8 2,8 8,2 8,2 2))",
                                                            "POLYGON((3 3,7 3,7 7,3 7,3 3),(4 4,6 4,6 6,4 6,4 4))"}),
              14 + 6, 2, 0);
}

TEST(UnionCut, SubjectWhollyInsideAWindow) {
    const Case c = makeCase(kSquare, {"POLYGON((2 2,4 2,4 4,2 4,2 2))", "POLYGON((-5 -5,15 -5,15 15,-5 15,-5 -5))",
                                      "POLYGON((20 20,30 20,30 30,20 30,20 20))"});
    expectCut(c, 100, 1, 0);
    const GeomPtr cut = c.cut();
    EXPECT_EQ(GEOSEquals_r(geosHandle(), cut.get(), c.subject.get()), 1);
    EXPECT_TRUE(c.walk()->coversSubject);
}

TEST(UnionCut, SubjectCoveredByTwoWindowsAcrossItsEdges) {
    // The lower window reaches y = 6, the upper one down to y = 4: their union covers the
    // subject, though both boundaries cross its sides (inside the other window).
    const Case c =
        makeCase(kSquare, {"POLYGON((-5 -5,15 -5,15 6,-5 6,-5 -5))", "POLYGON((-5 4,15 4,15 15,-5 15,-5 4))"});
    expectCut(c, 100, 1, 0);
    EXPECT_TRUE(c.walk()->coversSubject);
    EXPECT_TRUE(c.unionCoversSubject());
    // A gap between them: not covered.
    const Case gap =
        makeCase(kSquare, {"POLYGON((-5 -5,15 -5,15 4,-5 4,-5 -5))", "POLYGON((-5 6,15 6,15 15,-5 15,-5 6))"});
    expectCut(gap, 80, 2, 0);
    EXPECT_FALSE(gap.walk()->coversSubject);
}

TEST(UnionCut, NothingKept) {
    // A window beside a triangle (their boxes meet), and one whose hole holds the subject.
    expectCut(makeCase("POLYGON((0 0,10 0,0 10,0 0))",
                       {"POLYGON((8 8,12 8,12 12,8 12,8 8))",
                        "POLYGON((-20 -20,30 -20,30 30,-20 30,-20 -20),(-10 -10,20 -10,20 20,-10 20,-10 -10))"}),
              0, 0, 0);
    // No window near the subject at all.
    expectCut(makeCase(kSquare, {"POLYGON((20 20,30 20,30 30,20 30,20 20))"}), 0, 0, 0);
    expectCut(makeCase(kSquare, {}), 0, 0, 0);
}

TEST(UnionCut, SubjectWithAHole) {
    const std::string holed = "POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))";
    // Two windows over the hole: where neither covers it, the hole opens onto the outside.
    expectCut(makeCase(holed, {"POLYGON((-1 -1,5 -1,5 11,-1 11,-1 -1))", "POLYGON((3 3,11 3,11 5,3 5,3 3))"}),
              48 + 12 - 3, 1, 0);
    // A window around it all: the subject, hole and all.
    expectCut(makeCase(holed, {"POLYGON((-1 -1,11 -1,11 11,-1 11,-1 -1))", "POLYGON((3 3,5 3,5 5,3 5,3 3))"}), 96, 1,
              1);
    // A ring of two windows around the hole: the hole stays a hole of the cut.
    expectCut(makeCase(holed, {"POLYGON((1 1,9 1,9 5,1 5,1 1))", "POLYGON((2 4.5,8 4.5,8 9,2 9,2 4.5))"}),
              32 + 27 - 3 - 4, 1, 1);
}

TEST(UnionCut, MultiPolygonSubject) {
    const std::string two = "MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0)),((6 0,10 0,10 4,6 4,6 0)))";
    expectCut(makeCase(two, {"POLYGON((2 1,8 1,8 3,2 3,2 1))"}), 8, 2, 0);
    expectCut(makeCase(two, {"POLYGON((2 1,8 1,8 3,2 3,2 1))", "POLYGON((-1 2,11 2,11 5,-1 5,-1 2))"}), 20, 2, 0);
}

TEST(UnionCut, DeclinesWhatIsNotClearCut) {
    // Windows sharing an edge, wholly or in part.
    EXPECT_FALSE(makeCase(kSquare, {"POLYGON((2 2,5 2,5 8,2 8,2 2))", "POLYGON((5 2,8 2,8 8,5 8,5 2))"}).cut());
    EXPECT_FALSE(makeCase(kSquare, {"POLYGON((2 2,5 2,5 8,2 8,2 2))", "POLYGON((5 3,8 3,8 7,5 7,5 3))"}).cut());
    // A window's vertex on the subject's edge, or its edge along the subject's.
    EXPECT_FALSE(makeCase(kSquare, {"POLYGON((5 0,8 5,2 5,5 0))", "POLYGON((1 1,2 1,2 2,1 1))"}).cut());
    EXPECT_FALSE(makeCase(kSquare, {"POLYGON((2 0,8 0,8 5,2 5,2 0))", "POLYGON((1 1,2 1,2 2,1 1))"}).cut());
    // Two windows touching at a vertex inside the subject.
    EXPECT_FALSE(makeCase(kSquare, {"POLYGON((2 2,5 2,5 5,2 5,2 2))", "POLYGON((5 5,8 5,8 8,5 8,5 5))"}).cut());
    // Three boundaries through one point: the windows' corners cross on the subject's edge.
    EXPECT_FALSE(makeCase(kSquare, {"POLYGON((2 -2,5 -2,5 2,2 2,2 -2))", "POLYGON((3 -3,7 3,7 -3,3 -3))"}).cut());
    // Or within rounding of one point, either way round; 0.005 apart they are clear.
    const std::string corner = "POLYGON((2 -2,5 -2,5 2,2 2,2 -2))";
    EXPECT_FALSE(makeCase(kSquare, {corner, "POLYGON((3 -3.0000000000001,7 3,7 -3,3 -3.0000000000001))"}).cut());
    EXPECT_FALSE(makeCase(kSquare, {corner, "POLYGON((3 -2.9999999999999,7 3,7 -3,3 -2.9999999999999))"}).cut());
    expectCut(makeCase(kSquare, {corner, "POLYGON((3 -2.99,7 3,7 -3,3 -2.99))"}), 6 + 3 + 0.005, 1, 0);
    // A window's vertex 1e-11° (a micrometre) inside the subject's edge, in degrees: too close
    // to trust; 1e-6° (a tenth of a metre) is clear.
    const std::string degrees = "POLYGON((120 30,120.01 30,120.01 30.01,120 30.01,120 30))";
    EXPECT_FALSE(makeCase(degrees, {"POLYGON((120.005 30.00000000001,120.02 29.99,120.02 30.005,"
                                    "120.005 30.00000000001))"})
                     .cut());
    EXPECT_TRUE(makeCase(degrees, {"POLYGON((120.005 30.000001,120.02 29.99,120.02 30.005,120.005 30.000001))"}).cut());
    // Not polygonal.
    EXPECT_FALSE(makeCase("LINESTRING(0 0,10 10)", {kSquare}).cut());
}

enum class Outline { Spiky, Smooth };

// A star-shaped ring of n vertices around (cx, cy): radii within [radius/2, radius], at random
// (spiky, crossing a neighbour's boundary again and again) or waving slowly (like a buffer or a
// parcel); angles jittered but increasing (counter-clockwise, or clockwise when `reverse`).
std::vector<std::pair<double, double>> starRing(std::mt19937& rng, double cx, double cy, double radius, int n,
                                                bool reverse, Outline outline = Outline::Spiky) {
    std::uniform_real_distribution<double> unit(0, 1);
    const double phase1 = 2 * std::numbers::pi * unit(rng), phase2 = 2 * std::numbers::pi * unit(rng);
    const int waves1 = std::uniform_int_distribution<int>(2, 4)(rng),
              waves2 = std::uniform_int_distribution<int>(5, 9)(rng);
    std::vector<std::pair<double, double>> points;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * (i + 0.5 * unit(rng)) / n * (reverse ? -1 : 1);
        const double wave = 0.75 + 0.15 * std::sin(waves1 * a + phase1) + 0.08 * std::sin(waves2 * a + phase2);
        const double r = radius * (outline == Outline::Spiky ? 0.5 + 0.5 * unit(rng) : wave + 0.02 * unit(rng));
        points.emplace_back(cx + r * std::cos(a), cy + r * std::sin(a));
    }
    return points;
}

// A convex ring of n vertices on an ellipse around (cx, cy).
std::vector<std::pair<double, double>> convexRing(std::mt19937& rng, double cx, double cy, double radius, int n) {
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<double> angles;
    for (int i = 0; i < n; ++i) angles.push_back(2 * std::numbers::pi * unit(rng));
    std::sort(angles.begin(), angles.end());
    const double squash = 0.4 + 0.6 * unit(rng), turn = std::numbers::pi * unit(rng);
    std::vector<std::pair<double, double>> points;
    for (const double a : angles) {
        const double u = radius * std::cos(a), v = squash * radius * std::sin(a);
        points.emplace_back(cx + u * std::cos(turn) - v * std::sin(turn), cy + u * std::sin(turn) + v * std::cos(turn));
    }
    return points;
}

std::string ringText(const std::vector<std::pair<double, double>>& ring) {
    std::string text = "(";
    for (const auto& [x, y] : ring) text += fmt::format("{:.17g} {:.17g},", x, y);
    return text + fmt::format("{:.17g} {:.17g})", ring.front().first, ring.front().second);
}

struct Magnitude {
    const char* name;
    double cx, cy;
    double minSize, maxSize;  // the subject's radius
    // Areas agree with GEOS's to this share of the subject's: both round each crossing to the
    // coordinates' spacing (~1e-14 at 118°), which for a pylon base of 1e-6° is 1e-8 of its size.
    double areaTolerance = 1e-9;
};

struct Tally {
    int handled = 0, declined = 0, cuts = 0, multi = 0, holed = 0, covered = 0;
};

// One random configuration: a convex or star-shaped subject (some with a hole) and 2–4
// star-shaped windows (some with a hole) around it, of sizes from a third to three times the
// subject's. Holes keep well inside their shell's smallest radius.
Case randomCase(std::mt19937& rng, const Magnitude& m) {
    std::uniform_real_distribution<double> unit(0, 1);
    const auto between = [&](double lo, double hi) { return lo * std::pow(hi / lo, unit(rng)); };
    const auto count = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const double size = between(m.minSize, m.maxSize);
    const double sx = m.cx + (unit(rng) - 0.5) * m.maxSize, sy = m.cy + (unit(rng) - 0.5) * m.maxSize;
    const int subjectVertices = count(4, 40);
    const bool convex = unit(rng) < 0.4;
    std::string subject = ringText(convex ? convexRing(rng, sx, sy, size, subjectVertices)
                                          : starRing(rng, sx, sy, size, subjectVertices, false));
    if (!convex && subjectVertices >= 10 && unit(rng) < 0.3) {
        subject += ",";
        subject += ringText(starRing(rng, sx, sy, size * between(0.1, 0.3), count(4, 20), true));
    }
    Case c{fromWkt(fmt::format("POLYGON({})", subject)), {}};
    const int windows = count(2, 4);
    const Outline outline = unit(rng) < 0.5 ? Outline::Spiky : Outline::Smooth;
    for (int w = 0; w < windows; ++w) {
        const double radius = size * between(1.0 / 3, 3.0);
        const double reach = 0.9 * (size + radius) * unit(rng), angle = 2 * std::numbers::pi * unit(rng);
        const double wx = sx + reach * std::cos(angle), wy = sy + reach * std::sin(angle);
        std::string text = ringText(starRing(rng, wx, wy, radius, count(10, 300), false, outline));
        if (unit(rng) < 0.3) {
            text += ",";
            text += ringText(starRing(rng, wx + 0.03 * radius * unit(rng), wy, radius * between(0.1, 0.3), count(4, 40),
                                      true, outline));
        }
        c.windows.push_back(fromWkt(fmt::format("POLYGON({})", text)));
    }
    return c;
}

void checkAgainstGeos(const Case& c, int trial, double areaTolerance, Tally& tally) {
    std::optional<UnionCut> walked = c.walk();
    if (!walked) {
        ++tally.declined;
        return;
    }
    const GeomPtr cut = std::move(walked->geometry);
    ++tally.handled;
    EXPECT_EQ(walked->coversSubject, c.unionCoversSubject()) << trial;
    if (walked->coversSubject) ++tally.covered;
    const GeomPtr reference = c.reference();
    const double subjectArea = planarArea(c.subject.get()), area = planarArea(reference.get());
    if (area > 0 && area < subjectArea * (1 - 1e-9)) ++tally.cuts;
    if (typeId(cut.get()) == GEOS_MULTIPOLYGON) ++tally.multi;
    if (holeCount(cut.get()) > 0) ++tally.holed;
    EXPECT_TRUE(valid(cut.get())) << trial << ": " << toWkt(cut.get());
    EXPECT_NEAR(planarArea(cut.get()), area, areaTolerance * subjectArea) << trial;
    EXPECT_LE(symmetricDifferenceArea(cut.get(), reference.get()), areaTolerance * subjectArea) << trial;
    // A valid polygonal geometry has one form: the same polygons and holes as GEOS's.
    EXPECT_EQ(partCount(cut.get()), partCount(reference.get())) << trial;
    EXPECT_EQ(holeCount(cut.get()), holeCount(reference.get())) << trial;
    EXPECT_EQ(numCoordinates(cut.get()), numCoordinates(reference.get())) << trial << ": " << toWkt(cut.get());
}

TEST(UnionCut, AgreesWithGeosOnRandomConfigurations) {
    const Magnitude magnitudes[] = {{"lon/lat", 118.5, 32.0, 1e-4, 1e-2},
                                    {"projected", 500000, 3500000, 10, 1000},
                                    {"3° Gauss–Krüger with its zone number", 39500000, 3500000, 10, 1000},
                                    {"pylon bases in lon/lat", 118.5, 32.0, 1e-6, 1e-5, 1e-7}};
    std::mt19937 rng(20240611);
    constexpr int kTrials = 1000;  // per magnitude
    for (const Magnitude& m : magnitudes) {
        Tally tally;
        for (int trial = 0; trial < kTrials; ++trial) {
            const Case c = randomCase(rng, m);
            ASSERT_TRUE(valid(c.subject.get()));
            for (const auto& w : c.windows) ASSERT_TRUE(valid(w.get())) << toWkt(w.get());
            checkAgainstGeos(c, trial, m.areaTolerance, tally);
        }
        std::printf(
            "%s: handled %d of %d (%.1f %%): %d cuts, %d multipolygons, %d with holes, %d covered; declined %d\n",
            m.name, tally.handled, kTrials, 100.0 * tally.handled / kTrials, tally.cuts, tally.multi, tally.holed,
            tally.covered, tally.declined);
        EXPECT_GE(tally.handled, kTrials * 9 / 10) << m.name;  // real-valued inputs are clear-cut
        EXPECT_GT(tally.cuts, kTrials / 3) << m.name;          // and the windows do cut the subjects
        EXPECT_GT(tally.covered, kTrials / 50) << m.name;      // or cover them
    }
}

// Shapes on a coarse grid share edges, vertices and crossing points all the time: the walk must
// decline those, and where it answers, still agree with GEOS. On integers the touches are exact;
// on a grid of 1e-4° near (118.5, 32) they are within rounding.
TEST(UnionCut, DeclinesOrAgreesOnGridSnappedShapes) {
    struct Grid {
        const char* name;
        double x0, y0, step;
    };
    const Grid grids[] = {{"integers", 0, 0, 1}, {"1e-4 degrees", 118.5, 32.0, 1e-4}};
    std::mt19937 rng(5);
    constexpr int kTrials = 1500;
    for (const Grid& g : grids) {
        const auto at = [&](int i, int j) { return std::pair<double, double>{g.x0 + i * g.step, g.y0 + j * g.step}; };
        const auto coordinate = [&] { return std::uniform_int_distribution<int>(0, 12)(rng); };
        // An axis-aligned rectangle or a triangle with corners on the grid (none degenerate).
        const auto shape = [&]() -> std::string {
            for (;;) {
                const int a = coordinate(), b = coordinate(), c = coordinate(), d = coordinate();
                if (rng() % 2 == 0) {
                    if (a == c || b == d) continue;
                    return fmt::format("POLYGON({})", ringText({at(a, b), at(c, b), at(c, d), at(a, d)}));
                }
                const int e = coordinate(), f = coordinate();
                if ((c - a) * (f - b) - (e - a) * (d - b) == 0) continue;
                return fmt::format("POLYGON({})", ringText({at(a, b), at(c, d), at(e, f)}));
            }
        };
        Tally tally;
        for (int trial = 0; trial < kTrials; ++trial) {
            Case c{fromWkt(shape()), {}};
            const int windows = std::uniform_int_distribution<int>(2, 4)(rng);
            for (int w = 0; w < windows; ++w) c.windows.push_back(fromWkt(shape()));
            checkAgainstGeos(c, trial, 1e-9, tally);
        }
        std::printf("%s: handled %d of %d (%d cuts), declined %d\n", g.name, tally.handled, kTrials, tally.cuts,
                    tally.declined);
        EXPECT_GT(tally.cuts, kTrials / 20) << g.name;  // some are clear-cut all the same
        EXPECT_GT(tally.declined, kTrials / 20) << g.name;
    }
}

}  // namespace
}  // namespace redline::geom
