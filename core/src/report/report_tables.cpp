// SPDX-License-Identifier: MIT
#include "redline/report/report_tables.hpp"

#include <fmt/format.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "redline/crs/crs.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/report/rounding.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"

namespace redline::report {

namespace {

// Words the core writes in English (input roles, the errors layer's kinds), in the report's
// language.
std::string term(const std::string& english, ReportLanguage lang) {
    static const std::map<std::string, std::string, std::less<>> kChinese{
        {"subjects", "核查地块"}, {"constraints", "管控图层"}, {"zones", "分区图层"}, {"raster classes", "栅格分类"},
        {"repaired", "已修复"},   {"skipped", "未使用"},       {"error", "出错"},     {"note", "备注"}};
    if (lang != ReportLanguage::Chinese) return english;
    const auto it = kChinese.find(english);
    return it == kChinese.end() ? english : it->second;
}

using analysis::CheckContext;
using analysis::SubjectResult;

ReportCell text(std::string s) { return {std::move(s), std::nullopt}; }
ReportCell number(double v, int decimals) {
    const auto units = static_cast<std::int64_t>(std::llround(v * std::pow(10.0, decimals)));
    return {formatUnits(units, decimals), unitsValue(units, decimals)};
}
ReportCell count(std::int64_t n) { return {std::to_string(n), static_cast<double>(n)}; }

double identity(double v) { return v; }

template <class... Args>
std::string trf(ReportLanguage lang, const char* en, const char* zh, Args&&... args) {
    return fmt::format(fmt::runtime(tr(lang, en, zh)), std::forward<Args>(args)...);
}

// Fills column `col` of the body rows and of the total row (the last row) from `values`
// (nullopt: blank), rounded by largest remainder so that the rows add up to the total; a row
// with `fixed` units prints those (roundToTotal). Returns each row's units (0 where blank).
std::vector<std::int64_t> totalledColumn(std::vector<std::vector<ReportCell>>& rows, std::size_t col,
                                         const std::vector<std::optional<double>>& values, double (*convert)(double),
                                         int decimals, const std::vector<std::optional<std::int64_t>>& fixed = {}) {
    std::vector<double> present;
    std::vector<std::optional<std::int64_t>> presentFixed;
    for (std::size_t r = 0; r < values.size(); ++r) {
        if (!values[r]) continue;
        present.push_back(convert(*values[r]));
        presentFixed.push_back(r < fixed.size() ? fixed[r] : std::nullopt);
    }
    const auto units = roundToTotal(present, presentFixed, decimals);
    std::vector<std::int64_t> byRow(values.size(), 0);
    std::size_t k = 0;
    for (std::size_t r = 0; r < values.size(); ++r) {
        if (values[r]) {
            rows[r][col] = {formatUnits(units[k], decimals), unitsValue(units[k], decimals)};
            byRow[r] = units[k];
            ++k;
        }
    }
    rows.back()[col] = {formatUnits(units.back(), decimals), unitsValue(units.back(), decimals)};
    return byRow;
}

std::string totalLabel(ReportLanguage lang) { return tr(lang, "Total", "合计"); }

std::string zoneText(const SubjectResult& r, const CheckContext& c) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < r.zones.size() && i < c.zoneLayers.size(); ++i)
        parts.push_back(fmt::format("{}: {}", c.zoneLayers[i], r.zones[i].value.value_or("—")));
    return fmt::format("{}", fmt::join(parts, "; "));
}

// What makes a subject a conflict: the categories it overlaps, and buffer rules it breaks.
std::string conflictReasons(const SubjectResult& r, const CheckContext& c, ReportLanguage lang) {
    // An `info` category never makes a conflict: the subject's overlaps table lists it as 提示.
    const auto conflicting = [&](std::size_t category) {
        return analysis::isConflictSeverity(c.categories[category].rule.severity);
    };
    std::vector<std::string> parts;
    for (const auto& o : r.overlaps)
        if (conflicting(o.category)) parts.push_back(categoryLabel(c, o.category));
    for (const auto& d : r.nearest) {
        if (!d.withinBuffer || !conflicting(d.category)) continue;
        parts.push_back(trf(lang, "{}: {:.0f} m, within its {:.0f} m buffer", "距{} {:.0f} 米（缓冲 {:.0f} 米内）",
                            categoryLabel(c, d.category), d.distanceM, c.categories[d.category].rule.bufferM));
    }
    return fmt::format("{}", fmt::join(parts, tr(lang, "; ", "；")));
}

}  // namespace

ReportLanguage reportLanguage(const std::string& code) {
    return code.rfind("zh", 0) == 0 ? ReportLanguage::Chinese : ReportLanguage::English;
}

