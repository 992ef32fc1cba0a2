// SPDX-License-Identifier: MIT
// Areas and distances against closed-form values on the CGCS2000 ellipsoid.
#include "redline/crs/measure.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <numbers>

#include "redline/geom/geometry.hpp"
#include "testing.hpp"

namespace redline::crs {
namespace {

using testing::denseCell;
using testing::ellipsoidalCellArea;
using testing::kGrs80A;
using testing::kGrs80InvF;

TEST(Measure, LonLatCellMatchesTheClosedForm) {
    Measure m(Crs::fromUserInput("EPSG:4490"));
    auto cell = geom::fromWkt("POLYGON(" + denseCell(118, 31, 119, 32, 2000) + ")");
    const double expected = ellipsoidalCellArea(118, 31, 119, 32);
    // Densified to 0.0005°: each ~50 m geodesic chord deviates from its parallel by < 1e-4 m,
    // bounding the difference at ~1e-9 relative.
    EXPECT_NEAR(m.area(cell.get()), expected, 1e-8 * expected);
}

TEST(Measure, HolesAreSubtracted) {
    Measure m(Crs::fromUserInput("EPSG:4490"));
    auto ring = geom::fromWkt("POLYGON(" + denseCell(118, 31, 119, 32, 2000) + "," +
                              denseCell(118.25, 31.25, 118.75, 31.75, 1000, true) + ")");
    const double expected = ellipsoidalCellArea(118, 31, 119, 32) - ellipsoidalCellArea(118.25, 31.25, 118.75, 31.75);
    EXPECT_NEAR(m.area(ring.get()), expected, 1e-8 * expected);
}

TEST(Measure, OrientationDoesNotMatter) {
    Measure m(Crs::fromUserInput("EPSG:4490"));
    auto ccw = geom::fromWkt("POLYGON(" + denseCell(118, 31, 118.1, 31.1, 50) + ")");
    auto cw = geom::fromWkt("POLYGON(" + denseCell(118, 31, 118.1, 31.1, 50, true) + ")");
    EXPECT_DOUBLE_EQ(m.area(ccw.get()), m.area(cw.get()));
}

TEST(Measure, MultiPolygonSumsItsParts) {
    Measure m(Crs::fromUserInput("EPSG:4490"));
    auto a = geom::fromWkt("POLYGON(" + denseCell(118, 31, 118.1, 31.1, 100) + ")");
    auto b = geom::fromWkt("POLYGON(" + denseCell(119, 31, 119.1, 31.1, 100) + ")");
    auto both = geom::fromWkt("MULTIPOLYGON((" + denseCell(118, 31, 118.1, 31.1, 100) + "),(" +
                              denseCell(119, 31, 119.1, 31.1, 100) + "))");
    EXPECT_NEAR(m.area(both.get()), m.area(a.get()) + m.area(b.get()), 1e-6);
}

TEST(Measure, AManyVertexMultiPolygonIsMeasuredAlikeOnAnyThreadCount) {
    // 24 dense 0.1° cells, 12,000 vertices: past the size from which the members are measured in
    // parallel. The area is the closed form's sum, and the same bits on one thread and on two.
    Measure m(Crs::fromUserInput("EPSG:4490"));
    std::string wkt = "MULTIPOLYGON(";
    double expected = 0;
    for (int i = 0; i < 24; ++i) {
        const double lon = 118 + 0.2 * (i % 6), lat = 31 + 0.2 * (i / 6);
        wkt += fmt::format("{}({})", i == 0 ? "" : ",", denseCell(lon, lat, lon + 0.1, lat + 0.1, 250));
        expected += ellipsoidalCellArea(lon, lat, lon + 0.1, lat + 0.1);
    }
    auto cells = geom::fromWkt(wkt + ")");
    ASSERT_GE(GEOSGetNumCoordinates_r(geom::geosHandle(), cells.get()), 10000);
    double oneThread = 0, twoThreads = 0;
    tbb::task_arena(1).execute([&] { oneThread = m.area(cells.get()); });
    tbb::task_arena(2).execute([&] { twoThreads = m.area(cells.get()); });
    EXPECT_NEAR(twoThreads, expected, 1e-8 * expected);
    EXPECT_EQ(oneThread, twoThreads);
}

TEST(Measure, EqualAreaProjectionKeepsPlanarArea) {
    // Albers equal-area on the CGCS2000 datum: planar area = ellipsoidal area, exactly, for the
    // region bounded by the projected square (densified so the edges follow it).
    OGRSpatialReference albers;
    albers.importFromEPSG(4490);
    albers.SetACEA(25, 47, 0, 105, 0, 0);
    const Crs albersCrs(albers);
    Measure m(albersCrs);
    const double x0 = 1.3e6, y0 = 3.5e6, size = 10000;
    auto square = geom::fromWkt(testing::denseSquare(x0, y0, size, 10));
    EXPECT_NEAR(m.area(square.get()), size * size, 1e-7 * size * size);
    auto ring = geom::fromWkt(
        testing::denseRectangleWithHole(x0, y0, x0 + size, y0 + size, x0 + 2000, y0 + 2000, x0 + 5000, y0 + 7000, 10));
    EXPECT_NEAR(m.area(ring.get()), size * size - 3000 * 5000, 1e-7 * size * size);
}

TEST(Measure, GaussKrugerSquareOnTheCentralMeridian) {
    // On the central meridian the GK scale factor is 1; within 1 km of it k² − 1 < 3e-8.
    Measure m(Crs::fromUserInput("EPSG:4549"));
    auto square = geom::fromWkt(testing::denseSquare(499500, 3500000, 1000, 10));
    EXPECT_NEAR(m.area(square.get()), 1e6, 1e-7 * 1e6);
}

TEST(Measure, GaussKrugerSquareAwayFromTheMeridianShrinks) {
    // 143 km east of the CM the area scale is k² ≈ 1 + x²/(ρν) ≈ 1.0005: the ellipsoidal area of
    // a planar 1 km² square is smaller by that factor (shared/DOMAIN.md: 999,493 m²).
    Measure m(Crs::fromUserInput("EPSG:4549"));
    auto square = geom::fromWkt(testing::denseSquare(500000 + 142500, 3430000, 1000, 10));
    const double lat = 31.0 * std::numbers::pi / 180, f = 1 / kGrs80InvF, e2 = f * (2 - f);
    const double nu = kGrs80A / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
    const double rho = nu * (1 - e2) / (1 - e2 * std::sin(lat) * std::sin(lat));
    const double meanX2 = 143000.0 * 143000.0 + 1000.0 * 1000.0 / 12;  // mean of x² over the square
    const double expected = 1e6 * (1 - meanX2 / (rho * nu));
    EXPECT_NEAR(m.area(square.get()), expected, 2e-6 * 1e6);  // series truncated after x²: ~1e-6
    EXPECT_LT(m.area(square.get()), 999600.0);
}

TEST(Measure, DistanceAlongTheEquatorIsTheArc) {
    Measure m(Crs::fromUserInput("EPSG:4490"));
    EXPECT_NEAR(m.distance(0, 0, 1, 0), kGrs80A * std::numbers::pi / 180, 1e-6);
}

TEST(Measure, DistanceInProjectedCrsIsGeodesic) {
    Measure m(Crs::fromUserInput("EPSG:4549"));
    // 300 m along the central meridian: scale 1, so the geodesic is 300 m to < 1e-6 m.
    EXPECT_NEAR(m.distance(500000, 3500000, 500000, 3500300), 300.0, 1e-5);
}

TEST(Measure, LeastMetresPerUnitFollowsTheProjectionsScale) {
    // Transverse Mercator 1.5° either side of the central meridian: scale ≤ 1 + (1.5°·cos φ)²/2
    // ≈ 1.0003; the bound keeps its 2 % margin.
    EXPECT_NEAR(Measure(Crs::fromUserInput("EPSG:4549")).leastMetresPerUnit(), 0.98 / 1.0003, 3e-4);
    // UTM: 0.9996 at the meridian, about 1.001 at the zone's edge.
    const double utm = Measure(Crs::fromUserInput("EPSG:32650")).leastMetresPerUnit();
    EXPECT_GT(utm, 0.97);
    EXPECT_LT(utm, 0.98);
    // Web Mercator's scale is sec φ: at its area of use's edge (85.06°) a unit is cos 85.06° m.
    EXPECT_NEAR(Measure(Crs::fromUserInput("EPSG:3857")).leastMetresPerUnit(),
                0.98 * std::cos(85.06 * std::numbers::pi / 180), 0.002);
    EXPECT_EQ(Measure(Crs::fromUserInput("EPSG:4490")).leastMetresPerUnit(), 1.0);
}

TEST(Measure, AlongEdgeIsStraightInTheCrsAsTheOverlayTakesIt) {
    // Not along the geodesic, which bulges 110 m poleward of a 1° east-west edge at 32°N: a
    // site 50 m outside the straight edge measured 60 m to a boundary on its other side.
    const Measure lonLat(Crs::fromUserInput("EPSG:4490"));
    double x = 0, y = 0;
    lonLat.alongEdge(118.0, 40.0, 120.5, 41.2, 0.3, x, y);
    EXPECT_DOUBLE_EQ(x, 118.0 + 0.3 * 2.5);
    EXPECT_DOUBLE_EQ(y, 40.0 + 0.3 * 1.2);
    lonLat.alongEdge(179.5, 10.0, 180.5, 10.0, 0.75, x, y);  // across 180°: the edge's own longitudes
    EXPECT_DOUBLE_EQ(x, 180.25);
    const Measure gk(Crs::fromUserInput("EPSG:4549"));
    gk.alongEdge(500000, 3500000, 501000, 3502000, 0.25, x, y);
    EXPECT_DOUBLE_EQ(x, 500250);
    EXPECT_DOUBLE_EQ(y, 3500500);
}

TEST(Measure, NonArealGeometryHasNoArea) {
    Measure m(Crs::fromUserInput("EPSG:4490"));
    EXPECT_EQ(m.area(geom::fromWkt("LINESTRING(118 31, 119 32)").get()), 0.0);
    EXPECT_EQ(m.area(geom::fromWkt("POLYGON EMPTY").get()), 0.0);
}

}  // namespace
}  // namespace redline::crs
