// SPDX-License-Identifier: MIT
// Report tables: largest-remainder rounding (rows add up to the total as printed), the tables
// built from check results, 界址点 lists against an independent OGR transformation, and the
// HTML/XLSX writers read back.
#include "redline/report/report_tables.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <random>
#include <regex>
#include <set>
#include <tuple>

#include "redline/geom/geometry.hpp"
#include "redline/report/report_document.hpp"
#include "redline/report/rounding.hpp"
#include "redline/util/area_units.hpp"
#include "testing.hpp"

namespace redline::report {
namespace {

namespace fs = std::filesystem;

// Sum of a column's printed decimals, in units of the last digit.
std::int64_t printedUnits(const std::string& text, int decimals) {
    const auto dot = text.find('.');
    std::string digits = dot == std::string::npos ? text + std::string(static_cast<std::size_t>(decimals), '0')
                                                  : text.substr(0, dot) + text.substr(dot + 1);
    return std::stoll(digits);
}

TEST(Rounding, ThirdsAddUpToTheRoundedTotal) {
    const std::vector<double> thirds{1.0 / 3, 1.0 / 3, 1.0 / 3};
    const auto units = roundToTotal(thirds, 4);
    ASSERT_EQ(units.size(), 4u);
    EXPECT_EQ(units[3], 10000);  // 1.0000
    EXPECT_EQ(units[0] + units[1] + units[2], 10000);
    // Each row is its value rounded down or up, never further.
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(units[static_cast<std::size_t>(i)] == 3333 || units[static_cast<std::size_t>(i)] == 3334);
    // Naive rounding would print 0.3333 three times and a total of 1.0000: off by one unit.
    EXPECT_EQ(3 * std::llround(1.0 / 3 * 1e4), 9999);
}

TEST(Rounding, FixedRowsKeepTheirUnitsAndTheRestStillAddUp) {
    std::mt19937 random(7);
    std::uniform_real_distribution<double> value(0, 100);
    for (int run = 0; run < 500; ++run) {
        std::vector<double> v(8);
        for (auto& x : v) x = value(random);
        std::vector<std::optional<std::int64_t>> fixed(v.size());
        // Some rows fixed to a rounding of their own value (down or up), as another column gave it.
        for (std::size_t i = 0; i < v.size(); i += 3)
            fixed[i] = static_cast<std::int64_t>(std::floor(v[i] * 1e4)) + run % 2;
        const auto units = roundToTotal(v, fixed, 4);
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (fixed[i]) {
                EXPECT_EQ(units[i], *fixed[i]);
            }
            EXPECT_LT(std::abs(static_cast<double>(units[i]) - v[i] * 1e4), 1.0 + 1e-6);
            sum += units[i];
        }
        EXPECT_EQ(sum, units.back());
    }
    // Without fixed rows, the same as roundToTotal.
    const std::vector<double> thirds{1.0 / 3, 1.0 / 3, 1.0 / 3};
    EXPECT_EQ(roundToTotal(thirds, std::vector<std::optional<std::int64_t>>(3), 4), roundToTotal(thirds, 4));
}

TEST(Rounding, RandomColumnsAlwaysAddUp) {
    std::mt19937 random(42);
    std::uniform_real_distribution<double> value(0, 5000);
    std::uniform_int_distribution<int> count(1, 40), decimals(0, 4);
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<double> v(static_cast<std::size_t>(count(random)));
        for (auto& x : v) x = value(random);
        const int d = decimals(random);
        const auto units = roundToTotal(v, d);
        std::int64_t sum = 0;
        double exact = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            sum += units[i];
            EXPECT_LT(std::abs(static_cast<double>(units[i]) - v[i] * std::pow(10.0, d)), 1.0 + 1e-6);
            exact += v[i];
        }
        EXPECT_EQ(sum, units.back());
        EXPECT_EQ(units.back(), std::llround(exact * std::pow(10.0, d)));
    }
}

TEST(Rounding, FormatsUnits) {
    EXPECT_EQ(formatUnits(12345600, 4), "1234.5600");
    EXPECT_EQ(formatUnits(-100, 4), "-0.0100");
    EXPECT_EQ(formatUnits(5, 0), "5");
    EXPECT_EQ(formatUnits(7, 2), "0.07");
    EXPECT_DOUBLE_EQ(unitsValue(12345, 2), 123.45);
}

