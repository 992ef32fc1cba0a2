// SPDX-License-Identifier: MIT
#include "redline/io/vector_source.hpp"

#include <cpl_string.h>
#include <gtest/gtest.h>

#include <fstream>

#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::io {
namespace {

namespace fs = std::filesystem;
const std::string kSquare = "POLYGON((118 31,118.01 31,118.01 31.01,118 31.01,118 31))";

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(SourceSpec, ParsesLayerAndOptions) {
    const SourceSpec a = SourceSpec::parse("zones.gpkg|basins");
    EXPECT_EQ(a.path, "zones.gpkg");
    EXPECT_EQ(a.layer, "basins");
    const SourceSpec b = SourceSpec::parse("/d/sites.shp|layername=sites|encoding=CP936|crs=EPSG:4490");
    EXPECT_EQ(b.layer, "sites");
    EXPECT_EQ(b.encoding, "CP936");
    EXPECT_EQ(b.crs, "EPSG:4490");
    EXPECT_EQ(b.label(), "sites.shp|sites");
    EXPECT_THROW(static_cast<void>(SourceSpec::parse("a.shp|colour=red")), InputError);
}

class Formats : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(Formats, OpensWithCrsAndFields) {
    const auto& [driver, file] = GetParam();
    testing::TempDir dir;
    testing::LayerOptions options;
    options.driver = driver;
    options.layer = "sites";
    options.crs = driver == "KML" ? "EPSG:4326" : "EPSG:4490";
    testing::writeLayer(dir.file(file), {{"name"}}, {{kSquare, {"地块一"}}}, options);
    VectorSource src = VectorSource::open(SourceSpec::parse(dir.file(file)));
    EXPECT_EQ(src.featureCount(), 1);
    ASSERT_TRUE(src.crs()) << driver;
    EXPECT_EQ(src.crs()->epsg(), driver == "KML" ? 4326 : 4490);
    EXPECT_GE(src.requireField("name", "name field", ""), 0);
    OGRFeatureUniquePtr f(src.layer().GetNextFeature());
    EXPECT_STREQ(f->GetFieldAsString(src.requireField("name", "", "")), "地块一");
}

INSTANTIATE_TEST_SUITE_P(Io, Formats,
                         ::testing::Values(std::make_pair("GPKG", "a.gpkg"), std::make_pair("GeoJSON", "a.geojson"),
                                           std::make_pair("FlatGeobuf", "a.fgb"), std::make_pair("KML", "a.kml"),
                                           std::make_pair("ESRI Shapefile", "a.shp")));

TEST(VectorSource, CsvWithWktNeedsAStatedCrs) {
    testing::TempDir dir;
    std::ofstream(dir.file("sites.csv")) << "id,name,WKT\n1,地块,\"" << kSquare << "\"\n";
    VectorSource plain = VectorSource::open(SourceSpec::parse(dir.file("sites.csv")));
    EXPECT_FALSE(plain.crs());
    OGRFeatureUniquePtr f(plain.layer().GetNextFeature());
    ASSERT_NE(f->GetGeometryRef(), nullptr);
    EXPECT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()), wkbPolygon);
    VectorSource stated = VectorSource::open(SourceSpec::parse(dir.file("sites.csv") + "|crs=EPSG:4490"));
    ASSERT_TRUE(stated.crs());
    EXPECT_EQ(stated.crs()->epsg(), 4490);
}

// A 界址点 list saved as CSV: X north, Y east, rings by 圈号; areas in the plane of the CRS are exact.
double planarArea(const OGRFeature& f) {
    const OGRGeometry* g = f.GetGeometryRef();
    return g == nullptr ? -1 : g->toMultiPolygon()->get_Area();
}