std::string severityText(analysis::Severity s, ReportLanguage lang) {
    if (lang == ReportLanguage::English) return analysis::severityName(s);
    switch (s) {
        case analysis::Severity::Prohibited:
            return "禁止";
        case analysis::Severity::Restricted:
            return "限制";
        case analysis::Severity::Review:
            return "审查";
        case analysis::Severity::Info:
            return "提示";
    }
    return analysis::severityName(s);
}

std::string categoryLabel(const CheckContext& c, std::size_t category) {
    const auto& cat = c.categories.at(category);
    return cat.rule.label.empty() ? cat.name : cat.rule.label;
}

ReportTable statusTable(const CheckCounts& counts, ReportLanguage lang) {
    ReportTable t{"status",
                  tr(lang, "Subjects by status", "地块核查结果"),
                  {tr(lang, "Status", "状态"), tr(lang, "Subjects", "数量")},
                  {false, true},
                  {},
                  true,
                  {}};
    t.rows.push_back({text(tr(lang, "in conflict", "冲突")), count(counts.conflict)});
    t.rows.push_back({text(tr(lang, "clear", "无冲突")), count(counts.clear)});
    t.rows.push_back({text(tr(lang, "error", "错误")), count(counts.error)});
    t.rows.push_back({text(totalLabel(lang)), count(counts.conflict + counts.clear + counts.error)});
    return t;
}

ReportTable severityTable(const CheckCounts& counts, ReportLanguage lang) {
    ReportTable t{"severity",
                  tr(lang, "Subjects in conflict by severity", "冲突地块按管控程度"),
                  {tr(lang, "Worst severity", "最严管控"), tr(lang, "Subjects", "数量")},
                  {false, true},
                  {},
                  true,
                  {}};
    int total = 0;
    for (auto s : {analysis::Severity::Prohibited, analysis::Severity::Restricted, analysis::Severity::Review,
                   analysis::Severity::Info}) {
        const auto it = counts.bySeverity.find(s);
        const int n = it == counts.bySeverity.end() ? 0 : it->second;
        if (n == 0 && s == analysis::Severity::Info) continue;
        t.rows.push_back({text(severityText(s, lang)), count(n)});
        total += n;
    }
    t.rows.push_back({text(totalLabel(lang)), count(total)});
    return t;
}

ReportTable conflictSubjectsTable(const std::vector<SubjectResult>& conflicted, const CheckContext& c,
                                  ReportLanguage lang) {
    ReportTable t{"conflicts",
                  tr(lang, "Subjects in conflict", "冲突地块一览"),
                  {tr(lang, "ID", "编号"), tr(lang, "Name", "名称"), tr(lang, "Severity", "管控"),
                   tr(lang, "Site area (ha)", "地块面积（公顷）"), tr(lang, "Conflict (ha)", "冲突面积（公顷）"),
                   tr(lang, "Conflict (亩)", "冲突面积（亩）"), tr(lang, "% of site", "占地块比例（%）"),
                   tr(lang, "Conflicts with", "冲突内容"), tr(lang, "Zones", "所在区域")},
                  {false, false, false, true, true, true, true, false, false},
                  {},
                  true,
                  tr(lang,
                     "Conflict area: the union of the overlaps with categories that are conflicts (each part "
                     "counted once, by category priority). Areas are ellipsoidal.",
                     "冲突面积：与各冲突类别重叠部分的并集（按类别优先级只计一次）。面积为椭球面积。")};
    std::vector<std::optional<double>> site, conflict;
    for (const auto& r : conflicted) {
        std::vector<ReportCell> row(9);
        row[0] = text(r.id);
        row[1] = text(r.name);
        row[2] = text(r.severity ? severityText(*r.severity, lang) : "");
        row[6] = number(percentOf(r.conflictAreaM2, r.areaM2), 1);
        row[7] = text(conflictReasons(r, c, lang));
        row[8] = text(zoneText(r, c));
        t.rows.push_back(std::move(row));
        site.emplace_back(r.areaM2);
        conflict.emplace_back(r.conflictAreaM2);
    }
    std::vector<ReportCell> total(9);
    total[0] = text(totalLabel(lang));
    const auto subjects = static_cast<std::int64_t>(conflicted.size());
    total[1] = text(trf(lang, "{} {}", "{} 个地块", subjects, plural(subjects, "subject", "subjects")));
    t.rows.push_back(std::move(total));
    // A conflict equal to its site's area prints as the site's area: rounded on its own by largest
    // remainder it could take the unit the site did not (1579.8858 beside 1579.8859 ha, 100.0 %).
    const auto siteUnits = totalledColumn(t.rows, 3, site, &hectares, 4);
    std::vector<std::optional<std::int64_t>> sameAsSite(conflicted.size());
    for (std::size_t i = 0; i < conflicted.size(); ++i)
        if (conflicted[i].conflictAreaM2 == conflicted[i].areaM2) sameAsSite[i] = siteUnits[i];
    totalledColumn(t.rows, 4, conflict, &hectares, 4, sameAsSite);
    totalledColumn(t.rows, 5, conflict, &mu, 2);
    return t;
}

