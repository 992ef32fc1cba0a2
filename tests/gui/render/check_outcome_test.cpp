// SPDX-License-Identifier: MIT
// What the viewer keeps of a check: a subject that could not be checked is listed first, with
// its reason and no polygon; every row of a subject carries the subject's notes; constraint
// features left out are named.
#include "redline/render/check_outcome.hpp"

#include <gtest/gtest.h>

#include "redline/geom/geometry.hpp"

namespace redline::render {
namespace {

analysis::CheckContext twoCategories() {
    analysis::CheckContext context;
    analysis::CategoryInfo core;
    core.name = "core";
    core.rule.label = "核心保护区";
    core.rule.severity = analysis::Severity::Prohibited;
    analysis::CategoryInfo general;
    general.name = "general";
    general.rule.severity = analysis::Severity::Restricted;
    context.categories = {core, general};
    context.constraintFeatures = {{"redlines", "HX-1", "", 0}, {"redlines", "HX-2", "", 1}};
    return context;
}

analysis::SubjectResult conflictOf(const std::string& id, std::size_t category, double areaM2) {
    analysis::SubjectResult r;
    r.id = id;
    r.status = analysis::SubjectStatus::Conflict;
    r.areaM2 = 2 * areaM2;
    analysis::CategoryOverlap o;
    o.category = category;
    o.areaM2 = areaM2;
    o.features = {{category, areaM2}};
    o.geometry = geom::fromWkt("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))");
    r.overlaps.push_back(std::move(o));
    return r;
}

TEST(CheckCollector, SubjectsNotCheckedComeFirstWithTheirReasonAndNoPolygon) {
    analysis::CheckContext context = twoCategories();
    context.problems = {{"redlines.shp", 2, "HX-3", "skipped", "the category field is empty; the feature is not used"},
                        {"redlines.shp", 4, "HX-5", "repaired", "invalid geometry repaired (Self-intersection)"}};
    CheckCollector collector(nullptr);
    collector.begin(context);
    std::vector<analysis::SubjectResult> batch;
    batch.push_back(conflictOf("A", 1, 500));
    analysis::SubjectResult broken;
    broken.id = "B";
    broken.status = analysis::SubjectStatus::Error;
    broken.error = "empty geometry";
    batch.push_back(std::move(broken));
    batch.push_back(conflictOf("C", 0, 300));
    batch.back().notes = {"invalid geometry repaired (Self-intersection)"};
    collector.write(batch);
    collector.finish();
    const CheckOutcome outcome = collector.take();

    EXPECT_EQ(outcome.subjects, 3);
    EXPECT_EQ(outcome.errors, 1);
    EXPECT_EQ(outcome.inConflict, 2);
    // A feature left out is named; one repaired was used and is not.
    EXPECT_EQ(outcome.unusedFeatures,
              QStringList{"redlines.shp fid 2 (HX-3): the category field is empty; the feature is not used"});
    ASSERT_EQ(outcome.rows.size(), 3u);
    EXPECT_EQ(outcome.rows[0].subjectId, "B");
    EXPECT_TRUE(outcome.rows[0].error);
    EXPECT_EQ(outcome.rows[0].notes, "empty geometry");
    EXPECT_EQ(outcome.rows[0].feature, kNoFeature);
    EXPECT_EQ(outcome.rows[1].subjectId, "C");  // prohibited before restricted
    EXPECT_EQ(outcome.rows[1].notes, "invalid geometry repaired (Self-intersection)");
    EXPECT_EQ(outcome.rows[2].subjectId, "A");
    EXPECT_TRUE(outcome.rows[2].notes.isEmpty());
    // Only the overlaps are on the map, and each row points at its own polygon.
    ASSERT_EQ(outcome.conflicts->featureCount(), 2u);
    for (std::size_t i = 1; i < outcome.rows.size(); ++i)
        EXPECT_EQ(outcome.conflicts->attribute(outcome.rows[i].feature, 0), outcome.rows[i].subjectId);
}

}  // namespace
}  // namespace redline::render
