// SPDX-License-Identifier: MIT
#include "redline/report/dbf_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace redline::report {
namespace {

constexpr int kWidth = 24;
constexpr int kMaxDecimals = 15;
// Planning attributes without a declared size (GeoPackage, GeoJSON): areas, sums of money and
// Gauss–Krüger coordinates stay well below this (14 integer digits, 8 decimals).
constexpr double kUnknownBound = 1e14 - 1;

}  // namespace

DbfNumberField dbfRealField(double bound) {
    if (!(bound > 0) || !std::isfinite(bound)) bound = kUnknownBound;
    const int integerDigits = bound < 1 ? 1 : static_cast<int>(std::floor(std::log10(bound))) + 1;
    // One character for the sign and one for the point; `bound` itself must fit.
    return {kWidth, std::clamp(kWidth - 2 - integerDigits, 0, kMaxDecimals)};
}

bool fitsDbfNumber(double value, const DbfNumberField& field) {
    if (!std::isfinite(value)) return false;
    // The length GDAL's "%*.*f" gives: fmt formats exactly, as printf does.
    return fmt::formatted_size("{:.{}f}", value, field.decimals) <= static_cast<std::size_t>(field.width);
}

}  // namespace redline::report
