// SPDX-License-Identifier: MIT
// The geodesic distance between two nearby points on an ellipsoid, without solving the inverse
// geodesic problem: from the straight chord between them through the ellipsoid (Earth-centred
// coordinates) and the curvature of the ellipsoid in the chord's direction.
//
// A short geodesic is, to within e⁴(s/R)⁵ of its length, an arc of the normal section through its
// ends, and that section's curvature k is Euler's cos²α/M + sin²α/N at the middle (α the azimuth,
// M and N the radii of curvature along and across the meridian). An arc whose curvature varies
// evenly about its middle has the chord-to-arc series of a circle of that curvature:
// s = c(1 + (ck)²/24 + 3(ck)⁴/640). Up to a 20 km chord this agrees with GeographicLib's
// geod_inverse within 1e-8 m at any latitude and azimuth (the chord's own rounding, from
// coordinates of 6,400 km, is about 3e-9 m), at a twelfth of its cost. Longer lines, and prolate
// ellipsoids, are not taken: the caller uses PROJ's geodesic. docs/algorithm.md (Distances).
#pragma once

#include <optional>

namespace redline::crs {

class ShortGeodesic {
  public:
    // The ellipsoid's equatorial radius in m and flattening.
    ShortGeodesic(double a, double f);

    // The geodesic distance in m between two points (degrees), or nothing when their chord is
    // longer than kMaxChordM or the ellipsoid is prolate.
    [[nodiscard]] std::optional<double> distance(double lat1, double lon1, double lat2, double lon2) const;

    static constexpr double kMaxChordM = 20'000.0;

  private:
    double a_;
    double e2_;
    bool usable_;
};

}  // namespace redline::crs
