// SPDX-License-Identifier: MIT
#include "redline/crs/coordinate_check.hpp"

#include <gtest/gtest.h>

namespace redline::crs {
namespace {

using Kind = CoordinateDiagnosis::Kind;

TEST(CoordinateCheck, FittingDataIsOk) {
    EXPECT_TRUE(diagnoseExtent(Crs::fromUserInput("EPSG:4549"), {480000, 3400000, 560000, 3600000}).ok());
    EXPECT_TRUE(diagnoseExtent(Crs::fromUserInput("EPSG:4528"), {40480000, 3400000, 40560000, 3600000}).ok());
    EXPECT_TRUE(diagnoseExtent(Crs::fromUserInput("EPSG:4490"), {118.3, 30.9, 120.8, 32.6}).ok());
}

TEST(CoordinateCheck, ZonePrefixUnderACentralMeridianCrs) {
    const auto d = diagnoseExtent(Crs::fromUserInput("EPSG:4549"), {40480000, 3400000, 40560000, 3600000});
    EXPECT_EQ(d.kind, Kind::ZonePrefixUnderCentralMeridianCrs);
    EXPECT_EQ(d.suggestedEpsg, 4528);  // CGCS2000 3° zone 40
    EXPECT_NE(d.message.find("zone prefix"), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("EPSG:4528"), std::string::npos) << d.message;
}

TEST(CoordinateCheck, MissingZonePrefixUnderAZoneCrs) {
    const auto d = diagnoseExtent(Crs::fromUserInput("EPSG:4528"), {480000, 3400000, 560000, 3600000});
    EXPECT_EQ(d.kind, Kind::MissingZonePrefix);
    EXPECT_EQ(d.suggestedEpsg, 4549);
}

TEST(CoordinateCheck, MissingZonePrefixAtAMeridianOfBothZoneWidths) {
    // 129°E is the central meridian of 3° zone 43 and of 6° zone 22: the CRS's prefix decides.
    const auto threeDegree = diagnoseExtent(Crs::fromUserInput("EPSG:4531"), {480000, 5300000, 560000, 5500000});
    EXPECT_EQ(threeDegree.kind, Kind::MissingZonePrefix);
    EXPECT_EQ(threeDegree.suggestedEpsg, 4552);  // CGCS2000 / 3-degree Gauss-Kruger CM 129E
    const auto sixDegree = diagnoseExtent(Crs::fromUserInput("EPSG:4500"), {480000, 5300000, 560000, 5500000});
    EXPECT_EQ(sixDegree.kind, Kind::MissingZonePrefix);
    EXPECT_EQ(sixDegree.suggestedEpsg, 4511);  // CGCS2000 / Gauss-Kruger CM 129E (6°)
}

TEST(CoordinateCheck, SixDegreeZonePrefix) {
    const auto d = diagnoseExtent(Crs::fromUserInput("EPSG:4509"), {20400000, 3400000, 20600000, 3600000});
    EXPECT_EQ(d.kind, Kind::ZonePrefixUnderCentralMeridianCrs);
    EXPECT_EQ(d.suggestedEpsg, 4498);  // CGCS2000 6° zone 20
}

TEST(CoordinateCheck, SwappedNorthingAndEasting) {
    const auto d = diagnoseExtent(Crs::fromUserInput("EPSG:4549"), {3400000, 480000, 3600000, 560000});
    EXPECT_EQ(d.kind, Kind::SwappedAxes);
}

TEST(CoordinateCheck, SwappedLatitudeAndLongitude) {
    EXPECT_EQ(diagnoseExtent(Crs::fromUserInput("EPSG:4490"), {30.9, 118.3, 32.6, 120.8}).kind, Kind::SwappedAxes);
}

TEST(CoordinateCheck, ProjectedNumbersUnderAGeographicCrs) {
    EXPECT_EQ(diagnoseExtent(Crs::fromUserInput("EPSG:4490"), {480000, 3400000, 560000, 3600000}).kind,
              Kind::OutsideAreaOfUse);
}

TEST(CoordinateCheck, FarOutsideTheAreaOfUse) {
    // Gauss-Kruger CM 120E data that inverse-project to the Atlantic.
    EXPECT_EQ(diagnoseExtent(Crs::fromUserInput("EPSG:4490"), {-30, 10, -20, 20}).kind, Kind::OutsideAreaOfUse);
}

TEST(CoordinateCheck, EastingsPastAMillionAreNotAPrefixUnlessTheyNameAZone) {
    // Heilongjiang (130°E) stored in the 120°E zone: 700 km east of its meridian, not "zone 1".
    const auto far = diagnoseExtent(Crs::fromUserInput("EPSG:4549"), {1193546, 5181770, 1322722, 5331968});
    EXPECT_EQ(far.kind, Kind::OutsideAreaOfUse) << far.message;
    EXPECT_EQ(far.message.find("prefix"), std::string::npos) << far.message;
}

TEST(CoordinateCheck, GaussKrugerCodeTables) {
    EXPECT_EQ(gaussKrugerEpsg(DatumFamily::Cgcs2000, 3, 25, true), 4513);
    EXPECT_EQ(gaussKrugerEpsg(DatumFamily::Cgcs2000, 3, 45, false), 4554);
    EXPECT_EQ(gaussKrugerEpsg(DatumFamily::Cgcs2000, 6, 13, true), 4491);
    EXPECT_EQ(gaussKrugerEpsg(DatumFamily::Xian1980, 3, 40, false), 2385);
    EXPECT_EQ(gaussKrugerEpsg(DatumFamily::Beijing1954, 6, 23, false), 21463);
    EXPECT_FALSE(gaussKrugerEpsg(DatumFamily::Cgcs2000, 3, 12, true));
    EXPECT_FALSE(gaussKrugerEpsg(DatumFamily::Other, 3, 40, true));
}

TEST(CoordinateCheck, AZonePrefixOfAnotherZoneSuggestsThatZone) {
    // A zone 39 .prj over zone 40 data (or a 6° zone 20 .prj over 3° zone 39 data): the prefix names
    // the zone; before, only "far outside the area of use".
    const auto d = diagnoseExtent(Crs::fromUserInput("EPSG:4527"), {40230000, 3520000, 40240000, 3530000});
    EXPECT_EQ(d.kind, Kind::OutsideAreaOfUse);
    EXPECT_EQ(d.suggestedEpsg, 4528);
    EXPECT_NE(d.message.find("prefix of zone 40"), std::string::npos) << d.message;
    EXPECT_EQ(diagnoseExtent(Crs::fromUserInput("EPSG:4498"), {39510000, 3520000, 39520000, 3530000}).suggestedEpsg,
              4527);
}

TEST(CoordinateCheck, WebMercatorMetresAreNotTakenForAZonePrefix) {
    // x = 13,046,644 at 117.2°E in EPSG:3857 reads as "zone 13" (75°E): EPSG:4491 was suggested and
    // then refused as far outside its own area of use.
    const auto d = diagnoseExtent(Crs::fromUserInput("EPSG:4548"), {13046644, 3737086, 13051097, 3741016});
    EXPECT_EQ(d.kind, Kind::OutsideAreaOfUse);
    EXPECT_EQ(d.suggestedEpsg, 3857);
    EXPECT_NE(d.message.find("Web Mercator"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace redline::crs