ReportTable clearSubjectsTable(std::span<const SubjectResult> clear, std::int64_t total, const CheckContext& c,
                               ReportLanguage lang) {
    ReportTable t{"clear",
                  tr(lang, "Subjects without conflict", "无冲突地块一览"),
                  {tr(lang, "ID", "编号"), tr(lang, "Name", "名称"), tr(lang, "Site area (m²)", "地块面积（m²）"),
                   tr(lang, "Site area (ha)", "地块面积（公顷）"), tr(lang, "Site area (亩)", "地块面积（亩）")},
                  {false, false, true, true, true},
                  {},
                  false,
                  {}};
    for (const auto& z : c.zoneLayers) {
        t.columns.push_back(z);
        t.numeric.push_back(false);
    }
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
        t.columns.push_back(trf(lang, "{}: nearest (m)", "距{}（米）", categoryLabel(c, k)));
        t.numeric.push_back(true);
    }
    t.columns.push_back(tr(lang, "Status", "状态"));
    t.numeric.push_back(false);

    for (const auto& r : clear) {
        std::vector<ReportCell> row{text(r.id), text(r.name), number(r.areaM2, 2), number(hectares(r.areaM2), 4),
                                    number(mu(r.areaM2), 2)};
        for (std::size_t i = 0; i < c.zoneLayers.size(); ++i) {
            const auto* z = i < r.zones.size() ? &r.zones[i] : nullptr;
            row.push_back(text(z && z->value ? trf(lang, "{} ({:.1f} %)", "{}（{:.1f}%）", *z->value, 100 * z->share)
                                             : std::string(tr(lang, "(outside)", "（区域外）"))));
        }
        for (std::size_t k = 0; k < c.categories.size(); ++k) {
            // A clear subject may still touch a category (below the minimum overlap) or overlap an
            // info one: that, not a distance, is what it has to it.
            ReportCell cell = text("—");
            for (const auto& d : r.nearest) {
                if (d.category != k) continue;
                cell = number(d.distanceM, 1);
                const double buffer = c.categories[k].rule.bufferM;
                if (buffer > 0 && d.withinBuffer)
                    cell.text += trf(lang, " (within its {:g} m buffer)", "（缓冲 {:g} 米内）", buffer);
            }
            for (const auto& o : r.edgeContacts)
                if (o.category == k) cell = text(trf(lang, "touches ({:.2f} m²)", "相接（{:.2f} 平方米）", o.areaM2));
            for (const auto& o : r.overlaps)
                if (o.category == k)
                    cell = text(trf(lang, "overlaps {:.2f} m² ({})", "重叠 {:.2f} 平方米（{}）", o.areaM2,
                                    severityText(c.categories[k].rule.severity, lang)));
            row.push_back(std::move(cell));
        }
        row.push_back(text(tr(lang, "clear", "无冲突")));
        t.rows.push_back(std::move(row));
    }
    t.note = tr(lang,
                "Areas are ellipsoidal; distances are geodesic, to the nearest feature of each category "
                "(— : the category has no feature).",
                "面积为椭球面积；距离为到各类别最近要素的测地线距离（—：该类别没有要素）。");
    const auto listed = static_cast<std::int64_t>(clear.size());
    if (listed < total) {
        t.note += trf(lang, " The first {} of the {} clear subjects are listed; result.json (redline check) has all.",
                      "仅列出 {1} 个无冲突地块中的前 {0} 个；全部见 redline check 输出的 result.json。", listed, total);
        t.sheetColumns = {{tr(lang, "Note", "说明"), text(t.note)}};  // the sheet has no paragraph to say it
    }
    return t;
}

namespace {

// The subject's id and name on every row of its own XLSX sheets.
std::vector<SheetColumn> subjectSheetColumns(const SubjectResult& r, ReportLanguage lang) {
    return {{tr(lang, "Subject", "地块编号"), text(r.id)}, {tr(lang, "Name", "地块名称"), text(r.name)}};
}

}  // namespace