analysis::CheckContext twoCategories() {
    analysis::CheckContext c;
    c.analysisCrs = crs::Crs::fromUserInput("EPSG:4490");
    analysis::CategoryInfo core{"core", {}, 1, 1};
    core.rule.label = "核心保护区";
    core.rule.severity = analysis::Severity::Prohibited;
    core.rule.priority = 1;
    analysis::CategoryInfo general{"general", {}, 1, 1};
    general.rule.label = "一般控制区";
    general.rule.severity = analysis::Severity::Restricted;
    general.rule.priority = 2;
    c.categories = {core, general};
    c.priorityOrder = {0, 1};
    c.constraintFeatures = {{"redlines", "HX-1", "老山", 0}, {"redlines", "HX-2", "", 1}};
    c.zoneLayers = {"basin"};
    return c;
}

analysis::SubjectResult subjectWithThirds(const std::string& id, const std::string& basin) {
    analysis::SubjectResult r;
    r.id = id;
    r.name = "园区" + id;
    r.status = analysis::SubjectStatus::Conflict;
    r.severity = analysis::Severity::Prohibited;
    r.areaM2 = 30000;
    // A third of a hectare counted for each category: printed at 4 decimals the parts do not
    // add up to the whole unless rounded together.
    analysis::CategoryOverlap core;
    core.category = 0;
    core.areaM2 = 10000.0 / 3;
    core.exclusiveM2 = 10000.0 / 3;
    core.features = {{0, 10000.0 / 3}};
    analysis::CategoryOverlap general;
    general.category = 1;
    general.areaM2 = 20000.0 / 3;  // overlaps core: only the rest is counted
    general.exclusiveM2 = 10000.0 / 3 * 2;
    general.features = {{1, 20000.0 / 3}};
    r.overlaps.push_back(std::move(core));
    r.overlaps.push_back(std::move(general));
    r.conflictAreaM2 = 10000.0;
    r.zones = {{basin, 1.0}};
    return r;
}

TEST(ReportTables, SubjectOverlapsTotalIsTheConflictAreaAsPrinted) {
    const auto c = twoCategories();
    const auto r = subjectWithThirds("A", "长江");
    const ReportTable t = subjectOverlapsTable(r, c, ReportLanguage::Chinese);
    ASSERT_EQ(t.rows.size(), 3u);
    ASSERT_TRUE(t.lastRowIsTotal);
    EXPECT_EQ(t.rows[2][0].text, "合计");
    EXPECT_EQ(t.rows[0][0].text, "核心保护区");
    EXPECT_EQ(t.rows[0][1].text, "禁止");
    EXPECT_EQ(t.rows[0][8].text, "HX-1 老山");
    // Counted ha (column 6): 0.3333 + 0.6667 = 1.0000; counted 亩 (column 7) likewise.
    EXPECT_EQ(t.rows[2][6].text, "1.0000");
    EXPECT_EQ(printedUnits(t.rows[0][6].text, 4) + printedUnits(t.rows[1][6].text, 4), 10000);
    EXPECT_EQ(t.rows[2][7].text, "15.00");
    EXPECT_EQ(printedUnits(t.rows[0][7].text, 2) + printedUnits(t.rows[1][7].text, 2), 1500);
    // Overlaps are not additive (general contains core): no total for them.
    EXPECT_EQ(t.rows[2][3].text, "");
    ASSERT_TRUE(t.rows[1][3].number.has_value());
    EXPECT_DOUBLE_EQ(*t.rows[1][3].number, 0.6667);
}

TEST(ReportTables, BufferConflictsAreRowsOutsideTheTotal) {
    auto c = twoCategories();
    c.categories[1].rule.bufferM = 500;
    auto r = subjectWithThirds("A", "长江");
    r.nearest.push_back({1, 299.68, 1, true});
    const ReportTable t = subjectOverlapsTable(r, c, ReportLanguage::Chinese);
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.rows[2][0].text, "一般控制区");
    EXPECT_EQ(t.rows[2][8].text, "HX-2：相距 299.7 米，在 500 米缓冲内");
    EXPECT_EQ(t.rows[2][6].text, "");
    EXPECT_EQ(t.rows[3][6].text, "1.0000");  // the total still is the conflict area
    std::vector<analysis::SubjectResult> one;
    one.push_back(std::move(r));
    const ReportTable all = conflictSubjectsTable(one, c, ReportLanguage::Chinese);
    EXPECT_EQ(all.rows[0][7].text, "核心保护区；一般控制区；距一般控制区 300 米（缓冲 500 米内）");
}

