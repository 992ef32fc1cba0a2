// SPDX-License-Identifier: MIT
// The geodesic area of a lon/lat ring on an ellipsoid, as GeographicLib's polygon area defines it
// (every edge a geodesic), but without solving the inverse geodesic problem for short edges.
//
// Each edge contributes the area between it and a parallel (the ring's first vertex's). The area
// between two parallels is closed form (the authalic zone function), so an edge whose geodesic is
// straight in (longitude, zone) coordinates would be exact; a geodesic bows away from that line by
// a sagitta known to second order from the ellipsoid's metric, and the parabola through it gives the
// rest. For edges up to 0.02° at latitudes up to 70° that agrees with PROJ's geod_polygonarea
// within its own scatter on small rings (up to 2e-4 m²), and is 10× faster. Longer edges, edges
// nearer the poles and rings around a pole go through PROJ's geodesic, exact at any size.
// docs/algorithm.md (Areas) has the derivation and the measurements.
#pragma once

#include <geodesic.h>

#include <cstddef>
#include <span>

namespace redline::crs {

class GeodesicRingArea {
  public:
    // `geodesic` must outlive this object (Measure owns both).
    explicit GeodesicRingArea(const geod_geodesic& geodesic);

    // Absolute area in m² of a ring of lon/lat degrees, x,y interleaved; a closing vertex equal to
    // the first may be given or not.
    [[nodiscard]] double operator()(std::span<const double> lonLat) const;
    // Area in m² per radian of longitude between the equator and the latitude whose sine is given
    // (closed form, exact).
    [[nodiscard]] double zone(double sinLat) const;

  private:
    [[nodiscard]] double karneyRing(std::span<const double> lonLat, std::size_t n) const;

    const geod_geodesic& geodesic_;
    double e2_;
    double e_;
    double a2_;  // a²
    double b2_;  // b² = a²(1 − e²)
};

}  // namespace redline::crs