ReportTable subjectOverlapsTable(const SubjectResult& r, const CheckContext& c, ReportLanguage lang) {
    ReportTable t{
        "subject_" + r.id,
        fmt::format("{} {}", r.id, r.name),
        {tr(lang, "Category", "类别"), tr(lang, "Severity", "管控"), tr(lang, "Overlap (m²)", "重叠面积（m²）"),
         tr(lang, "Overlap (ha)", "重叠面积（公顷）"), tr(lang, "Overlap (亩)", "重叠面积（亩）"),
         tr(lang, "% of site", "占地块比例（%）"), tr(lang, "Counted (ha)", "计入面积（公顷）"),
         tr(lang, "Counted (亩)", "计入面积（亩）"), tr(lang, "Constraint features", "涉及管控要素")},
        {false, false, true, true, true, true, true, true, false},
        {},
        true,
        tr(lang,
           "Counted: the part of the overlap not already counted for a category of higher priority; "
           "the counted areas add up to the subject's conflict area.",
           "计入面积：未计入更高优先级类别的重叠部分；各类别计入面积之和即地块冲突面积。")};
    // A sheet's name is the id cut to Excel's 31 characters and made unique (A/1 and A_1 give
    // subject_A_1 and subject_A_1~2): every row says whose it is.
    t.sheetColumns = subjectSheetColumns(r, lang);
    std::vector<std::optional<double>> counted;
    for (const auto& o : r.overlaps) {
        std::vector<ReportCell> row(9);
        row[0] = text(categoryLabel(c, o.category));
        row[1] = text(severityText(c.categories[o.category].rule.severity, lang));
        row[2] = number(o.areaM2, 2);
        row[3] = number(hectares(o.areaM2), 4);
        row[4] = number(mu(o.areaM2), 2);
        row[5] = number(percentOf(o.areaM2, r.areaM2), 1);
        std::vector<std::string> features;
        for (const auto& f : o.features) {
            const auto& info = c.constraintFeatures[f.feature];
            features.push_back(info.name.empty() || info.name == info.id ? info.id
                                                                         : fmt::format("{} {}", info.id, info.name));
        }
        row[8] = text(fmt::format("{}", fmt::join(features, "、")));
        t.rows.push_back(std::move(row));
        counted.push_back(o.exclusiveM2);
    }
    // Conflicts by a buffer rule ("within 500 m of a water source") have no overlap area: a row
    // naming the nearest feature and its distance, outside the totals.
    for (const auto& d : r.nearest) {
        if (!d.withinBuffer) continue;
        const auto& rule = c.categories[d.category].rule;
        const auto& info = c.constraintFeatures[d.feature];
        std::vector<ReportCell> row(9);
        row[0] = text(categoryLabel(c, d.category));
        row[1] = text(severityText(rule.severity, lang));
        row[8] = text(trf(lang, "{}{}: {:.1f} m away, within the {:.0f} m buffer",
                          "{}{}：相距 {:.1f} 米，在 {:.0f} 米缓冲内", info.id,
                          info.name.empty() || info.name == info.id ? "" : " " + info.name, d.distanceM, rule.bufferM));
        t.rows.push_back(std::move(row));
        counted.emplace_back(std::nullopt);
    }
    std::vector<ReportCell> total(9);
    total[0] = text(totalLabel(lang));
    t.rows.push_back(std::move(total));
    totalledColumn(t.rows, 6, counted, &hectares, 4);
    totalledColumn(t.rows, 7, counted, &mu, 2);
    // An overlap all of which is counted prints as its counted area (the overlap, without a
    // total, is rounded on its own; the counted area by largest remainder may differ by a unit).
    for (std::size_t i = 0; i < r.overlaps.size(); ++i) {
        if (r.overlaps[i].exclusiveM2 != r.overlaps[i].areaM2) continue;
        t.rows[i][3] = t.rows[i][6];
        t.rows[i][4] = t.rows[i][7];
    }
    return t;
}

std::vector<std::string> subjectFacts(const SubjectResult& r, const CheckContext& c, ReportLanguage lang) {
    std::vector<std::string> facts;
    facts.push_back(trf(lang, "Site area: {:.2f} m² = {:.4f} ha = {:.2f} 亩; conflict area {:.4f} ha ({:.1f} %).",
                        "地块面积：{:.2f} 平方米 = {:.4f} 公顷 = {:.2f} 亩；冲突面积 {:.4f} 公顷（{:.1f}%）。",
                        r.areaM2, hectares(r.areaM2), mu(r.areaM2), hectares(r.conflictAreaM2),
                        percentOf(r.conflictAreaM2, r.areaM2)));
    for (std::size_t i = 0; i < r.zones.size() && i < c.zoneLayers.size(); ++i) {
        const auto& z = r.zones[i];
        facts.push_back(z.value ? trf(lang, "{}: {} ({:.1f} % of the site)", "{}：{}（占地块 {:.1f}%）",
                                      c.zoneLayers[i], *z.value, 100 * z.share)
                                : trf(lang, "{}: outside all zones", "{}：不在任何区域内", c.zoneLayers[i]));
    }
    for (const auto& o : r.edgeContacts) {
        facts.push_back(trf(lang, "Touches {} ({:.2f} m², below the minimum overlap).",
                            "与{}相接（{:.2f} 平方米，低于最小重叠面积）。", categoryLabel(c, o.category), o.areaM2));
    }
    for (const auto& d : r.nearest) {
        const auto& rule = c.categories[d.category].rule;
        std::string buffer;
        if (rule.bufferM > 0)
            buffer = trf(lang, " (buffer {:.0f} m: {})", "（缓冲 {:.0f} 米：{}）", rule.bufferM,
                         d.withinBuffer ? tr(lang, "within", "在内") : tr(lang, "outside", "在外"));
        facts.push_back(trf(lang, "Nearest {}: {:.1f} m ({}){}.", "最近的{}：{:.1f} 米（{}）{}。",
                            categoryLabel(c, d.category), d.distanceM, c.constraintFeatures[d.feature].id, buffer));
    }
    for (const auto& n : r.notes) facts.push_back(n);
    return facts;
}

