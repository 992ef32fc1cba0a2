// SPDX-License-Identifier: MIT
#include "redline/geom/subdivide.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "redline/geom/geometry.hpp"
#include "testing.hpp"

namespace redline::geom {
namespace {

using testing::planarArea;

// A ring-shaped polygon (annulus) with many vertices: big enough to need cutting.
std::string annulus(int n) {
    const auto ringWkt = [n](double r, bool reverse) {
        std::string s = "(";
        for (int i = 0; i <= n; ++i) {
            const double t = 2 * std::numbers::pi * (reverse ? n - i : i) / n;
            s += fmt::format("{}{:.9f} {:.9f}", i ? "," : "", r * std::cos(t), r * std::sin(t));
        }
        return s + ")";
    };
    return "POLYGON(" + ringWkt(10, false) + "," + ringWkt(4, true) + ")";
}

TEST(Subdivide, PiecesAreSmallAndTileTheOriginal) {
    GeomPtr g = fromWkt(annulus(4000));
    ASSERT_GT(numCoordinates(g.get()), 8000);
    std::vector<GeomPtr> pieces = subdivide(g.get(), 256);
    ASSERT_GT(pieces.size(), 30u);
    double sum = 0;
    for (const auto& p : pieces) {
        EXPECT_LE(numCoordinates(p.get()), 256);
        sum += planarArea(p.get());
    }
    // Pieces come from rectangle clipping: they neither overlap nor leave gaps, so their areas
    // add up to the original's up to rounding of the cut points.
    EXPECT_NEAR(sum, planarArea(g.get()), 1e-9 * planarArea(g.get()));
    std::vector<GeomPtr> copy;
    for (const auto& p : pieces) copy.push_back(clone(p.get()));
    GeomPtr merged = unionAll(std::move(copy));
    GeomPtr symmetricDifference(GEOSSymDifference_r(geosHandle(), merged.get(), g.get()));
    EXPECT_LT(planarArea(symmetricDifference.get()), 1e-9 * planarArea(g.get()));
}

TEST(Subdivide, SmallPolygonStaysWhole) {
    GeomPtr g = fromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))");
    EXPECT_EQ(subdivide(g.get(), 256).size(), 1u);
}

TEST(Subdivide, MultiPolygonPartsAreCutSeparately) {
    GeomPtr g = fromWkt("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,6 5,6 6,5 6,5 5)))");
    EXPECT_EQ(subdivide(g.get(), 256).size(), 2u);
}

}  // namespace
}  // namespace redline::geom
