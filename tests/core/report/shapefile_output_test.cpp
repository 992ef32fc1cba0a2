// SPDX-License-Identifier: MIT
// Shapefile output keeps Chinese field names and values (CP936 with a .cpg) or refuses clearly.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>

#include "redline/analysis/conflict_check.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::report {
namespace {

namespace fs = std::filesystem;
using testing::denseRectangle;

analysis::Project chineseProject(const testing::TempDir& dir, const std::string& category) {
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(dir.file("s.gpkg"), {{"编号"}, {"项目名称"}},
                        {{denseRectangle(500000, 3500000, 500100, 3500100), {"XM1", "化工仓储项目"}}}, gk);
    testing::writeLayer(dir.file("c.gpkg"), {{"类别"}},
                        {{denseRectangle(500050, 3499900, 500200, 3500200), {category}}}, gk);
    analysis::Project p;
    p.subjects.source.path = dir.file("s.gpkg");
    p.subjects.idField = "编号";
    p.subjects.nameField = "项目名称";
    analysis::LayerSpec c;
    c.source.path = dir.file("c.gpkg");
    c.categoryField = "类别";
    p.constraints.push_back(c);
    p.output = dir.path() / "out";
    return p;
}

void runWithShapefiles(const analysis::Project& p) {
    analysis::ConflictCheck check(p);
    Feedback fb;
    check.prepare(fb);
    OutputOptions options;
    options.shapefiles = true;
    CheckOutputs outputs(p.output, options);
    check.run(outputs, fb);
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

TEST(ShapefileOutput, UnencodableTextIsRefusedAndNothingIsWritten) {
    testing::TempDir dir;
    const auto p = chineseProject(dir, "red\xF0\x9F\x98\x80");  // an emoji has no GBK code
    try {
        runWithShapefiles(p);
        FAIL() << "the emoji was written";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot be written in CP936"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(p.output));
}

}  // namespace
}  // namespace redline::report
