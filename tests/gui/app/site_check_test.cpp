// SPDX-License-Identifier: MIT
// Draw-a-site: a site drawn in the map CRS gets the verdict the geometry implies, against
// values known on paper. Constraints, zones and the site are lon/lat cells with vertices every
// 0.0001° along the parallels, so their geodesic edges follow the parallels and areas are the
// closed-form ellipsoidal cell areas (testing::ellipsoidalCellArea) to ~1e-12.
#include "site_check.hpp"

#include <gtest/gtest.h>

#include <QRegularExpression>

#include "check_outcome.hpp"
#include "redline/analysis/conflict_check.hpp"
#include "redline/io/gdal_env.hpp"
#include "site_sketch.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

using redline::testing::denseCell;
using redline::testing::ellipsoidalCellArea;

std::string polygon(const std::string& ring) { return "POLYGON(" + ring + ")"; }

QPolygonF ringOf(const std::string& ringWkt) {
    QPolygonF ring;
    static const QRegularExpression pair(QStringLiteral("(-?[0-9.]+) (-?[0-9.]+)"));
    auto it = pair.globalMatch(QString::fromStdString(ringWkt));
    while (it.hasNext()) {
        const auto m = it.next();
        ring << QPointF(m.captured(1).toDouble(), m.captured(2).toDouble());
    }
    return ring;
}

struct SiteFixture {
    redline::testing::TempDir dir;
    analysis::Project project;
    SiteFixture() {
        io::ensureGdalRegistered();
        redline::testing::writeLayer(dir.file("sites.gpkg"), {{"code", 'S'}},
                                     {{polygon(denseCell(118.5, 32.5, 118.51, 32.51, 10)), {"S1"}}});
        redline::testing::writeLayer(dir.file("constraints.gpkg"), {{"category", 'S'}},
                                     {{polygon(denseCell(118.0, 32.0, 118.02, 32.02, 200)), {"core"}},
                                      {polygon(denseCell(118.05, 32.005, 118.06, 32.015, 100)), {"water_source"}}});
        redline::testing::writeLayer(dir.file("zones.gpkg"), {{"unit", 'S'}},
                                     {{polygon(denseCell(117.9, 31.9, 118.025, 32.1, 1250)), {"A"}},
                                      {polygon(denseCell(118.025, 31.9, 118.1, 32.1, 750)), {"B"}}});
        project.subjects.source.path = dir.file("sites.gpkg");
        project.subjects.idField = "code";
        analysis::LayerSpec c;
        c.source.path = dir.file("constraints.gpkg");
        c.categoryField = "category";
        project.constraints.push_back(c);
        analysis::LayerSpec z;
        z.source.path = dir.file("zones.gpkg");
        z.zoneName = "unit";
        z.zoneField = "unit";
        project.zones.push_back(z);
        project.rules.source = "inline";
        project.rules.categories["core"] = {"核心保护区", analysis::Severity::Prohibited, 1, 0, std::nullopt};
        project.rules.categories["water_source"] = {"饮用水水源保护区", analysis::Severity::Restricted, 2, 500,
                                                    std::nullopt};
        project.analysisCrs = "EPSG:4490";
    }
};

