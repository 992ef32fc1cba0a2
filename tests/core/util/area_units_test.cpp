// SPDX-License-Identifier: MIT
#include "redline/util/area_units.hpp"

#include <gtest/gtest.h>

namespace redline {
namespace {

TEST(AreaUnits, HectaresAndMuAreExact) {
    EXPECT_EQ(hectares(15000.0), 1.5);
    EXPECT_EQ(mu(10000.0), 15.0);  // 1 亩 = 10000/15 m²
}

TEST(AreaUnits, APartEqualToItsWholeIsExactlyAHundredPercent) {
    // 100·x/x is 100.00000000000001 for this area (a site wholly inside a redline printed so).
    const double area = 2834748.6238531545;
    EXPECT_NE(100.0 * area / area, 100.0);
    EXPECT_EQ(percentOf(area, area), 100.0);
    EXPECT_EQ(percentOf(1.0, 4.0), 25.0);
    EXPECT_EQ(percentOf(1.0, 0.0), 0.0);
}

}  // namespace
}  // namespace redline
