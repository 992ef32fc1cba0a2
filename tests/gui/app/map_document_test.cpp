// SPDX-License-Identifier: MIT
// The viewer's document draws a project's Xian 1980 layer with the project's datum_transform,
// in the CRS the check uses (CGCS2000), where the check puts it. (It refused the layer: the
// parameters never reached the map, and the map was in Xian 1980's own lon/lat.)
#include "map_document.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "gui_test_util.hpp"
#include "redline/analysis/conflict_check.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/io/gdal_env.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

TEST(MapDocument, DrawsAXian1980LayerWithItsDatumTransform) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    redline::testing::LayerOptions xian;
    xian.layer = "sites";
    xian.crs = "EPSG:2385";  // Xian 1980 / 3-degree Gauss-Kruger CM 120E
    redline::testing::writeLayer(
        dir.file("sites.gpkg"), {{"id", 'S'}},
        {{"POLYGON((500000 3550000,500400 3550000,500400 3550400,500000 3550400,500000 3550000))", {"X1"}}}, xian);
    redline::testing::LayerOptions cgcs;
    cgcs.layer = "redlines";
    redline::testing::writeLayer(
        dir.file("redlines.gpkg"), {{"category", 'S'}},
        {{"POLYGON((120.02 32.07,120.03 32.07,120.03 32.08,120.02 32.08,120.02 32.07))", {"core"}}}, cgcs);
    const std::string file = dir.file("project.json");
    std::ofstream(file) << R"({"version": 1,
      "subjects": {"path": "sites.gpkg", "id_field": "id",
                   "datum_transform": {"method": "7param", "dx": -11.2, "dy": 95.3, "dz": 54.1, "rx": 0.32,
                                       "ry": -1.12, "rz": 0.87, "ds_ppm": 2.5, "convention": "coordinate_frame"}},
      "constraints": [{"path": "redlines.gpkg", "category_field": "category"}]})";

    MapDocument document;
    QStringList failures;
    QObject::connect(&document, &MapDocument::loadFailed,
                     [&](const QString& source, const QString& why) { failures << source + ": " + why; });
    document.openProject(QString::fromStdString(file));
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    EXPECT_TRUE(failures.isEmpty()) << failures.join('\n').toStdString();
    ASSERT_TRUE(document.mapCrs());
    EXPECT_EQ(document.mapCrs()->label(), "EPSG:4490");

    // The site lands where the check puts it: its south-west corner through the check's own
    // transformation (the one the check builds from the project), and ~100 m from where a
    // no-op datum shift would put it (the same grid numbers read as CGCS2000's CM 120E zone).
    analysis::ConflictCheck check(document.project());
    Feedback feedback;
    check.prepare(feedback);
    ASSERT_EQ(check.context().analysisCrs->label(), "EPSG:4490");
    const MapLayer* sites = nullptr;
    for (const auto& l : document.layers())
        if (l.role == LayerRole::Subjects) sites = &l;
    ASSERT_TRUE(sites && sites->data);
    const auto ring = sites->data->ring(0, 0);
    ASSERT_EQ(ring.size(), 5u);
    const auto corner = [](const char* from, const std::optional<crs::DatumTransform>& params) {
        std::vector<double> x{500000}, y{3550000};
        const auto t = crs::LayerTransform::create(crs::Crs::fromUserInput(from), crs::Crs::fromUserInput("EPSG:4490"),
                                                   params, std::nullopt, "", "");
        EXPECT_TRUE(t.apply(x, y));
        return QPointF(x[0], y[0]);
    };
    const QPointF expected = corner("EPSG:2385", document.project().subjects.datumTransform);
    EXPECT_NEAR(ring[0].x(), expected.x(), 1e-9);  // 0.1 mm
    EXPECT_NEAR(ring[0].y(), expected.y(), 1e-9);
    const QPointF noop = corner("EPSG:4549", std::nullopt);
    EXPECT_GT(std::hypot((expected.x() - noop.x()) * 94000, (expected.y() - noop.y()) * 111000), 50);
}

// Loose files: the map takes the CRS of the first file that has one. A file without a .prj given
// first was drawn as raw numbers (degrees) in the Gauss-Krüger map of the next file, 4,000 km
// from it, without a word; it is now refused, named, as it is when it comes second.
TEST(MapDocument, ALooseFileWithoutCrsBeforeOneWithACrsIsRefusedNamed) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    const auto none = redline::testing::shapefileWithoutCrs("noprj");
    redline::testing::writeLayer(dir.file("noprj.shp"), {{"category", 'S'}},
                                 {{"POLYGON((126.5 45.8,126.6 45.8,126.6 45.9,126.5 45.9,126.5 45.8))", {"core"}}},
                                 none);
    redline::testing::LayerOptions gk;
    gk.layer = "sites";
    gk.crs = "EPSG:4530";  // CGCS2000 / 3-degree Gauss-Kruger zone 42 (zone-prefixed eastings)
    redline::testing::writeLayer(
        dir.file("sites.gpkg"), {{"id", 'S'}},
        {{"POLYGON((42538000 5074000,42539000 5074000,42539000 5075000,42538000 5075000,42538000 5074000))", {"S1"}}},
        gk);
    MapDocument document;
    QStringList failures;
    QObject::connect(&document, &MapDocument::loadFailed,
                     [&](const QString& source, const QString& why) { failures << source + ": " + why; });
    document.addSources(
        {QString::fromStdString(dir.file("noprj.shp")), QString::fromStdString(dir.file("sites.gpkg"))});
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    ASSERT_TRUE(document.mapCrs());
    EXPECT_EQ(document.mapCrs()->label(), "EPSG:4530");
    ASSERT_EQ(failures.size(), 1) << failures.join('\n').toStdString();
    EXPECT_TRUE(failures.at(0).contains(QStringLiteral("noprj.shp")));
    EXPECT_TRUE(failures.at(0).contains(QStringLiteral("no CRS")));
    ASSERT_EQ(document.layers().size(), 1u);
    EXPECT_GT(document.layers().front().data->extent().minX, 42e6);
}

// A GeoPackage with an attribute table beside its map layers adds the map layers; the table
// was refused as "has no CRS; name one, e.g. …|crs=EPSG:4490", which no CRS would cure. Given
// alone, the table is refused for what it is.
TEST(MapDocument, AGeoPackagesAttributeTableIsNotAMapLayer) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    const std::string file = dir.file("mixed.gpkg");
    redline::testing::LayerOptions zones;
    zones.layer = "zones";
    redline::testing::writeLayer(file, {{"name", 'S'}},
                                 {{"POLYGON((120 30,120.1 30,120.1 30.1,120 30.1,120 30))", {"甲"}}}, zones);
    redline::testing::LayerOptions table;
    table.layer = "codes";
    table.append = true;
    table.attributesOnly = true;
    redline::testing::writeLayer(file, {{"code"}}, {}, table);
    MapDocument document;
    QStringList failures;
    QObject::connect(&document, &MapDocument::loadFailed,
                     [&](const QString& source, const QString& why) { failures << source + ": " + why; });
    document.addSources({QString::fromStdString(file)});
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    EXPECT_TRUE(failures.isEmpty()) << failures.join('\n').toStdString();
    ASSERT_EQ(document.layers().size(), 1u);
    EXPECT_EQ(document.layers().front().spec.source.layer, "zones");

    document.addSources({QString::fromStdString(file + "|codes")});
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    ASSERT_EQ(failures.size(), 1);
    EXPECT_TRUE(failures.at(0).contains(QStringLiteral("no geometry (an attribute table)")))
        << failures.at(0).toStdString();
}

}  // namespace
}  // namespace redline::viewer
