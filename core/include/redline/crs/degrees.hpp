// SPDX-License-Identifier: MIT
// Angles in degrees, as lon/lat coordinates hold them: to radians, and longitude differences
// taken the short way round.
#pragma once

#include <cmath>
#include <numbers>

namespace redline::crs {

inline constexpr double kDegree = std::numbers::pi / 180.0;  // radians per degree

// lon2 − lon1 in [−180, 180]. std::remainder is a library call at every edge of an area sum or
// every distance; most differences need none.
[[nodiscard]] inline double longitudeDifference(double lon1, double lon2) {
    const double d = lon2 - lon1;
    return std::fabs(d) <= 180 ? d : std::remainder(d, 360.0);
}

}  // namespace redline::crs
