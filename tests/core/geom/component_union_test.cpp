// SPDX-License-Identifier: MIT
// The union by components against GEOS's one big union of the same parts.
#include "redline/geom/component_union.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "redline/geom/geos_context.hpp"

namespace redline::geom {
namespace {

std::string square(double x, double y, double side) {
    return fmt::format("POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", x, y, x + side, y + side);
}

// A river corridor: a band 0.2 wide along a sine over x = 0 … 40, 2 × 2,000 vertices.
std::string corridor() {
    std::string lower, upper;
    constexpr int kSteps = 2000;
    for (int i = 0; i <= kSteps; ++i) {
        const double x = 40.0 * i / kSteps, y = 3 * std::sin(x / 4);
        lower += fmt::format("{}{} {}", i == 0 ? "" : ",", x, y - 0.1);
        upper = fmt::format("{} {},", x, y + 0.1) + upper;
    }
    return "POLYGON((" + lower + "," + upper + "0 -0.1))";
}

double planarArea(const GEOSGeometry* g) {
    double a = 0;
    EXPECT_EQ(GEOSArea_r(geosHandle(), g, &a), 1);
    return a;
}

TEST(ComponentUnion, AgreesWithOneBigUnionAndDependsOnThePartsAlone) {
    // Small squares along the corridor (some on it, some beside it, pairs overlapping each other),
    // listed before and after it, so the large part is both the earlier and the later of a pair.
    std::vector<GeomPtr> owned;
    for (int i = 0; i < 40; ++i) {
        const double x = i + 0.3, y = 3 * std::sin(x / 4) + (i % 3 == 0 ? 1.5 : -0.05);
        owned.push_back(fromWkt(square(x, y, 0.1)));
        if (i % 5 == 0) owned.push_back(fromWkt(square(x + 0.05, y + 0.05, 0.1)));  // overlaps the last
        if (i == 20) owned.push_back(fromWkt(corridor()));
    }
    std::vector<const GEOSGeometry*> parts;
    for (const auto& p : owned) parts.push_back(p.get());

    std::vector<GeomPtr> oneThread, twoThreads;
    tbb::task_arena(1).execute([&] { oneThread = unionComponents(parts); });
    tbb::task_arena(2).execute([&] { twoThreads = unionComponents(parts); });

    std::vector<GeomPtr> copies;
    for (const auto* p : parts) copies.push_back(clone(p));
    const GeomPtr big = unionAll(std::move(copies));
    double total = 0;
    for (const auto& polygon : oneThread) total += planarArea(polygon.get());
    EXPECT_NEAR(total, planarArea(big.get()), 1e-9 * planarArea(big.get()));
    EXPECT_EQ(static_cast<int>(oneThread.size()), numGeometries(big.get()));

    ASSERT_EQ(oneThread.size(), twoThreads.size());
    for (std::size_t i = 0; i < oneThread.size(); ++i) EXPECT_EQ(toWkt(oneThread[i].get()), toWkt(twoThreads[i].get()));
    // In the order of each cluster's first part: the first two squares overlap, beside the corridor.
    EXPECT_EQ(GEOSCovers_r(geosHandle(), oneThread.front().get(), parts[0]), 1);
    EXPECT_EQ(GEOSCovers_r(geosHandle(), oneThread.front().get(), parts[1]), 1);
    EXPECT_NEAR(planarArea(oneThread.front().get()), 0.02 - 0.0025, 1e-12);
}

}  // namespace
}  // namespace redline::geom