ReportTable zoneConflictTable(const std::vector<SubjectResult>& conflicted,
                              const std::vector<std::vector<analysis::ZoneConflictPart>>& split, const CheckContext& c,
                              std::size_t zoneLayer, ReportLanguage lang) {
    const std::string zoneName = zoneLayer < c.zoneLayers.size() ? c.zoneLayers[zoneLayer] : "zone";
    // Categories that have counted parts, in priority order.
    std::vector<std::size_t> cats;
    for (std::size_t k : c.priorityOrder) {
        for (const auto& r : conflicted)
            for (const auto& o : r.overlaps)
                if (o.category == k && o.exclusiveM2 && std::find(cats.begin(), cats.end(), k) == cats.end())
                    cats.push_back(k);
    }
    std::map<std::string, std::vector<double>> byZone;  // zone → per category (+ subjects count at the end)
    const std::string outside = tr(lang, "(outside)", "（区域外）");
    for (std::size_t i = 0; i < conflicted.size(); ++i) {
        const auto& r = conflicted[i];
        // The zone holding most of the subject's conflict counts it (the first on a tie).
        std::string most = zoneLayer < r.zones.size() && r.zones[zoneLayer].value ? *r.zones[zoneLayer].value : outside;
        double mostArea = 0;
        for (const auto& part : i < split.size() ? split[i] : std::vector<analysis::ZoneConflictPart>{}) {
            const std::string zone = part.zone.value_or(outside);
            auto& v = byZone[zone];
            v.resize(cats.size() + 1, 0);
            double sum = 0;
            for (std::size_t j = 0; j < r.overlaps.size() && j < part.exclusiveM2.size(); ++j) {
                const auto it = std::find(cats.begin(), cats.end(), r.overlaps[j].category);
                if (it == cats.end()) continue;
                v[static_cast<std::size_t>(it - cats.begin())] += part.exclusiveM2[j];
                sum += part.exclusiveM2[j];
            }
            if (sum > mostArea) {
                most = zone;
                mostArea = sum;
            }
        }
        auto& v = byZone[most];
        v.resize(cats.size() + 1, 0);
        v.back() += 1;
    }
    ReportTable t;
    t.key = "zone_" + zoneName;
    t.title = trf(lang, "Conflict area by {} (ha)", "按{}统计冲突面积（公顷）", zoneName);
    t.columns.push_back(zoneName);
    t.columns.push_back(tr(lang, "Subjects", "地块数"));
    for (std::size_t k : cats) t.columns.push_back(categoryLabel(c, k));
    t.columns.push_back(tr(lang, "Total", "合计"));
    t.numeric.assign(t.columns.size(), true);
    t.numeric[0] = false;
    t.lastRowIsTotal = true;
    t.note = tr(lang,
                "Areas: the part of the subjects' counted (exclusive) conflict area lying in each zone, cut by the "
                "zone boundaries and measured on the ellipsoid. Subjects: each counted once, in the zone holding "
                "most of its conflict.",
                "面积：各地块按优先级计入的冲突面积中位于该区域内的部分（按区域边界切分，椭球面积）。"
                "地块数：每个地块只计一次，计入其冲突面积最大的区域。");
    // The workbook has no place for a table's note: its sheet carries it on every row.
    t.sheetColumns = {{tr(lang, "Note", "说明"), text(t.note)}};
    std::vector<std::vector<double>> values;
    for (auto& [zone, v] : byZone) {
        std::vector<ReportCell> row(t.columns.size());
        row[0] = text(zone);
        t.rows.push_back(std::move(row));
        values.push_back(v);
    }
    std::vector<ReportCell> total(t.columns.size());
    total[0] = text(totalLabel(lang));
    t.rows.push_back(std::move(total));
    std::vector<std::optional<double>> subjects;
    for (const auto& v : values) subjects.emplace_back(v.back());
    totalledColumn(t.rows, 1, subjects, &identity, 0);
    for (std::size_t k = 0; k < cats.size(); ++k) {
        std::vector<std::optional<double>> col;
        for (const auto& v : values) col.emplace_back(v[k]);
        totalledColumn(t.rows, 2 + k, col, &hectares, 4);
    }
    // Each row's total is the sum of its cells as printed, so rows add across and columns down
    // (rounded as a column of its own, 23.9522 + 11.4270 + 7.3966 printed a total of 42.7759).
    // The 合计 of 合计 is then the sum of the category totals.
    constexpr int kDecimals = 4;
    const double scale = std::pow(10.0, kDecimals);
    for (auto& row : t.rows) {
        std::int64_t units = 0;
        for (std::size_t k = 0; k < cats.size(); ++k)
            if (const auto& n = row[2 + k].number) units += static_cast<std::int64_t>(std::llround(*n * scale));
        row[t.columns.size() - 1] = {formatUnits(units, kDecimals), unitsValue(units, kDecimals)};
    }
    return t;
}

