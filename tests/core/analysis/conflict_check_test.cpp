// SPDX-License-Identifier: MIT
// The conflict check on analytic shapes. Fixtures are squares in EPSG:4549 within 2 km of its
// central meridian, densified every 10 m: there the Gauss-Kruger scale factor is 1 to 1e-7, so
// ellipsoidal areas equal the planar areas of the drawings to better than 1e-6 relative and
// distances equal planar distances to better than 1e-6 m per metre.
#include "redline/analysis/conflict_check.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <geodesic.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <numbers>
#include <random>
#include <set>
#include <tuple>

#include "redline/crs/measure.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

namespace fs = std::filesystem;
using testing::denseRectangle;

class CollectingSink final : public ResultSink {
  public:
    std::vector<SubjectResult> results;
    void begin(const CheckContext&) override {}
    void write(std::vector<SubjectResult>& batch) override {
        for (auto& r : batch) results.push_back(std::move(r));
    }
    void finish() override {}
};

// Relative tolerance for areas of the fixtures (see the file comment).
constexpr double kAreaRtol = 1e-6;

#define EXPECT_AREA(actual, expected) EXPECT_NEAR(actual, expected, kAreaRtol* std::max(1.0, std::fabs(expected)))

struct Fixture {
    testing::TempDir dir;
    Project project;

    Fixture() {
        testing::LayerOptions gk;
        gk.crs = "EPSG:4549";
        gk.layer = "subjects";
        testing::writeLayer(
            dir.file("subjects.gpkg"), {{"code"}, {"名称"}},
            {{denseRectangle(500000, 3500000, 501000, 3501000), {"S1", "主地块"}},
             {"POLYGON((499000 3496000, 499200 3496200, 499200 3496000, 499000 3496200, 499000 3496000))",
              {"BOW", "自相交地块"}},
             {denseRectangle(498000, 3503000, 498100, 3503100), {"FAR", "远处地块"}}},
            gk);
        gk.layer = "redlines";
        testing::writeLayer(
            dir.file("constraints.gpkg"), {{"code"}, {"cat"}},
            {{denseRectangle(499500, 3499500, 500500, 3501500), {"G1", "general"}},
             {denseRectangle(500250, 3500500, 500750, 3502000), {"G2", "general"}},
             {denseRectangle(500600, 3500800, 501200, 3501200), {"C1", "core"}},
             {denseRectangle(501000, 3500000, 501500, 3501000), {"W1", "water"}},
             {denseRectangle(500000, 3501300, 501000, 3501500), {"F1", "far"}},
             {"POLYGON((500999.5 3500000, 501010 3500000, 501010 3500001, 500999.5 3500001, 500999.5 3500000))",
              {"SL1", "sliver"}}},
            gk);
        gk.layer = "zones";
        testing::writeLayer(dir.file("zones.gpkg"), {{"name"}},
                            {{denseRectangle(499000, 3499000, 500700, 3502000), {"甲"}},
                             {denseRectangle(500700, 3499000, 502000, 3502000), {"乙"}}},
                            gk);
        project.name = "analytic";
        project.subjects.source.path = dir.file("subjects.gpkg");
        project.subjects.idField = "code";
        project.subjects.nameField = "名称";
        LayerSpec c;
        c.source.path = dir.file("constraints.gpkg");
        c.categoryField = "cat";
        c.idField = "code";
        project.constraints.push_back(c);
        LayerSpec z;
        z.source.path = dir.file("zones.gpkg");
        z.zoneField = "name";
        z.zoneName = "zone";
        project.zones.push_back(z);
        project.rules.categories["core"] = {"核心", Severity::Prohibited, 1, 0, std::nullopt};
        project.rules.categories["general"] = {"一般", Severity::Restricted, 2, 0, std::nullopt};
        project.rules.categories["water"] = {"水源", Severity::Info, 3, 0, std::nullopt};
        project.rules.categories["far"] = {"远", Severity::Review, std::nullopt, 350, std::nullopt};
    }

    std::vector<SubjectResult> run(int threads = 0) {
        project.threads = threads;
        ConflictCheck check(project);
        Feedback fb;
        check.prepare(fb);
        CollectingSink sink;
        check.run(sink, fb);
        context = check.context();
        return std::move(sink.results);
    }

    std::size_t category(const std::string& name) const {
        for (std::size_t i = 0; i < context.categories.size(); ++i) {
            if (context.categories[i].name == name) return i;
        }
        throw std::runtime_error("no category " + name);
    }
    const CategoryOverlap* overlap(const SubjectResult& r, const std::string& name) const {
        for (const auto& o : r.overlaps) {
            if (o.category == category(name)) return &o;
        }
        return nullptr;
    }
    double pair(const CategoryOverlap& o, const std::string& featureId) const {
        for (const auto& f : o.features) {
            if (context.constraintFeatures[f.feature].id == featureId) return f.areaM2;
        }
        return -1;
    }

    CheckContext context;
};

TEST(ConflictCheck, OverlapsAreUnionsNotSums) {
    Fixture fx;
    const auto results = fx.run();
    ASSERT_EQ(results.size(), 3u);
    const SubjectResult& s = results[0];
    EXPECT_EQ(s.id, "S1");
    EXPECT_EQ(s.name, "主地块");
    EXPECT_AREA(s.areaM2, 1e6);

    const CategoryOverlap* general = fx.overlap(s, "general");
    ASSERT_NE(general, nullptr);
    // G1 covers the west half (500,000 m²), G2 a 500 × 500 block (250,000 m²); they share
    // 250 × 500 m inside the site, counted once: 625,000 m².
    EXPECT_AREA(general->areaM2, 625000);
    EXPECT_AREA(fx.pair(*general, "G1"), 500000);
    EXPECT_AREA(fx.pair(*general, "G2"), 250000);

    const CategoryOverlap* core = fx.overlap(s, "core");
    ASSERT_NE(core, nullptr);
    EXPECT_AREA(core->areaM2, 80000);  // 400 × 200 m
    EXPECT_AREA(fx.pair(*core, "C1"), 80000);
}