TEST(ReportTables, TheTotalRowCountsSubjectsInTheRightNumber) {
    const auto c = twoCategories();
    std::vector<analysis::SubjectResult> subjects;
    subjects.push_back(subjectWithThirds("A", "长江"));
    EXPECT_EQ(conflictSubjectsTable(subjects, c, ReportLanguage::English).rows.back()[1].text, "1 subject");
    EXPECT_EQ(conflictSubjectsTable(subjects, c, ReportLanguage::Chinese).rows.back()[1].text, "1 个地块");
    subjects.push_back(subjectWithThirds("B", "长江"));
    EXPECT_EQ(conflictSubjectsTable(subjects, c, ReportLanguage::English).rows.back()[1].text, "2 subjects");
}

// Each subject's conflict wholly in the zone it lies in.
std::vector<std::vector<analysis::ZoneConflictPart>> wholeInTheirZones(const std::vector<analysis::SubjectResult>& rs) {
    std::vector<std::vector<analysis::ZoneConflictPart>> split;
    for (const auto& r : rs) {
        analysis::ZoneConflictPart part{r.zones[0].value, {}};
        for (const auto& o : r.overlaps) part.exclusiveM2.push_back(o.exclusiveM2.value_or(0));
        split.push_back({part});
    }
    return split;
}

TEST(ReportTables, ConflictAndZoneTablesAddUp) {
    const auto c = twoCategories();
    std::vector<analysis::SubjectResult> results;
    results.push_back(subjectWithThirds("A", "长江"));
    results.push_back(subjectWithThirds("B", "长江"));
    results.push_back(subjectWithThirds("C", "太湖"));
    const ReportTable all = conflictSubjectsTable(results, c, ReportLanguage::English);
    ASSERT_EQ(all.rows.size(), 4u);
    EXPECT_EQ(all.rows.back()[4].text, "3.0000");  // conflict ha
    EXPECT_EQ(all.rows.back()[5].text, "45.00");   // 亩
    EXPECT_EQ(all.rows[0][7].text, "核心保护区; 一般控制区");
    const ReportTable zones = zoneConflictTable(results, wholeInTheirZones(results), c, 0, ReportLanguage::Chinese);
    // Rows: 太湖, 长江 (sorted), 合计; columns: zone, subjects, core, general, total.
    ASSERT_EQ(zones.rows.size(), 3u);
    ASSERT_EQ(zones.columns.size(), 5u);
    EXPECT_EQ(zones.rows[2][1].text, "3");
    for (std::size_t col = 2; col < 5; ++col) {
        EXPECT_EQ(printedUnits(zones.rows[0][col].text, 4) + printedUnits(zones.rows[1][col].text, 4),
                  printedUnits(zones.rows[2][col].text, 4))
            << zones.columns[col];
    }
    EXPECT_EQ(zones.rows[2][4].text, "3.0000");
    EXPECT_EQ(zones.rows[2][2].text, "1.0000");  // three thirds of core
}

TEST(ReportTables, ZoneRowsAddAcrossAsPrinted) {
    // 23.95224 + 11.42704 ha: rounded on their own 23.9522 + 11.4270, while the row's exact
    // total 35.37928 rounds to 35.3793. Rows and columns must both add up as printed.
    const auto c = twoCategories();
    std::vector<analysis::SubjectResult> results;
    for (const auto& [id, coreHa, generalHa] :
         {std::tuple{"A", 23.95224, 11.42704}, std::tuple{"B", 7.39664, 0.00004}, std::tuple{"C", 1.00004, 2.00004}}) {
        auto r = subjectWithThirds(id, "长江");
        r.overlaps[0].areaM2 = *(r.overlaps[0].exclusiveM2 = coreHa * 10000);
        r.overlaps[1].areaM2 = *(r.overlaps[1].exclusiveM2 = generalHa * 10000);
        r.zones[0].value = std::string(id) == "C" ? "太湖" : "长江";
        results.push_back(std::move(r));
    }
    const ReportTable zones = zoneConflictTable(results, wholeInTheirZones(results), c, 0, ReportLanguage::Chinese);
    ASSERT_EQ(zones.rows.size(), 3u);
    for (const auto& row : zones.rows) {
        EXPECT_EQ(printedUnits(row[2].text, 4) + printedUnits(row[3].text, 4), printedUnits(row[4].text, 4))
            << row[0].text << ": " << row[2].text << " + " << row[3].text << " ≠ " << row[4].text;
    }
    for (std::size_t col = 2; col < 5; ++col) {
        EXPECT_EQ(printedUnits(zones.rows[0][col].text, 4) + printedUnits(zones.rows[1][col].text, 4),
                  printedUnits(zones.rows[2][col].text, 4));
    }
}

