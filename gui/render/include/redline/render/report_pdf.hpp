// SPDX-License-Identifier: MIT
// Lays a report out on A4 pages with QPainter and writes it as PDF: headings kept with what
// follows, wrapped paragraphs and lists, tables whose text columns wrap while number columns
// keep their width, the header repeated on each page a table continues on, the 合计 row in
// bold, images at their printed width (maps to scale) or scaled to the text width, and a page
// number on each page. Text stays text.
#pragma once

#include <filesystem>

#include "redline/report/report_document.hpp"

namespace redline::render {

// The width of the text on a report page (A4, 18 mm margins): a map is drawn this wide so that
// it prints to scale.
constexpr double kReportTextWidthMm = 210 - 2 * 18;

// Throws OutputError naming the file.
void writeReportPdf(const report::ReportDocument& document, const std::filesystem::path& file);

}  // namespace redline::render