TEST(ConflictCheck, ExclusiveBreakdownAddsUpToTheConflictArea) {
    Fixture fx;
    const auto results = fx.run();
    const SubjectResult& s = results[0];
    const CategoryOverlap* core = fx.overlap(s, "core");
    const CategoryOverlap* general = fx.overlap(s, "general");
    ASSERT_TRUE(core && general && core->exclusiveM2 && general->exclusiveM2);
    // Core first (priority 1) keeps all 80,000 m²; general loses the 150 × 200 m it shares with core.
    EXPECT_AREA(*core->exclusiveM2, 80000);
    EXPECT_AREA(*general->exclusiveM2, 595000);
    EXPECT_AREA(s.conflictAreaM2, 675000);
    EXPECT_DOUBLE_EQ(*core->exclusiveM2 + *general->exclusiveM2, s.conflictAreaM2);
}

TEST(ConflictCheck, StatusSeverityEdgeContactsBuffersAndZones) {
    Fixture fx;
    const auto results = fx.run();
    const SubjectResult& s = results[0];
    EXPECT_EQ(s.status, SubjectStatus::Conflict);
    EXPECT_EQ(s.severity, Severity::Prohibited);
    EXPECT_FALSE(s.repaired);

    // W1 shares the site's east edge; SL1 overlaps it by 0.5 × 1 m, below the 1 m² minimum.
    ASSERT_EQ(s.edgeContacts.size(), 2u);
    double sliver = -1, water = -1;
    for (const auto& c : s.edgeContacts) {
        if (c.category == fx.category("sliver")) sliver = c.areaM2;
        if (c.category == fx.category("water")) water = c.areaM2;
    }
    EXPECT_NEAR(sliver, 0.5, 1e-6);
    EXPECT_EQ(water, 0.0);
    EXPECT_EQ(fx.overlap(s, "water"), nullptr);

    // F1 lies 300 m north of the site; the "far" rule flags anything within 350 m.
    bool sawFar = false;
    for (const auto& n : s.nearest) {
        if (n.category == fx.category("far")) {
            sawFar = true;
            EXPECT_NEAR(n.distanceM, 300.0, 1e-3);
            EXPECT_TRUE(n.withinBuffer);
            EXPECT_EQ(fx.context.constraintFeatures[n.feature].id, "F1");
        }
        if (n.category == fx.category("water")) {
            EXPECT_EQ(n.distanceM, 0.0);
        }
    }
    EXPECT_TRUE(sawFar);

    // 700 of the site's 1000 m width lie in zone 甲.
    ASSERT_EQ(s.zones.size(), 1u);
    EXPECT_EQ(s.zones[0].value, "甲");
    EXPECT_NEAR(s.zones[0].share, 0.7, 1e-6);
}

TEST(ConflictCheck, InvalidSubjectIsRepairedAndChecked) {
    Fixture fx;
    const auto results = fx.run();
    const SubjectResult& bow = results[1];
    EXPECT_EQ(bow.id, "BOW");
    EXPECT_TRUE(bow.repaired);
    EXPECT_EQ(bow.status, SubjectStatus::Clear);
    ASSERT_FALSE(bow.notes.empty());
    EXPECT_NE(bow.notes[0].find("Self-intersection"), std::string::npos) << bow.notes[0];
    EXPECT_AREA(bow.areaM2, 20000);  // two triangles of 200 × 100 / 2 m² each, doubled
}

TEST(ConflictCheck, ClearSubjectGetsDistancesToEveryCategory) {
    Fixture fx;
    const auto results = fx.run();
    const SubjectResult& far = results[2];
    EXPECT_EQ(far.status, SubjectStatus::Clear);
    EXPECT_FALSE(far.severity);
    EXPECT_TRUE(far.overlaps.empty());
    EXPECT_EQ(far.nearest.size(), fx.context.categories.size());
    // FAR's south-east corner (498100, 3503000) to G1's north-west corner (499500, 3501500).
    bool sawGeneral = false;
    for (const auto& n : far.nearest) {
        if (n.category != fx.category("general")) continue;
        sawGeneral = true;
        EXPECT_EQ(fx.context.constraintFeatures[n.feature].id, "G1");
        EXPECT_NEAR(n.distanceM, std::hypot(1400.0, 1500.0), 1e-2);
        EXPECT_FALSE(n.withinBuffer);
    }
    EXPECT_TRUE(sawGeneral);
    EXPECT_FALSE(far.zones[0].value);  // outside every zone
}

TEST(ConflictCheck, MinimumAreaIsSettable) {
    Fixture fx;
    fx.project.minAreaM2 = 0.1;
    const auto results = fx.run();
    const CategoryOverlap* sliver = fx.overlap(results[0], "sliver");
    ASSERT_NE(sliver, nullptr);
    EXPECT_NEAR(sliver->areaM2, 0.5, 1e-6);
}

TEST(ConflictCheck, WithoutRulesEveryCategoryIsReview) {
    Fixture fx;
    fx.project.rules = Rules{};
    const auto results = fx.run();
    EXPECT_EQ(results[0].severity, Severity::Review);
    EXPECT_EQ(results[0].status, SubjectStatus::Conflict);
}

TEST(ConflictCheck, PointSitesAreBufferedInMetres) {
    Fixture fx;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(fx.dir.file("points.gpkg"), {{"code"}},
                        {{"POINT(500300 3500300)", {"P1"}},
                         {"LINESTRING(500000 3498000, 500100 3498000)", {"L1"}},
                         {"LINESTRING(500000 3497000, 500300 3497000, 500300 3497300)", {"L2"}}},
                        gk);
    fx.project.subjects.source.path = fx.dir.file("points.gpkg");
    fx.project.subjects.nameField.clear();
    auto unbuffered = fx.run();
    EXPECT_EQ(unbuffered[0].status, SubjectStatus::Error);
    EXPECT_NE(unbuffered[0].error.find("buffer"), std::string::npos) << unbuffered[0].error;

    fx.project.subjects.bufferM = 100;
    auto results = fx.run();
    ASSERT_EQ(results[0].status, SubjectStatus::Conflict) << results[0].error;
    // The geodesic circle: π r² (within 1e-8 at 100 m).
    const double circle = std::numbers::pi * 100.0 * 100.0;
    EXPECT_NEAR(results[0].areaM2, circle, 1e-6 * circle);
    const CategoryOverlap* general = fx.overlap(results[0], "general");
    ASSERT_NE(general, nullptr);
    EXPECT_NEAR(general->areaM2, circle, 1e-6 * circle);  // the circle lies inside G1
    // A 100 m line with 100 m on both sides: a 300 × 200 m stadium, 2rL + π r². Its round ends
    // were inscribed in the arcs (56 segments a quarter at 100 m: θ²/6 = 1.3e-4 of their area,
    // 4 m², short); their vertices now lie out as a point's circle's do.
    EXPECT_NEAR(results[1].areaM2, 100 * 200 + circle, 1e-6 * (100 * 200 + circle));
    // Two 300 m legs at a right angle: 2rL + π r² less r²(tan(α/2) − α/2) at the bend (the inner
    // corner's overlap less the outer quarter circle's), α = π/2.
    const double bent = 2 * 100 * 600 + circle - 100.0 * 100.0 * (1 - std::numbers::pi / 4);
    EXPECT_NEAR(results[2].areaM2, bent, 1e-6 * bent);
}

