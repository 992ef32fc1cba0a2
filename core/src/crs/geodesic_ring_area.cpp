// SPDX-License-Identifier: MIT
#include "redline/crs/geodesic_ring_area.hpp"

#include <cmath>

#include "redline/crs/degrees.hpp"

namespace redline::crs {
namespace {

// Edges measured by the series: within 1e-5 m² of GeographicLib up to these sizes (docs/algorithm.md,
// Areas). Its fourth-order remainder grows with the fifth power of the edge and with tan(latitude).
constexpr double kSeriesEdgeDegrees = 0.02;
constexpr double kSeriesLatitudeDegrees = 70.0;

}  // namespace

GeodesicRingArea::GeodesicRingArea(const geod_geodesic& geodesic)
    : geodesic_(geodesic),
      e2_(geodesic.e2),
      e_(std::sqrt(std::fabs(geodesic.e2))),
      a2_(geodesic.a * geodesic.a),
      b2_(geodesic.a * geodesic.a * (1 - geodesic.e2)) {}

double GeodesicRingArea::zone(double sinLat) const {
    if (e_ == 0) return b2_ * sinLat;
    return b2_ * (sinLat / (2 * (1 - e2_ * sinLat * sinLat)) + std::atanh(e_ * sinLat) / (2 * e_));
}

double GeodesicRingArea::karneyRing(std::span<const double> lonLat, std::size_t n) const {
    geod_polygon polygon;
    geod_polygon_init(&polygon, 0);
    for (std::size_t i = 0; i < n; ++i) geod_polygon_addpoint(&geodesic_, &polygon, lonLat[2 * i + 1], lonLat[2 * i]);
    double area = 0;
    geod_polygon_compute(&geodesic_, &polygon, 0, 1, &area, nullptr);
    return std::fabs(area);
}

double GeodesicRingArea::operator()(std::span<const double> lonLat) const {
    std::size_t n = lonLat.size() / 2;
    if (n >= 2 && lonLat[0] == lonLat[2 * (n - 1)] && lonLat[1] == lonLat[2 * (n - 1) + 1]) --n;
    if (n < 3) return 0.0;
    if (e2_ < 0) return karneyRing(lonLat, n);  // a prolate ellipsoid: the series assumes oblate or a sphere

    // Zone areas are taken from the first vertex's parallel, so that a small ring's terms stay small.
    const double sin0 = std::sin(lonLat[1] * kDegree), cos0 = std::cos(lonLat[1] * kDegree);
    const double zone0 = zone(sin0);
    double sum = 0;
    double lonTurn = 0;  // ±360 for a ring around a pole
    double lon1 = lonLat[0];
    double lat1 = lonLat[1];
    double sin1 = sin0, cos1 = cos0;
    double zone1 = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::size_t j = i == n ? 0 : i;
        const double lon2 = lonLat[2 * j];
        const double lat2 = lonLat[2 * j + 1];
        // One sine and cosine per vertex (a single sincos): the mid-latitude's below are taken from
        // them, not computed again.
        const double sin2 = j == 0 ? sin0 : std::sin(lat2 * kDegree);
        const double cos2 = j == 0 ? cos0 : std::cos(lat2 * kDegree);
        const double zone2 = j == 0 ? 0.0 : zone(sin2) - zone0;
        const double dLonDegrees = longitudeDifference(lon1, lon2);
        const double dLatDegrees = lat2 - lat1;
        // Half the globe apart, an edge's direction east or west is GeographicLib's to choose.
        if (std::fabs(dLonDegrees) >= 180) return karneyRing(lonLat, n);
        const double dLon = dLonDegrees * kDegree;
        lonTurn += dLonDegrees;
        if (std::fabs(dLonDegrees) <= kSeriesEdgeDegrees && std::fabs(dLatDegrees) <= kSeriesEdgeDegrees &&
            std::fabs(lat1) <= kSeriesLatitudeDegrees && std::fabs(lat2) <= kSeriesLatitudeDegrees) {
            // The chord in (longitude, zone) encloses (zone1 + zone2)/2 per radian; the geodesic's
            // sagitta there (from the metric's Christoffel symbols at the mid-latitude) adds 2/3 of
            // the chord times it, the area between a chord and its parabola.
            const double dLat = dLatDegrees * kDegree;
            // sin and cos of the mid-latitude, lat1 + h: h ≤ 0.01° here, so cos h and sin h from
            // their series (terms left out below 1e-20) are as good as the library's.
            const double h = dLat / 2, h2 = h * h;
            const double cosH = 1 - h2 / 2 * (1 - h2 / 12), sinH = h * (1 - h2 / 6 * (1 - h2 / 20));
            const double s = sin1 * cosH + cos1 * sinH;
            const double c = cos1 * cosH - sin1 * sinH;
            const double w2 = 1 - e2_ * s * s;
            const double oneMinusE2 = 1 - e2_;
            const double sagittaZone =
                a2_ * s / 8 * (c * c * dLon * dLon / w2 + oneMinusE2 * oneMinusE2 * dLat * dLat / (w2 * w2 * w2));
            sum += dLon * ((zone1 + zone2) * 0.5 + 2.0 / 3.0 * sagittaZone +
                           (zone2 - zone1) * oneMinusE2 * s * dLat / (6 * w2 * c));
        } else {
            double s12Area = 0;
            geod_geninverse(&geodesic_, lat1, lon1, lat2, lon2, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                            &s12Area);
            sum += s12Area - dLon * zone0;
        }
        lon1 = lon2;
        lat1 = lat2;
        sin1 = sin2;
        cos1 = cos2;
        zone1 = zone2;
    }
    if (std::fabs(lonTurn) > 180) return karneyRing(lonLat, n);
    return std::fabs(sum);
}

}  // namespace redline::crs