TEST(ReportTables, ZoneTableGivesTheConflictLyingInEachZone) {
    // A lies 52 % in 长江 by area, but its core conflict lies in 太湖 and its general conflict
    // two thirds in 太湖: each zone gets the part lying in it, and A counts once, in 太湖. (The
    // table put all of a subject's conflict in the zone it overlapped most.)
    const auto c = twoCategories();
    std::vector<analysis::SubjectResult> results;
    results.push_back(subjectWithThirds("A", "长江"));
    results.push_back(subjectWithThirds("B", "长江"));
    auto split = wholeInTheirZones(results);
    split[0] = {{std::string("太湖"), {10000.0 / 3, 10000.0 / 3 * 2 * 2 / 3}},
                {std::string("长江"), {0, 10000.0 / 3 * 2 / 3}}};
    const ReportTable zones = zoneConflictTable(results, split, c, 0, ReportLanguage::Chinese);
    // Rows: 太湖, 长江, 合计; columns: zone, subjects, core, general, total, and the note on the sheet.
    ASSERT_EQ(zones.rows.size(), 3u);
    EXPECT_EQ(zones.rows[0][0].text, "太湖");
    EXPECT_EQ(zones.rows[0][1].text, "1");
    EXPECT_EQ(zones.rows[0][2].text, "0.3334");  // two thirds of core by largest remainder
    EXPECT_EQ(zones.rows[0][3].text, "0.4444");
    EXPECT_EQ(zones.rows[1][1].text, "1");
    EXPECT_EQ(zones.rows[1][2].text, "0.3333");
    EXPECT_EQ(zones.rows[1][3].text, "0.8889");
    EXPECT_EQ(zones.rows[2][4].text, "2.0000");
    ASSERT_EQ(zones.sheetColumns.size(), 1u);
    EXPECT_EQ(zones.sheetColumns[0].value.text, zones.note);
}

TEST(ReportTables, AConflictEqualToItsSitePrintsAsTheSite) {
    // A's conflict is its whole site, 1579.8858374 ha. Rounded by largest remainder on its own,
    // the site column gives B its missing unit and the conflict column gives it to A: A printed
    // site 1579.8858 and conflict 1579.8859 ha beside 100.0 %.
    auto c = twoCategories();
    std::vector<analysis::SubjectResult> results;
    for (const auto& [id, siteM2, conflictM2] :
         {std::tuple{"A", 15798858.374, 15798858.374}, std::tuple{"B", 10000.9, 5000.2}}) {
        auto r = subjectWithThirds(id, "长江");
        r.areaM2 = siteM2;
        r.conflictAreaM2 = conflictM2;
        results.push_back(std::move(r));
    }
    const ReportTable t = conflictSubjectsTable(results, c, ReportLanguage::English);
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0][3].text, t.rows[0][4].text);
    EXPECT_EQ(t.rows[0][4].text, "1579.8858");
    for (std::size_t col : {3u, 4u, 5u}) {
        const int d = col == 5 ? 2 : 4;
        EXPECT_EQ(printedUnits(t.rows[0][col].text, d) + printedUnits(t.rows[1][col].text, d),
                  printedUnits(t.rows[2][col].text, d))
            << t.columns[col];
    }
    EXPECT_EQ(t.rows[2][4].text, "1580.3859");  // the exact total, rounded
}

