// SPDX-License-Identifier: MIT
// Rounding a column of a table so that its rows add up exactly to its total as printed
// (largest-remainder rounding, 面积调平): the total is rounded once; each row is rounded down
// and the units still missing go to the rows that lost the most.
//   auto units = report::roundToTotal({0.3333, 0.3333, 0.3334}, 2);  // {33, 33, 34}: 1.00
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace redline::report {

// Each value in units of 10^-decimals; the last element is the total (= the sum of the rows).
[[nodiscard]] std::vector<std::int64_t> roundToTotal(std::span<const double> values, int decimals);

// "1234.5600" for units 12345600 at 4 decimals ("-0.0100" for -100 at 4).
[[nodiscard]] std::string formatUnits(std::int64_t units, int decimals);
[[nodiscard]] double unitsValue(std::int64_t units, int decimals);

}  // namespace redline::report
