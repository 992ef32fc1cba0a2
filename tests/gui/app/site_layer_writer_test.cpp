// SPDX-License-Identifier: MIT
// Save sites as layer…: each format is written and read back with GDAL (ids, names, areas,
// geometry), to ASCII and Chinese paths; an existing file is replaced whole (a shapefile's
// stale side files too); a failed save leaves nothing; a name without suffix gets the filter's.
#include "site_layer_writer.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>

#include "file_suffix.hpp"
#include "redline/crs/crs.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

namespace fs = std::filesystem;

// Two squares in CGCS2000 3° zone CM 120°E (EPSG:4549), 100 m and 50 m across: planar areas
// 10,000 and 2,500 m², exact in the map CRS.
std::vector<DrawnSite> twoSites() {
    auto square = [](double x, double y, double size) {
        return QPolygonF({{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}});
    };
    return {{QStringLiteral("site 1"), square(500000, 3500000, 100), QStringLiteral("conflict"), 10000.2, 1234.5},
            {QStringLiteral("地块 2"), square(501000, 3500000, 50), QStringLiteral("clear"), 2500.1, 0}};
}

std::vector<std::string> filesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void expectReadsBack(const fs::path& file) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds) << file;
    ASSERT_EQ(ds->GetLayerCount(), 1);
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_EQ(layer->GetFeatureCount(), 2);
    const auto* srs = layer->GetSpatialRef();
    ASSERT_NE(srs, nullptr);
    EXPECT_TRUE(srs->IsSame(&crs::Crs::fromUserInput("EPSG:4549").srs())) << file;
    const std::vector<DrawnSite> sites = twoSites();
    int i = 0;
    for (auto& f : *layer) {
        const auto& s = sites[static_cast<std::size_t>(i)];
        EXPECT_EQ(f->GetFieldAsInteger("id"), i + 1);
        EXPECT_EQ(std::string(f->GetFieldAsString("name")), s.name.toStdString());
        EXPECT_EQ(std::string(f->GetFieldAsString("status")), s.status.toStdString());
        EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("area_m2"), s.areaM2);
        EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("confl_m2"), s.conflictAreaM2);
        const OGRGeometry* g = f->GetGeometryRef();
        ASSERT_NE(g, nullptr);
        const double side = i == 0 ? 100 : 50;
        EXPECT_NEAR(g->toPolygon()->get_Area(), side * side, 1e-6);  // planar, in the map CRS
        ++i;
    }
}

class SiteLayerWriter : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override { io::ensureGdalRegistered(); }
};

TEST_P(SiteLayerWriter, WritesEachFormatToAsciiAndChinesePaths) {
    const crs::Crs mapCrs = crs::Crs::fromUserInput("EPSG:4549");
    for (const std::string folder : {"ascii", "选址 数据"}) {
        redline::testing::TempDir dir;
        const fs::path target = dir.path() / folder / ("sites." + GetParam());
        fs::create_directories(target.parent_path());
        ASSERT_NO_THROW(writeSites(twoSites(), mapCrs, QString::fromStdString(target.string())));
        expectReadsBack(target);
        // Only the dataset's own files: no staging folder or temporary name is left.
        for (const auto& name : filesIn(target.parent_path())) EXPECT_EQ(name.rfind("sites.", 0), 0u) << name;
        if (GetParam() == "shp") {
            EXPECT_EQ(filesIn(target.parent_path()),
                      (std::vector<std::string>{"sites.cpg", "sites.dbf", "sites.prj", "sites.shp", "sites.shx"}));
        }
    }
}

TEST_P(SiteLayerWriter, ReplacesAnExistingFileWhole) {
    const crs::Crs mapCrs = crs::Crs::fromUserInput("EPSG:4549");
    redline::testing::TempDir dir;
    const fs::path target = dir.path() / ("sites." + GetParam());
    std::vector<DrawnSite> three = twoSites();
    three.push_back(three.front());
    writeSites(three, mapCrs, QString::fromStdString(target.string()));
    // A spatial index QGIS left beside the old shapefile would no longer match it.
    if (GetParam() == "shp") std::ofstream(dir.path() / "sites.qix") << "stale";
    writeSites(twoSites(), mapCrs, QString::fromStdString(target.string()));
    expectReadsBack(target);
    EXPECT_FALSE(fs::exists(dir.path() / "sites.qix"));
}

INSTANTIATE_TEST_SUITE_P(Formats, SiteLayerWriter, ::testing::Values("gpkg", "shp", "geojson"));

TEST(SiteLayerWriterFailure, LeavesNothingAndKeepsTheOldFile) {
    io::ensureGdalRegistered();
    const crs::Crs mapCrs = crs::Crs::fromUserInput("EPSG:4549");
    redline::testing::TempDir dir;
    const fs::path target = dir.path() / "sites.gpkg";
    writeSites(twoSites(), mapCrs, QString::fromStdString(target.string()));
    const auto before = filesIn(dir.path());
    // A format the writer does not know, and a folder that cannot be made (its parent is a file).
    EXPECT_THROW(writeSites(twoSites(), mapCrs, QString::fromStdString((dir.path() / "sites.txt").string())),
                 OutputError);
    EXPECT_THROW(writeSites(twoSites(), mapCrs, QString::fromStdString((target / "inner" / "sites.gpkg").string())),
                 OutputError);
    EXPECT_EQ(filesIn(dir.path()), before);
    expectReadsBack(target);
}

TEST(SiteLayerWriterSuffix, ANameWithoutSuffixGetsTheChosenFilters) {
    const QString filters = QStringLiteral("GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson)");
    EXPECT_EQ(withChosenSuffix(QStringLiteral("/d/sites"), QStringLiteral("Shapefile (*.shp)"), filters),
              QStringLiteral("/d/sites.shp"));
    EXPECT_EQ(withChosenSuffix(QStringLiteral("/d/sites.v2"), QStringLiteral("GeoJSON (*.geojson)"), filters),
              QStringLiteral("/d/sites.v2.geojson"));
    // A suffix the dialog offers is kept, whichever filter was selected.
    EXPECT_EQ(withChosenSuffix(QStringLiteral("/d/sites.SHP"), QStringLiteral("GeoPackage (*.gpkg)"), filters),
              QStringLiteral("/d/sites.SHP"));
}

}  // namespace
}  // namespace redline::viewer