TEST(ConflictCheck, ThreeDimensionalPolygonsAreFlattenedWithANote) {
    Fixture fx;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(
        fx.dir.file("z.gpkg"), {{"code"}},
        {{"POLYGON Z((500000 3500000 5,500100 3500000 5,500100 3500100 7,500000 3500100 5,500000 3500000 5))", {"Z1"}}},
        gk);
    fx.project.subjects.source.path = fx.dir.file("z.gpkg");
    fx.project.subjects.nameField.clear();
    const auto results = fx.run();
    ASSERT_EQ(results[0].notes.size(), 1u);
    EXPECT_NE(results[0].notes[0].find("Z/M"), std::string::npos);
    EXPECT_AREA(results[0].areaM2, 10000);
}

// Random sites and constraints, to compare thread counts on more than a handful of shapes.
void writeRandomLayers(const testing::TempDir& dir) {
    std::mt19937 rng(20241124);
    std::uniform_real_distribution<double> pos(-8000, 8000), size(30, 900), radius(150, 2500);
    std::vector<testing::TestFeature> subjects, constraints;
    for (int i = 0; i < 700; ++i) {
        const double x = 500000 + pos(rng), y = 3500000 + pos(rng), w = size(rng), h = size(rng);
        subjects.push_back({denseRectangle(x, y, x + w, y + h, 50), {fmt::format("R{}", i)}});
    }
    for (int i = 0; i < 60; ++i) {
        const double cx = 500000 + pos(rng), cy = 3500000 + pos(rng), r = radius(rng);
        std::string wkt = "POLYGON((";
        for (int k = 0; k <= 300; ++k) {  // a wobbly ring with 300 vertices
            const double t = 2 * std::numbers::pi * (k % 300) / 300;
            const double rr = r * (1 + 0.25 * std::sin(5 * t + i));
            wkt += fmt::format("{}{:.3f} {:.3f}", k ? "," : "", cx + rr * std::cos(t), cy + rr * std::sin(t));
        }
        constraints.push_back({wkt + "))", {fmt::format("K{}", i), i % 3 == 0 ? "core" : "general"}});
    }
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(dir.file("rs.gpkg"), {{"code"}}, subjects, gk);
    testing::writeLayer(dir.file("rc.gpkg"), {{"code"}, {"cat"}}, constraints, gk);
}

void useRandomLayers(Fixture& fx) {
    writeRandomLayers(fx.dir);
    fx.project.subjects.source.path = fx.dir.file("rs.gpkg");
    fx.project.subjects.nameField.clear();
    fx.project.constraints[0].source.path = fx.dir.file("rc.gpkg");
}

TEST(ConflictCheck, ResultsDoNotDependOnTheThreadCount) {
    Fixture fx;
    useRandomLayers(fx);
    const auto one = fx.run(1);
    const auto two = fx.run(2);
    ASSERT_EQ(one.size(), 700u);
    ASSERT_EQ(one.size(), two.size());
    std::size_t conflicts = 0;
    for (std::size_t i = 0; i < one.size(); ++i) {
        ASSERT_EQ(one[i].id, two[i].id);
        EXPECT_EQ(one[i].areaM2, two[i].areaM2);
        EXPECT_EQ(one[i].conflictAreaM2, two[i].conflictAreaM2);
        ASSERT_EQ(one[i].overlaps.size(), two[i].overlaps.size());
        for (std::size_t k = 0; k < one[i].overlaps.size(); ++k) {
            EXPECT_EQ(one[i].overlaps[k].areaM2, two[i].overlaps[k].areaM2);
            EXPECT_EQ(one[i].overlaps[k].exclusiveM2, two[i].overlaps[k].exclusiveM2);
        }
        ASSERT_EQ(one[i].nearest.size(), two[i].nearest.size());
        for (std::size_t k = 0; k < one[i].nearest.size(); ++k)
            EXPECT_EQ(one[i].nearest[k].distanceM, two[i].nearest[k].distanceM);
        conflicts += one[i].status == SubjectStatus::Conflict;
    }
    EXPECT_GT(conflicts, 100u);  // the data do exercise the overlay paths
    EXPECT_LT(conflicts, 700u);
}

// Distance from `subject` to `feature` (both WKT in EPSG:4549) measured independently: both
// projected to an azimuthal equidistant plane centred on the subject, then a planar distance.
// Within 15 km of the centre that plane's distances are exact to ~3e-6 relative.
double localDistance(const OGRGeometry& subject, const OGRGeometry& feature) {
    OGREnvelope e;
    subject.getEnvelope(&e);
    OGRSpatialReference gk;
    gk.importFromEPSG(4549);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference geographic;
    geographic.importFromEPSG(4490);
    geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    double lon = (e.MinX + e.MaxX) / 2, lat = (e.MinY + e.MaxY) / 2;
    std::unique_ptr<OGRCoordinateTransformation> toGeo(OGRCreateCoordinateTransformation(&gk, &geographic));
    toGeo->Transform(1, &lon, &lat);
    OGRSpatialReference local;
    local.CopyGeogCSFrom(&geographic);
    local.SetAE(lat, lon, 0, 0);
    local.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&gk, &local));
    std::unique_ptr<OGRGeometry> a(subject.clone()), b(feature.clone());
    a->transform(ct.get());
    b->transform(ct.get());
    return a->Distance(b.get());
}