ReportTable inputsTable(const CheckContext& c, const std::map<std::string, std::string>& checksums,
                        ReportLanguage lang) {
    ReportTable t{"inputs",
                  tr(lang, "Inputs", "输入数据"),
                  {tr(lang, "Role", "角色"), tr(lang, "Layer", "图层"), tr(lang, "Driver", "格式"),
                   tr(lang, "CRS", "坐标系"), tr(lang, "Encoding", "编码"), tr(lang, "Features", "要素数"),
                   tr(lang, "SHA-256", "SHA-256 校验值"), tr(lang, "Notes", "说明")},
                  {false, false, false, false, false, true, false, false},
                  {},
                  false,
                  {}};
    for (const auto& in : c.inputs) {
        const auto it = checksums.find(in.path);
        // The first 12 hex digits: the evidence section lists every file's whole checksum, and
        // the whole one here took the table's width from the columns a reader needs.
        constexpr std::size_t kShown = 12;
        const std::string sha = it == checksums.end() ? "" : it->second.substr(0, kShown) + "…";
        t.rows.push_back({text(term(in.role, lang)), text(in.label), text(in.driver), text(in.crs), text(in.encoding),
                          count(in.features), text(sha), text(fmt::format("{}", fmt::join(in.notes, "; ")))});
    }
    return t;
}

ReportTable rulesTable(const CheckContext& c, ReportLanguage lang) {
    ReportTable t{"rules",
                  tr(lang, "Rules", "核查规则"),
                  {tr(lang, "Category", "类别"), tr(lang, "Label", "名称"), tr(lang, "Severity", "管控"),
                   tr(lang, "Priority", "优先级"), tr(lang, "Buffer (m)", "缓冲距离（米）"),
                   tr(lang, "Minimum overlap (m²)", "最小重叠面积（m²）"), tr(lang, "Features", "要素数")},
                  {false, false, false, true, true, true, true},
                  {},
                  false,
                  {}};
    for (const auto& cat : c.categories) {
        t.rows.push_back({text(cat.name), text(cat.rule.label), text(severityText(cat.rule.severity, lang)),
                          cat.rule.priority ? count(*cat.rule.priority) : text(""), number(cat.rule.bufferM, 0),
                          number(cat.minAreaM2, 2), count(static_cast<std::int64_t>(cat.featureCount))});
    }
    std::string source = c.rules.source.empty() ? tr(lang, "none (defaults)", "无（默认规则）") : c.rules.source;
    t.note = trf(lang, "Rules: {} {} ({})", "规则：{} {}（{}）", c.rules.name,
                 c.rules.version.empty() ? "" : "v" + c.rules.version, source);
    return t;
}

ReportTable problemsTable(const CheckContext& c, const std::vector<analysis::LoadProblem>& subjectRepairs,
                          const std::vector<SubjectResult>& failed, ReportLanguage lang) {
    ReportTable t{"problems",
                  tr(lang, "Repaired, skipped and failed features", "修复、跳过与出错的要素"),
                  {tr(lang, "Layer", "图层"), tr(lang, "FID", "FID"), tr(lang, "ID", "编号"), tr(lang, "Kind", "类型"),
                   tr(lang, "Message", "说明")},
                  {false, true, false, false, false},
                  {},
                  false,
                  {}};
    for (const auto& p : c.problems)
        t.rows.push_back({text(p.layer), count(p.fid), text(p.id), text(term(p.kind, lang)), text(p.message)});
    for (const auto& p : subjectRepairs)
        t.rows.push_back(
            {text(term("subjects", lang)), count(p.fid), text(p.id), text(term(p.kind, lang)), text(p.message)});
    for (const auto& r : failed)
        t.rows.push_back(
            {text(term("subjects", lang)), count(r.fid), text(r.id), text(term("error", lang)), text(r.error)});
    return t;
}

