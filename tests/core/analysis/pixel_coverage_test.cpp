// SPDX-License-Identifier: MIT
// Pixel coverage against areas known on paper and against GEOS's exact clip of each pixel.
#include "redline/analysis/pixel_coverage.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "redline/geom/geometry.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

std::vector<double> coverageOf(const std::string& wkt, int rows, int cols, int row0 = 0, int col0 = 0) {
    const PixelCoverage coverage(geom::polygonRings(geom::fromWkt(wkt).get()));
    std::vector<double> out;
    coverage.compute(row0, row0 + rows, col0, col0 + cols, out);
    return out;
}

// The fraction of each pixel that GEOS's exact clip of the polygon to the pixel covers.
std::vector<double> clippedCoverage(const std::string& wkt, int rows, int cols, int row0 = 0, int col0 = 0) {
    const geom::GeomPtr g = geom::fromWkt(wkt);
    std::vector<double> out;
    for (int r = row0; r < row0 + rows; ++r) {
        for (int c = col0; c < col0 + cols; ++c) {
            const geom::GeomPtr clip = geom::clipByRect(g.get(), {double(c), double(r), c + 1.0, r + 1.0});
            out.push_back(testing::planarArea(clip.get()));
        }
    }
    return out;
}

TEST(PixelCoverage, AlignedSquareCoversWholePixels) {
    const auto cov = coverageOf("POLYGON((1 1, 3 1, 3 2, 1 2, 1 1))", 3, 4);
    const std::vector<double> expected{0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0};
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(cov[i], expected[i], 1e-12) << i;
}

TEST(PixelCoverage, OffsetSquareCoversFractions) {
    // [0.25, 1.75] × [0.5, 1.5]: columns get 0.75 / 0.75, rows 0.5 / 0.5.
    const auto cov = coverageOf("POLYGON((0.25 0.5, 1.75 0.5, 1.75 1.5, 0.25 1.5, 0.25 0.5))", 2, 2);
    for (double v : cov) EXPECT_NEAR(v, 0.375, 1e-12);
}

TEST(PixelCoverage, OrientationAndHolesDoNotMatter) {
    const std::string ccw = "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 3, 3 3, 3 1, 1 1))";
    const std::string cw = "POLYGON((0 0, 0 4, 4 4, 4 0, 0 0), (1 1, 3 1, 3 3, 1 3, 1 1))";
    const auto a = coverageOf(ccw, 4, 4);
    const auto b = coverageOf(cw, 4, 4);
    for (std::size_t i = 0; i < a.size(); ++i) {
        const int r = static_cast<int>(i) / 4, c = static_cast<int>(i) % 4;
        const bool inHole = r >= 1 && r <= 2 && c >= 1 && c <= 2;
        EXPECT_NEAR(a[i], inHole ? 0.0 : 1.0, 1e-12);
        EXPECT_NEAR(b[i], a[i], 1e-12);
    }
}

TEST(PixelCoverage, TriangleMatchesExactClipping) {
    const std::string wkt = "POLYGON((0.3 0.2, 7.6 1.1, 2.2 5.9, 0.3 0.2))";
    const auto cov = coverageOf(wkt, 7, 9);
    const auto exact = clippedCoverage(wkt, 7, 9);
    for (std::size_t i = 0; i < cov.size(); ++i) EXPECT_NEAR(cov[i], exact[i], 1e-12) << i;
}

TEST(PixelCoverage, WindowCutsThePolygonExactly) {
    // A polygon reaching beyond every side of the window [2,6) × [3,7).
    const std::string wkt = "POLYGON((-1.5 0.3, 9.2 1.7, 7.7 9.4, 3.1 6.2, -0.6 8.8, -1.5 0.3))";
    const auto cov = coverageOf(wkt, 4, 4, 3, 2);
    const auto exact = clippedCoverage(wkt, 4, 4, 3, 2);
    for (std::size_t i = 0; i < cov.size(); ++i) EXPECT_NEAR(cov[i], exact[i], 1e-12) << i;
}

TEST(PixelCoverage, RandomStarsWithHolesMatchExactClipping) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> radius(3.0, 9.0);
    for (int trial = 0; trial < 20; ++trial) {
        // A star-shaped ring around (12.3, 11.7) with a small square hole.
        std::string wkt = "POLYGON((";
        constexpr int n = 40;
        std::vector<double> radii(n);
        for (double& r : radii) r = radius(rng);
        for (int i = 0; i <= n; ++i) {
            const double t = 2 * std::numbers::pi * (i % n) / n;
            const double r = radii[static_cast<std::size_t>(i % n)];
            wkt += fmt::format("{}{:.9f} {:.9f}", i == 0 ? "" : ",", 12.3 + r * std::cos(t), 11.7 + r * std::sin(t));
        }
        wkt += "),(11.1 10.9, 13.4 10.9, 13.4 12.2, 11.1 12.2, 11.1 10.9))";
        const auto cov = coverageOf(wkt, 24, 25);
        const auto exact = clippedCoverage(wkt, 24, 25);
        double sum = 0;
        for (std::size_t i = 0; i < cov.size(); ++i) {
            ASSERT_NEAR(cov[i], exact[i], 1e-10) << "trial " << trial << " pixel " << i;
            sum += cov[i];
        }
        EXPECT_NEAR(sum, testing::planarArea(geom::fromWkt(wkt).get()), 1e-9);
    }
}

}  // namespace
}  // namespace redline::analysis
