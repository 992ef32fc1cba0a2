// SPDX-License-Identifier: MIT
// appendFixed against fmt's "{:.Nf}", whose text subjects.csv has always had: ties (exact binary
// halves), signs and -0, subnormals, values near 2^52, infinities and NaN, and random values.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "fixed_decimal_p.hpp"

namespace redline::report::detail {
namespace {

std::string fixed(double v, int decimals) {
    fmt::memory_buffer out;
    appendFixed(out, v, decimals);
    return fmt::to_string(out);
}

void expectAsFmt(double v, int decimals) {
    EXPECT_EQ(fixed(v, decimals), fmt::format("{:.{}f}", v, decimals)) << fmt::format("{:.17g} to {}", v, decimals);
}

TEST(FixedDecimal, EdgeValuesAsFmtWritesThem) {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> values{0.0,
                                     0.5,
                                     1.5,
                                     2.5,
                                     0.125,
                                     0.375,
                                     0.0625,
                                     1e-300,
                                     5e-324,
                                     0.0005,
                                     99.99995,
                                     1.0005,
                                     2.675,
                                     1.005,
                                     1e-9,
                                     5e-10,
                                     0.9999999995,
                                     4503599627370495.5,
                                     9007199254740991.0,
                                     1e16,
                                     1e300,
                                     inf,
                                     std::numeric_limits<double>::quiet_NaN()};
    for (const double v : values) {
        for (int decimals = 0; decimals <= 10; ++decimals) {
            expectAsFmt(v, decimals);
            expectAsFmt(-v, decimals);
        }
    }
}

TEST(FixedDecimal, ExactHalvesRoundToEvenAsFmt) {
    for (int k = 0; k < 20000; ++k) {
        const double v = (2.0 * k + 1) / std::ldexp(1.0, 1 + k % 12);
        for (int decimals = 0; decimals <= 9; ++decimals) expectAsFmt(v, decimals);
    }
}

TEST(FixedDecimal, RandomValuesAsFmt) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int i = 0; i < 200000; ++i) {
        double v = 0;
        switch (i % 4) {
            case 0:
                v = unit(rng) * 1e6;
                break;
            case 1:
                v = std::ldexp(unit(rng), static_cast<int>(rng() % 120) - 60);
                break;
            case 2:
                v = std::bit_cast<double>(rng());  // any bits: huge, tiny, negative, NaN
                break;
            default:
                v = std::round(unit(rng) * 1e9) / 1e3;  // next to a tie at 3 decimals
        }
        for (const int decimals : {3, 4, 7, 8}) expectAsFmt(v, decimals);
    }
}

}  // namespace
}  // namespace redline::report::detail