TEST(ReportTables, AnOverlapCountedWholePrintsAsItsCountedArea) {
    // XM008: 116245.4856 m² of core, all of it counted, printed Overlap (ha) 11.6245 beside
    // Counted (ha) 11.6246 (largest remainder gave the counted column the total's unit).
    auto c = twoCategories();
    auto r = subjectWithThirds("A", "长江");
    r.overlaps[0].areaM2 = *(r.overlaps[0].exclusiveM2 = 116245.4856);
    r.overlaps[1].areaM2 = *(r.overlaps[1].exclusiveM2 = 3.4856);
    r.conflictAreaM2 = 116245.4856 + 3.4856;
    const ReportTable t = subjectOverlapsTable(r, c, ReportLanguage::English);
    ASSERT_EQ(t.rows.size(), 3u);
    for (std::size_t row : {0u, 1u}) {
        EXPECT_EQ(t.rows[row][3].text, t.rows[row][6].text) << row;
        EXPECT_EQ(t.rows[row][4].text, t.rows[row][7].text) << row;
    }
    EXPECT_EQ(printedUnits(t.rows[0][6].text, 4) + printedUnits(t.rows[1][6].text, 4),
              printedUnits(t.rows[2][6].text, 4));
}

TEST(ReportTables, StatusAndSeverityCounts) {
    CheckCounts counts;
    counts.clear = 4;
    counts.conflict = 3;
    counts.error = 1;
    counts.bySeverity = {{analysis::Severity::Prohibited, 2}, {analysis::Severity::Restricted, 1}};
    const auto status = statusTable(counts, ReportLanguage::Chinese);
    EXPECT_EQ(status.rows.back()[1].text, "8");
    const auto severity = severityTable(counts, ReportLanguage::English);
    EXPECT_EQ(severity.rows.back()[0].text, "Total");
    EXPECT_EQ(severity.rows.back()[1].text, "3");
}

// The subject's vertices transformed by OGR directly, as (north, east).
std::vector<std::pair<double, double>> ogrNorthEast(const std::string& wktLonLat, int epsg) {
    OGRSpatialReference src, dst;
    src.importFromEPSG(4490);
    dst.importFromEPSG(epsg);
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&src, &dst));
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wktLonLat.c_str(), nullptr, &g);
    std::unique_ptr<OGRGeometry> owned(g);
    owned->transform(ct.get());
    std::vector<std::pair<double, double>> out;
    auto* poly = owned->toPolygon();
    for (auto* ring : *poly)
        for (const auto& p : *ring) out.emplace_back(p.getY(), p.getX());
    return out;
}

TEST(BoundaryPoints, GeographicSubjectGoesToItsThreeDegreeZoneStartingNorthWestClockwise) {
    auto c = twoCategories();
    // An anticlockwise square with a hole near 118.9°E: the CM 120°E zone is EPSG:4549.
    const std::string wkt =
        "POLYGON((118.90 31.90, 118.92 31.90, 118.92 31.92, 118.90 31.92, 118.90 31.90),"
        "(118.905 31.905, 118.905 31.91, 118.91 31.91, 118.91 31.905, 118.905 31.905))";
    analysis::SubjectResult r;
    r.id = "S1";
    r.geometry = geom::fromWkt(wkt);
    const auto points = boundaryPointsTable(r, c, ReportLanguage::Chinese);
    EXPECT_NE(points.crsName.find("4549"), std::string::npos) << points.crsName;
    // 4 + closing point for each ring.
    ASSERT_EQ(points.table.rows.size(), 10u);
    EXPECT_EQ(points.table.rows[0][0].text, "J1");
    EXPECT_EQ(points.table.rows[4][0].text, "J1");
    EXPECT_EQ(points.table.rows[5][0].text, "J5");
    EXPECT_EQ(points.table.rows[5][1].text, "2");
    EXPECT_EQ(points.table.rows[9][0].text, "J5");
    const auto expected = ogrNorthEast(wkt, 4549);
    // J1 is the north-west corner (118.90, 31.92); J2 the north-east one (clockwise).
    const auto near = [&](std::size_t row, std::size_t vertex) {
        EXPECT_NEAR(*points.table.rows[row][2].number, expected[vertex].first, 0.0006) << row;
        EXPECT_NEAR(*points.table.rows[row][3].number, expected[vertex].second, 0.0006) << row;
    };
    near(0, 3);
    near(1, 2);
    near(2, 1);
    near(3, 0);
    // The hole runs anticlockwise from its north-west corner (118.905, 31.91): then south-west.
    near(5, 6);
    near(6, 5);
    // X is the northing: about 3.53e6 m at 31.9°N; Y the easting without zone prefix.
    EXPECT_GT(*points.table.rows[0][2].number, 3.5e6);
    EXPECT_LT(*points.table.rows[0][3].number, 500000);
}

