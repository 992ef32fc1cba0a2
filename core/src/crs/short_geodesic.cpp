// SPDX-License-Identifier: MIT
#include "redline/crs/short_geodesic.hpp"

#include <cmath>

#include "redline/crs/degrees.hpp"

namespace redline::crs {

ShortGeodesic::ShortGeodesic(double a, double f) : a_(a), e2_(f * (2 - f)), usable_(a > 0 && f >= 0 && f < 1) {}

std::optional<double> ShortGeodesic::distance(double lat1, double lon1, double lat2, double lon2) const {
    if (!usable_) return std::nullopt;
    // Longitudes about the pair's middle meridian, so the chord's components stay small where
    // they can and a pair across 180° is no different from any other.
    const double halfDLon = longitudeDifference(lon1, lon2) / 2 * kDegree;
    const double sinHalf = std::sin(halfDLon), cosHalf = std::cos(halfDLon);
    const double sin1 = std::sin(lat1 * kDegree), cos1 = std::cos(lat1 * kDegree);
    const double sin2 = std::sin(lat2 * kDegree), cos2 = std::cos(lat2 * kDegree);
    const double n1 = a_ / std::sqrt(1 - e2_ * sin1 * sin1), n2 = a_ / std::sqrt(1 - e2_ * sin2 * sin2);
    // Earth-centred coordinates with the x axis on the middle meridian: point 1 at −halfDLon,
    // point 2 at +halfDLon.
    const double dx = (n2 * cos2 - n1 * cos1) * cosHalf;
    const double dy = (n2 * cos2 + n1 * cos1) * sinHalf;
    const double dz = (1 - e2_) * (n2 * sin2 - n1 * sin1);
    const double c2 = dx * dx + dy * dy + dz * dz;
    if (!(c2 <= kMaxChordM * kMaxChordM)) return std::nullopt;
    // The chord's direction at the middle: its north and east parts in the tangent plane there.
    // Only its azimuth enters, through a term (ck)²/24 ≤ 4e-7, so the middle latitude's sine and
    // cosine as the mean of the ends' (off by (Δφ)²/8 ≤ 1.3e-6) are close enough.
    const double sinMid = (sin1 + sin2) / 2, cosMid = (cos1 + cos2) / 2;
    const double north = cosMid * dz - sinMid * dx, east = dy;
    const double w = 1 - e2_ * sinMid * sinMid;
    const double n = a_ / std::sqrt(w);  // across the meridian
    const double m = n * (1 - e2_) / w;  // along it
    const double h2 = north * north + east * east;
    const double k = h2 > 0 ? (north * north / m + east * east / n) / h2 : 1 / n;  // Euler
    const double ck2 = c2 * k * k;
    return std::sqrt(c2) * (1 + ck2 / 24 + 3 * ck2 * ck2 / 640);
}

}  // namespace redline::crs
