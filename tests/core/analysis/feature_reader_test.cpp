// SPDX-License-Identifier: MIT
// Projected features are transformed on worker threads (parseGeometry) instead of in the serial
// reader: the coordinates must be exactly those OGR's own OGRGeometry::transform gives, whatever
// the thread, and a feature PROJ cannot transform must come back with its error, not stop the
// layer.
#include "redline/analysis/feature_reader.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <tbb/parallel_for.h>

#include <random>

#include "redline/geom/geometry.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

// Polygons (some with a hole, some in two parts) in EPSG:4549 (CGCS2000 / 3° Gauss-Krüger CM 120E).
std::vector<testing::TestFeature> projectedFeatures(int n) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> east(380000, 620000), north(3300000, 3800000), size(50, 3000);
    std::vector<testing::TestFeature> features;
    for (int i = 0; i < n; ++i) {
        const double x = east(rng), y = north(rng), w = size(rng), h = size(rng);
        std::string wkt;
        if (i % 3 == 0) {
            wkt = testing::denseRectangleWithHole(x, y, x + w, y + h, x + w / 4, y + h / 4, x + w / 2, y + h / 2, 97);
        } else if (i % 3 == 1) {
            const std::string a = testing::denseRectangle(x, y, x + w, y + h, 97);
            const std::string b = testing::denseRectangle(x + 2 * w, y, x + 3 * w, y + h, 97);
            wkt = "MULTIPOLYGON(" + a.substr(a.find('(')) + "," + b.substr(b.find('(')) + ")";
        } else {
            wkt = testing::denseRectangle(x, y, x + w, y + h, 97);
        }
        features.push_back({wkt, {fmt::format("F{}", i)}});
    }
    return features;
}

TEST(FeatureReader, ProjectedFeaturesAreTransformedOnAnyThreadAsOgrDoes) {
    testing::TempDir dir;
    const std::string path = dir.file("gk.gpkg");
    testing::LayerOptions options;
    options.crs = "EPSG:4549";
    const auto features = projectedFeatures(300);
    testing::writeLayer(path, {{"id"}}, features, options);

    io::VectorSource source = io::VectorSource::open(io::SourceSpec::parse(path));
    const crs::Crs analysis = crs::Crs::fromUserInput("EPSG:4490");
    const crs::LayerTransform transform =
        crs::LayerTransform::create(*source.crs(), analysis, std::nullopt, std::nullopt, "gk.gpkg", "");
    ASSERT_FALSE(transform.identity());
    FeatureReader reader(source, transform, analysis, {});
    std::vector<LoadedFeature> loaded;
    while (auto f = reader.next()) loaded.push_back(std::move(*f));
    ASSERT_EQ(loaded.size(), features.size());
    const ThreadTransforms transforms(transform);
    tbb::parallel_for(std::size_t{0}, loaded.size(), [&](std::size_t i) { parseGeometry(loaded[i], transforms); });

    // The reference: each feature's geometry transformed by OGR itself.
    OGRSpatialReference gk, cgcs;
    gk.importFromEPSG(4549);
    cgcs.importFromEPSG(4490);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    cgcs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&gk, &cgcs));
    ASSERT_TRUE(ct);
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        ASSERT_TRUE(loaded[i].error.empty()) << loaded[i].error;
        ASSERT_TRUE(loaded[i].geometry) << i;
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(features[i].wkt.c_str(), nullptr, &g), OGRERR_NONE);
        OGRGeometryUniquePtr expected(g);
        ASSERT_EQ(expected->transform(ct.get()), OGRERR_NONE);
        std::vector<unsigned char> wkb(static_cast<std::size_t>(expected->WkbSize()));
        expected->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        EXPECT_EQ(geom::toWkb(loaded[i].geometry.get()), wkb) << "feature " << i;
    }
}

TEST(FeatureReader, AFeaturePROJCannotTransformComesBackWithItsError) {
    testing::TempDir dir;
    const std::string path = dir.file("gk.gpkg");
    testing::LayerOptions options;
    options.crs = "EPSG:4549";
    std::vector<testing::TestFeature> features = projectedFeatures(2);
    // Far beyond where the projection can be inverted.
    features.push_back({"POLYGON((1e15 1e15,1.1e15 1e15,1.1e15 1.1e15,1e15 1e15))", {"far"}});
    testing::writeLayer(path, {{"id"}}, features, options);

    io::VectorSource source = io::VectorSource::open(io::SourceSpec::parse(path));
    const crs::Crs analysis = crs::Crs::fromUserInput("EPSG:4490");
    const crs::LayerTransform transform =
        crs::LayerTransform::create(*source.crs(), analysis, std::nullopt, std::nullopt, "gk.gpkg", "");
    const auto readAll = [&](ReadOptions readOptions) {
        FeatureReader reader(source, transform, analysis, std::move(readOptions));
        const ThreadTransforms transforms(transform);
        std::vector<LoadedFeature> loaded;
        while (auto f = reader.next()) {
            parseGeometry(*f, transforms);
            loaded.push_back(std::move(*f));
        }
        return loaded;
    };
    ReadOptions constraint;
    constraint.fixedCategory = "core";
    std::vector<LoadedFeature> loaded = readAll(constraint);
    ASSERT_EQ(loaded.size(), 3U);
    EXPECT_TRUE(loaded[0].geometry && loaded[1].geometry);
    EXPECT_FALSE(loaded[2].geometry);
    EXPECT_NE(loaded[2].error.find("cannot be transformed"), std::string::npos) << loaded[2].error;
    // A subject is stopped before PROJ is asked: nowhere near EPSG:4549's area of use.
    loaded = readAll({});
    ASSERT_EQ(loaded.size(), 3U);
    EXPECT_TRUE(loaded[0].geometry && loaded[1].geometry);
    EXPECT_FALSE(loaded[2].geometry);
    EXPECT_NE(loaded[2].error.find("far outside the area of use of EPSG:4549"), std::string::npos) << loaded[2].error;
}

}  // namespace
}  // namespace redline::analysis
