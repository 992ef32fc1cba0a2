// SPDX-License-Identifier: MIT
// Layer transformations: axis order, refusal of no-op datum shifts, user 7-/4-parameter values
// checked against the Helmert formulas computed here by hand.
#include "redline/crs/transformer.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <array>
#include <cmath>
#include <numbers>

#include "redline/util/error.hpp"

namespace redline::crs {
namespace {

constexpr double kRadPerArcsec = std::numbers::pi / 180 / 3600;

std::array<double, 3> toGeocentric(double lonDeg, double latDeg, double a, double invF) {
    const double f = 1 / invF, e2 = f * (2 - f);
    const double lon = lonDeg * std::numbers::pi / 180, lat = latDeg * std::numbers::pi / 180;
    const double n = a / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
    return {n * std::cos(lat) * std::cos(lon), n * std::cos(lat) * std::sin(lon), n * (1 - e2) * std::sin(lat)};
}

std::array<double, 2> toGeodetic(const std::array<double, 3>& p, double a, double invF) {
    const double f = 1 / invF, e2 = f * (2 - f);
    const double lon = std::atan2(p[1], p[0]);
    const double r = std::hypot(p[0], p[1]);
    double lat = std::atan2(p[2], r * (1 - e2));
    for (int i = 0; i < 10; ++i) {  // fixed-point iteration converges to 1e-15 rad in a few steps
        const double n = a / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
        lat = std::atan2(p[2] + e2 * n * std::sin(lat), r);
    }
    return {lon * 180 / std::numbers::pi, lat * 180 / std::numbers::pi};
}

// Position-vector Helmert, small-angle rotation matrix (as in EPSG method 9606).
std::array<double, 3> helmert(const std::array<double, 3>& x, const DatumTransform& t) {
    const double rx = t.rx * kRadPerArcsec, ry = t.ry * kRadPerArcsec, rz = t.rz * kRadPerArcsec;
    const double s = 1 + t.scalePpm * 1e-6;
    return {t.dx + s * (x[0] - rz * x[1] + ry * x[2]), t.dy + s * (rz * x[0] + x[1] - rx * x[2]),
            t.dz + s * (-ry * x[0] + rx * x[1] + x[2])};
}

OGRPoint transformPoint(const LayerTransform& t, double x, double y) {
    OGRPoint p(x, y);
    t.apply(p);
    return p;
}

TEST(LayerTransform, SameCrsIsIdentity) {
    const Crs c = Crs::fromUserInput("EPSG:4490");
    EXPECT_TRUE(LayerTransform::create(c, c, std::nullopt, std::nullopt, "t", "$").identity());
}

TEST(LayerTransform, AxisOrderIsEastingFirstEverywhere) {
    // EPSG:4490 is lat,lon and EPSG:4549 is northing-first; Redline passes x = lon / easting.
    auto t = LayerTransform::create(Crs::fromUserInput("EPSG:4490"), Crs::fromUserInput("EPSG:4549"), std::nullopt,
                                    std::nullopt, "t", "$");
    const OGRPoint p = transformPoint(t, 120.0, 31.0);
    EXPECT_NEAR(p.getX(), 500000.0, 1e-6);     // on the central meridian
    EXPECT_NEAR(p.getY(), 3430974.323, 1e-3);  // meridian arc to 31°N (pyproj, same ellipsoid)
    auto back = LayerTransform::create(Crs::fromUserInput("EPSG:4549"), Crs::fromUserInput("EPSG:4490"), std::nullopt,
                                       std::nullopt, "t", "$");
    const OGRPoint q = transformPoint(back, p.getX(), p.getY());
    EXPECT_NEAR(q.getX(), 120.0, 1e-10);
    EXPECT_NEAR(q.getY(), 31.0, 1e-10);
}

TEST(LayerTransform, XianAndBeijingAreRefusedWithoutParameters) {
    for (const char* code : {"EPSG:2385", "EPSG:4610", "EPSG:2437", "EPSG:4214"}) {
        try {
            static_cast<void>(LayerTransform::create(Crs::fromUserInput(code), Crs::fromUserInput("EPSG:4490"),
                                                     std::nullopt, geom::Envelope{118, 31, 119, 32}, "old.shp",
                                                     "$.subjects"));
            FAIL() << code << " was accepted";
        } catch (const CrsError& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("old.shp"), std::string::npos) << m;
            EXPECT_NE(m.find("$.subjects.datum_transform"), std::string::npos) << m;
            EXPECT_NE(m.find("no official transformation"), std::string::npos) << m;
        }
    }
}

TEST(LayerTransform, Wgs84IsTakenAsCgcs2000WithANote) {
    auto t = LayerTransform::create(Crs::fromUserInput("EPSG:4326"), Crs::fromUserInput("EPSG:4490"), std::nullopt,
                                    geom::Envelope{118, 31, 119, 32}, "gps.geojson", "$");
    ASSERT_EQ(t.notes().size(), 1u);
    const OGRPoint p = transformPoint(t, 118.5, 31.5);
    EXPECT_NEAR(p.getX(), 118.5, 1e-9);
    EXPECT_NEAR(p.getY(), 31.5, 1e-9);
}

TEST(LayerTransform, SevenParametersMatchTheHelmertFormula) {
    DatumTransform params;
    params.dx = -12.5;
    params.dy = 98.3;
    params.dz = 51.2;
    params.rx = 0.85;
    params.ry = -1.25;
    params.rz = 2.1;
    params.scalePpm = 3.2;
    auto t = LayerTransform::create(Crs::fromUserInput("EPSG:4610"), Crs::fromUserInput("EPSG:4490"), params,
                                    std::nullopt, "xian.shp", "$");
    const double lon = 118.75, lat = 32.05;
    const OGRPoint p = transformPoint(t, lon, lat);
    // Xian 1980 uses the IAG 1975 ellipsoid; CGCS2000 its own (GRS80-like).
    const auto expected =
        toGeodetic(helmert(toGeocentric(lon, lat, 6378140.0, 298.257), params), 6378137.0, 298.257222101);
    EXPECT_NEAR(p.getX(), expected[0], 1e-9);  // 1e-9° ≈ 0.1 mm
    EXPECT_NEAR(p.getY(), expected[1], 1e-9);
    EXPECT_GT(std::fabs(p.getX() - lon) + std::fabs(p.getY() - lat), 1e-4);  // it did shift

    // The coordinate-frame convention is the same with the rotations' signs flipped.
    DatumTransform frame = params;
    frame.coordinateFrame = true;
    frame.rx = -params.rx;
    frame.ry = -params.ry;
    frame.rz = -params.rz;
    auto t2 = LayerTransform::create(Crs::fromUserInput("EPSG:4610"), Crs::fromUserInput("EPSG:4490"), frame,
                                     std::nullopt, "xian.shp", "$");
    const OGRPoint q = transformPoint(t2, lon, lat);
    EXPECT_NEAR(q.getX(), p.getX(), 1e-12);
    EXPECT_NEAR(q.getY(), p.getY(), 1e-12);
}

TEST(LayerTransform, FourParametersMatchThePlaneSimilarity) {
    DatumTransform params;
    params.method = DatumTransform::Method::FourParam;
    params.dx = 12.3;
    params.dy = -45.6;
    params.rotationArcsec = 1.5;
    params.scalePpm = -3.4;
    params.targetCrs = "EPSG:4549";
    auto t = LayerTransform::create(Crs::fromUserInput("EPSG:2385"), Crs::fromUserInput("EPSG:4549"), params,
                                    std::nullopt, "xian.shp", "$");
    const double e = 512345.678, n = 3512345.678;
    const double theta = 1.5 * kRadPerArcsec, k = 1 - 3.4e-6;
    const OGRPoint p = transformPoint(t, e, n);
    EXPECT_NEAR(p.getX(), 12.3 + k * (e * std::cos(theta) - n * std::sin(theta)), 1e-6);
    EXPECT_NEAR(p.getY(), -45.6 + k * (e * std::sin(theta) + n * std::cos(theta)), 1e-6);
}

TEST(LayerTransform, FourParametersNeedATargetCrs) {
    DatumTransform params;
    params.method = DatumTransform::Method::FourParam;
    EXPECT_THROW(
        static_cast<void>(LayerTransform::create(Crs::fromUserInput("EPSG:2385"), Crs::fromUserInput("EPSG:4490"),
                                                 params, std::nullopt, "xian.shp", "$.subjects")),
        CrsError);
}

// The message of the CrsError that LayerTransform::create throws, or "" when it does not.
std::string refusal(const char* source, const char* target, const std::optional<DatumTransform>& params) {
    try {
        static_cast<void>(LayerTransform::create(Crs::fromUserInput(source), Crs::fromUserInput(target), params,
                                                 geom::Envelope{117.1, 31.7, 117.3, 31.9}, "layer.shp",
                                                 "$.constraints[0]"));
    } catch (const CrsError& e) {
        return e.what();
    }
    return "";
}

DatumTransform sevenParameters() {
    DatumTransform params;
    params.dx = -12.5;
    params.dy = 98.3;
    params.dz = 51.2;
    return params;
}

TEST(LayerTransform, ParametersOnACgcs2000OrWgs84LayerAreRefused) {
    // They shift Xian 1980 / Beijing 1954 data: on modern coordinates they moved a layer by
    // ~100 m without a word.
    for (const char* code : {"EPSG:4548", "EPSG:4490", "EPSG:4326"}) {
        const std::string m = refusal(code, "EPSG:4490", sevenParameters());
        EXPECT_NE(m.find("$.constraints[0].datum_transform is for Xian 1980 or Beijing 1954 data"), std::string::npos)
            << code << ": " << m;
    }
    DatumTransform four;
    four.method = DatumTransform::Method::FourParam;
    four.targetCrs = "EPSG:4548";
    EXPECT_NE(refusal("EPSG:4548", "EPSG:4490", four).find("is for Xian 1980"), std::string::npos);
}

TEST(LayerTransform, ParametersToCgcs2000AreNotFollowedByANoOpToAnOldAnalysisCrs) {
    // The Helmert shift took Xian 1980 data to CGCS2000; PROJ's no-op back to a Xian 1980 analysis
    // CRS (EPSG:2384) then left it ~75 m off, labelled Xian 1980.
    const std::string m = refusal("EPSG:2384", "EPSG:2384", sevenParameters());
    EXPECT_NE(m.find("$.constraints[0].datum_transform takes this layer to EPSG:4490"), std::string::npos) << m;
    EXPECT_NE(m.find("analysis CRS EPSG:2384"), std::string::npos) << m;
    EXPECT_EQ(refusal("EPSG:2384", "EPSG:4548", sevenParameters()), "");  // CGCS2000 GK: fine
}

TEST(LayerTransform, AnOldAnalysisCrsIsBlamedNotTheCgcs2000Layer) {
    // A CGCS2000 layer against a Xian 1980 or Beijing 1954 analysis CRS: the advice used to be a
    // datum_transform on the CGCS2000 layer, which gave wrong numbers when followed.
    for (const char* analysis : {"EPSG:4610", "EPSG:4214"}) {
        const std::string m = refusal("EPSG:4548", analysis, std::nullopt);
        EXPECT_NE(m.find("this layer is on EPSG:4548"), std::string::npos) << m;
        EXPECT_NE(m.find(std::string("the analysis CRS ") + analysis), std::string::npos) << m;
        EXPECT_EQ(m.find("at $.constraints[0].datum_transform"), std::string::npos) << m;
    }
}

TEST(LayerTransform, ATowgs84ClauseOfAnOldDatumIsUsedWhateverTheAnalysisCrs) {
    // An ArcGIS .prj of Xian 1980 with TOWGS84: GDAL applied it on the way to WGS 84 only, and the
    // default analysis CRS (CGCS2000) refused the layer as a no-op. Used like a datum_transform now,
    // with a note, towards either; within Xian 1980 nothing is shifted.
    const Crs xian = Crs::fromUserInput(
        "GEOGCS[\"Xian 1980\",DATUM[\"Xian_1980\",SPHEROID[\"IAG 1975\",6378140,298.257],"
        "TOWGS84[-11.2,95.3,54.1,0.32,-1.12,0.87,2.5]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]");
    DatumTransform params;
    params.dx = -11.2;
    params.dy = 95.3;
    params.dz = 54.1;
    params.rx = 0.32;
    params.ry = -1.12;
    params.rz = 0.87;
    params.scalePpm = 2.5;
    const double lon = 117.2, lat = 31.8;
    const auto expected =
        toGeodetic(helmert(toGeocentric(lon, lat, 6378140.0, 298.257), params), 6378137.0, 298.257222101);
    for (const char* analysis : {"EPSG:4490", "EPSG:4326"}) {
        auto t = LayerTransform::create(xian, Crs::fromUserInput(analysis), std::nullopt,
                                        geom::Envelope{117.1, 31.7, 117.3, 31.9}, "xian.shp", "$");
        ASSERT_EQ(t.notes().size(), 1u) << analysis;
        EXPECT_NE(t.notes()[0].find("TOWGS84"), std::string::npos) << t.notes()[0];
        const OGRPoint p = transformPoint(t, lon, lat);
        EXPECT_NEAR(p.getX(), expected[0], 1e-8) << analysis;  // WGS 84 and CGCS2000: within a few mm
        EXPECT_NEAR(p.getY(), expected[1], 1e-8) << analysis;
    }
    const auto same =
        LayerTransform::create(xian, Crs::fromUserInput("EPSG:4610"), std::nullopt, std::nullopt, "xian.shp", "$");
    const OGRPoint q = transformPoint(same, lon, lat);
    EXPECT_NEAR(q.getX(), lon, 1e-12);
    EXPECT_NEAR(q.getY(), lat, 1e-12);
}

}  // namespace
}  // namespace redline::crs
