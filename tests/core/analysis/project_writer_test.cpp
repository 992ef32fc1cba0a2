// SPDX-License-Identifier: MIT
// saveProject() is the inverse of loadProject(): every setting survives a round trip, paths
// are rewritten relative to the new file's folder, and the viewer's "map" section is read
// with located errors.
#include <gtest/gtest.h>

#include <fstream>

#include "redline/analysis/project.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

namespace fs = std::filesystem;

TEST(ProjectWriter, SampleProjectRoundTripsFromAnotherFolder) {
    Project p = loadProject(testing::sampleData("project.json"));
    render::MapLayerSpec layer;
    layer.source = p.constraints[0].source;
    layer.name = "红线";
    layer.visible = false;
    layer.style = render::categorizedStyle("category", {"core", "general"});
    layer.style.categories[1].label = "一般控制区";
    layer.style.labelField = "name";
    layer.style.opacity = 0.75;
    p.map.layers.push_back(layer);
    p.map.extent = std::array<double, 4>{118.0, 31.0, 120.5, 32.5};
    p.map.crs = "EPSG:4490";

    testing::TempDir dir;
    fs::create_directories(dir.path() / "sub");
    const std::string file = dir.file("sub/saved.json");
    saveProject(p, file);
    const Project q = loadProject(file);

    // Same files, though written relative to the new folder.
    EXPECT_EQ(q.subjects.source.path, p.subjects.source.path);
    EXPECT_EQ(q.subjects.idField, p.subjects.idField);
    EXPECT_EQ(q.subjects.nameField, p.subjects.nameField);
    ASSERT_EQ(q.constraints.size(), p.constraints.size());
    EXPECT_EQ(q.constraints[1].category, "water_source");
    ASSERT_EQ(q.zones.size(), 2u);
    EXPECT_EQ(q.zones[1].zoneName, "county");
    EXPECT_EQ(q.zones[1].source.layer, "counties");
    EXPECT_EQ(q.rules.source, p.rules.source);
    EXPECT_EQ(q.rules.ruleFor("core").severity, Severity::Prohibited);
    EXPECT_EQ(q.analysisCrs, "EPSG:4490");
    EXPECT_EQ(q.output, p.output);
    ASSERT_TRUE(q.stats.present);
    ASSERT_EQ(q.stats.rasters.size(), 1u);
    EXPECT_EQ(q.stats.rasters[0].path, p.stats.rasters[0].path);
    EXPECT_EQ(q.stats.rasters[0].classTable, p.stats.rasters[0].classTable);
    EXPECT_EQ(q.stats.classes.size(), p.stats.classes.size());

    ASSERT_EQ(q.map.layers.size(), 1u);
    const auto& l = q.map.layers[0];
    EXPECT_EQ(l.source.path, layer.source.path);
    EXPECT_EQ(l.name, "红线");
    EXPECT_FALSE(l.visible);
    EXPECT_EQ(l.style.kind, render::LayerStyle::Kind::Categorized);
    ASSERT_EQ(l.style.categories.size(), 2u);
    EXPECT_EQ(l.style.categories[0].fill, *render::conventionalCategoryColor("core"));
    EXPECT_EQ(l.style.categories[1].label, "一般控制区");
    EXPECT_EQ(l.style.labelField, "name");
    EXPECT_DOUBLE_EQ(l.style.opacity, 0.75);
    EXPECT_EQ(q.map.extent, p.map.extent);
    EXPECT_EQ(q.map.crs, "EPSG:4490");

    EXPECT_FALSE(fs::exists(file + ".saving"));
}

TEST(ProjectWriter, InlineRulesAreWrittenOut) {
    Project p;
    p.subjects.source.path = "/data/sites.shp";
    LayerSpec c;
    c.source.path = "/data/red.shp";
    c.category = "core";
    p.constraints.push_back(c);
    p.rules.source = "inline";
    p.rules.categories["core"] = {"核心", Severity::Prohibited, 1, 250, 10.0};
    testing::TempDir dir;
    saveProject(p, dir.file("p.json"));
    const Project q = loadProject(dir.file("p.json"));
    const auto rule = q.rules.ruleFor("core");
    EXPECT_EQ(rule.label, "核心");
    EXPECT_EQ(rule.severity, Severity::Prohibited);
    EXPECT_EQ(rule.priority, 1);
    EXPECT_DOUBLE_EQ(rule.bufferM, 250);
    EXPECT_EQ(rule.minAreaM2, 10.0);
    EXPECT_EQ(q.subjects.source.path, "/data/sites.shp");  // far away: stays absolute

    // Data beside the project's folder is written relative, so the two can move together.
    p.subjects.source.path = dir.file("data/sites.shp");
    fs::create_directories(dir.path() / "project");
    saveProject(p, dir.file("project/p.json"));
    std::ifstream in(dir.file("project/p.json"));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(R"("path": "../data/sites.shp")"), std::string::npos) << text;
    EXPECT_EQ(loadProject(dir.file("project/p.json")).subjects.source.path, dir.file("data/sites.shp"));
}

TEST(ProjectWriter, BadMapSectionNamesItsPath) {
    testing::TempDir dir;
    const auto error = [&](const std::string& map) {
        std::ofstream(dir.file("p.json")) << R"({"version": 1, "subjects": {"path": "s.shp"},
            "constraints": {"path": "r.shp", "category": "core"}, "map": )"
                                          << map << "}";
        try {
            (void)loadProject(dir.file("p.json"));
        } catch (const ProjectFileError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_NE(error(R"({"layers": [{"path": "a.shp", "style": {"fill": "red"}}]})").find("$.map.layers[0].style.fill"),
              std::string::npos);
    EXPECT_NE(error(R"({"extent": [1, 2, 0, 3]})").find("$.map.extent"), std::string::npos);
    EXPECT_NE(error(R"({"layers": [{"path": "a.shp", "colour": "#ff0000"}]})").find("colour"), std::string::npos);
    EXPECT_NE(error(R"({"layers": [{"path": "a.shp", "style": {"opacity": 2}}]})").find("opacity"), std::string::npos);
}

TEST(MapSpec, ColoursAndConventionalCategories) {
    EXPECT_EQ(render::parseColor("#a50f15"), (render::Rgba{165, 15, 21, 255}));
    EXPECT_EQ(render::parseColor("#00000080"), (render::Rgba{0, 0, 0, 128}));
    EXPECT_FALSE(render::parseColor("a50f15"));
    EXPECT_FALSE(render::parseColor("#12345g"));
    EXPECT_EQ(render::colorName({165, 15, 21, 255}), "#a50f15");
    EXPECT_EQ(render::colorName({0, 0, 0, 128}), "#00000080");
    // Core is darker than general; the Chinese names get the same colours as the English ones.
    const auto core = *render::conventionalCategoryColor("core");
    const auto general = *render::conventionalCategoryColor("general");
    EXPECT_LT(core.r + core.g + core.b, general.r + general.g + general.b);
    EXPECT_EQ(render::conventionalCategoryColor("生态保护红线·核心保护区"), core);
    EXPECT_EQ(render::conventionalCategoryColor("生态保护红线·一般控制区"), general);
    EXPECT_EQ(render::conventionalCategoryColor("饮用水水源保护区"), render::conventionalCategoryColor("water_source"));
    EXPECT_FALSE(render::conventionalCategoryColor("industrial"));
    const auto style = render::categorizedStyle("category", {"core", "x", "y"});
    EXPECT_NE(style.categories[1].fill, style.categories[2].fill);  // palette colours differ
}

}  // namespace
}  // namespace redline::analysis