TEST(BoundaryPoints, GaussKrugerAnalysisCrsIsUsedAsIs) {
    auto c = twoCategories();
    c.analysisCrs = crs::Crs::fromUserInput("EPSG:4549");
    analysis::SubjectResult r;
    r.id = "S2";
    r.geometry =
        geom::fromWkt("POLYGON((400000 3500000, 400100 3500000, 400100 3500050, 400000 3500050, 400000 3500000))");
    const auto points = boundaryPointsTable(r, c, ReportLanguage::English);
    ASSERT_EQ(points.table.rows.size(), 5u);
    EXPECT_EQ(points.table.rows[0][2].text, "3500050.000");  // X north of the north-west corner
    EXPECT_EQ(points.table.rows[0][3].text, "400000.000");
    EXPECT_EQ(points.table.rows[1][3].text, "400100.000");  // clockwise: east next
}

TEST(BoundaryPoints, TheZoneIsTheWholeSubjectsCentre) {
    auto c = twoCategories();
    // A small first part west of 118.5°E (zone of 117°E), the bulk east of it (zone of 120°E).
    analysis::SubjectResult r;
    r.id = "S3";
    r.geometry = geom::fromWkt(
        "MULTIPOLYGON(((118.48 31.90, 118.49 31.90, 118.49 31.91, 118.48 31.91, 118.48 31.90)),"
        "((118.52 31.90, 118.60 31.90, 118.60 31.98, 118.52 31.98, 118.52 31.90)))");
    EXPECT_NE(boundaryPointsTable(r, c, ReportLanguage::English).crsName.find("4549"), std::string::npos);
}

TEST(BoundaryPoints, AGaussKrugerCrsFarFromTheSubjectGivesWayToItsOwnZone) {
    // Sites at 130°E with the 120°E zone as analysis CRS: 730 km off its meridian.
    auto c = twoCategories();
    c.analysisCrs = crs::Crs::fromUserInput("EPSG:4549");
    analysis::SubjectResult r;
    r.id = "S4";
    r.geometry = geom::fromWkt(
        "POLYGON((1229900 5210000, 1230000 5210000, 1230000 5210100, 1229900 5210100, "
        "1229900 5210000))");
    const auto points = boundaryPointsTable(r, c, ReportLanguage::English);
    EXPECT_NE(points.crsName.find("EPSG:4552"), std::string::npos) << points.crsName;  // CM 129°E
    ASSERT_FALSE(points.table.rows.empty());
    EXPECT_LT(std::fabs(*points.table.rows[0][3].number - 500000), 200000);
}

TEST(BoundaryPoints, AXian1980SubjectStaysOnItsDatum) {
    // No official transformation joins Xian 1980 to CGCS2000: its points go to Xian 1980's own zone.
    auto c = twoCategories();
    c.analysisCrs = crs::Crs::fromUserInput("EPSG:4610");
    analysis::SubjectResult r;
    r.id = "S5";
    const std::string wkt = "POLYGON((118.90 31.90, 118.92 31.90, 118.92 31.92, 118.90 31.92, 118.90 31.90))";
    r.geometry = geom::fromWkt(wkt);
    const auto points = boundaryPointsTable(r, c, ReportLanguage::English);
    EXPECT_NE(points.crsName.find("EPSG:2385"), std::string::npos) << points.crsName;  // CM 120°E
    ASSERT_EQ(points.table.rows.size(), 5u);
}

// UTF-16 code units of UTF-8 text (a 4-byte character takes two), as Excel counts a sheet name.
std::size_t utf16Units(const std::string& text) {
    std::size_t units = 0;
    for (char c : text) {
        const auto ch = static_cast<unsigned char>(c);
        if ((ch & 0xC0) != 0x80) ++units;  // a character starts
        if ((ch & 0xF8) == 0xF0) ++units;  // and needs a surrogate pair
    }
    return units;
}