TEST(VectorSource, BoundaryPointCsvIsReadAsParcels) {
    testing::TempDir dir;
    // A 100 × 200 m rectangle with a 20 × 20 m hole; a name with a comma, quoted as Excel does.
    std::ofstream(dir.file("jzd.csv")) << "点号,圈号,X,Y,地块名称,备注\n"
                                          "J1,1,3500000,500000,\"仓储, 物流\",起点\n"
                                          "J2,1,3500000,500200,,\n"
                                          "J3,1,3500100,500200,,\n"
                                          "J4,1,3500100,500000,,\n"
                                          "J1,1,3500000,500000,,终点\n"
                                          "J5,2,3500040,500050,,\n"
                                          "J6,2,3500060,500050,,\n"
                                          "J7,2,3500060,500070,,\n"
                                          "J8,2,3500040,500070,,\n";
    VectorSource src = VectorSource::open(SourceSpec::parse(dir.file("jzd.csv") + "|crs=EPSG:4549"));
    EXPECT_EQ(src.featureCount(), 1);
    ASSERT_TRUE(src.crs());
    EXPECT_EQ(src.crs()->epsg(), 4549);
    EXPECT_EQ(src.encoding().how, "界址点 CSV");
    // 备注 differs along the points: it describes them, not the parcel.
    ASSERT_EQ(src.fields().size(), 1u);
    OGRFeatureUniquePtr f(src.layer().GetNextFeature());
    EXPECT_EQ(VectorSource::keyText(*f, src.requireField("地块名称", "", "")), "仓储, 物流");
    EXPECT_DOUBLE_EQ(planarArea(*f), 100.0 * 200 - 20 * 20);
    OGREnvelope e;
    f->GetGeometryRef()->getEnvelope(&e);
    EXPECT_EQ(e.MinX, 500000);  // Y is the easting
    EXPECT_EQ(e.MaxY, 3500100);
}

TEST(VectorSource, BoundaryPointCsvTakesItsZoneFromThePrefixAndSaysSo) {
    testing::TempDir dir;
    // GBK, two parcels by 地块编号 (the second's id on its first row only), no 圈号: a ring that has
    // closed on its first point ends there, so the hole is still a hole.
    const std::string utf8 =
        "界址点号,北坐标,东坐标,地块编号\n"
        "J1,3500000,40500000,A\nJ2,3500000,40500100,A\nJ3,3500100,40500100,A\n"
        "J4,3500100,40500000,A\nJ1,3500000,40500000,A\n"
        "J5,3500010,40500010,A\nJ6,3500020,40500010,A\nJ7,3500020,40500020,A\n"
        "J1,3501000,40501000,B\nJ2,3501000,40501050,\nJ3,3501050,40501050,\n";
    char* gbk = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "GBK");
    std::ofstream(dir.file("jzd.csv"), std::ios::binary) << gbk;
    CPLFree(gbk);
    VectorSource src = VectorSource::open(SourceSpec::parse(dir.file("jzd.csv")));
    ASSERT_TRUE(src.crs());
    EXPECT_EQ(src.crs()->epsg(), 4528);  // CGCS2000 3° zone 40, with its prefix
    ASSERT_EQ(src.readingWarnings().size(), 1u);
    EXPECT_NE(src.readingWarnings()[0].find("EPSG:4528"), std::string::npos) << src.readingWarnings()[0];
    EXPECT_EQ(src.encoding().encoding, "GBK");
    ASSERT_EQ(src.featureCount(), 2);
    OGRFeatureUniquePtr a(src.layer().GetNextFeature()), b(src.layer().GetNextFeature());
    EXPECT_EQ(VectorSource::keyText(*a, src.requireField("地块编号", "", "")), "A");
    EXPECT_DOUBLE_EQ(planarArea(*a), 100.0 * 100 - 10 * 10 / 2.0);
    EXPECT_EQ(VectorSource::keyText(*b, src.requireField("地块编号", "", "")), "B");
    EXPECT_DOUBLE_EQ(planarArea(*b), 50.0 * 50 / 2);
}

TEST(VectorSource, BoundaryPointCsvWithoutCrsOrPrefixIsRefused) {
    testing::TempDir dir;
    std::ofstream(dir.file("jzd.csv")) << "点号,X,Y\nJ1,3500000,500000\nJ2,3500000,500100\nJ3,3500100,500100\n";
    const std::string m =
        messageOf([&] { static_cast<void>(VectorSource::open(SourceSpec::parse(dir.file("jzd.csv")))); });
    EXPECT_NE(m.find("jzd.csv: a CSV of 界址点 names no CRS"), std::string::npos) << m;
    EXPECT_NE(m.find("|crs="), std::string::npos) << m;
}

