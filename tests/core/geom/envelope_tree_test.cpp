// SPDX-License-Identifier: MIT
// The packed R-tree against brute force: window queries return exactly the intersecting items
// in order, and the best-first walk finds the nearest item, visiting nothing beyond its bound.
#include "redline/geom/envelope_tree.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

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

TEST(EnvelopeTree, BestFirstVisitsInTheOrderOfASortedScan) {
    // The visits must be exactly those of a scan over all items sorted by their bound that stops
    // at the first bound beyond the best so far: a nearest search's result may depend on the
    // order (each piece is searched within the best so far). Probes lie outside the items' field,
    // so no two items' bounds tie.
    std::mt19937 rng(11);
    const auto items = randomEnvelopes(rng, 5000);
    EnvelopeTree tree;
    tree.build(items);
    std::uniform_real_distribution<double> along(-200, 1200), beyond(1030, 1300);
    for (int p = 0; p < 300; ++p) {
        const double u = along(rng), v = beyond(rng);
        const Envelope probe = p % 2 == 0 ? Envelope{u, v, u, v} : Envelope{v, u, v + 5, u + 5};
        const auto bound = [&](const Envelope& e) { return gap(e, probe); };
        const auto distance = [&](std::size_t i) { return bound(items[i]) + static_cast<double>((i * 7919) % 13); };
        std::vector<std::size_t> sorted(items.size());
        for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = i;
        std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
            const double ba = bound(items[a]), bb = bound(items[b]);
            return ba != bb ? ba < bb : a < b;
        });
        std::vector<std::size_t> expected;
        double best = std::numeric_limits<double>::infinity();
        for (const std::size_t i : sorted) {
            if (bound(items[i]) > best) break;
            expected.push_back(i);
            best = std::min(best, distance(i));
        }
        std::vector<std::size_t> visits;
        double found = std::numeric_limits<double>::infinity();
        tree.bestFirst(bound, [&](std::size_t i) {
            visits.push_back(i);
            found = std::min(found, distance(i));
            return found;
        });
        EXPECT_EQ(visits, expected);
    }
}

}  // namespace
}  // namespace redline::geom