TEST(ConflictCheck, NearestDistancesMatchABruteForceSearch) {
    Fixture fx;
    useRandomLayers(fx);
    const auto results = fx.run();

    // Read back the fixtures as written, to measure every feature from every sampled subject.
    std::map<std::string, std::unique_ptr<OGRGeometry>> subjects;
    std::vector<std::tuple<std::string, std::string, std::unique_ptr<OGRGeometry>>> constraints;  // id, cat, geometry
    for (const auto& [file, isSubject] : {std::pair{"rs.gpkg", true}, std::pair{"rc.gpkg", false}}) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(fx.dir.file(file).c_str(), GDAL_OF_VECTOR));
        for (auto& f : ds->GetLayer(0)) {
            std::unique_ptr<OGRGeometry> g(f->StealGeometry());
            if (isSubject) {
                subjects[f->GetFieldAsString("code")] = std::move(g);
            } else {
                constraints.emplace_back(f->GetFieldAsString("code"), f->GetFieldAsString("cat"), std::move(g));
            }
        }
    }
    std::size_t compared = 0;
    for (std::size_t i = 0; i < results.size(); i += 12) {
        const SubjectResult& r = results[i];
        for (const auto& n : r.nearest) {
            if (n.distanceM == 0) continue;  // edge contact
            double best = std::numeric_limits<double>::infinity();
            std::string bestId;
            for (const auto& [id, category, geometry] : constraints) {
                if (category != fx.context.categories[n.category].name) continue;
                const double d = localDistance(*subjects.at(r.id), *geometry);
                if (d < best) {
                    best = d;
                    bestId = id;
                }
            }
            EXPECT_NEAR(n.distanceM, best, 1e-4 * best + 1e-3) << r.id;
            if (std::fabs(n.distanceM - best) > 1e-2) {
                EXPECT_EQ(fx.context.constraintFeatures[n.feature].id, bestId);
            }
            ++compared;
        }
    }
    EXPECT_GT(compared, 40u);
}

TEST(ConflictCheck, ExclusivePartsAlwaysAddUp) {
    Fixture fx;
    useRandomLayers(fx);
    for (const auto& r : fx.run()) {
        double sum = 0, largest = 0;
        for (const auto& o : r.overlaps) {
            sum += o.exclusiveM2.value_or(0);
            largest = std::max(largest, o.areaM2);
            EXPECT_LE(o.areaM2, r.areaM2 * (1 + 1e-12));
        }
        EXPECT_DOUBLE_EQ(sum, r.conflictAreaM2);
        EXPECT_GE(r.conflictAreaM2, largest * (1 - 1e-9));  // the union covers each category
    }
}

TEST(ConflictCheck, CancelledRunLeavesNoOutput) {
    Fixture fx;
    fx.project.output = fx.dir.path() / "out";
    ConflictCheck check(fx.project);
    Feedback fb;
    check.prepare(fb);
    fb.cancel();
    {
        report::CheckOutputs outputs(fx.project.output);
        EXPECT_THROW(check.run(outputs, fb), Cancelled);
    }
    EXPECT_FALSE(fs::exists(fx.project.output));
    for (const auto& entry : fs::directory_iterator(fx.dir.path())) {
        EXPECT_EQ(entry.path().string().find("partial"), std::string::npos) << entry.path();
    }
}

// Progress while the subjects are checked moves subject by subject and names its step at once.
// It moved per batch of 1,024 written: a project of a few large sites (one batch) showed the step
// before, "indexing constraints", at its end, for the whole overlay, then jumped to 100 %.
TEST(ConflictCheck, ProgressMovesSubjectBySubject) {
    struct Recording final : Feedback {
        std::mutex mutex;
        std::vector<std::pair<double, std::string>> reports;
        void onProgress(double percent, std::string_view step) override {
            std::lock_guard lock(mutex);
            reports.emplace_back(percent, std::string(step));
        }
    };
    Fixture fx;
    fx.project.threads = 1;
    ConflictCheck check(fx.project);
    Recording fb;
    check.prepare(fb);
    fb.reports.clear();
    CollectingSink sink;
    check.run(sink, fb);
    ASSERT_EQ(sink.results.size(), 3u);
    ASSERT_FALSE(fb.reports.empty());
    EXPECT_EQ(fb.reports.front(), std::make_pair(0.0, std::string("checking subjects")));
    EXPECT_EQ(fb.reports.back().first, 100.0);
    std::set<double> percents;
    for (const auto& [percent, step] : fb.reports) {
        EXPECT_EQ(step, "checking subjects");
        percents.insert(percent);
    }
    EXPECT_EQ(percents.size(), 4u);  // 0, then one per subject: 33.3, 66.7, 100
}

// The message of the error prepare() throws (of type E), or "" when it does not throw.
template <class E>
std::string prepareError(const Project& project) {
    ConflictCheck check(project);
    Feedback fb;
    try {
        check.prepare(fb);
    } catch (const E& e) {
        return e.what();
    }
    return "";
}

TEST(ConflictCheck, LayerWithoutCrsIsRefused) {
    Fixture fx;
    testing::LayerOptions none;
    none.crs = "";
    testing::writeLayer(fx.dir.file("nocrs.gpkg"), {{"code"}, {"cat"}},
                        {{denseRectangle(500000, 3500000, 500100, 3500100), {"X", "core"}}}, none);
    fx.project.constraints[0].source.path = fx.dir.file("nocrs.gpkg");
    fx.project.constraints[0].jsonPath = "$.constraints[0]";
    const std::string m = prepareError<CrsError>(fx.project);
    EXPECT_NE(m.find("nocrs.gpkg: the layer has no CRS"), std::string::npos) << m;
    EXPECT_NE(m.find("$.constraints[0].crs"), std::string::npos) << m;
    fx.project.constraints[0].source.crs = "EPSG:4549";  // stated by the user: accepted
    ConflictCheck stated(fx.project);
    Feedback fb;
    EXPECT_NO_THROW(stated.prepare(fb));
}

TEST(ConflictCheck, OldDatumConstraintsAreRefusedWithTheJsonPath) {
    Fixture fx;
    fx.project.constraints[0].source.crs = "EPSG:2385";  // Xian 1980 / 3-degree GK CM 120E
    fx.project.constraints[0].jsonPath = "$.constraints[0]";
    const std::string m = prepareError<CrsError>(fx.project);
    EXPECT_NE(m.find("$.constraints[0].datum_transform"), std::string::npos) << m;
}

TEST(ConflictCheck, WrongCategoryFieldListsTheFields) {
    Fixture fx;
    fx.project.constraints[0].categoryField = "category";
    fx.project.constraints[0].jsonPath = "$.constraints[0]";
    const std::string m = prepareError<InputError>(fx.project);
    EXPECT_NE(
        m.find("category field \"category\" not found ($.constraints[0].category_field); the fields are: code, cat"),
        std::string::npos)
        << m;
}

