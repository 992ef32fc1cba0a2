// SPDX-License-Identifier: MIT
// ShortGeodesic against PROJ's geod_inverse (GeographicLib) on pairs of every latitude, azimuth
// and length it takes, and against a sphere's exact arc.
#include "redline/crs/short_geodesic.hpp"

#include <fmt/format.h>
#include <geodesic.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace redline::crs {
namespace {

struct Ellipsoid {
    const char* name;
    double a, f;
};

constexpr Ellipsoid kEllipsoids[] = {
    {"CGCS2000", 6378137.0, 1 / 298.257222101},
    {"Krassovsky", 6378245.0, 1 / 298.3},
    {"IAG 1975", 6378140.0, 1 / 298.257},
};

// GeographicLib's own error is about 15 nm; the chord's rounding from 6,400 km coordinates about
// 3 nm. Dropping the (ck)²/24 term errs by up to 8 mm at 20 km.
constexpr double kToleranceM = 1.5e-8;

double karney(const geod_geodesic& g, double lat1, double lon1, double lat2, double lon2) {
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

TEST(ShortGeodesic, AgreesWithGeographicLibAtEveryLatitudeAzimuthAndLength) {
    std::mt19937 rng(20261206);
    std::uniform_real_distribution<double> latitude(-89.9, 89.9), longitude(-180, 180), azimuth(0, 360),
        logLength(-3, std::log10(19'900.0));
    for (const Ellipsoid& e : kEllipsoids) {
        geod_geodesic g{};
        geod_init(&g, e.a, e.f);
        const ShortGeodesic shortGeodesic(e.a, e.f);
        double worst = 0;
        for (int i = 0; i < 20'000; ++i) {
            const double lat1 = latitude(rng), lon1 = longitude(rng), az = azimuth(rng);
            const double length = std::pow(10.0, logLength(rng));
            double lat2 = 0, lon2 = 0;
            geod_direct(&g, lat1, lon1, az, length, &lat2, &lon2, nullptr);
            const auto s = shortGeodesic.distance(lat1, lon1, lat2, lon2);
            ASSERT_TRUE(s.has_value()) << e.name << " " << length;
            const double expected = karney(g, lat1, lon1, lat2, lon2);
            worst = std::max(worst, std::fabs(*s - expected));
            ASSERT_NEAR(*s, expected, kToleranceM) << fmt::format("{}: ({}, {}) to ({}, {}), {} m at azimuth {}",
                                                                  e.name, lat1, lon1, lat2, lon2, length, az);
        }
        RecordProperty(std::string("worst_m_") + e.name, fmt::format("{:.3g}", worst));
    }
}

// The longest lines it takes, where the chord-to-arc terms are largest: along meridians,
// parallels and diagonals, at the equator, mid-latitudes and near a pole.
TEST(ShortGeodesic, AgreesAtTwentyKilometresInEveryDirection) {
    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1 / 298.257222101);
    const ShortGeodesic shortGeodesic(6378137.0, 1 / 298.257222101);
    for (double lat : {0.0, 23.5, 32.0, 45.0, 53.5, 70.0, 85.0, -60.0}) {
        for (double az = 0; az < 360; az += 15) {
            double lat2 = 0, lon2 = 0;
            geod_direct(&g, lat, 118.5, az, 19'990.0, &lat2, &lon2, nullptr);
            const auto s = shortGeodesic.distance(lat, 118.5, lat2, lon2);
            ASSERT_TRUE(s.has_value());
            EXPECT_NEAR(*s, karney(g, lat, 118.5, lat2, lon2), kToleranceM) << lat << " " << az;
        }
    }
}

TEST(ShortGeodesic, PairsAcrossTheAntimeridianAndThePole) {
    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1 / 298.257222101);
    const ShortGeodesic shortGeodesic(6378137.0, 1 / 298.257222101);
    const double pairs[][4] = {
        {30.0, 179.99, 30.01, -179.98},    // across 180°
        {-45.0, -179.95, -45.02, 179.97},  // the other way
        {89.95, 10.0, 89.95, 190.0},       // across the north pole (lon 190 is −170)
        {-89.97, 0.0, -89.96, 180.0},      // the south pole
        {89.99, 0.0, 89.99, 90.0},
    };
    for (const auto& p : pairs) {
        const auto s = shortGeodesic.distance(p[0], p[1], p[2], p[3]);
        ASSERT_TRUE(s.has_value());
        EXPECT_NEAR(*s, karney(g, p[0], p[1], p[2], p[3]), kToleranceM) << p[0] << " " << p[1];
    }
}

// On a sphere the geodesic is a great circle: R times the central angle (haversine, well
// conditioned at any length).
TEST(ShortGeodesic, IsTheGreatCircleOnASphere) {
    constexpr double r = 6371000.0, degree = std::numbers::pi / 180;
    const ShortGeodesic shortGeodesic(r, 0);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> latitude(-80, 80), step(-0.12, 0.12);
    for (int i = 0; i < 5'000; ++i) {
        const double lat1 = latitude(rng), lon1 = 100, lat2 = lat1 + step(rng), lon2 = lon1 + step(rng);
        const double h =
            std::pow(std::sin((lat2 - lat1) * degree / 2), 2) +
            std::cos(lat1 * degree) * std::cos(lat2 * degree) * std::pow(std::sin((lon2 - lon1) * degree / 2), 2);
        const double expected = 2 * r * std::asin(std::sqrt(h));
        const auto s = shortGeodesic.distance(lat1, lon1, lat2, lon2);
        ASSERT_TRUE(s.has_value());
        EXPECT_NEAR(*s, expected, kToleranceM) << lat1 << " " << lat2 << " " << lon2;
    }
}

TEST(ShortGeodesic, SamePointIsZero) {
    const ShortGeodesic shortGeodesic(6378137.0, 1 / 298.257222101);
    EXPECT_EQ(shortGeodesic.distance(32.1, 118.7, 32.1, 118.7), 0.0);
}

TEST(ShortGeodesic, LeavesLongLinesAndProlateEllipsoidsToPROJ) {
    const ShortGeodesic oblate(6378137.0, 1 / 298.257222101);
    EXPECT_FALSE(oblate.distance(32.0, 118.0, 32.2, 118.0).has_value());  // 22 km
    EXPECT_FALSE(oblate.distance(32.0, 118.0, -32.0, -62.0).has_value());
    EXPECT_TRUE(oblate.distance(32.0, 118.0, 32.17, 118.0).has_value());  // 18.9 km
    const ShortGeodesic prolate(6378137.0, -1 / 300.0);
    EXPECT_FALSE(prolate.distance(32.0, 118.0, 32.01, 118.0).has_value());
}

}  // namespace
}  // namespace redline::crs
