// SPDX-License-Identifier: MIT
// The zoning statistics writers: every format from one result, read back with GDAL.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "redline/geom/geometry.hpp"
#include "redline/report/stats_writers.hpp"
#include "redline/util/error.hpp"
#include "stats_files_p.hpp"
#include "testing.hpp"

namespace redline::report {
namespace {

namespace fs = std::filesystem;
using analysis::StatsRow;
using analysis::StatsRowType;

analysis::StatsResult sampleResult() {
    analysis::StatsResult r;
    r.context.analysisCrs = crs::Crs::fromUserInput("EPSG:4490");
    analysis::StatsZoneLayer basins;
    basins.name = "basin";
    basins.source = "zones.gpkg|basins";
    basins.field = "basin";
    const auto square = [](double x0) {
        return geom::toWkb(
            geom::fromWkt(fmt::format("POLYGON(({0} 31, {1} 31, {1} 32, {0} 32, {0} 31))", x0, x0 + 1)).get());
    };
    basins.zones = {{"长江", 1.0e10, square(118)}, {"太湖", 2.0e10, square(119)}};
    r.zoneLayers.push_back(basins);
    analysis::StatsClassLayer redline;
    redline.name = "redline";
    redline.classes = {"core", "general"};
    redline.classAreaM2 = {3e8, 5e8};
    redline.features = {3, 5};
    redline.coverageRule = "exact";
    r.classLayers.push_back(redline);
    const auto add = [&](std::string zone, std::string cls, StatsRowType type, double area,
                         std::optional<double> zoneArea) {
        StatsRow row;
        row.zone = std::move(zone);
        row.cls = std::move(cls);
        row.type = type;
        row.areaM2 = area;
        row.zoneAreaM2 = zoneArea;
        row.classAreaM2 = 8e8;
        row.features = 1;
        r.rows.push_back(row);
    };
    add("长江", "core", StatsRowType::Cell, 1e8, 1e10);
    add("长江", "general", StatsRowType::Cell, 2e8, 1e10);
    add("长江", analysis::kAllClasses, StatsRowType::ZoneTotal, 2.5e8, 1e10);
    add("太湖", "core", StatsRowType::Cell, 2e8, 2e10);
    add("太湖", "general", StatsRowType::Cell, 3e8, 2e10);
    add("太湖", analysis::kAllClasses, StatsRowType::ZoneTotal, 4.5e8, 2e10);
    add(analysis::kOutsideZones, "core", StatsRowType::Outside, 0, std::nullopt);
    return r;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(StatsOutputs, DirectoryGetsEveryFormat) {
    testing::TempDir dir;
    const auto written = writeStatsOutputs(sampleResult(), {dir.path() / "out"});
    for (const char* name : {"stats.csv", "stats_crosstab.csv", "stats.json", "stats.xlsx", "stats.gpkg",
                             "chart_basin_redline.svg", "chart_basin_redline.png"}) {
        EXPECT_TRUE(fs::exists(dir.path() / "out" / name)) << name;
    }
    EXPECT_EQ(written.size(), 7u);

    const std::string csv = readFile(dir.path() / "out" / "stats.csv");
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBFzone_layer,zone,class_layer,class,row_type,area_m2,area_ha,area_mu,", 0), 0u);
    EXPECT_NE(csv.find("basin,长江,redline,core,cell,100000000,10000,150000,10000000000,1,"), std::string::npos) << csv;
    const std::string cross = readFile(dir.path() / "out" / "stats_crosstab.csv");
    EXPECT_NE(cross.find("zone_layer,zone,zone_area_ha,core ha,core %,general ha,general %,(all classes) ha"),
              std::string::npos)
        << cross;

    GDALAllRegister();
    GDALDatasetUniquePtr xlsx(GDALDataset::Open((dir.path() / "out" / "stats.xlsx").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(xlsx);
    for (const char* sheet : {"stats", "crosstab", "zones", "notes"}) EXPECT_NE(xlsx->GetLayerByName(sheet), nullptr);
    EXPECT_EQ(xlsx->GetLayerByName("stats")->GetFeatureCount(), 7);

    GDALDatasetUniquePtr gpkg(GDALDataset::Open((dir.path() / "out" / "stats.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg);
    OGRLayer* zones = gpkg->GetLayerByName("zones_basin");
    ASSERT_NE(zones, nullptr);
    EXPECT_EQ(zones->GetFeatureCount(), 2);
    const int haField = zones->GetLayerDefn()->GetFieldIndex("redline_general_ha");
    const int pctField = zones->GetLayerDefn()->GetFieldIndex("redline_all_pct");
    ASSERT_GE(haField, 0);
    ASSERT_GE(pctField, 0);
    std::unique_ptr<OGRFeature> first(zones->GetNextFeature());
    EXPECT_STREQ(first->GetFieldAsString("zone"), "长江");
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble(haField), 20000);
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble(pctField), 2.5);
    EXPECT_NE(first->GetGeometryRef(), nullptr);
}

TEST(StatsOutputs, SingleFilesByExtension) {
    testing::TempDir dir;
    StatsOutputOptions options;
    options.crossTableCsv = true;
    writeStatsOutputs(sampleResult(), {dir.path() / "t.csv", dir.path() / "t.json", dir.path() / "c.svg"}, options);
    EXPECT_NE(readFile(dir.path() / "t.csv").find("core ha"), std::string::npos);
    EXPECT_NE(readFile(dir.path() / "t.json").find("\"row_type\": \"zone_total\""), std::string::npos);
    EXPECT_TRUE(fs::exists(dir.path() / "c.svg"));
}

TEST(StatsOutputs, AChineseChartSpeaksChineseThroughout) {
    const auto chart = detail::statsChart(sampleResult(), 0, 0, ReportLanguage::Chinese);
    EXPECT_EQ(chart.title, "按basin统计的redline（占各分区面积 %）");
    EXPECT_EQ(chart.restLabel, "（分区其余部分）");
    EXPECT_EQ(chart.footnote.rfind("面积为椭球面积", 0), 0u) << chart.footnote;
    EXPECT_EQ(detail::statsChart(sampleResult(), 0, 0, ReportLanguage::English).restLabel, "(rest of zone)");
}

TEST(StatsOutputs, AFailingTargetLeavesNothingBehind) {
    testing::TempDir dir;
    std::ofstream(dir.file("blocker")) << "a file where a directory should be";
    EXPECT_THROW(writeStatsOutputs(sampleResult(), {dir.path() / "ok.csv", dir.path() / "blocker" / "x.csv"}), Error);
    EXPECT_FALSE(fs::exists(dir.path() / "ok.csv"));
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
    EXPECT_EQ(entries, 1u);  // only the blocker
}

}  // namespace
}  // namespace redline::report
