// SPDX-License-Identifier: MIT
// Area units planners report in. 1 ha = 10 000 m²; 1 亩 (mu) = 10 000 / 15 m² exactly.
#pragma once

namespace redline {

inline constexpr double kSquareMetresPerHectare = 10000.0;
inline constexpr double kSquareMetresPerMu = 10000.0 / 15.0;

[[nodiscard]] constexpr double hectares(double squareMetres) { return squareMetres / kSquareMetresPerHectare; }
[[nodiscard]] constexpr double mu(double squareMetres) { return squareMetres / kSquareMetresPerMu; }

}  // namespace redline
