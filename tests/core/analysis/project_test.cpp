// SPDX-License-Identifier: MIT
#include "redline/analysis/project.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

std::string loadError(const std::string& json, const std::string& name = "p.json") {
    testing::TempDir dir;
    std::ofstream(dir.file(name)) << json;
    try {
        static_cast<void>(loadProject(dir.file(name)));
    } catch (const ProjectFileError& e) {
        const std::string m = e.what();
        return m.substr(m.find(name));  // drop the temp directory
    }
    return "(no error)";
}

const std::string kMinimal = R"({"version": 1, "subjects": {"path": "s.shp"},
  "constraints": {"path": "r.shp", "category_field": "category"}})";

TEST(Project, SampleProjectLoads) {
    const Project p = loadProject(testing::sampleData("project.json"));
    EXPECT_EQ(p.subjects.idField, "site_id");
    EXPECT_EQ(p.subjects.nameField, "名称");
    EXPECT_EQ(p.subjects.jsonPath, "$.subjects");
    ASSERT_EQ(p.constraints.size(), 2u);
    EXPECT_EQ(p.constraints[1].category, "water_source");
    EXPECT_EQ(p.constraints[1].jsonPath, "$.constraints[1]");
    ASSERT_EQ(p.zones.size(), 2u);
    EXPECT_EQ(p.zones[0].zoneName, "basin");
    EXPECT_EQ(p.zones[0].source.layer, "basins");
    EXPECT_TRUE(std::filesystem::path(p.subjects.source.path).is_absolute());
    EXPECT_EQ(p.rules.ruleFor("core").severity, Severity::Prohibited);
    EXPECT_EQ(p.rules.ruleFor("unlisted").severity, Severity::Review);
}

TEST(Project, MinimalProjectHasDefaults) {
    testing::TempDir dir;
    std::ofstream(dir.file("p.json")) << kMinimal;
    const Project p = loadProject(dir.file("p.json"));
    EXPECT_DOUBLE_EQ(p.minAreaM2, 1.0);
    EXPECT_EQ(p.threads, 0);
    EXPECT_TRUE(p.rules.source.empty());
    EXPECT_EQ(p.rules.ruleFor("core").severity, Severity::Review);  // no rules: every category is review
    EXPECT_EQ(p.subjects.source.path, (dir.path() / "s.shp").string());
}

TEST(Project, AProjectSavedInGbkIsRead) {
    // Notepad on a Chinese Windows saved "ANSI" (GBK): the name 红线 and the name field 名称 in GBK bytes.
    testing::TempDir dir;
    std::ofstream(dir.file("p.json"), std::ios::binary)
        << "{\"version\": 1, \"name\": \"\xBA\xEC\xCF\xDF\", \"subjects\": {\"path\": \"s.shp\", \"name_field\": "
           "\"\xC3\xFB\xB3\xC6\"}, \"constraints\": {\"path\": \"r.shp\", \"category_field\": \"category\"}}";
    const Project p = loadProject(dir.file("p.json"));
    EXPECT_EQ(p.name, "红线");
    EXPECT_EQ(p.subjects.nameField, "名称");
}

TEST(Project, SyntaxErrorsGiveLineAndColumn) {
    const std::string m = loadError("{\n  \"version\": 1,\n  \"subjects\": {\"path\": \"s.shp\"\n}\n");
    EXPECT_EQ(m.rfind("p.json:5:1:", 0), 0u) << m;  // the object is never closed: end of input
    EXPECT_NE(m.find("invalid JSON"), std::string::npos) << m;
}

TEST(Project, UnknownKeysNameTheirPath) {
    const std::string m = loadError(R"({"version": 1, "subjects": {"path": "s.shp", "idfield": "x"},
      "constraints": {"path": "r.shp", "category_field": "c"}})");
    EXPECT_NE(m.find("$.subjects.idfield: unknown key"), std::string::npos) << m;
}

TEST(Project, WrongTypesNameTheirPath) {
    EXPECT_NE(
        loadError(
            R"({"version": 1, "min_area_m2": "one", "subjects": {"path": "s"}, "constraints": {"path": "r", "category": "c"}})")
            .find("$.min_area_m2: expected a number, got string"),
        std::string::npos);
    EXPECT_NE(loadError(R"({"version": 1, "subjects": {"path": "s"}, "constraints": [{"path": "r"}]})")
                  .find("$.constraints[0]: give either \"category_field\""),
              std::string::npos);
    EXPECT_NE(loadError(R"({"version": 2, "subjects": {"path": "s"}, "constraints": {"path": "r", "category": "c"}})")
                  .find("$.version: unsupported version 2"),
              std::string::npos);
    EXPECT_NE(
        loadError(R"({"version": 1, "constraints": {"path": "r", "category": "c"}})").find("$.subjects: is required"),
        std::string::npos);
}

