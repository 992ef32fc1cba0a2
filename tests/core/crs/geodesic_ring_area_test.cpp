// SPDX-License-Identifier: MIT
// GeodesicRingArea against PROJ's geod_polygonarea (GeographicLib's algorithm, which PostGIS uses
// for geography areas) on rings of every size, latitude and shape the series and its fallback meet.
#include "redline/crs/geodesic_ring_area.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace redline::crs {
namespace {

geod_geodesic makeGeodesic(double a, double f) {
    geod_geodesic g{};
    geod_init(&g, a, f);
    return g;
}

double karneyArea(const geod_geodesic& g, const std::vector<double>& lonLat) {
    const std::size_t n = lonLat.size() / 2;
    std::vector<double> lats(n), lons(n);
    for (std::size_t i = 0; i < n; ++i) {
        lons[i] = lonLat[2 * i];
        lats[i] = lonLat[2 * i + 1];
    }
    double area = 0;
    geod_polygonarea(&g, lats.data(), lons.data(), static_cast<int>(n), &area, nullptr);
    return std::fabs(area);
}

// A star-shaped ring about (lon, lat): `vertices` points at geodesic distances up to `radius`.
std::vector<double> starRing(const geod_geodesic& g, std::mt19937& rng, double lon, double lat, double radius,
                             int vertices) {
    std::uniform_real_distribution<double> reach(0.3, 1.0);
    std::vector<double> ring;
    const double start = std::uniform_real_distribution<double>(0, 360)(rng);
    for (int k = 0; k < vertices; ++k) {
        double lat2 = 0, lon2 = 0;
        geod_direct(&g, lat, lon, start + 360.0 * k / vertices, radius * reach(rng), &lat2, &lon2, nullptr);
        ring.push_back(lon2);
        ring.push_back(lat2);
    }
    ring.push_back(ring[0]);
    ring.push_back(ring[1]);
    return ring;
}

// Within GeographicLib's own error on small rings (up to about 2e-4 m²: the terms it sums are
// areas down to the equator) or 1e-10 of the area.
void expectAgrees(const geod_geodesic& g, const std::vector<double>& ring, const std::string& what) {
    const GeodesicRingArea area(g);
    const double expected = karneyArea(g, ring);
    EXPECT_NEAR(area(ring), expected, 3e-4 + 1e-10 * expected) << what;
}

// The ring's area in the azimuthal equidistant plane about (lon, lat): exact to 1e-11 for a ring
// of 20 m, where GeographicLib's error is too coarse to judge by.
double tangentPlaneArea(const geod_geodesic& g, double lon, double lat, const std::vector<double>& ring) {
    std::vector<double> xy;
    for (std::size_t i = 0; i < ring.size() / 2; ++i) {
        double s12 = 0, azi1 = 0;
        geod_inverse(&g, lat, lon, ring[2 * i + 1], ring[2 * i], &s12, &azi1, nullptr);
        xy.push_back(s12 * std::sin(azi1 * std::numbers::pi / 180));
        xy.push_back(s12 * std::cos(azi1 * std::numbers::pi / 180));
    }
    double twice = 0;
    for (std::size_t i = 0; i + 1 < xy.size() / 2; ++i)
        twice += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    return std::fabs(twice) / 2;
}

TEST(GeodesicRingArea, TinyRingsAgreeWithTheTangentPlane) {
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    std::mt19937 rng(20261206);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-70, 70), logRadius(std::log(0.01), std::log(20.0));
    for (int t = 0; t < 2000; ++t) {
        const double radius = std::exp(logRadius(rng));
        const double lon0 = lon(rng), lat0 = lat(rng);
        const auto ring = starRing(g, rng, lon0, lat0, radius, 3 + t % 40);
        const double expected = tangentPlaneArea(g, lon0, lat0, ring);
        EXPECT_NEAR(GeodesicRingArea(g)(ring), expected, 1e-6 + 1e-9 * expected)
            << fmt::format("radius {} m about {}, {}", radius, lon0, lat0);
    }
}

TEST(GeodesicRingArea, SmallRingsAgreeWithGeographicLibAtEveryLatitude) {
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    std::mt19937 rng(20261207);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-89, 89), logRadius(0, std::log(3000.0));
    for (int t = 0; t < 3000; ++t) {
        const double radius = std::exp(logRadius(rng));
        const int vertices = 3 + t % 40;
        const double lon0 = lon(rng), lat0 = lat(rng);
        expectAgrees(g, starRing(g, rng, lon0, lat0, radius, vertices),
                     fmt::format("radius {} m, {} vertices about {}, {}", radius, vertices, lon0, lat0));
    }
}

