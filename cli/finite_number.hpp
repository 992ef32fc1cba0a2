// SPDX-License-Identifier: MIT
// Number validators that refuse NaN: CLI11's NonNegativeNumber and Range compare, and every
// comparison with NaN is false, so "--min-area nan" passed and was then ignored.
#pragma once

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <string>

namespace redline::cli {

// A finite number in [low, high].
inline CLI::Validator finiteIn(double low, double high) {
    return CLI::Validator(
        [low, high](std::string& text) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(text, value)) return fmt::format("{} is not a number", text);
            if (!std::isfinite(value) || value < low || value > high) {
                return std::isinf(high) ? fmt::format("{} is not a finite number of at least {}", text, low)
                                        : fmt::format("{} is not a number from {} to {}", text, low, high);
            }
            return {};
        },
        std::isinf(high) ? fmt::format("FINITE >= {}", low) : fmt::format("FINITE in [{} - {}]", low, high));
}

// A finite number ≥ 0.
inline CLI::Validator finiteNonNegative() { return finiteIn(0.0, HUGE_VAL); }

}  // namespace redline::cli
