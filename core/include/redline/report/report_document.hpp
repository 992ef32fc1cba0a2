// SPDX-License-Identifier: MIT
// A report as a sequence of headed sections of paragraphs, tables and images, written as one
// standalone HTML file (images embedded as data URIs; print styles so it prints as it shows)
// and its tables as one XLSX workbook (a sheet per table, numbers as numbers).
#pragma once

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "redline/report/report_tables.hpp"

namespace redline::report {

struct ReportImage {
    std::string caption;
    std::string mime = "image/png";
    std::string bytes;         // the encoded image
    std::string resourceName;  // how renderHtml() refers to it when not embedding
    bool pageBreakBefore = false;
    // Printed this wide (a map drawn to scale, whose scale bar and 1:N hold only at this width);
    // 0: fitted to the text width.
    double widthMm = 0;
};

struct ReportParagraph {
    std::string text;
    bool emphasis = false;
};
struct ReportList {
    std::vector<std::string> items;
};

using ReportBlock = std::variant<ReportParagraph, ReportList, ReportTable, ReportImage>;

struct ReportSection {
    std::string heading;
    int level = 2;  // 2: a chapter, 3: a subsection (a subject)
    bool pageBreakBefore = false;
    std::vector<ReportBlock> blocks;
};

struct ReportDocument {
    std::string title;
    std::string subtitle;
    std::string language = "zh-CN";  // HTML lang
    std::vector<ReportSection> sections;
};

// The HTML text. `embedImages`: images as data: URIs (a standalone file); else as
// src="resourceName" (for a renderer that is handed the images, e.g. Qt's QTextDocument, which
// has no max-width: `imageWidthPx` > 0 sets each image's width).
[[nodiscard]] std::string renderHtml(const ReportDocument& document, bool embedImages, int imageWidthPx = 0);
[[nodiscard]] std::string escapeHtml(const std::string& text);

// Every table of the document, one sheet each (sheet names made unique, ≤ 31 characters).
// Throws OutputError naming the file.
void writeReportXlsx(const ReportDocument& document, const std::filesystem::path& file);

}  // namespace redline::report
