// SPDX-License-Identifier: MIT
// Area units planners report in. 1 ha = 10 000 m²; 1 亩 (mu) = 10 000 / 15 m² exactly.
#pragma once

namespace redline {

inline constexpr double kSquareMetresPerHectare = 10000.0;
inline constexpr double kSquareMetresPerMu = 10000.0 / 15.0;

[[nodiscard]] constexpr double hectares(double squareMetres) { return squareMetres / kSquareMetresPerHectare; }
[[nodiscard]] constexpr double mu(double squareMetres) { return squareMetres / kSquareMetresPerMu; }

// `part` as a percentage of `whole` (0 when whole is not positive). Divided first: a part equal to
// its whole is exactly 100, where 100·part/whole gave 100.00000000000001.
[[nodiscard]] constexpr double percentOf(double part, double whole) { return whole > 0 ? part / whole * 100.0 : 0.0; }

}  // namespace redline
