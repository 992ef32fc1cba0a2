// SPDX-License-Identifier: MIT
#include "redline/crs/crs.hpp"

#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include "redline/util/error.hpp"

namespace redline::crs {
namespace {

std::string esriWkt(int epsg) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT1_ESRI", nullptr};
    srs.exportToWkt(&wkt, options);
    std::string out = wkt;
    CPLFree(wkt);
    return out;
}

TEST(Crs, Cgcs2000Geographic) {
    const Crs c = Crs::fromUserInput("EPSG:4490");
    EXPECT_TRUE(c.isGeographic());
    EXPECT_EQ(c.epsg(), 4490);
    EXPECT_EQ(c.datumFamily(), DatumFamily::Cgcs2000);
    EXPECT_DOUBLE_EQ(c.ellipsoid().semiMajor, 6378137.0);
    EXPECT_DOUBLE_EQ(c.ellipsoid().inverseFlattening, 298.257222101);
    EXPECT_EQ(Crs::fromUserInput("4490").epsg(), 4490);  // a bare code, as planners write it
}

TEST(Crs, EsriWktOfGaussKrugerCentralMeridianFormIsIdentified) {
    const std::string wkt = esriWkt(4549);
    ASSERT_NE(wkt.find("CGCS2000_3_Degree_GK_CM_120E"), std::string::npos) << wkt;
    const Crs c = Crs::fromUserInput(wkt);
    EXPECT_EQ(c.epsg(), 4549);
    EXPECT_EQ(c.datumFamily(), DatumFamily::Cgcs2000);
    const auto tm = c.transverseMercator();
    ASSERT_TRUE(tm);
    EXPECT_DOUBLE_EQ(tm->centralMeridian, 120.0);
    EXPECT_DOUBLE_EQ(tm->falseEasting, 500000.0);
    EXPECT_EQ(c.geographic().epsg(), 4490);
}

TEST(Crs, EsriWktOfZonePrefixedFormIsIdentified) {
    const Crs c = Crs::fromUserInput(esriWkt(4527));
    EXPECT_EQ(c.epsg(), 4527);
    const auto tm = c.transverseMercator();
    ASSERT_TRUE(tm);
    EXPECT_DOUBLE_EQ(tm->centralMeridian, 117.0);
    EXPECT_DOUBLE_EQ(tm->falseEasting, 39500000.0);
}

TEST(Crs, SixDegreeZones) {
    const Crs zone = Crs::fromUserInput("EPSG:4498");  // CGCS2000 / GK zone 20
    ASSERT_TRUE(zone.transverseMercator());
    EXPECT_DOUBLE_EQ(zone.transverseMercator()->centralMeridian, 117.0);
    EXPECT_DOUBLE_EQ(zone.transverseMercator()->falseEasting, 20500000.0);
    EXPECT_DOUBLE_EQ(Crs::fromUserInput("EPSG:4509").transverseMercator()->centralMeridian, 117.0);
}

TEST(Crs, OldChineseDatumsAreRecognised) {
    EXPECT_EQ(Crs::fromUserInput("EPSG:4610").datumFamily(), DatumFamily::Xian1980);
    EXPECT_EQ(Crs::fromUserInput("EPSG:2385").datumFamily(), DatumFamily::Xian1980);
    EXPECT_EQ(Crs::fromUserInput("EPSG:4214").datumFamily(), DatumFamily::Beijing1954);
    EXPECT_EQ(Crs::fromUserInput("EPSG:2437").datumFamily(), DatumFamily::Beijing1954);
    EXPECT_EQ(Crs::fromUserInput("EPSG:4326").datumFamily(), DatumFamily::Wgs84);
    EXPECT_DOUBLE_EQ(Crs::fromUserInput("EPSG:4214").ellipsoid().semiMajor, 6378245.0);  // Krasovsky
}

TEST(Crs, SameCrsDespiteDifferentWktFlavours) {
    EXPECT_TRUE(Crs::fromUserInput(esriWkt(4549)).isSame(Crs::fromUserInput("EPSG:4549")));
    EXPECT_FALSE(Crs::fromUserInput("EPSG:4549").isSame(Crs::fromUserInput("EPSG:4528")));
    EXPECT_TRUE(Crs::fromUserInput("EPSG:4549").sameDatum(Crs::fromUserInput("EPSG:4490")));
    EXPECT_FALSE(Crs::fromUserInput("EPSG:2385").sameDatum(Crs::fromUserInput("EPSG:4490")));
}

TEST(Crs, AreaOfUse) {
    const auto area = Crs::fromUserInput("EPSG:4549").areaOfUse();
    ASSERT_TRUE(area);
    EXPECT_DOUBLE_EQ(area->west, 118.5);
    EXPECT_DOUBLE_EQ(area->east, 121.5);
}

TEST(Crs, UnknownInputIsACrsError) {
    EXPECT_THROW(static_cast<void>(Crs::fromUserInput("EPSG:999999")), CrsError);
    EXPECT_THROW(static_cast<void>(Crs::fromUserInput("")), CrsError);
    try {
        static_cast<void>(Crs::fromUserInput("not a crs"));
        FAIL();
    } catch (const CrsError& e) {
        EXPECT_NE(std::string(e.what()).find("not a crs"), std::string::npos);
    }
}

TEST(Crs, ACrsWithoutANameIsDescribed) {
    // A city's own central meridian, given as a PROJ string, was "unknown" on map pages and in the
    // 界址点 tables ("Coordinates in unknown").
    const Crs tm =
        Crs::fromUserInput("+proj=tmerc +lat_0=0 +lon_0=127.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m");
    EXPECT_EQ(tm.name(),
              "Transverse Mercator, central meridian 127.5°, scale 1, false easting 500000 m, false northing 0 m "
              "(GRS 1980)");
    EXPECT_EQ(tm.label(), tm.name());
    EXPECT_EQ(Crs::fromUserInput("EPSG:4549").name(), "CGCS2000 / 3-degree Gauss-Kruger CM 120E");
    EXPECT_EQ(Crs::fromUserInput("+proj=longlat +a=6378140 +rf=298.257").name(), "longitude/latitude (IAU 1976)");
}

}  // namespace
}  // namespace redline::crs