TEST(GeodesicRingArea, ChinaSizedParcelsAgreeToATenthOfAMillionth) {
    // Sites and redlines of China's latitudes, 30 m to 2 km across with short edges: the series path.
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(73, 135), lat(18, 54), radius(30, 2000);
    for (int t = 0; t < 2000; ++t) {
        const auto ring = starRing(g, rng, lon(rng), lat(rng), radius(rng), 4 + t % 200);
        const double expected = karneyArea(g, ring);
        EXPECT_NEAR(GeodesicRingArea(g)(ring), expected, 3e-4 + 1e-10 * expected);
    }
}

TEST(GeodesicRingArea, SliversAlongLongEdgesAgree) {
    // 1 m wide strips 10 m to 50 km long: what an overlap along a redline's edge looks like. Past
    // 0.02° the edges are measured by GeographicLib, in the same sum as the series' edges.
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-70, 70), azimuth(0, 360);
    for (const double length : {10.0, 500.0, 2000.0, 5000.0, 50000.0}) {
        for (int t = 0; t < 200; ++t) {
            const double lon0 = lon(rng), lat0 = lat(rng), az = azimuth(rng);
            double lat1 = 0, lon1 = 0, lat2 = 0, lon2 = 0, lat3 = 0, lon3 = 0;
            geod_direct(&g, lat0, lon0, az, length, &lat1, &lon1, nullptr);
            geod_direct(&g, lat0, lon0, az + 90, 1.0, &lat3, &lon3, nullptr);
            geod_direct(&g, lat1, lon1, az + 90, 1.0, &lat2, &lon2, nullptr);
            expectAgrees(g, {lon0, lat0, lon1, lat1, lon2, lat2, lon3, lat3, lon0, lat0},
                         fmt::format("{} m sliver at {}, {} towards {}", length, lon0, lat0, az));
        }
    }
}

TEST(GeodesicRingArea, LongAndShortEdgesMixed) {
    // A province-sized ring whose edges alternate between 100 km and a few metres.
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    std::vector<double> ring;
    for (int k = 0; k < 36; ++k) {
        double lat = 0, lon = 0;
        geod_direct(&g, 32, 119, k * 10.0, k % 2 == 0 ? 300000.0 : 250000.0, &lat, &lon, nullptr);
        ring.insert(ring.end(), {lon, lat, lon + 0.00003, lat + 0.00002});
    }
    ring.insert(ring.end(), {ring[0], ring[1]});
    expectAgrees(g, ring, "alternating edges");
}

TEST(GeodesicRingArea, RingsAcrossTheAntimeridianAndAroundAPole) {
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    expectAgrees(g, {179.999, -16.5, -179.999, -16.5, -179.999, -16.49, 179.999, -16.49, 179.999, -16.5},
                 "a Fiji parcel across 180°");
    std::vector<double> aroundPole;
    for (int k = 0; k <= 720; ++k) aroundPole.insert(aroundPole.end(), {-180.0 + k * 0.5, 89.5 - 0.1 * (k % 2)});
    aroundPole.insert(aroundPole.end(), {aroundPole[0], aroundPole[1]});
    expectAgrees(g, aroundPole, "a ring around the north pole");
    expectAgrees(g, {0, 10, 180, 10, 90, 60, 0, 10}, "an edge across half the globe");
    expectAgrees(g, {90, -20, -90, -20, 0, -70, 90, -20}, "an edge across half the globe, westwards");
}

TEST(GeodesicRingArea, OtherEllipsoidsAndTheSphere) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-70, 70), radius(5, 2500);
    // Krassovsky (Beijing 1954), IAG 1975 (Xian 1980), a sphere.
    for (const auto& [a, f] :
         {std::pair{6378245.0, 1 / 298.3}, std::pair{6378140.0, 1 / 298.257}, std::pair{6371000.0, 0.0}}) {
        const auto g = makeGeodesic(a, f);
        for (int t = 0; t < 300; ++t) {
            expectAgrees(g, starRing(g, rng, lon(rng), lat(rng), radius(rng), 3 + t % 30),
                         fmt::format("a = {}, f = {}", a, f));
        }
    }
}

TEST(GeodesicRingArea, OrientationAndClosingVertexDoNotMatter) {
    const auto g = makeGeodesic(6378137.0, 1 / 298.257222101);
    std::mt19937 rng(5);
    auto ring = starRing(g, rng, 118.7, 32.05, 800, 57);
    const GeodesicRingArea area(g);
    const double forward = area(ring);
    std::vector<double> open(ring.begin(), ring.end() - 2);
    EXPECT_EQ(area(open), forward);
    std::vector<double> reversed;
    for (std::size_t i = ring.size() / 2; i-- > 0;) reversed.insert(reversed.end(), {ring[2 * i], ring[2 * i + 1]});
    EXPECT_NEAR(area(reversed), forward, 1e-9);
    EXPECT_EQ(area(std::vector<double>{118, 32, 118.001, 32, 118, 32}), 0.0);
}

}  // namespace
}  // namespace redline::crs
