// SPDX-License-Identifier: MIT
#include "redline/io/vector_source.hpp"

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
