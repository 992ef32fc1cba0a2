// SPDX-License-Identifier: MIT
// The conflict report of a checked project: summary counts, the overview map, the subjects in
// conflict with their areas (m², ha, 亩), per-subject pages (atlas map, overlaps, distances,
// zones, 界址点), conflict area by zone, the zoning statistics with their charts, the inputs,
// the rules and an evidence section (file checksums, CRS, library versions, tolerances) that
// lets anyone trace and reproduce a number. Written as standalone HTML, as PDF (Qt's text
// layout, text kept as text) or as XLSX tables, by the file's extension.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

#include "redline/analysis/stats_result.hpp"
#include "redline/render/map_pages.hpp"
#include "redline/report/report_document.hpp"
#include "redline/util/feedback.hpp"

namespace redline::render {

// A provincial audit finds tens of thousands of subjects in conflict: a section with a map for
// each would take hours and gigabytes and nobody would read it, while the conflict table lists
// them all. By default the report details the most severe and largest ones.
constexpr std::size_t kDefaultSubjectPages = 200;
constexpr std::size_t kAllSubjectPages = static_cast<std::size_t>(-1);

struct ReportRequest {
    QString title;  // empty: the project's name + "conflict report"
    QString language = "zh_CN";
    // A section with its atlas map for at most this many subjects in conflict, the most severe
    // and largest first; 0: none, kAllSubjectPages: every one.
    std::size_t subjectPages = kDefaultSubjectPages;
    bool boundaryPoints = true;  // its 界址点 table
    bool statistics = true;      // the project's zoning statistics, when it has a stats section
    double mapDpi = 200;         // of the embedded maps (placed at their print size)
    QString date;                // empty: today
};

// Throws what the check and the statistics throw, Cancelled.
[[nodiscard]] report::ReportDocument buildReport(const ProjectRun& run, const ReportRequest& request,
                                                 Feedback& feedback);

// .html, .pdf or .xlsx; all or nothing. Throws OutputError naming the file.
void writeReport(const report::ReportDocument& document, const std::filesystem::path& file);
// Several files at once, all or nothing: none is in place unless every one was written.
void writeReports(const report::ReportDocument& document, const std::vector<std::filesystem::path>& files);

// SHA-256 of a file as hex; empty when it cannot be read.
[[nodiscard]] std::string fileSha256(const std::filesystem::path& file);

}  // namespace redline::render