TEST(ConflictCheck, AnalysisInAProjectedCrsGivesTheSameAreas) {
    Fixture fx;
    const auto geographic = fx.run();
    fx.project.analysisCrs = "EPSG:4549";
    const auto projected = fx.run();
    // Edges are 10 m: whether they are straight in EPSG:4490 or 4549 changes nothing measurable.
    EXPECT_NEAR(projected[0].areaM2, geographic[0].areaM2, 1e-7 * geographic[0].areaM2);
    EXPECT_NEAR(projected[0].conflictAreaM2, geographic[0].conflictAreaM2, 1e-7 * geographic[0].areaM2);
}

// A project checking the subjects of s.gpkg (id field "code") against the constraints of c.gpkg
// (category field "cat", id field "code"), both in `dir`.
// Prepares and runs `check`; every subject's result, in input order.
std::vector<SubjectResult> runCheck(ConflictCheck& check) {
    Feedback fb;
    check.prepare(fb);
    CollectingSink sink;
    check.run(sink, fb);
    return std::move(sink.results);
}

// The result of a check of one subject.
SubjectResult checkOne(ConflictCheck& check) {
    std::vector<SubjectResult> results = runCheck(check);
    EXPECT_EQ(results.size(), 1u);
    return std::move(results.at(0));
}

Project twoLayerProject(const testing::TempDir& dir) {
    Project p;
    p.subjects.source.path = dir.file("s.gpkg");
    p.subjects.idField = "code";
    LayerSpec c;
    c.source.path = dir.file("c.gpkg");
    c.categoryField = "cat";
    c.idField = "code";
    p.constraints.push_back(c);
    return p;
}

// twoLayerProject with the rules for core (prohibited, first) and general (restricted).
Project coreAndGeneralProject(const testing::TempDir& dir) {
    Project p = twoLayerProject(dir);
    p.rules.categories["core"] = {"核心", Severity::Prohibited, 1, 0, std::nullopt};
    p.rules.categories["general"] = {"一般", Severity::Restricted, 2, 0, std::nullopt};
    return p;
}

// Writes one subject "S" to s.gpkg and the redlines (code, category) to c.gpkg, in Gauss–Krüger.
void writeSubjectAndRedlines(const testing::TempDir& dir, const std::string& subjectWkt,
                             const std::vector<testing::TestFeature>& redlines) {
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    gk.layer = "subjects";
    testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, {{subjectWkt, {"S"}}}, gk);
    gk.layer = "redlines";
    testing::writeLayer(dir.file("c.gpkg"), {{"code"}, {"cat"}}, redlines, gk);
}

TEST(ConflictCheck, FeaturesApartAreAddedWithoutAnOverlay) {
    // Two general zones apart from each other and a core zone apart from both, all crossing one
    // subject: the category area is the sum of its pairs, the exclusive parts add up.
    testing::TempDir dir;
    writeSubjectAndRedlines(dir, denseRectangle(500000, 3500000, 501000, 3501000),
                            {{denseRectangle(499800, 3500200, 500300, 3500800), {"A", "general"}},
                             {denseRectangle(500600, 3500200, 501200, 3500800), {"B", "general"}},
                             {denseRectangle(500350, 3500850, 500550, 3500950), {"C", "core"}}});
    Project p = coreAndGeneralProject(dir);
    ConflictCheck check(p);
    const SubjectResult r = checkOne(check);
    ASSERT_EQ(r.overlaps.size(), 2u);
    for (const auto& o : r.overlaps) {
        const std::string& name = check.context().categories[o.category].name;
        if (name == "general") {
            ASSERT_EQ(o.features.size(), 2u);
            EXPECT_AREA(o.features[0].areaM2 + o.features[1].areaM2, 420000.0);
            EXPECT_AREA(o.areaM2, 420000.0);
            EXPECT_AREA(*o.exclusiveM2, 420000.0);
            EXPECT_EQ(geom::numGeometries(o.geometry.get()), 2);
        } else {
            EXPECT_AREA(o.areaM2, 20000.0);
            EXPECT_AREA(*o.exclusiveM2, 20000.0);
        }
    }
    EXPECT_AREA(r.conflictAreaM2, 440000.0);
}

TEST(ConflictCheck, OverlappingFeaturesOffTheSubjectsVerticesAreUnitedOnce) {
    // The fixture's features share vertices with the subject (all on a 10 m grid), which the
    // boundary walk declines to GEOS; these are 3 m and 7 m off it, so their crossings are clear.
    // General: A ∩ S = 503 × 1000 m, B ∩ S = 500 × 493 m, sharing 246 × 493 m: 628,222 m².
    // Core: C ∩ S = 397 × 197 m, of which 154 × 197 m lies in B: general keeps 597,884 m².
    testing::TempDir dir;
    writeSubjectAndRedlines(dir, denseRectangle(500000, 3500000, 501000, 3501000),
                            {{denseRectangle(499503, 3499503, 500503, 3501503), {"A", "general"}},
                             {denseRectangle(500257, 3500507, 500757, 3502007), {"B", "general"}},
                             {denseRectangle(500603, 3500803, 501203, 3501203), {"C", "core"}}});
    Project p = coreAndGeneralProject(dir);
    ConflictCheck check(p);
    const SubjectResult r = checkOne(check);
    const crs::Measure measure(*check.context().analysisCrs);
    ASSERT_EQ(r.overlaps.size(), 2u);
    for (const auto& o : r.overlaps) {
        if (check.context().categories[o.category].name == "general") {
            ASSERT_EQ(o.features.size(), 2u);
            EXPECT_AREA(o.features[0].areaM2 + o.features[1].areaM2, 503000.0 + 246500.0);
            EXPECT_AREA(o.areaM2, 628222.0);
            EXPECT_AREA(measure.area(o.geometry.get()), 628222.0);  // the geometry, not only its area
            EXPECT_AREA(*o.exclusiveM2, 597884.0);
        } else {
            EXPECT_AREA(o.areaM2, 78209.0);
            EXPECT_AREA(*o.exclusiveM2, 78209.0);
        }
    }
    EXPECT_AREA(r.conflictAreaM2, 676093.0);
}

