// SPDX-License-Identifier: MIT
#include "redline/analysis/data_doctor.hpp"

#include <gtest/gtest.h>

#include "testing.hpp"

namespace redline::analysis {
namespace {

using testing::denseRectangle;

TEST(DataDoctor, FindsInvalidGeometriesAndOverlaps) {
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(
        dir.file("r.gpkg"), {{"code"}, {"cat"}},
        {{denseRectangle(500000, 3500000, 500400, 3500300), {"A", "core"}},
         {denseRectangle(500300, 3500100, 500700, 3500300), {"B", "general"}},
         {"POLYGON((502000 3500000, 502200 3500200, 502200 3500000, 502000 3500200, 502000 3500000))", {"BOW", "core"}},
         {"", {"EMPTY", "core"}}},
        gk);
    DoctorOptions options;
    options.idField = "code";
    options.categoryField = "cat";
    Feedback fb;
    const DoctorReport r = examine(io::SourceSpec::parse(dir.file("r.gpkg")), options, fb);
    EXPECT_EQ(r.features, 4);
    EXPECT_EQ(r.nullGeometries, 1);
    EXPECT_EQ(r.epsg, 4549);
    EXPECT_TRUE(r.coordinates.ok());
    ASSERT_EQ(r.invalidCount, 1);
    EXPECT_EQ(r.invalid[0].id, "BOW");
    EXPECT_NE(r.invalid[0].reason.find("Self-intersection"), std::string::npos);
    EXPECT_DOUBLE_EQ(*r.invalid[0].x, 502100);
    EXPECT_DOUBLE_EQ(*r.invalid[0].y, 3500100);
    ASSERT_EQ(r.overlapCount, 1);
    EXPECT_EQ(r.overlaps[0].idA, "A");
    EXPECT_EQ(r.overlaps[0].categoryB, "general");
    EXPECT_NEAR(r.overlaps[0].areaM2, 100 * 200, 1e-6 * 20000);  // A ∩ B = 100 × 200 m near the CM
    EXPECT_FALSE(r.blocking());
}

TEST(DataDoctor, ZonePrefixedCoordinatesAreBlocking) {
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(dir.file("p.gpkg"), {{"code"}}, {{denseRectangle(40500000, 3500000, 40500400, 3500300), {"A"}}},
                        gk);
    Feedback fb;
    const DoctorReport r = examine(io::SourceSpec::parse(dir.file("p.gpkg")), {}, fb);
    EXPECT_TRUE(r.blocking());
    EXPECT_EQ(r.coordinates.suggestedEpsg, 4528);
}

TEST(DataDoctor, MissingCrsIsBlocking) {
    testing::TempDir dir;
    testing::LayerOptions none;
    none.crs = "";
    testing::writeLayer(dir.file("n.gpkg"), {{"code"}}, {{denseRectangle(0, 0, 10, 10), {"A"}}}, none);
    Feedback fb;
    const DoctorReport r = examine(io::SourceSpec::parse(dir.file("n.gpkg")), {}, fb);
    EXPECT_FALSE(r.crsName);
    EXPECT_TRUE(r.blocking());
    EXPECT_FALSE(r.overlapsChecked);
}

}  // namespace
}  // namespace redline::analysis