TEST(Project, AMissingRulesFileIsNamedByItsPath) {
    // "nope.json: cannot be read" said neither where it was written nor that it was the rules.
    EXPECT_NE(loadError(R"({"version": 1, "subjects": {"path": "s"}, "constraints": {"path": "r", "category": "c"},
      "rules": "nope.json"})")
                  .find("$.rules: "),
              std::string::npos);
    EXPECT_NE(loadError(R"({"version": 1, "subjects": {"path": "s"}, "constraints": {"path": "r", "category": "c"},
      "rules": ""})")
                  .find("$.rules: is empty"),
              std::string::npos);
}

TEST(Project, RulesErrorsNameTheirPath) {
    const std::string m =
        loadError(R"({"version": 1, "subjects": {"path": "s"}, "constraints": {"path": "r", "category": "c"},
      "rules": {"categories": {"core": {"severity": "forbidden"}}}})");
    EXPECT_NE(m.find("$.rules.categories.core.severity: unknown severity \"forbidden\""), std::string::npos) << m;
}

TEST(Project, InlineRulesAndDatumTransform) {
    testing::TempDir dir;
    std::ofstream(dir.file("p.json")) << R"({"version": 1,
      "subjects": {"path": "s.shp", "datum_transform": {"method": "7param", "dx": 1, "dy": 2, "dz": 3,
                   "rx": 0.1, "ry": 0.2, "rz": 0.3, "ds_ppm": 4, "convention": "coordinate_frame"}},
      "constraints": {"path": "r.shp", "category_field": "category"},
      "rules": {"default": {"severity": "info"}, "categories": {"core": {"severity": "禁止", "priority": 1, "buffer_m": 50}}}})";
    const Project p = loadProject(dir.file("p.json"));
    ASSERT_TRUE(p.subjects.datumTransform);
    EXPECT_TRUE(p.subjects.datumTransform->coordinateFrame);
    EXPECT_DOUBLE_EQ(p.subjects.datumTransform->scalePpm, 4);
    EXPECT_EQ(p.rules.ruleFor("core").severity, Severity::Prohibited);
    EXPECT_EQ(p.rules.ruleFor("core").priority, 1);
    EXPECT_DOUBLE_EQ(p.rules.ruleFor("core").bufferM, 50);
    EXPECT_EQ(p.rules.ruleFor("other").severity, Severity::Info);
}

TEST(Project, TheDefaultRuleIsForCategoriesNotListed) {
    // "core" without a severity under a default of info became info (every core conflict gone), and
    // a default buffer_m and min_area_m2 spread to every listed category.
    testing::TempDir dir;
    std::ofstream(dir.file("p.json")) << R"({"version": 1,
      "subjects": {"path": "s.shp"}, "constraints": {"path": "r.shp", "category_field": "category"},
      "rules": {"default": {"severity": "info", "buffer_m": 100, "min_area_m2": 50000},
                "categories": {"core": {"priority": 1}, "general": {"severity": "restricted"}}}})";
    const Project p = loadProject(dir.file("p.json"));
    EXPECT_EQ(p.rules.ruleFor("core").severity, Severity::Review);  // the built-in default
    EXPECT_DOUBLE_EQ(p.rules.ruleFor("core").bufferM, 0);
    EXPECT_FALSE(p.rules.ruleFor("core").minAreaM2);
    EXPECT_EQ(p.rules.ruleFor("general").severity, Severity::Restricted);
    EXPECT_DOUBLE_EQ(p.rules.ruleFor("general").bufferM, 0);
    EXPECT_EQ(p.rules.ruleFor("other").severity, Severity::Info);  // not listed: the default
    EXPECT_DOUBLE_EQ(p.rules.ruleFor("other").bufferM, 100);
    EXPECT_EQ(p.rules.ruleFor("other").minAreaM2, 50000);
}

TEST(Project, IncompleteDatumTransformIsRejected) {
    const std::string m =
        loadError(R"({"version": 1, "subjects": {"path": "s", "datum_transform": {"method": "7param", "dx": 1}},
      "constraints": {"path": "r", "category": "c"}})");
    EXPECT_NE(m.find("$.subjects.datum_transform.dy: is required"), std::string::npos) << m;
}

TEST(Project, MissingFileIsNamed) {
    try {
        static_cast<void>(loadProject("/nonexistent/project.json"));
        FAIL();
    } catch (const ProjectFileError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/project.json"), std::string::npos);
    }
}

}  // namespace
}  // namespace redline::analysis