TEST(ConflictCheck, ASubjectWithAHoleIsCutAroundIt) {
    // Not convex, so not the convex walk: the 1 km square has a 400 m hole, the feature (400 ×
    // 700 m, 3 m off the grid of both) reaches 203 × 400 m into it: 280,000 − 81,200 m² overlap.
    testing::TempDir dir;
    writeSubjectAndRedlines(
        dir, testing::denseRectangleWithHole(500000, 3500000, 501000, 3501000, 500300, 3500300, 500700, 3500700),
        {{denseRectangle(500103, 3500153, 500503, 3500853), {"A", "general"}}});
    Project p = coreAndGeneralProject(dir);
    ConflictCheck check(p);
    const SubjectResult r = checkOne(check);
    const crs::Measure measure(*check.context().analysisCrs);
    EXPECT_AREA(r.areaM2, 1e6 - 160000.0);
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_AREA(r.overlaps[0].areaM2, 198800.0);
    EXPECT_AREA(r.overlaps[0].features[0].areaM2, 198800.0);
    EXPECT_AREA(measure.area(r.overlaps[0].geometry.get()), 198800.0);
}

TEST(ConflictCheck, ASubjectOverManyFeaturesUnitesOnlyThoseThatMeet) {
    // One 2 × 2 km subject over 30 general and 18 core features: enough to unite them by
    // components (the path of county- and province-sized subjects). General: 25 squares of
    // 200 m, 400 m apart, five of them overlapped by a copy shifted 100 m (10,000 m² shared).
    // Core: ten 100 m squares inside general squares and eight apart along the top.
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    gk.layer = "subjects";
    const double x0 = 500000, y0 = 3500000;
    testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, {{denseRectangle(x0, y0, x0 + 2000, y0 + 2000), {"S"}}}, gk);
    gk.layer = "redlines";
    std::vector<testing::TestFeature> features;
    for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < 5; ++j) {
            const double x = x0 + 400 * i, y = y0 + 400 * j;
            const std::string n = fmt::format("{}{}", i, j);
            features.push_back({denseRectangle(x, y, x + 200, y + 200), {"G" + n, "general"}});
            if (i == j) features.push_back({denseRectangle(x + 100, y + 100, x + 300, y + 300), {"H" + n, "general"}});
            if (j < 2) features.push_back({denseRectangle(x + 50, y + 50, x + 150, y + 150), {"C" + n, "core"}});
        }
    }
    for (int k = 0; k < 8; ++k) {
        const double x = x0 + 50 + 200 * k;
        features.push_back({denseRectangle(x, y0 + 1870, x + 100, y0 + 1970), {fmt::format("A{}", k), "core"}});
    }
    testing::writeLayer(dir.file("c.gpkg"), {{"code"}, {"cat"}}, features, gk);
    Project p = coreAndGeneralProject(dir);
    for (const int threads : {1, 2}) {
        p.threads = threads;
        ConflictCheck check(p);
        const SubjectResult r = checkOne(check);
        ASSERT_EQ(r.overlaps.size(), 2u);
        for (const auto& o : r.overlaps) {
            if (check.context().categories[o.category].name == "general") {
                EXPECT_EQ(o.features.size(), 30u);
                EXPECT_AREA(o.areaM2, 25 * 40000.0 + 5 * 30000.0);
                EXPECT_AREA(*o.exclusiveM2, 1230000.0 - 180000.0);
                for (const auto& f : o.features) EXPECT_AREA(f.areaM2, 40000.0);
            } else {
                EXPECT_EQ(o.features.size(), 18u);
                EXPECT_AREA(o.areaM2, 180000.0);
                EXPECT_AREA(*o.exclusiveM2, 180000.0);
            }
        }
        EXPECT_AREA(r.conflictAreaM2, 1230000.0);
    }
}

TEST(ConflictCheck, SubjectsAlongASubdividedFeatureGetTheWholeFeaturesAreas) {
    // A 4 km square of 6,400 vertices is cut into pieces of ≤ 1,024; small subjects straddle its
    // edges, some within one piece, some across the pieces' cut lines. Each must get exactly
    // the part inside the square, as if it were overlaid with the whole feature.
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    gk.layer = "subjects";
    std::vector<testing::TestFeature> subjects;
    std::map<std::string, double> expected;
    for (int k = 0; k < 39; ++k) {
        const double x = 498100 + 100.0 * k;  // crossing the bottom edge, 30 m of 60 inside
        const std::string id = fmt::format("B{}", k);
        subjects.push_back({denseRectangle(x - 30, 3499970, x + 30, 3500030), {id}});
        expected[id] = 1800;
        const double y = 3500100 + 100.0 * k;  // crossing the right edge, 20 m of 60 inside
        const std::string right = fmt::format("R{}", k);
        subjects.push_back({denseRectangle(501980, y - 30, 502040, y + 30), {right}});
        expected[right] = 1200;
    }
    testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, subjects, gk);
    gk.layer = "redlines";
    testing::writeLayer(dir.file("c.gpkg"), {{"code"}, {"cat"}},
                        {{denseRectangle(498000, 3500000, 502000, 3504000, 2.5), {"BIG", "core"}}}, gk);
    Project p = twoLayerProject(dir);
    ConflictCheck check(p);
    const std::vector<SubjectResult> results = runCheck(check);
    ASSERT_EQ(results.size(), expected.size());
    const crs::Measure measure(*check.context().analysisCrs);
    for (const SubjectResult& r : results) {
        ASSERT_EQ(r.overlaps.size(), 1u) << r.id;
        EXPECT_AREA(r.overlaps[0].areaM2, expected.at(r.id)) << r.id;
        EXPECT_AREA(r.overlaps[0].features.at(0).areaM2, expected.at(r.id)) << r.id;
        EXPECT_AREA(measure.area(r.overlaps[0].geometry.get()), expected.at(r.id)) << r.id;  // the written shape
    }
}

