// SPDX-License-Identifier: MIT
// The packed R-tree against brute force: window queries return exactly the intersecting items
// in order, and the best-first walk finds the nearest item, visiting nothing beyond its bound.
#include "redline/geom/envelope_tree.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace redline::geom {
namespace {

std::vector<Envelope> randomEnvelopes(std::mt19937& rng, std::size_t n) {
    std::uniform_real_distribution<double> pos(0, 1000), size(0, 20);
    std::vector<Envelope> items;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = pos(rng), y = pos(rng);
        items.push_back({x, y, x + size(rng), y + size(rng)});
    }
    return items;
}

double gap(const Envelope& a, const Envelope& b) {
    const double dx = std::max({0.0, a.minX - b.maxX, b.minX - a.maxX});
    const double dy = std::max({0.0, a.minY - b.maxY, b.minY - a.maxY});
    return std::sqrt(dx * dx + dy * dy);
}

TEST(EnvelopeTree, QueriesMatchBruteForce) {
    std::mt19937 rng(3);
    for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 300u, 5000u}) {
        const auto items = randomEnvelopes(rng, n);
        EnvelopeTree tree;
        tree.build(items);
        const auto windows = randomEnvelopes(rng, 50);
        for (const Envelope& w : windows) {
            std::vector<std::size_t> expected;
            for (std::size_t i = 0; i < n; ++i) {
                if (items[i].intersects(w)) expected.push_back(i);
            }
            EXPECT_EQ(tree.query(w), expected) << n;
        }
    }
}

TEST(EnvelopeTree, BestFirstFindsTheNearestAndStopsAtItsBound) {
    std::mt19937 rng(5);
    const auto items = randomEnvelopes(rng, 3000);
    EnvelopeTree tree;
    tree.build(items);
    for (const Envelope& probe : randomEnvelopes(rng, 200)) {
        // Distance to an item: its envelope gap plus a per-item offset, so the bound is loose.
        const auto distance = [&](std::size_t i) { return gap(items[i], probe) + static_cast<double>(i % 7); };
        double expected = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < items.size(); ++i) expected = std::min(expected, distance(i));
        double best = std::numeric_limits<double>::infinity(), lastBound = 0;
        std::size_t visited = 0;
        tree.bestFirst([&](const Envelope& e) { return gap(e, probe); },
                       [&](std::size_t i) {
                           const double bound = gap(items[i], probe);
                           EXPECT_GE(bound, lastBound);  // ascending bounds
                           EXPECT_LE(bound, best);       // nothing beyond the best so far
                           lastBound = bound;
                           best = std::min(best, distance(i));
                           ++visited;
                           return best;
                       });
        EXPECT_EQ(best, expected);
        EXPECT_LT(visited, 200u);  // it prunes
    }
}

}  // namespace
}  // namespace redline::geom
