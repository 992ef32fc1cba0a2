// SPDX-License-Identifier: MIT
// The map's first view. A project's layers load in parallel; the view was fixed by the first to
// finish (often one small site layer), so the rest of the project was off screen. And a loose
// file without a .prj, in degrees, was drawn as a dot in 400 units of empty map.
#include "map_canvas.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "gui_test_util.hpp"
#include "map_document.hpp"
#include "redline/io/gdal_env.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

bool contains(const render::Box& outer, const render::Box& inner) {
    return outer.minX <= inner.minX && outer.minY <= inner.minY && outer.maxX >= inner.maxX && outer.maxY >= inner.maxY;
}

TEST(MapCanvas, FirstViewShowsEveryLayerOfTheProject) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    // One small site far east of many constraint features: the site layer loads first.
    redline::testing::LayerOptions sites;
    sites.layer = "sites";
    redline::testing::writeLayer(dir.file("sites.gpkg"), {{"id", 'S'}},
                                 {{"POLYGON((121 31,121.01 31,121.01 31.01,121 31.01,121 31))", {"S1"}}}, sites);
    redline::testing::LayerOptions red;
    red.layer = "redlines";
    std::vector<redline::testing::TestFeature> squares;
    for (int i = 0; i < 100; ++i)
        for (int j = 0; j < 100; ++j) {
            const double x = 118 + i * 0.01, y = 30 + j * 0.01;
            squares.push_back({"POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," +
                                   std::to_string(x + 0.005) + " " + std::to_string(y) + "," +
                                   std::to_string(x + 0.005) + " " + std::to_string(y + 0.005) + "," +
                                   std::to_string(x) + " " + std::to_string(y + 0.005) + "," + std::to_string(x) + " " +
                                   std::to_string(y) + "))",
                               {"core"}});
        }
    redline::testing::writeLayer(dir.file("redlines.gpkg"), {{"category", 'S'}}, squares, red);
    const std::string file = dir.file("project.json");
    std::ofstream(file) << R"({"version": 1, "subjects": {"path": "sites.gpkg", "id_field": "id"},
      "constraints": [{"path": "redlines.gpkg", "category_field": "category"}]})";

    MapDocument document;
    MapCanvas canvas(&document);
    canvas.resize(800, 600);
    canvas.show();
    document.openProject(QString::fromStdString(file));
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    QCoreApplication::processEvents();
    const render::Box view = canvas.viewport().visibleExtent();
    EXPECT_TRUE(contains(view, {118, 30, 121.01, 31.01}))
        << "view " << view.minX << " " << view.minY << " " << view.maxX << " " << view.maxY;
    EXPECT_LT(view.width(), 4.0);  // and fits the project, not the world
}

TEST(MapCanvas, ALayerWithoutCrsInDegreesFillsTheView) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    const auto none = redline::testing::shapefileWithoutCrs("noprj");
    redline::testing::writeLayer(dir.file("noprj.shp"), {{"category", 'S'}},
                                 {{"POLYGON((118.3 31,120.7 31,120.7 32.5,118.3 32.5,118.3 31))", {"core"}}}, none);
    MapDocument document;
    MapCanvas canvas(&document);
    canvas.resize(800, 600);
    canvas.show();
    document.addSources({QString::fromStdString(dir.file("noprj.shp"))});
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    QCoreApplication::processEvents();
    ASSERT_FALSE(document.mapCrs());
    const render::Box view = canvas.viewport().visibleExtent();
    EXPECT_TRUE(contains(view, {118.3, 31, 120.7, 32.5}));
    EXPECT_LT(view.width(), 5.0) << "the layer is a dot in a view " << view.width() << " units wide";
}

}  // namespace
}  // namespace redline::viewer