TEST(ConflictCheck, SubjectsOnAConstraintsDiagonalEdgeAreRelatedExactly) {
    // Subjects with vertices exactly on a constraint's diagonal edge, which the error bound of
    // orientation tests in doubles cannot decide (exact arithmetic must). One inside along the
    // edge overlaps by its whole area; one outside along it only touches.
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    gk.layer = "subjects";
    testing::writeLayer(
        dir.file("s.gpkg"), {{"code"}},
        {{"POLYGON((500250 3500250,500750 3500750,500250 3500750,500250 3500250))", {"IN"}},
         {"POLYGON((500250 3500250,500750 3500250,500750 3500750,500250 3500250))", {"OUT"}},
         {"POLYGON((500100 3500300,500200 3500300,500200 3500400,500100 3500400,500100 3500300))", {"DEEP"}}},
        gk);
    gk.layer = "redlines";
    testing::writeLayer(dir.file("c.gpkg"), {{"code"}, {"cat"}},
                        {{"POLYGON((500000 3500000,501000 3501000,500000 3501000,500000 3500000))", {"T", "core"}}},
                        gk);
    Project p = twoLayerProject(dir);
    // In the layers' own CRS: a straight edge in Gauss–Krüger is a curve in lon/lat, so taken
    // to lon/lat the "outside" subject would overlap the triangle by a sliver of ~14 m².
    p.analysisCrs = "EPSG:4549";
    ConflictCheck check(p);
    const std::vector<SubjectResult> results = runCheck(check);
    ASSERT_EQ(results.size(), 3u);
    for (const SubjectResult& r : results) {
        if (r.id == "OUT") {
            EXPECT_TRUE(r.overlaps.empty());
            ASSERT_EQ(r.nearest.size(), 1u);
            EXPECT_EQ(r.nearest[0].distanceM, 0.0);
        } else {
            ASSERT_EQ(r.overlaps.size(), 1u) << r.id;
            EXPECT_AREA(r.overlaps[0].areaM2, r.areaM2) << r.id;
        }
    }
}

TEST(ConflictCheck, SubjectsAcrossASubdividedZonesPiecesGetTheWholeZone) {
    // Two 4 km zones of 6,400 vertices each, cut into pieces of ≤ 1,024: subjects along a diagonal
    // cross the pieces' cut lines inside a zone (wholly in it), others straddle the line
    // between the zones with 70 % in the first.
    testing::TempDir dir;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    gk.layer = "subjects";
    std::vector<testing::TestFeature> subjects;
    std::map<std::string, std::pair<std::string, double>> expected;  // zone, share
    for (int k = 0; k < 38; ++k) {
        const double x = 498100 + 50.0 * k, y = 3500100 + 100.0 * k;
        const std::string in = fmt::format("IN{}", k);
        subjects.push_back({denseRectangle(x - 40, y - 40, x + 40, y + 40), {in}});
        expected[in] = {"甲", 1.0};
        const std::string edge = fmt::format("EDGE{}", k);
        subjects.push_back({denseRectangle(499930, y - 20, 500030, y + 20), {edge}});
        expected[edge] = {"甲", 0.7};
    }
    testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, subjects, gk);
    gk.layer = "redlines";
    testing::writeLayer(dir.file("c.gpkg"), {{"code"}, {"cat"}},
                        {{denseRectangle(510000, 3510000, 510100, 3510100), {"FAR", "core"}}}, gk);
    gk.layer = "zones";
    testing::writeLayer(dir.file("z.gpkg"), {{"name"}},
                        {{denseRectangle(496000, 3500000, 500000, 3504000, 2.5), {"甲"}},
                         {denseRectangle(500000, 3500000, 504000, 3504000, 2.5), {"乙"}}},
                        gk);
    Project p = twoLayerProject(dir);
    LayerSpec z;
    z.source.path = dir.file("z.gpkg");
    z.zoneField = "name";
    z.zoneName = "zone";
    p.zones.push_back(z);
    ConflictCheck check(p);
    const std::vector<SubjectResult> results = runCheck(check);
    ASSERT_EQ(results.size(), expected.size());
    for (const SubjectResult& r : results) {
        ASSERT_EQ(r.zones.size(), 1u);
        ASSERT_TRUE(r.zones[0].value) << r.id;
        EXPECT_EQ(*r.zones[0].value, expected.at(r.id).first) << r.id;
        EXPECT_NEAR(r.zones[0].share, expected.at(r.id).second, 1e-6) << r.id;
    }
}

TEST(ConflictCheck, ASubjectCoveredByACategorysFeaturesIsWhollyInside) {
    // A 0.05° square (5 km edges), a core feature equal to it and another crossing its north edge,
    // and two general features covering its south and north halves. The unions put nodes on the
    // square's own edges, straight in lon/lat and off their geodesics: the cut measured 743 m² short
    // of the square (2.8e-5), or over it when the crossing was on the south edge. Covered, the
    // overlap is the square's own area, and general, under core, adds nothing.
    for (const char* crossing : {"POLYGON((119.02 32.04,119.03 32.04,119.03 32.06,119.02 32.06,119.02 32.04))",
                                 "POLYGON((119.02 31.99,119.03 31.99,119.03 32.01,119.02 32.01,119.02 31.99))"}) {
        testing::TempDir dir;
        testing::LayerOptions geographic;
        geographic.crs = "EPSG:4490";
        geographic.layer = "subjects";
        const std::string square = "POLYGON((119 32,119.05 32,119.05 32.05,119 32.05,119 32))";
        testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, {{square, {"S"}}}, geographic);
        geographic.layer = "redlines";
        testing::writeLayer(
            dir.file("c.gpkg"), {{"code"}, {"cat"}},
            {{square, {"SAME", "core"}},
             {crossing, {"CROSS", "core"}},
             {"POLYGON((118.99 31.99,119.06 31.99,119.06 32.02,118.99 32.02,118.99 31.99))", {"SOUTH", "general"}},
             {"POLYGON((118.99 32.02,119.06 32.02,119.06 32.06,118.99 32.06,118.99 32.02))", {"NORTH", "general"}}},
            geographic);
        Project p = coreAndGeneralProject(dir);
        ConflictCheck check(p);
        const SubjectResult r = checkOne(check);
        ASSERT_EQ(r.overlaps.size(), 2u) << crossing;
        for (const auto& o : r.overlaps) {
            EXPECT_EQ(o.areaM2, r.areaM2) << crossing;
            const bool core = check.context().categories[o.category].name == "core";
            EXPECT_EQ(*o.exclusiveM2, core ? r.areaM2 : 0.0) << crossing;
            for (const auto& f : o.features) EXPECT_LE(f.areaM2, r.areaM2) << crossing;
        }
        EXPECT_EQ(r.conflictAreaM2, r.areaM2) << crossing;
    }
}