TEST(ReportDocument, XlsxSheetNamesAreWholeCharactersUniqueRegardlessOfCase) {
    // Sheet names were cut at 28 bytes (half a Chinese character: subject_????), and ids that
    // differ only in case failed the whole report: "cannot create layer subject_XM002".
    const std::string cjk = "subject_长江南京段重要湿地生态保护红线核心保护区项目用地一二三四五六";
    std::string wide = "points_";
    for (int i = 0; i < 15; ++i) wide += "\U00020000";  // 𠀀, outside the BMP
    const std::vector<std::string> keys{"subject_xm002", "subject_XM002", cjk, wide, "a[1]:b/c'"};
    ReportDocument d;
    ReportSection s{"sheets", 2, false, {}};
    for (const auto& key : keys)
        s.blocks.emplace_back(ReportTable{key, "t", {"a"}, {false}, {{{"1", std::nullopt}}}, false, ""});
    d.sections.push_back(std::move(s));
    const testing::TempDir dir;
    const fs::path xlsx = dir.path() / "sheets.xlsx";
    ASSERT_NO_THROW(writeReportXlsx(d, xlsx));
    GDALDatasetUniquePtr ds(GDALDataset::Open(xlsx.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetLayerCount(), static_cast<int>(keys.size()));
    std::set<std::string> folded;
    std::vector<std::string> names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        const std::string name = ds->GetLayer(i)->GetName();
        names.push_back(name);
        EXPECT_TRUE(CPLIsUTF8(name.c_str(), -1)) << name;
        EXPECT_LE(utf16Units(name), 31u) << name;
        EXPECT_EQ(name.find_first_of("[]:*?/\\"), std::string::npos) << name;
        std::string lower = name;
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        EXPECT_TRUE(folded.insert(lower).second) << name;
    }
    EXPECT_EQ(names[0], "subject_xm002");
    EXPECT_EQ(names[1], "subject_XM002~2");
    EXPECT_EQ(utf16Units(names[2]), 31u);  // as much of the id as fits, in whole characters
    EXPECT_EQ(cjk.rfind(names[2], 0), 0u) << names[2];
    EXPECT_EQ(wide.rfind(names[3], 0), 0u) << names[3];
    EXPECT_EQ(names[4], "a_1__b_c_");
}