TEST(SiteCheck, DrawnSiteHalfInACoreRedline) {
    SiteFixture fx;
    analysis::ConflictCheck check(fx.project);
    Feedback feedback;
    check.prepare(feedback);

    // Site 118.01–118.03 × 32.005–32.015: its western half lies in the core cell.
    const std::string siteRing = denseCell(118.01, 32.005, 118.03, 32.015, 200);
    const QPolygonF ring = ringOf(siteRing);
    const auto result = checkSite(check, ring, crs::Crs::fromUserInput("EPSG:4490"));

    const double siteArea = ellipsoidalCellArea(118.01, 32.005, 118.03, 32.015);
    const double overlap = ellipsoidalCellArea(118.01, 32.005, 118.02, 32.015);
    EXPECT_NEAR(result.areaM2, siteArea, siteArea * 1e-9);
    ASSERT_EQ(result.status, analysis::SubjectStatus::Conflict);
    ASSERT_TRUE(result.severity);
    EXPECT_EQ(*result.severity, analysis::Severity::Prohibited);
    ASSERT_EQ(result.overlaps.size(), 1u);
    EXPECT_EQ(check.context().categories[result.overlaps[0].category].name, "core");
    EXPECT_NEAR(result.overlaps[0].areaM2, overlap, overlap * 1e-9);
    // Cell areas are linear in the longitude span: the overlap is exactly half of the site.
    EXPECT_NEAR(result.overlaps[0].areaM2 / result.areaM2, 0.5, 1e-9);

    // Zone A holds 118.01–118.025 of the 0.02° span: 75 % of the site.
    ASSERT_EQ(result.zones.size(), 1u);
    ASSERT_TRUE(result.zones[0].value);
    EXPECT_EQ(*result.zones[0].value, "A");
    EXPECT_NEAR(result.zones[0].share, 0.75, 1e-9);

    // The water source lies 0.02° east; nearest at the site's northern edge (32.015°N), where a
    // degree of longitude is shortest: N(φ)·cos φ·Δλ, the geodesic shorter by < 3 mm here.
    ASSERT_EQ(result.nearest.size(), 1u);
    const double phi = 32.015 * M_PI / 180, e2 = 0.00669438002290;
    const double n = 6378137.0 / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi));
    EXPECT_NEAR(result.nearest[0].distanceM, n * std::cos(phi) * 0.02 * M_PI / 180, 0.01);
    EXPECT_FALSE(result.nearest[0].withinBuffer);  // ~1.9 km > 500 m

    const SiteVerdict verdict = describeVerdict(result, check.context());
    EXPECT_TRUE(verdict.conflict);
    ASSERT_EQ(verdict.overlaps.size(), 1u);
    EXPECT_TRUE(verdict.overlaps[0].contains(QStringLiteral("核心保护区")));
    EXPECT_TRUE(verdict.overlaps[0].contains(formatHectares(overlap))) << verdict.overlaps[0].toStdString();
    ASSERT_EQ(verdict.zones.size(), 1u);
    EXPECT_TRUE(verdict.zones[0].startsWith(QStringLiteral("unit: A"))) << verdict.zones[0].toStdString();
    EXPECT_TRUE(verdict.notes.isEmpty());

    // A bow-tie drawn with the mouse is repaired before the check: the panel says so, as
    // `redline check` of the saved layer notes it (the panel was silent).
    QPolygonF bowTie;
    bowTie << QPointF(118.10, 32.10) << QPointF(118.11, 32.11) << QPointF(118.11, 32.10) << QPointF(118.10, 32.11)
           << QPointF(118.10, 32.10);
    const auto repaired = checkSite(check, bowTie, crs::Crs::fromUserInput("EPSG:4490"));
    ASSERT_TRUE(repaired.repaired);
    const SiteVerdict repairedVerdict = describeVerdict(repaired, check.context());
    ASSERT_FALSE(repairedVerdict.notes.isEmpty());
    EXPECT_TRUE(repairedVerdict.notes[0].contains(QStringLiteral("repaired")))
        << repairedVerdict.notes[0].toStdString();
}

TEST(SiteCheck, SiteDrawnInAnotherCrsIsTransformedFirst) {
    SiteFixture fx;
    analysis::ConflictCheck check(fx.project);
    Feedback feedback;
    check.prepare(feedback);
    // The same clear site away from everything, drawn in Gauss-Kruger (EPSG:4549, 120°E CM).
    const auto gk = crs::Crs::fromUserInput("EPSG:4549");
    QPolygonF ring;
    // Around 118.3°E 32.3°N: about 340 km west of the CM is outside the zone's usual use but
    // still a valid transverse Mercator coordinate.
    ring << QPointF(340000, 3576000) << QPointF(341000, 3576000) << QPointF(341000, 3577000) << QPointF(340000, 3577000)
         << QPointF(340000, 3576000);
    const auto result = checkSite(check, ring, gk);
    EXPECT_EQ(result.status, analysis::SubjectStatus::Clear);
    // A 1 km GK square far from the CM has a scale factor ~1.0015: area ≈ 1e6 / k².
    EXPECT_NEAR(result.areaM2, 1e6, 1e6 * 5e-3);
    EXPECT_EQ(result.zones.size(), 1u);
    EXPECT_FALSE(result.zones[0].value);  // outside every zone
}

}  // namespace
}  // namespace redline::viewer
