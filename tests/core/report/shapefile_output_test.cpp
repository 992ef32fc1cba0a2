// SPDX-License-Identifier: MIT
// Shapefile output keeps Chinese field names and values (CP936 with a .cpg) or refuses clearly.
#include <cpl_error.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <mutex>

#include "redline/analysis/conflict_check.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::report {
namespace {

namespace fs = std::filesystem;
using testing::denseRectangle;

// Subjects s.gpkg against the constraints c.gpkg, results into out/.
analysis::Project projectOf(const testing::TempDir& dir, const std::string& idField, const std::string& nameField,
                            const std::string& categoryField) {
    analysis::Project p;
    p.subjects.source.path = dir.file("s.gpkg");
    p.subjects.idField = idField;
    p.subjects.nameField = nameField;
    analysis::LayerSpec c;
    c.source.path = dir.file("c.gpkg");
    c.categoryField = categoryField;
    p.constraints.push_back(c);
    p.output = dir.path() / "out";
    return p;
}

analysis::Project chineseProject(const testing::TempDir& dir, const std::string& category) {
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(dir.file("s.gpkg"), {{"编号"}, {"项目名称"}},
                        {{denseRectangle(500000, 3500000, 500100, 3500100), {"XM1", "化工仓储项目"}}}, gk);
    testing::writeLayer(dir.file("c.gpkg"), {{"类别"}},
                        {{denseRectangle(500050, 3499900, 500200, 3500200), {category}}}, gk);
    return projectOf(dir, "编号", "项目名称", "类别");
}

// Runs the check with shapefile outputs; the outputs' warnings.
std::vector<std::string> runWithShapefiles(const analysis::Project& p) {
    analysis::ConflictCheck check(p);
    Feedback fb;
    check.prepare(fb);
    OutputOptions options;
    options.shapefiles = true;
    CheckOutputs outputs(p.output, options);
    check.run(outputs, fb);
    return outputs.warnings();
}

TEST(ShapefileOutput, ChineseNamesAndValuesSurvive) {
    testing::TempDir dir;
    const auto p = chineseProject(dir, "生态保护红线核心区");
    runWithShapefiles(p);
    std::ifstream cpg(p.output / "subjects.cpg");
    std::string encoding;
    cpg >> encoding;
    EXPECT_EQ(encoding, "CP936");

    // Read back with GDAL honouring the .cpg, as QGIS or ArcGIS would.
    GDALDatasetUniquePtr ds(GDALDataset::Open((p.output / "subjects.shp").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureUniquePtr f(layer->GetNextFeature());
    ASSERT_TRUE(f);
    EXPECT_STREQ(f->GetFieldAsString("subj_name"), "化工仓储项目");
    EXPECT_STREQ(f->GetFieldAsString("项目名称"), "化工仓储项目");  // the source's own field, 8 bytes in GBK
    // The category column "生态保护红线核心区_m2" keeps its unit and as much of the name as fits.
    EXPECT_GE(layer->GetLayerDefn()->GetFieldIndex("生态保_m2"), 0);
    EXPECT_NEAR(f->GetFieldAsDouble("生态保_m2"), 50 * 100, 5e-3);

    GDALDatasetUniquePtr conflicts(GDALDataset::Open((p.output / "conflicts.shp").c_str(), GDAL_OF_VECTOR));
    OGRFeatureUniquePtr c(conflicts->GetLayer(0)->GetNextFeature());
    ASSERT_TRUE(c);
    EXPECT_STREQ(c->GetFieldAsString("category"), "生态保护红线核心区");
    EXPECT_TRUE(fs::exists(p.output / "shapefile_fields.csv"));
}

TEST(ShapefileOutput, CategoriesThatNameOneColumnGetDistinctColumns) {
    // "core" and "Core" (SQLite and DBF compare names ignoring case) used to fail the whole run
    // on "duplicate column name: core_m2"; a field "面积,公顷" broke shapefile_fields.csv's rows.
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(dir.file("s.gpkg"), {{"编号"}, {"面积,公顷"}},
                        {{denseRectangle(500000, 3500000, 500100, 3500100), {"XM1", "1.0"}}}, gk);
    testing::writeLayer(dir.file("c.gpkg"), {{"类别"}},
                        {{denseRectangle(500050, 3499900, 500200, 3500200), {"core"}},
                         {denseRectangle(499900, 3499900, 500020, 3500200), {"Core"}}},
                        gk);
    const auto p = projectOf(dir, "编号", "", "类别");
    runWithShapefiles(p);
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((p.output / "result.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg);
    OGRLayer* subjects = gpkg->GetLayerByName("subjects");
    ASSERT_NE(subjects, nullptr);
    OGRFeatureUniquePtr f(subjects->GetNextFeature());
    ASSERT_TRUE(f);
    // Name order: "Core" before "core"; each its own overlap (20 m and 50 m of the 100 m square).
    EXPECT_NEAR(f->GetFieldAsDouble("Core_m2"), 20 * 100, 5e-3);
    EXPECT_NEAR(f->GetFieldAsDouble("core_2_m2"), 50 * 100, 5e-3);
    std::ifstream csv(p.output / "subjects.csv");
    std::string header;
    std::getline(csv, header);
    EXPECT_NE(header.find(",Core_m2,"), std::string::npos) << header;
    EXPECT_NE(header.find(",core_2_m2,"), std::string::npos) << header;
    std::ifstream mapping(p.output / "shapefile_fields.csv");
    const std::string text((std::istreambuf_iterator<char>(mapping)), {});
    EXPECT_NE(text.find(",\"面积,公顷\"\r\n"), std::string::npos) << text;
}

TEST(ShapefileOutput, TextCp936CannotHoldIsWrittenAsQuestionMarksWithAWarning) {
    // An emoji has no GBK code (nor do CJK Extension A/B characters of some place names). The run
    // used to fail with nothing written; the GeoPackage and CSV hold the text whole.
    testing::TempDir dir;
    const auto p = chineseProject(dir, "red\xF0\x9F\x98\x80");
    const std::vector<std::string> warnings = runWithShapefiles(p);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("conflicts.shp: 2 values (fields category, label) have characters that CP936 cannot"),
              std::string::npos)
        << warnings[0];
    GDALDatasetUniquePtr conflicts(GDALDataset::Open((p.output / "conflicts.shp").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(conflicts);
    OGRFeatureUniquePtr c(conflicts->GetLayer(0)->GetNextFeature());
    ASSERT_TRUE(c);
    EXPECT_STREQ(c->GetFieldAsString("category"), "red?");
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((p.output / "result.gpkg").c_str(), GDAL_OF_VECTOR));
    OGRFeatureUniquePtr g(gpkg->GetLayerByName("conflicts")->GetNextFeature());
    EXPECT_STREQ(g->GetFieldAsString("category"), "red\xF0\x9F\x98\x80");
}

// A county-sized subject (20 km square in Gauss–Krüger, 4·10⁸ m²) with a large and a wide
// attribute of its own; `value` is the attribute's text.
analysis::Project largeProject(const testing::TempDir& dir, const std::string& value) {
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(dir.file("s.gpkg"), {{"id"}, {"估值", 'R'}},
                        {{denseRectangle(500000, 3500000, 520000, 3520000, 1000), {"县域", value}}}, gk);
    testing::writeLayer(dir.file("c.gpkg"), {{"category"}},
                        {{denseRectangle(490000, 3490000, 510000, 3530000, 1000), {"core"}}}, gk);
    return projectOf(dir, "id", "", "category");
}

// GDAL's warnings from any thread while alive (the writers run on worker threads).
class WarningCollector {
  public:
    WarningCollector() { CPLSetErrorHandler(&WarningCollector::handle); }
    ~WarningCollector() { CPLSetErrorHandler(nullptr); }
    static std::vector<std::string> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(messages_, {});
    }

  private:
    static void handle(CPLErr level, CPLErrorNum, const char* message) {
        if (level < CE_Warning) return;
        std::lock_guard lock(mutex_);
        messages_.emplace_back(message);
    }
    static inline std::mutex mutex_;
    static inline std::vector<std::string> messages_;
};

TEST(ShapefileOutput, LargeAreasAndValuesFitTheirFieldsWhole) {
    testing::TempDir dir;
    const auto p = largeProject(dir, "1234567890123.25");
    WarningCollector warnings;
    WarningCollector::take();
    runWithShapefiles(p);
    // GDAL warns when it cuts a number to its field's width (OGR's default 24.15 holds < 10⁸).
    EXPECT_EQ(WarningCollector::take(), std::vector<std::string>{});

    GDALDatasetUniquePtr gpkg(GDALDataset::Open((p.output / "result.gpkg").c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr shp(GDALDataset::Open((p.output / "subjects.shp").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg && shp);
    OGRFeatureUniquePtr whole(gpkg->GetLayerByName("subjects")->GetNextFeature());
    OGRFeatureUniquePtr dbf(shp->GetLayer(0)->GetNextFeature());
    ASSERT_TRUE(whole && dbf);
    for (const char* field : {"area_m2", "area_ha", "area_mu", "conflict_m2"}) {
        const double expected = whole->GetFieldAsDouble(field);
        EXPECT_NEAR(dbf->GetFieldAsDouble(shp->GetLayer(0)->GetLayerDefn()->GetFieldIndex(
                        field == std::string("conflict_m2") ? "confl_m2" : field)),
                    expected, expected * 1e-12)
            << field;
    }
    EXPECT_GT(whole->GetFieldAsDouble("area_m2"), 3.9e8);
    EXPECT_EQ(dbf->GetFieldAsDouble("估值"), 1234567890123.25);
}

TEST(ShapefileOutput, NumberTooWideIsRefusedAndNothingIsWritten) {
    testing::TempDir dir;
    const auto p = largeProject(dir, "1e300");
    try {
        runWithShapefiles(p);
        FAIL() << "1e300 was written";
    } catch (const OutputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("does not fit a DBF number"), std::string::npos) << message;
        EXPECT_NE(message.find("估值"), std::string::npos) << message;
        EXPECT_NE(message.find((p.output / "subjects.shp").string()), std::string::npos) << message;
    }
    EXPECT_FALSE(fs::exists(p.output));
}

}  // namespace
}  // namespace redline::report
