// SPDX-License-Identifier: MIT
// Loading for display: every feature, its attributes as GDAL reads them, its vertices in the
// map CRS as an independent OGR transformation puts them, and clear errors naming the file.
#include "redline/render/layer_loading.hpp"

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "redline/io/gdal_env.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::render {
namespace {

TEST(LayerLoading, SampleRedlinesInAGaussKrugerMap) {
    io::ensureGdalRegistered();
    const std::string path = testing::sampleData("redlines.shp");
    const auto mapCrs = crs::Crs::fromUserInput("EPSG:4549");
    const auto layer = loadVectorLayer(io::SourceSpec{path, "", "", ""}, &mapCrs, QStringLiteral("redlines"));

    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    OGRLayer* ogr = ds->GetLayer(0);
    ASSERT_EQ(layer->featureCount(), static_cast<std::size_t>(ogr->GetFeatureCount()));
    OGRSpatialReference target;
    target.importFromEPSG(4549);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference source(*ogr->GetSpatialRef());
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&source, &target));
    const int nameField = layer->fieldIndex(QStringLiteral("name"));
    ASSERT_GE(nameField, 0);
    std::size_t f = 0;
    for (auto& feature : *ogr) {
        ASSERT_EQ(layer->fid(f), feature->GetFID());
        EXPECT_EQ(layer->attribute(f, nameField).toStdString(), feature->GetFieldAsString("name"));
        // Shapefile "polygons" may be multipart: the first part's outer ring is the first ring.
        const OGRGeometry* g = feature->GetGeometryRef();
        std::size_t rings = 0;
        const OGRPolygon* poly = nullptr;
        if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon) {
            for (const auto* part : *g->toMultiPolygon())
                rings += static_cast<std::size_t>(part->getNumInteriorRings() + 1);
            poly = g->toMultiPolygon()->getGeometryRef(0);
        } else {
            poly = g->toPolygon();
            rings = static_cast<std::size_t>(poly->getNumInteriorRings() + 1);
        }
        const auto* ring = poly->getExteriorRing();
        double x = ring->getX(1), y = ring->getY(1);
        ASSERT_TRUE(ct->Transform(1, &x, &y));
        EXPECT_NEAR(layer->ring(f, 0)[1].x(), x, 1e-6);  // metres
        EXPECT_NEAR(layer->ring(f, 0)[1].y(), y, 1e-6);
        EXPECT_EQ(layer->ringCount(f), rings);
        ++f;
    }
    // The Gauss-Kruger zone 40 (117°E) northings of Nanjing / Taihu: 3.4 to 3.6 million metres.
    EXPECT_GT(layer->extent().minY, 3.3e6);
    EXPECT_LT(layer->extent().maxY, 3.7e6);
}

TEST(LayerLoading, ErrorsNameTheFile) {
    io::ensureGdalRegistered();
    const auto mapCrs = crs::Crs::fromUserInput("EPSG:4490");
    try {
        (void)loadVectorLayer(io::SourceSpec{"/nonexistent/parks.shp", "", "", ""}, &mapCrs, {});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("parks.shp"), std::string::npos) << e.what();
    }
    testing::TempDir dir;
    const std::string noCrs = dir.file("nocrs.gpkg");
    testing::LayerOptions options;
    options.crs = "";
    testing::writeLayer(noCrs, {{"id", 'S'}}, {{"POLYGON((0 0,1 0,1 1,0 0))", {"a"}}}, options);
    try {
        (void)loadVectorLayer(io::SourceSpec{noCrs, "", "", ""}, &mapCrs, {});
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no CRS"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nocrs.gpkg"), std::string::npos) << e.what();
    }
    // Without a map CRS (a map of CRS-less data) it loads as it is.
    const auto layer = loadVectorLayer(io::SourceSpec{noCrs, "", "", ""}, nullptr, {});
    EXPECT_EQ(layer->featureCount(), 1u);
}

}  // namespace
}  // namespace redline::render
