// SPDX-License-Identifier: MIT
#include "redline/report/rounding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace redline::report {

std::vector<std::int64_t> roundToTotal(std::span<const double> values, int decimals) {
    const double scale = std::pow(10.0, decimals);
    std::vector<std::int64_t> units(values.size() + 1, 0);
    double sum = 0;
    for (double v : values) sum += v * scale;
    const auto total = static_cast<std::int64_t>(std::llround(sum));
    std::vector<double> remainders(values.size());
    std::int64_t floored = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double scaled = values[i] * scale;
        const double down = std::floor(scaled);
        units[i] = static_cast<std::int64_t>(down);
        remainders[i] = scaled - down;
        floored += units[i];
    }
    // Hand the missing units to the largest remainders (ties: the earlier row), or take
    // surplus units back from the smallest ones (only when rounding the sum went down).
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    std::int64_t missing = total - floored;
    for (std::size_t k = 0; missing > 0 && !order.empty(); k = (k + 1) % order.size(), --missing) ++units[order[k]];
    for (std::size_t k = order.size(); missing < 0 && k-- > 0; ++missing) --units[order[k]];
    units.back() = total;
    return units;
}

std::vector<std::int64_t> roundToTotal(std::span<const double> values,
                                       std::span<const std::optional<std::int64_t>> fixed, int decimals) {
    const double scale = std::pow(10.0, decimals);
    double sum = 0;
    for (double v : values) sum += v * scale;
    std::vector<std::int64_t> units(values.size() + 1, 0);
    std::int64_t printed = 0;  // units given so far
    std::vector<std::size_t> free;
    std::vector<double> remainders;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i < fixed.size() && fixed[i]) {
            units[i] = *fixed[i];
        } else {
            const double scaled = values[i] * scale;
            units[i] = static_cast<std::int64_t>(std::floor(scaled));
            free.push_back(i);
            remainders.push_back(scaled - std::floor(scaled));
        }
        printed += units[i];
    }
    // Rounded down, a free row can take one unit more and stay within one unit of its value.
    const auto room = static_cast<std::int64_t>(free.size());
    const std::int64_t missing =
        std::clamp(static_cast<std::int64_t>(std::llround(sum)) - printed, std::int64_t{0}, room);
    std::vector<std::size_t> order(free.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    for (std::int64_t k = 0; k < missing; ++k) ++units[free[order[static_cast<std::size_t>(k)]]];
    units.back() = printed + missing;
    return units;
}

std::string formatUnits(std::int64_t units, int decimals) {
    if (decimals <= 0) return std::to_string(units);
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const std::uint64_t magnitude =
        units < 0 ? static_cast<std::uint64_t>(-(units + 1)) + 1 : static_cast<std::uint64_t>(units);
    const auto uscale = static_cast<std::uint64_t>(scale);
    return fmt::format("{}{}.{:0{}d}", units < 0 ? "-" : "", magnitude / uscale, magnitude % uscale, decimals);
}

double unitsValue(std::int64_t units, int decimals) { return static_cast<double>(units) / std::pow(10.0, decimals); }

}  // namespace redline::report
