// SPDX-License-Identifier: MIT
// Small helpers shared by the writers.
#pragma once

#include <fmt/format.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/result.hpp"

namespace redline::report::detail {

// "HX-003 长江南京段重要湿地; HX-011 …" for a list of contributing features.
std::string describeFeatures(const analysis::CheckContext& ctx, const std::vector<analysis::FeatureArea>& features);
std::string joinNotes(const std::vector<std::string>& notes);
// Appends one CSV cell, quoted when it holds a separator, a quote or a line break.
void appendCsvCell(fmt::memory_buffer& out, std::string_view cell);
// A text from the data (an id, a name) that Excel would take for a formula, starting with = + - @
// or a tab or carriage return, gets a ' in front (OWASP's advice against CSV injection): Excel
// then shows the text, without the '. Other text as it is.
[[nodiscard]] std::string_view csvFormulaGuard(std::string_view text);
// appendCsvCell of a text from the data, guarded against formulas (csvFormulaGuard).
void appendCsvText(fmt::memory_buffer& out, std::string_view cell);

// A field name safe for every writer: the category/zone name with unusual characters replaced.
std::string columnName(const std::string& base, const std::string& suffix);

// Takes `base`, or base_2, base_3, … such that none of base + suffix is in `used` (ASCII case
// ignored, as SQLite and DBF compare names), and marks those names used.
std::string claim(std::set<std::string>& used, const std::string& base, const std::vector<std::string>& suffixes);

// The bases of the per-category columns (base_m2, base_pct, …) and the zone columns of the
// subject tables, distinct from each other and from the fixed columns as SQLite and DBF compare
// names (ASCII case ignored): categories "core" and "Core", or "林地/草地" and "林地 草地", would
// otherwise make one column name twice and fail the GeoPackage.
struct SubjectColumnNames {
    std::vector<std::string> categoryBases;  // per category, in the context's order
    std::vector<std::string> zones;          // per zone layer (the GeoPackage prefixes "zone_")
};
SubjectColumnNames subjectColumnNames(const analysis::CheckContext& ctx);

}  // namespace redline::report::detail
