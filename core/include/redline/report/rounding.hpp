// SPDX-License-Identifier: MIT
// Rounding a column of a table so that its rows add up exactly to its total as printed
// (largest-remainder rounding, 面积调平): the total is rounded once; each row is rounded down
// and the units still missing go to the rows that lost the most.
//   auto units = report::roundToTotal({0.3333, 0.3333, 0.3334}, 2);  // {33, 33, 34}: 1.00
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace redline::report {

// Each value in units of 10^-decimals; the last element is the total (= the sum of the rows).
[[nodiscard]] std::vector<std::int64_t> roundToTotal(std::span<const double> values, int decimals);
// As roundToTotal, but a row whose `fixed` is set prints those units: the same exact value as
// printed in another column of its row (a conflict equal to the site's area), so that it reads the
// same there. The other rows share what the total leaves them by largest remainder, each at most
// one unit from its value; when they cannot absorb it all, the total is the rows' sum as printed.
[[nodiscard]] std::vector<std::int64_t> roundToTotal(std::span<const double> values,
                                                     std::span<const std::optional<std::int64_t>> fixed, int decimals);

// "1234.5600" for units 12345600 at 4 decimals ("-0.0100" for -100 at 4).
[[nodiscard]] std::string formatUnits(std::int64_t units, int decimals);
[[nodiscard]] double unitsValue(std::int64_t units, int decimals);

}  // namespace redline::report
