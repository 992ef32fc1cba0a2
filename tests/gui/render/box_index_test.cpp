// SPDX-License-Identifier: MIT
#include "redline/render/box_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace redline::render {
namespace {

// The index must return exactly what a brute-force scan returns, for any query.
TEST(BoxIndex, AgreesWithBruteForce) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> pos(0, 1000), size(0, 30);
    std::vector<Box> boxes;
    for (int i = 0; i < 5000; ++i) {
        const double x = pos(rng), y = pos(rng);
        boxes.push_back({x, y, x + size(rng), y + size(rng)});
    }
    boxes.push_back(Box{});  // an empty feature is never found
    const BoxIndex index(boxes);
    EXPECT_EQ(index.size(), boxes.size());
    for (int q = 0; q < 200; ++q) {
        const double x = pos(rng), y = pos(rng), w = size(rng) * q / 10;
        const Box query{x, y, x + w, y + w};
        std::vector<std::uint32_t> expected;
        for (std::uint32_t i = 0; i < boxes.size(); ++i)
            if (boxes[i].intersects(query)) expected.push_back(i);
        EXPECT_EQ(index.querySorted(query), expected) << "query " << q;
    }
}

TEST(BoxIndex, EmptyIndexAndEmptyQuery) {
    const BoxIndex empty(std::vector<Box>{});
    EXPECT_TRUE(empty.querySorted({0, 0, 1, 1}).empty());
    const BoxIndex one(std::vector<Box>{{0, 0, 1, 1}});
    EXPECT_TRUE(one.querySorted(Box{}).empty());
    EXPECT_EQ(one.querySorted({1, 1, 2, 2}).size(), 1u);  // touching counts, as for GEOS envelopes
}

}  // namespace
}  // namespace redline::render