// The number format Excel shows cell `ref` of sheet `sheet` (1-based) of a workbook with.
std::string xlsxNumberFormat(const fs::path& xlsx, int sheet, const std::string& ref) {
    const auto entry = [&](const std::string& name) {
        GByte* data = nullptr;
        vsi_l_offset size = 0;
        if (!VSIIngestFile(nullptr, ("/vsizip/" + xlsx.string() + "/" + name).c_str(), &data, &size, -1))
            return std::string();
        std::string bytes(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
        VSIFree(data);
        return bytes;
    };
    const std::string cells = entry(fmt::format("xl/worksheets/sheet{}.xml", sheet));
    const std::string styles = entry("xl/styles.xml");
    std::smatch m;
    if (!std::regex_search(cells, m, std::regex("<c r=\"" + ref + "\" s=\"(\\d+)\""))) return "General";
    const std::string xfs = styles.substr(styles.find("<cellXfs"));
    const std::regex xfPattern("<xf numFmtId=\"(\\d+)\"");
    std::sregex_iterator xf(xfs.begin(), xfs.end(), xfPattern);
    std::advance(xf, std::stoi(m[1]));
    const std::string id = (*xf)[1];
    if (!std::regex_search(styles, m, std::regex("<numFmt formatCode=\"([^\"]*)\" numFmtId=\"" + id + "\"")))
        return "numFmtId " + id;
    return m[1];
}

TEST(BoundaryPoints, EachXlsxSheetNamesItsCrsOnEveryRow) {
    // Two subjects in different 3° zones (CM 117°E and 120°E): their sheets sit side by side and
    // their coordinates are not one grid, so each row says which CRS it is in.
    const auto c = twoCategories();
    ReportDocument d;
    ReportSection s{"界址点", 3, false, {}};
    for (const auto& [id, wkt] : {std::pair<std::string, std::string>{"W",
                                                                      "POLYGON((117.1 31.9, 117.12 31.9, "
                                                                      "117.12 31.92, 117.1 31.92, 117.1 31.9))"},
                                  {"E", "POLYGON((119.9 31.9, 119.92 31.9, 119.92 31.92, 119.9 31.92, 119.9 31.9))"}}) {
        analysis::SubjectResult r;
        r.id = id;
        r.geometry = geom::fromWkt(wkt);
        s.blocks.emplace_back(boundaryPointsTable(r, c, ReportLanguage::Chinese).table);
    }
    d.sections.push_back(std::move(s));
    const testing::TempDir dir;
    const fs::path xlsx = dir.path() / "points.xlsx";
    writeReportXlsx(d, xlsx);
    GDALDatasetUniquePtr ds(GDALDataset::Open(xlsx.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    for (const auto& [sheet, epsg, name] :
         {std::tuple<const char*, int, const char*>{"points_W", 4548, "117E"}, {"points_E", 4549, "120E"}}) {
        OGRLayer* layer = ds->GetLayerByName(sheet);
        ASSERT_NE(layer, nullptr) << sheet;
        const int code = layer->GetLayerDefn()->GetFieldIndex("EPSG");
        const int crs = layer->GetLayerDefn()->GetFieldIndex("坐标系");
        ASSERT_GE(code, 0);
        ASSERT_GE(crs, 0);
        EXPECT_EQ(layer->GetFeatureCount(), 5);
        for (auto& f : *layer) {
            EXPECT_EQ(f->GetFieldAsInteger(code), epsg) << sheet;
            EXPECT_NE(std::string(f->GetFieldAsString(crs)).find(name), std::string::npos) << f->GetFieldAsString(crs);
        }
    }
    // X and Y show their 3 decimals (not General, where 3500050.000 reads 3500050).
    ds.reset();
    for (int sheet : {1, 2})
        for (const char* cell : {"C2", "D6"}) EXPECT_EQ(xlsxNumberFormat(xlsx, sheet, cell), "0.000") << cell;
    EXPECT_EQ(xlsxNumberFormat(xlsx, 1, "B2"), "General");  // 圈号, an integer
}

TEST(ReportDocument, HtmlEscapesAndEmbedsAndXlsxReadsBack) {
    ReportDocument d;
    d.title = "报告 <test> & \"quotes\"";
    ReportSection s{"表", 2, false, {}};
    s.blocks.emplace_back(ReportParagraph{"a < b", false});
    s.blocks.emplace_back(
        subjectOverlapsTable(subjectWithThirds("A", "长江"), twoCategories(), ReportLanguage::Chinese));
    s.blocks.emplace_back(ReportImage{"map", "image/png", std::string("\x89PNG", 4), "map.png", false, 0});
    d.sections.push_back(std::move(s));
    const std::string html = renderHtml(d, true);
    EXPECT_NE(html.find("报告 &lt;test&gt; &amp; &quot;quotes&quot;"), std::string::npos);
    EXPECT_NE(html.find("a &lt; b"), std::string::npos);
    EXPECT_NE(html.find("src=\"data:image/png;base64,iVBORw==\""), std::string::npos);
    EXPECT_NE(html.find("<tr class=\"total\">"), std::string::npos);
    EXPECT_NE(renderHtml(d, false, 600).find("src=\"map.png\" width=\"600\""), std::string::npos);
    // A map drawn to scale keeps its printed width.
    std::get<ReportImage>(d.sections.back().blocks.back()).widthMm = 174;
    EXPECT_NE(renderHtml(d, true).find("style=\"width:174.0mm\""), std::string::npos);

    const testing::TempDir dir;
    const fs::path xlsx = dir.path() / "tables.xlsx";
    writeReportXlsx(d, xlsx);
    GDALDatasetUniquePtr ds(GDALDataset::Open(xlsx.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetFeatureCount(), 3);
    const int counted = layer->GetLayerDefn()->GetFieldIndex("计入面积（公顷）");
    ASSERT_GE(counted, 0);
    EXPECT_EQ(layer->GetLayerDefn()->GetFieldDefn(counted)->GetType(), OFTReal);
    double sum = 0, total = 0;
    for (auto& f : *layer) {
        if (std::string(f->GetFieldAsString(0)) == "合计")
            total = f->GetFieldAsDouble(counted);
        else
            sum += f->GetFieldAsDouble(counted);
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_DOUBLE_EQ(total, 1.0);
}

}  // namespace
}  // namespace redline::report
