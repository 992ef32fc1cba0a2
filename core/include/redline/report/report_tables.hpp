// SPDX-License-Identifier: MIT
// The tables of a conflict report, as text ready to print (HTML, PDF, map pages) and as the
// rounded numbers behind it (XLSX). Areas are shown in m² (2 decimals), ha (4) and 亩 (2).
// Every table with a 合计 row is rounded by largest remainder per column, so that its rows add
// up exactly to the total as printed; only additive quantities get a total (the exclusive
// conflict areas by category priority, not overlaps that may overlap each other).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/result.hpp"
#include "redline/analysis/stats_result.hpp"

namespace redline::report {

enum class ReportLanguage { English, Chinese };
// "zh", "zh_CN", "zh-Hans"… → Chinese; anything else English.
[[nodiscard]] ReportLanguage reportLanguage(const std::string& code);
// The English or the Chinese text.
[[nodiscard]] inline const char* tr(ReportLanguage lang, const char* en, const char* zh) {
    return lang == ReportLanguage::Chinese ? zh : en;
}
// An English noun after a count: plural(1, "subject", "subjects") is "subject". (Chinese nouns
// have one form; the Chinese texts ignore the argument.)
[[nodiscard]] inline const char* plural(std::int64_t n, const char* one, const char* many) {
    return n == 1 ? one : many;
}

struct ReportCell {
    std::string text;
    std::optional<double> number;  // the value as printed (rounded), for spreadsheets
};

// A column only a table's XLSX sheet has, with the same value on every row.
struct SheetColumn {
    std::string name;
    ReportCell value;
};

struct ReportTable {
    std::string key;    // short name: XLSX sheet, HTML anchor
    std::string title;  // shown above the table
    std::vector<std::string> columns;
    std::vector<bool> numeric;  // per column: right-aligned, a number in XLSX
    std::vector<std::vector<ReportCell>> rows;
    bool lastRowIsTotal = false;
    std::string note;  // shown under the table
    // What print says once, in the note, that a sheet's rows need on each row (they are sorted,
    // filtered and copied apart from any note): the CRS of 界址点 coordinates.
    std::vector<SheetColumn> sheetColumns{};
};

struct CheckCounts {
    int subjects = 0, clear = 0, conflict = 0, error = 0;
    std::map<analysis::Severity, int> bySeverity;  // subjects in conflict by worst severity
};

[[nodiscard]] std::string severityText(analysis::Severity s, ReportLanguage lang);
[[nodiscard]] std::string categoryLabel(const analysis::CheckContext& c, std::size_t category);

// Subjects by status, and those in conflict by severity; each with 合计.
[[nodiscard]] ReportTable statusTable(const CheckCounts& counts, ReportLanguage lang);
[[nodiscard]] ReportTable severityTable(const CheckCounts& counts, ReportLanguage lang);
// One row per subject in conflict: area, conflict area (exclusive) in ha and 亩, % of site,
// worst severity, zones; 合计 over the areas.
[[nodiscard]] ReportTable conflictSubjectsTable(const std::vector<analysis::SubjectResult>& conflicted,
                                                const analysis::CheckContext& c, ReportLanguage lang);
// One row per subject checked clear (`clear`, `total` of them in the check; the rest are said to
// be left out): its area (m², ha, 亩), its zone in each zone layer with its share, per category
// the geodesic distance to the nearest feature (or the touch / info overlap it has instead), and
// the status. What a planner checking one site needs to quote; no total row.
[[nodiscard]] ReportTable clearSubjectsTable(std::span<const analysis::SubjectResult> clear, std::int64_t total,
                                             const analysis::CheckContext& c, ReportLanguage lang);
// One subject's overlaps by category: overlap (m², ha, 亩, % of site), the part counted by
// priority (ha, 亩) with 合计 = the subject's conflict area, and the constraint features.
[[nodiscard]] ReportTable subjectOverlapsTable(const analysis::SubjectResult& subject, const analysis::CheckContext& c,
                                               ReportLanguage lang);
// Lines about one subject besides its overlaps: touches, nearest distances, zones, notes.
[[nodiscard]] std::vector<std::string> subjectFacts(const analysis::SubjectResult& subject,
                                                    const analysis::CheckContext& c, ReportLanguage lang);
// Conflict area (exclusive) lying in each zone of zone layer `zoneLayer`, by category, from each
// subject's split by zone (`split[i]` for `conflicted[i]`, analysis::ConflictCheck::splitByZone);
// 合计 row and column. A subject is counted once, in the zone holding most of its conflict.
[[nodiscard]] ReportTable zoneConflictTable(const std::vector<analysis::SubjectResult>& conflicted,
                                            const std::vector<std::vector<analysis::ZoneConflictPart>>& split,
                                            const analysis::CheckContext& c, std::size_t zoneLayer,
                                            ReportLanguage lang);
// Inputs (role, file, driver, CRS, encoding, features, notes); `checksums` by path (SHA-256).
[[nodiscard]] ReportTable inputsTable(const analysis::CheckContext& c,
                                      const std::map<std::string, std::string>& checksums, ReportLanguage lang);
[[nodiscard]] ReportTable rulesTable(const analysis::CheckContext& c, ReportLanguage lang);
// Constraint and zone features repaired or skipped, subjects repaired, and subjects in error.
[[nodiscard]] ReportTable problemsTable(const analysis::CheckContext& c,
                                        const std::vector<analysis::LoadProblem>& subjectRepairs,
                                        const std::vector<analysis::SubjectResult>& failed, ReportLanguage lang);

// Zoning statistics: one table per zone layer × class layer, a row per zone (and the part
// outside all zones), the zone's area and each class's area in ha; 合计 over the rows.
[[nodiscard]] std::vector<ReportTable> statsTables(const analysis::StatsResult& stats, ReportLanguage lang);

// 界址点: the subject's boundary points in a Gauss-Krüger CRS (the analysis CRS when it is one,
// else the CGCS2000 3° zone of the subject's centre, EPSG:4534–4554), X northing, Y easting,
// 3 decimals. Each ring starts at its most north-westerly point, runs clockwise (holes
// anticlockwise) and closes by repeating its first point; a new 圈号 per ring. The CRS is named
// in the note, and in the XLSX sheet's EPSG and CRS columns on every row.
struct BoundaryPoints {
    ReportTable table;
    std::string crsName;
};
[[nodiscard]] BoundaryPoints boundaryPointsTable(const analysis::SubjectResult& subject,
                                                 const analysis::CheckContext& c, ReportLanguage lang);

}  // namespace redline::report