std::vector<ReportTable> statsTables(const analysis::StatsResult& stats, ReportLanguage lang) {
    std::vector<ReportTable> tables;
    for (std::size_t z = 0; z < stats.zoneLayers.size(); ++z) {
        const auto& zl = stats.zoneLayers[z];
        for (std::size_t k = 0; k < stats.classLayers.size(); ++k) {
            const auto& cl = stats.classLayers[k];
            std::vector<std::string> classes;
            for (const auto& row : stats.rows)
                if (row.zoneLayer == z && row.classLayer == k && row.type == analysis::StatsRowType::Cell &&
                    std::find(classes.begin(), classes.end(), row.cls) == classes.end())
                    classes.push_back(row.cls);
            std::vector<std::string> zones;
            for (const auto& zone : zl.zones) zones.push_back(zone.value);
            bool outside = false;
            for (const auto& row : stats.rows)
                if (row.zoneLayer == z && row.classLayer == k && row.type == analysis::StatsRowType::Outside &&
                    row.areaM2 > 0)
                    outside = true;
            if (outside) zones.emplace_back(analysis::kOutsideZones);

            ReportTable t;
            t.key = fmt::format("stats_{}_{}", zl.name, cl.name);
            t.title = trf(lang, "{} by {} (ha)", "{}按{}统计（公顷）", cl.name, zl.name);
            t.columns = {zl.name, tr(lang, "Zone area (ha)", "区域面积（公顷）")};
            for (const auto& c : classes) t.columns.push_back(c);
            t.numeric.assign(t.columns.size(), true);
            t.numeric[0] = false;
            t.lastRowIsTotal = true;
            t.note = tr(lang,
                        "Ellipsoidal areas. Classes of one layer may overlap, so a zone's classes can add up "
                        "to more than its covered area; 合计 is the sum of the rows shown.",
                        "椭球面积。同一图层的类别可能相互重叠，故各类别之和可大于覆盖面积；合计为所列各行之和。");
            std::vector<std::vector<std::optional<double>>> cols(classes.size() + 1);
            for (const auto& zone : zones) {
                std::vector<ReportCell> cells(t.columns.size());
                cells[0] = text(zone == analysis::kOutsideZones ? tr(lang, "(outside all zones)", "（区域外）") : zone);
                t.rows.push_back(std::move(cells));
                std::optional<double> zoneArea;
                for (const auto& zz : zl.zones)
                    if (zz.value == zone) zoneArea = zz.areaM2;
                cols[0].push_back(zoneArea);
                for (std::size_t c = 0; c < classes.size(); ++c) {
                    double area = 0;
                    const auto type = zone == analysis::kOutsideZones ? analysis::StatsRowType::Outside
                                                                      : analysis::StatsRowType::Cell;
                    for (const auto& row : stats.rows)
                        if (row.zoneLayer == z && row.classLayer == k && row.type == type && row.cls == classes[c] &&
                            (type == analysis::StatsRowType::Outside || row.zone == zone))
                            area += row.areaM2;
                    cols[c + 1].emplace_back(area);
                }
            }
            std::vector<ReportCell> total(t.columns.size());
            total[0] = text(totalLabel(lang));
            t.rows.push_back(std::move(total));
            for (std::size_t c = 0; c < cols.size(); ++c) totalledColumn(t.rows, c + 1, cols[c], &hectares, 4);
            tables.push_back(std::move(t));
        }
    }
    return tables;
}

namespace {

// The 3° Gauss–Krüger zone (without zone prefix) holding `lon`, on `geographic`'s own datum, so
// that no datum transformation stands between the analysis and the 界址点: CGCS2000 EPSG:4534–4554,
// Xian 1980 2370–2390, Beijing 1954 2422–2442, another datum a transverse Mercator of its own.
crs::Crs threeDegreeZone(const crs::Crs& geographic, double lon) {
    const int cm = static_cast<int>(std::lround(lon / 3.0)) * 3;
    if (cm >= 75 && cm <= 135) {
        const int step = (cm - 75) / 3;
        switch (geographic.datumFamily()) {
            case crs::DatumFamily::Cgcs2000:
                return crs::Crs::fromUserInput(fmt::format("EPSG:{}", 4534 + step));
            case crs::DatumFamily::Xian1980:
                return crs::Crs::fromUserInput(fmt::format("EPSG:{}", 2370 + step));
            case crs::DatumFamily::Beijing1954:
                return crs::Crs::fromUserInput(fmt::format("EPSG:{}", 2422 + step));
            default:
                break;
        }
    }
    OGRSpatialReference tm;
    tm.CopyGeogCSFrom(&geographic.srs());
    tm.SetProjCS(fmt::format("{} / 3-degree Gauss-Kruger CM {}E", geographic.name(), cm).c_str());
    tm.SetTM(0, cm, 1.0, 500000, 0);
    return crs::Crs(tm);
}

}  // namespace