// The geodesic distance (GRS80) from (lon, lat) to the edge a → b taken straight in lon/lat, by a
// golden-section search along the edge: independent of the check's search plane.
double distanceToStraightEdge(double lon, double lat, const double a[2], const double b[2]) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257222101);
    const auto at = [&](double t) {
        double s12 = 0;
        geod_inverse(&g, lat, lon, a[1] + t * (b[1] - a[1]), a[0] + t * (b[0] - a[0]), &s12, nullptr, nullptr);
        return s12;
    };
    const double phi = (std::sqrt(5.0) - 1) / 2;
    double lo = 0, hi = 1;
    for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
        const double l = hi - phi * (hi - lo), r = lo + phi * (hi - lo);
        (at(l) < at(r) ? hi : lo) = at(l) < at(r) ? r : l;
    }
    return at((lo + hi) / 2);
}

TEST(ConflictCheck, NearestDistanceToALongObliqueEdgeIsMeasuredOnTheEdge) {
    // A redline with a 50 km edge at 45° (straight in lon/lat) and small triangles whose apex is
    // about 10 m and 499.5 m from its middle. The edge is curved in the search plane: searched as
    // its chord, the 10 m site was found at 0 m and the 499.9 m one at 500.02 m, out of a 500 m
    // buffer.
    const double a[2] = {119.0, 32.1}, b[2] = {119.0 + 50000 / (111320 * std::cos(32.1 * std::numbers::pi / 180)) *
                                                           std::cos(std::numbers::pi / 4),
                                               32.1 + 50000 / 110574.0 * std::sin(std::numbers::pi / 4)};
    const double mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
    const double nx = -(b[1] - a[1]), ny = b[0] - a[0];  // the left of a → b, in lon/lat
    const double norm = std::hypot(nx, ny);
    testing::TempDir dir;
    testing::LayerOptions geographic;
    geographic.crs = "EPSG:4490";
    geographic.layer = "subjects";
    std::vector<testing::TestFeature> sites;
    std::vector<std::pair<double, double>> apexes;
    for (const double offset : {9.72e-5, 4.856e-3}) {  // degrees along the normal: ~10 m and ~499.5 m
        const double px = mx + nx / norm * offset, py = my + ny / norm * offset;
        const double fx = px + nx / norm * 2e-3, fy = py + ny / norm * 2e-3;
        const double sx = -ny / norm * 1e-3, sy = nx / norm * 1e-3;
        sites.push_back({fmt::format("POLYGON(({:.12f} {:.12f},{:.12f} {:.12f},{:.12f} {:.12f},{:.12f} {:.12f}))", px,
                                     py, fx + sx, fy + sy, fx - sx, fy - sy, px, py),
                         {fmt::format("S{}", sites.size())}});
        apexes.emplace_back(px, py);
    }
    testing::writeLayer(dir.file("s.gpkg"), {{"code"}}, sites, geographic);
    geographic.layer = "redlines";
    const double far = 0.3;  // the redline lies to the right of a → b
    testing::writeLayer(
        dir.file("c.gpkg"), {{"code"}, {"cat"}},
        {{fmt::format("POLYGON(({:.12f} {:.12f},{:.12f} {:.12f},{:.12f} {:.12f},{:.12f} {:.12f},{:.12f} "
                      "{:.12f}))",
                      a[0], a[1], a[0] - nx / norm * far, a[1] - ny / norm * far, b[0] - nx / norm * far,
                      b[1] - ny / norm * far, b[0], b[1], a[0], a[1]),
          {"W", "water"}}},
        geographic);
    Project p = twoLayerProject(dir);
    p.rules.categories["water"] = {"水源", Severity::Restricted, 1, 500, std::nullopt};
    ConflictCheck check(p);
    const std::vector<SubjectResult> results = runCheck(check);
    ASSERT_EQ(results.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        const double expected = distanceToStraightEdge(apexes[i].first, apexes[i].second, a, b);
        ASSERT_EQ(results[i].nearest.size(), 1u);
        EXPECT_NEAR(results[i].nearest[0].distanceM, expected, 1e-4) << results[i].id;
        EXPECT_TRUE(results[i].nearest[0].withinBuffer) << results[i].id << " at " << expected << " m";
    }
    EXPECT_NEAR(distanceToStraightEdge(apexes[0].first, apexes[0].second, a, b), 10, 0.3);
    EXPECT_NEAR(distanceToStraightEdge(apexes[1].first, apexes[1].second, a, b), 499.5, 0.3);
}

TEST(ConflictCheck, ZonesWithinTheAreasExactnessAreATie) {
    // A site split in half went to either county as its input was lon/lat or Gauss–Krüger: the
    // halves differed by 1.3e-9 of the site. Within 1e-6 the first name in sort order wins; beyond
    // it, the larger.
    for (const auto& [split, expected] : {std::pair{118.01 - 1e-10, "A"}, std::pair{118.0099, "B"}}) {
        testing::TempDir dir;
        testing::LayerOptions geographic;
        geographic.crs = "EPSG:4490";
        geographic.layer = "subjects";
        testing::writeLayer(dir.file("s.gpkg"), {{"code"}},
                            {{"POLYGON((118 32,118.02 32,118.02 32.01,118 32.01,118 32))", {"S"}}}, geographic);
        geographic.layer = "redlines";
        testing::writeLayer(dir.file("c.gpkg"), {{"code"}, {"cat"}},
                            {{"POLYGON((119 33,119.01 33,119.01 33.01,119 33.01,119 33))", {"R", "core"}}}, geographic);
        geographic.layer = "zones";
        testing::writeLayer(
            dir.file("z.gpkg"), {{"name"}},
            {{fmt::format("POLYGON((117.9 31.9,{0:.12f} 31.9,{0:.12f} 32.1,117.9 32.1,117.9 31.9))", split), {"A"}},
             {fmt::format("POLYGON(({0:.12f} 31.9,118.1 31.9,118.1 32.1,{0:.12f} 32.1,{0:.12f} 31.9))", split), {"B"}}},
            geographic);
        Project p = twoLayerProject(dir);
        LayerSpec z;
        z.source.path = dir.file("z.gpkg");
        z.zoneField = "name";
        z.zoneName = "county";
        p.zones.push_back(z);
        ConflictCheck check(p);
        const SubjectResult r = checkOne(check);
        ASSERT_EQ(r.zones.size(), 1u);
        ASSERT_TRUE(r.zones[0].value);
        EXPECT_EQ(*r.zones[0].value, expected) << split;
    }
}

}  // namespace
}  // namespace redline::analysis
