// SPDX-License-Identifier: MIT
// result.gpkg's page size follows the run's size: 64 KB pages from 20,000 subjects (a write call
// per page), SQLite's 4 KB below, and either way a GeoPackage GDAL reads back in full.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

#include "redline/analysis/conflict_check.hpp"
#include "redline/report/result_writers.hpp"
#include "testing.hpp"

namespace redline::report {
namespace {

// `count` squares of 10 m in a row (Gauss-Krüger), every tenth inside the one constraint; the check
// written to out/. Returns the output folder.
std::filesystem::path checkSquares(const testing::TempDir& dir, int count) {
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    std::vector<testing::TestFeature> squares;
    squares.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const double x = 500000 + 20.0 * (i % 200), y = 3500000 + 20.0 * (i / 200);
        squares.push_back({fmt::format("POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", x, y, x + 10, y + 10),
                           {fmt::format("S{}", i)}});
    }
    testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, squares, gk);
    testing::writeLayer(
        dir.file("c.gpkg"), {{"cat"}},
        {{"POLYGON((499990 3499990,500410 3499990,500410 3510000,499990 3510000,499990 3499990))", {"core"}}}, gk);
    analysis::Project p;
    p.subjects.source.path = dir.file("s.gpkg");
    p.subjects.idField = "code";
    analysis::LayerSpec c;
    c.source.path = dir.file("c.gpkg");
    c.categoryField = "cat";
    p.constraints.push_back(c);
    p.output = dir.path() / "out";
    analysis::ConflictCheck check(p);
    Feedback fb;
    check.prepare(fb);
    CheckOutputs outputs(p.output, OutputOptions{});
    check.run(outputs, fb);
    return p.output;
}

struct GpkgFacts {
    long long pageSize = 0, subjects = 0, conflicts = 0, inWindow = 0;
};

GpkgFacts factsOf(const std::filesystem::path& gpkg) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    EXPECT_TRUE(ds);
    GpkgFacts facts;
    if (!ds) return facts;
    OGRLayer* page = ds->ExecuteSQL("PRAGMA page_size", nullptr, nullptr);
    if (page != nullptr) {
        OGRFeatureUniquePtr f(page->GetNextFeature());
        if (f) facts.pageSize = f->GetFieldAsInteger64(0);
        ds->ReleaseResultSet(page);
    }
    facts.subjects = ds->GetLayerByName("subjects")->GetFeatureCount();
    facts.conflicts = ds->GetLayerByName("conflicts")->GetFeatureCount();
    // Through the spatial index: the subjects of the first row of squares (lon/lat, the analysis CRS).
    OGRLayer* subjects = ds->GetLayerByName("subjects");
    OGREnvelope all;
    EXPECT_EQ(subjects->GetExtent(&all), OGRERR_NONE);
    subjects->SetSpatialFilterRect(all.MinX, all.MinY, all.MaxX, all.MinY + 1e-5);
    facts.inWindow = subjects->GetFeatureCount();
    return facts;
}

TEST(GpkgOutput, ManySubjectsAreWrittenInLargePages) {
    testing::TempDir dir;
    const GpkgFacts facts = factsOf(checkSquares(dir, 20000) / "result.gpkg");
    EXPECT_EQ(facts.pageSize, 65536);
    EXPECT_EQ(facts.subjects, 20000);
    EXPECT_EQ(facts.conflicts, 2100);  // the squares of columns 0–20 lie inside the constraint
    EXPECT_EQ(facts.inWindow, 200);    // one row of squares
}

TEST(GpkgOutput, FewSubjectsKeepSqlitesPages) {
    testing::TempDir dir;
    const GpkgFacts facts = factsOf(checkSquares(dir, 400) / "result.gpkg");
    EXPECT_EQ(facts.pageSize, 4096);
    EXPECT_EQ(facts.subjects, 400);
    EXPECT_EQ(facts.conflicts, 42);
    EXPECT_EQ(facts.inWindow, 200);
}

}  // namespace
}  // namespace redline::report