TEST(VectorSource, MultiLayerSourceNeedsALayerName) {
    testing::TempDir dir;
    const std::string path = dir.file("zones.gpkg");
    testing::LayerOptions options;
    options.layer = "basins";
    testing::writeLayer(path, {{"basin"}}, {{kSquare, {"长江流域"}}}, options);
    options.layer = "counties";
    options.append = true;
    testing::writeLayer(path, {{"county"}}, {{kSquare, {"浦口区"}}}, options);

    const std::string noLayer = messageOf([&] { VectorSource::open(SourceSpec::parse(path)); });
    EXPECT_NE(noLayer.find("2 layers"), std::string::npos) << noLayer;
    EXPECT_NE(noLayer.find("basins"), std::string::npos) << noLayer;
    EXPECT_NE(noLayer.find("counties"), std::string::npos) << noLayer;
    const std::string wrong = messageOf([&] { VectorSource::open(SourceSpec::parse(path + "|rivers")); });
    EXPECT_NE(wrong.find("no layer named \"rivers\""), std::string::npos) << wrong;
    VectorSource counties = VectorSource::open(SourceSpec::parse(path + "|counties"));
    EXPECT_EQ(counties.label(), "zones.gpkg|counties");
    EXPECT_EQ(VectorSource::layerNames(path), (std::vector<std::string>{"basins", "counties"}));
}

// A map takes the layers with geometry; an attribute table beside them is listed, not drawn.
TEST(VectorSource, SpatialLayerNamesLeaveOutAttributeTables) {
    testing::TempDir dir;
    const std::string path = dir.file("mixed.gpkg");
    testing::LayerOptions options;
    options.layer = "basins";
    testing::writeLayer(path, {{"basin"}}, {{kSquare, {"长江流域"}}}, options);
    testing::LayerOptions table;
    table.layer = "codes";
    table.append = true;
    table.attributesOnly = true;
    testing::writeLayer(path, {{"code"}}, {}, table);
    EXPECT_EQ(VectorSource::layerNames(path), (std::vector<std::string>{"basins", "codes"}));
    EXPECT_EQ(VectorSource::spatialLayerNames(path), (std::vector<std::string>{"basins"}));
    EXPECT_TRUE(VectorSource::spatialLayerNames(dir.file("missing.gpkg")).empty());
}

TEST(VectorSource, MissingFileIsNamed) {
    const std::string m = messageOf([] { VectorSource::open(SourceSpec::parse("/nonexistent/sites.shp")); });
    EXPECT_EQ(m, "/nonexistent/sites.shp: file not found");
}

TEST(VectorSource, CorruptShapefileIsNamed) {
    testing::TempDir dir;
    testing::LayerOptions options;
    options.driver = "ESRI Shapefile";
    testing::writeLayer(dir.file("bad.shp"), {{"name"}}, {{kSquare, {"x"}}}, options);
    std::ofstream(dir.file("bad.shp"), std::ios::binary | std::ios::trunc) << "this is not a shapefile at all";
    const std::string m = messageOf([&] { VectorSource::open(SourceSpec::parse(dir.file("bad.shp"))); });
    EXPECT_NE(m.find("bad.shp"), std::string::npos) << m;
    EXPECT_NE(m.find("cannot be opened"), std::string::npos) << m;
}

TEST(VectorSource, MissingFieldListsTheFields) {
    testing::TempDir dir;
    testing::writeLayer(dir.file("a.gpkg"), {{"code"}, {"类型"}}, {{kSquare, {"A", "核心"}}});
    VectorSource src = VectorSource::open(SourceSpec::parse(dir.file("a.gpkg")));
    const std::string m = messageOf(
        [&] { static_cast<void>(src.requireField("category", "category field", "$.constraints[0].category_field")); });
    EXPECT_EQ(
        m,
        "a.gpkg: category field \"category\" not found ($.constraints[0].category_field); the fields are: code, 类型");
}

TEST(VectorSource, AFieldNameCutMidCharacterIsFoundByItsWholeCharacters) {
    // GDAL cuts a UTF-8 DBF field name at 10 bytes: 生态保护 (12 bytes) becomes 生态保 and half of 护.
    testing::TempDir dir;
    testing::LayerOptions options;
    options.driver = "ESRI Shapefile";
    options.creationOptions = {"ENCODING=UTF-8"};
    testing::writeLayer(dir.file("s.shp"), {{"id"}, {"生态保护"}}, {{kSquare, {"A", "核心"}}}, options);
    VectorSource src = VectorSource::open(SourceSpec::parse(dir.file("s.shp")));
    ASSERT_EQ(src.fields().size(), 2u);
    EXPECT_EQ(src.fields()[1].name, "生态保");
    EXPECT_EQ(src.requireField("生态保", "name field", ""), 1);
}

}  // namespace
}  // namespace redline::io
