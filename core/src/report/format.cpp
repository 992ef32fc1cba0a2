// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "format_p.hpp"

namespace redline::report::detail {

std::string describeFeatures(const analysis::CheckContext& ctx, const std::vector<analysis::FeatureArea>& features) {
    std::string out;
    for (const auto& f : features) {
        const auto& info = ctx.constraintFeatures[f.feature];
        out += (out.empty() ? "" : "; ") + info.id + (info.name.empty() ? "" : " " + info.name);
    }
    return out;
}

std::string joinNotes(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
    return out;
}

void appendCsvCell(fmt::memory_buffer& out, std::string_view cell) {
    // One look at each character (find_first_of searched the cell once per separator).
    if (std::none_of(cell.begin(), cell.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; })) {
        out.append(cell);
        return;
    }
    out.push_back('"');
    for (char c : cell) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string_view csvFormulaGuard(std::string_view text) {
    return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos ? "'" : "";
}

void appendCsvText(fmt::memory_buffer& out, std::string_view cell) {
    const std::string_view guard = csvFormulaGuard(cell);
    if (guard.empty()) return appendCsvCell(out, cell);
    std::string guarded(guard);
    guarded += cell;
    appendCsvCell(out, guarded);
}

std::string columnName(const std::string& base, const std::string& suffix) {
    std::string name;
    for (char c : base) {
        const auto u = static_cast<unsigned char>(c);
        // Keep letters, digits, '_' and all non-ASCII bytes (Chinese names stay readable).
        name += (u >= 0x80 || std::isalnum(u) || c == '_') ? c : '_';
    }
    return suffix.empty() ? name : name + "_" + suffix;
}

namespace {

std::string lowerAscii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

std::string claim(std::set<std::string>& used, const std::string& base, const std::vector<std::string>& suffixes) {
    for (int n = 1;; ++n) {
        const std::string candidate = n == 1 ? base : fmt::format("{}_{}", base, n);
        bool free = true;
        for (const auto& s : suffixes) free = free && used.count(lowerAscii(candidate + s)) == 0;
        if (!free) continue;
        for (const auto& s : suffixes) used.insert(lowerAscii(candidate + s));
        return candidate;
    }
}

SubjectColumnNames subjectColumnNames(const analysis::CheckContext& ctx) {
    // The fixed columns of subjects.csv and of result.gpkg's subjects layer.
    std::set<std::string> used{"fid",          "geom",        "id",       "name",    "subject_id",
                               "subject_name", "status",      "severity", "area_m2", "area_ha",
                               "area_mu",      "conflict_m2", "repaired", "notes",   "error"};
    SubjectColumnNames names;
    const std::vector<std::string> suffixes{"_m2", "_ha", "_mu", "_pct", "_dist_m"};
    for (const auto& c : ctx.categories) names.categoryBases.push_back(claim(used, columnName(c.name, ""), suffixes));
    for (const auto& z : ctx.zoneLayers) names.zones.push_back(claim(used, columnName(z, ""), {""}));
    return names;
}

}  // namespace redline::report::detail
