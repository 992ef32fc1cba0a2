// SPDX-License-Identifier: MIT
// The difference between two longitudes, in degrees, taken the short way round.
#pragma once

#include <cmath>

namespace redline::crs {

// lon2 − lon1 in [−180, 180]. std::remainder is a library call at every edge of an area sum or
// every distance; most differences need none.
[[nodiscard]] inline double longitudeDifference(double lon1, double lon2) {
    const double d = lon2 - lon1;
    return std::fabs(d) <= 180 ? d : std::remainder(d, 360.0);
}

}  // namespace redline::crs