BoundaryPoints boundaryPointsTable(const SubjectResult& r, const CheckContext& c, ReportLanguage lang) {
    BoundaryPoints out;
    out.table = ReportTable{"points_" + r.id,
                            trf(lang, "Boundary points of {} {}", "{} {} 界址点坐标", r.id, r.name),
                            {tr(lang, "Point", "点号"), tr(lang, "Ring", "圈号"),
                             tr(lang, "X (north, m)", "X（北，米）"), tr(lang, "Y (east, m)", "Y（东，米）")},
                            {false, true, true, true},
                            {},
                            false,
                            {}};
    if (!r.geometry || !c.analysisCrs) return out;
    const crs::Crs& analysisCrs = *c.analysisCrs;
    auto rings = geom::polygonRings(r.geometry.get());
    if (rings.empty()) return out;

    // The subject's centre in lon/lat on the analysis CRS's own datum: the whole subject's
    // centroid, not its first ring's (a multipart site, or one digitised densely on one side).
    const crs::Crs geographic = analysisCrs.geographic();
    std::optional<double> centreLon;
    try {
        const auto [cx, cy] = geom::centroid(r.geometry.get());
        std::vector<double> x{cx}, y{cy};
        auto toLonLat = crs::LayerTransform::create(analysisCrs, geographic, std::nullopt, std::nullopt, r.id, "");
        if (toLonLat.apply(x, y)) centreLon = x.front();
    } catch (const Error&) {
    }
    std::optional<crs::Crs> gk;
    if (const auto tm = analysisCrs.transverseMercator(); analysisCrs.isProjected() && tm) {
        // A Gauss–Krüger analysis CRS serves when the subject lies within a 6° zone's half width
        // of its meridian; further off its coordinates are not the ones any survey would give.
        if (!centreLon || std::fabs(*centreLon - tm->centralMeridian) <= 3.0) gk = analysisCrs;
    }
    const auto toGk = [&]() -> std::optional<crs::LayerTransform> {
        if (gk || !centreLon) return std::nullopt;
        gk = threeDegreeZone(geographic, *centreLon);
        return crs::LayerTransform::create(analysisCrs, *gk, std::nullopt, std::nullopt, r.id, "");
    }();
    const crs::Crs& pointsCrs = gk ? *gk : analysisCrs;
    out.crsName = pointsCrs.label();
    // Two sheets of points in different zones side by side must not be read as one grid.
    const std::optional<int> epsg = pointsCrs.epsg();
    out.table.sheetColumns = subjectSheetColumns(r, lang);
    out.table.sheetColumns.push_back({"EPSG", epsg ? count(*epsg) : text("")});
    out.table.sheetColumns.push_back({tr(lang, "CRS", "坐标系"), text(pointsCrs.name())});
    out.table.note = trf(lang, "Coordinates in {}; X is the northing, Y the easting.",
                         "坐标系：{}；X 为北坐标，Y 为东坐标。", out.crsName);

    int point = 0, ringNo = 0;
    for (auto& ring : rings) {
        std::vector<double> east, north;
        for (std::size_t i = 0; i + 1 < ring.xy.size(); i += 2) {
            east.push_back(ring.xy[i]);
            north.push_back(ring.xy[i + 1]);
        }
        if (east.size() > 1 && east.front() == east.back() && north.front() == north.back()) {
            east.pop_back();
            north.pop_back();
        }
        if (east.size() < 3) continue;
        if (toGk && !toGk->apply(east, north)) continue;
        // Signed area > 0: anticlockwise in (east, north).
        double twice = 0;
        for (std::size_t i = 0; i < east.size(); ++i) {
            const std::size_t j = (i + 1) % east.size();
            twice += east[i] * north[j] - east[j] * north[i];
        }
        const bool wantClockwise = !ring.hole;
        if ((twice < 0) != wantClockwise) {
            std::reverse(east.begin(), east.end());
            std::reverse(north.begin(), north.end());
        }
        std::size_t start = 0;
        for (std::size_t i = 1; i < east.size(); ++i)
            if (north[i] - east[i] > north[start] - east[start]) start = i;
        ++ringNo;
        const int first = point + 1;
        for (std::size_t k = 0; k <= east.size(); ++k) {
            const std::size_t i = (start + k) % east.size();
            const int label = k == east.size() ? first : ++point;
            out.table.rows.push_back(
                {text(fmt::format("J{}", label)), count(ringNo), number(north[i], 3), number(east[i], 3)});
        }
    }
    return out;
}

}  // namespace redline::report
