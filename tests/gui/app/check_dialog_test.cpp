// SPDX-License-Identifier: MIT
// Analysis → Check conflicts…: the project the dialog hands to the check keeps everything the
// project file says of each layer (buffer_m, datum_transform, encoding and CRS overrides), and
// changes only what the dialog edits. (It used to build bare layer specs: a project of point
// sites with "buffer_m": 300 gave every point as an error in the viewer, not in `redline check`.)
#include "check_dialog.hpp"

#include <gtest/gtest.h>

#include <QSignalSpy>
#include <fstream>

#include "gui_test_util.hpp"
#include "redline/io/gdal_env.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

using redline::testing::writeLayer;

redline::testing::LayerOptions named(const std::string& layer) {
    redline::testing::LayerOptions o;
    o.layer = layer;
    return o;
}

TEST(CheckDialog, KeepsEveryLayerSettingOfTheProject) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    writeLayer(dir.file("sites.gpkg"), {{"id", 'S'}, {"name", 'S'}},
               {{"POINT(118.80 32.05)", {"S1", "a"}}, {"POINT(118.81 32.05)", {"S2", "b"}}}, named("sites"));
    // Xian 1980: a datum_transform is for old datums (refused on a CGCS2000 layer).
    redline::testing::LayerOptions xian = named("redlines");
    xian.crs = "EPSG:4610";
    writeLayer(dir.file("redlines.gpkg"), {{"code", 'S'}, {"category", 'S'}},
               {{"POLYGON((118.79 32.04,118.82 32.04,118.82 32.06,118.79 32.06,118.79 32.04))", {"R1", "core"}}}, xian);
    writeLayer(dir.file("zones.gpkg"), {{"county", 'S'}},
               {{"POLYGON((118.7 32.0,118.9 32.0,118.9 32.1,118.7 32.1,118.7 32.0))", {"鼓楼区"}}}, named("counties"));
    const std::string file = dir.file("project.json");
    std::ofstream(file) << R"({"version": 1, "min_area_m2": 0.001,
      "subjects": {"path": "sites.gpkg", "id_field": "id", "name_field": "name", "buffer_m": 300,
                   "encoding": "UTF-8", "crs": "EPSG:4490"},
      "constraints": [{"path": "redlines.gpkg", "category_field": "category", "id_field": "code",
                       "datum_transform": {"method": "7param", "dx": 1.5, "dy": -2, "dz": 3, "rx": 0.1,
                                           "ry": 0.2, "rz": 0.3, "ds_ppm": 1.2, "convention": "coordinate_frame"}}],
      "zones": [{"name": "county", "path": "zones.gpkg", "field": "county"}]})";

    MapDocument document;
    QSignalSpy loaded(&document, &MapDocument::allLoaded);
    document.openProject(QString::fromStdString(file));
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    ASSERT_EQ(document.layers().size(), 3u);
    for (const auto& l : document.layers()) ASSERT_TRUE(l.data) << l.spec.name;

    CheckDialog dialog(document);
    const analysis::Project& original = document.project();
    const analysis::Project p = dialog.project();
    EXPECT_EQ(p.subjects.bufferM, 300);
    EXPECT_EQ(p.minAreaM2, 0.001);  // the box shows 0.00; unedited, the project's value stands
    EXPECT_EQ(p.subjects.source.encoding, "UTF-8");
    EXPECT_EQ(p.subjects.source.crs, "EPSG:4490");
    EXPECT_EQ(p.subjects.jsonPath, original.subjects.jsonPath);
    EXPECT_EQ(p.subjects.idField, "id");
    EXPECT_EQ(p.subjects.nameField, "name");
    ASSERT_EQ(p.constraints.size(), 1u);
    ASSERT_TRUE(p.constraints[0].datumTransform.has_value());
    const crs::DatumTransform& t = *p.constraints[0].datumTransform;
    EXPECT_EQ(t.dx, 1.5);
    EXPECT_EQ(t.rz, 0.3);
    EXPECT_EQ(t.scalePpm, 1.2);
    EXPECT_TRUE(t.coordinateFrame);
    EXPECT_EQ(p.constraints[0].jsonPath, original.constraints[0].jsonPath);
    EXPECT_EQ(p.constraints[0].categoryField, "category");
    ASSERT_EQ(p.zones.size(), 1u);
    EXPECT_EQ(p.zones[0].zoneName, "county");
    EXPECT_EQ(p.zones[0].zoneField, "county");

    // What the dialog edits is taken from it; the rest stays the project's.
    int subjectsRow = 0;  // rows in the document's order: zones, constraints, subjects
    while (document.layers()[static_cast<std::size_t>(subjectsRow)].role != LayerRole::Subjects) ++subjectsRow;
    dialog.setRow(subjectsRow, LayerRole::Subjects, {}, QStringLiteral("name"), QStringLiteral("id"), {});
    const analysis::Project edited = dialog.project();
    EXPECT_EQ(edited.subjects.idField, "name");
    EXPECT_EQ(edited.subjects.nameField, "id");
    EXPECT_EQ(edited.subjects.bufferM, 300);
}

TEST(CheckDialog, KeepsRulesWrittenInTheProject) {
    // Inline rules have no file for the box to show: an empty box dropped them, and every
    // overlap became a conflict to review (the viewer's verdicts disagreed with `redline check`).
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    writeLayer(dir.file("sites.gpkg"), {{"id", 'S'}},
               {{"POLYGON((118.80 32.05,118.81 32.05,118.81 32.06,118.80 32.06,118.80 32.05))", {"S1"}}},
               named("sites"));
    writeLayer(dir.file("redlines.gpkg"), {{"category", 'S'}},
               {{"POLYGON((118.79 32.04,118.82 32.04,118.82 32.06,118.79 32.06,118.79 32.04))", {"core"}}},
               named("redlines"));
    const std::string file = dir.file("project.json");
    std::ofstream(file) << R"({"version": 1,
      "subjects": {"path": "sites.gpkg", "id_field": "id"},
      "constraints": [{"path": "redlines.gpkg", "category_field": "category"}],
      "rules": {"name": "inline", "version": "1", "default": {"severity": "review"},
                "categories": {"core": {"label": "核心", "severity": "prohibited", "priority": 1}}}})";
    MapDocument document;
    document.openProject(QString::fromStdString(file));
    ASSERT_TRUE(test::waitFor([&] { return !document.loading(); }));
    ASSERT_EQ(document.project().rules.source, "inline");
    CheckDialog dialog(document);
    const analysis::Project p = dialog.project();
    ASSERT_EQ(p.rules.categories.count("core"), 1u);
    EXPECT_EQ(p.rules.categories.at("core").severity, analysis::Severity::Prohibited);
    EXPECT_EQ(p.rules.source, "inline");
}

}  // namespace
}  // namespace redline::viewer
