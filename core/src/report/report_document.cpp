// SPDX-License-Identifier: MIT
#include "redline/report/report_document.hpp"

#include <cpl_string.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>

#include "ogr_table_p.hpp"
#include "redline/util/error.hpp"

namespace redline::report {

namespace {

// Printable on screen and on paper: tables do not split a row, headings stay with what follows.
constexpr const char* kStyle = R"(
body { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       font-size: 10pt; color: #222; margin: 2em auto; max-width: 60em; line-height: 1.45; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.6em; page-break-after: avoid; }
h3 { font-size: 12pt; margin-top: 1.2em; page-break-after: avoid; }
p.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 2px 6px; vertical-align: top; }
th { background-color: #eeeeee; text-align: left; }
td.n { text-align: right; }
tr.total td { font-weight: bold; background-color: #f6f6f6; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
p.note, p.caption { color: #555; font-size: 8.5pt; }
img { max-width: 100%; border: 1px solid #ccc; }
.pb { page-break-before: always; }
@media print { body { margin: 0; max-width: none; } tr { page-break-inside: avoid; } }
)";

std::string base64(const std::string& bytes) {
    std::unique_ptr<char, decltype(&VSIFree)> text(
        CPLBase64Encode(static_cast<int>(bytes.size()), reinterpret_cast<const GByte*>(bytes.data())), &VSIFree);
    return text ? std::string(text.get()) : std::string();
}

// Display width of UTF-8 text in Latin-letter units (CJK characters count two).
std::size_t displayWidth(const std::string& text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        width += len >= 3 ? 2 : 1;
        i += len;
    }
    return width;
}

// Column widths in percent from the widest cell (a header may wrap onto two lines), so that
// renderers with a simple table layout (Qt's) do not squeeze text columns to a character.
std::vector<int> columnPercents(const ReportTable& t) {
    std::vector<double> weight(t.columns.size(), 4);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        weight[c] = std::max(weight[c], static_cast<double>(displayWidth(t.columns[c])) / 2);
        for (const auto& row : t.rows)
            if (c < row.size()) weight[c] = std::max(weight[c], static_cast<double>(displayWidth(row[c].text)));
        weight[c] = std::min(weight[c], 40.0);
    }
    double sum = 0;
    for (double w : weight) sum += w;
    std::vector<int> percent;
    for (double w : weight) percent.push_back(std::max(1, static_cast<int>(100 * w / sum)));
    return percent;
}

void appendTable(std::string& out, const ReportTable& t) {
    out += fmt::format("<table id=\"{}\" width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">\n", escapeHtml(t.key));
    if (!t.title.empty()) out += fmt::format("<caption>{}</caption>\n", escapeHtml(t.title));
    out += "<thead><tr>";
    const auto percent = columnPercents(t);
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        out += fmt::format("<th width=\"{}%\">{}</th>", percent[c], escapeHtml(t.columns[c]));
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const bool total = t.lastRowIsTotal && r + 1 == t.rows.size();
        out += total ? "<tr class=\"total\">" : "<tr>";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const bool numeric = c < t.numeric.size() && t.numeric[c];
            const std::string& text = c < t.rows[r].size() ? t.rows[r][c].text : std::string();
            out += fmt::format(fmt::runtime(numeric ? "<td class=\"n\" align=\"right\">{}</td>" : "<td>{}</td>"),
                               escapeHtml(text));
        }
        out += "</tr>\n";
    }
    out += "</tbody></table>\n";
    if (!t.note.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", escapeHtml(t.note));
}

}  // namespace

std::string escapeHtml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string renderHtml(const ReportDocument& d, bool embedImages, int imageWidthPx) {
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n"
        "</head>\n<body>\n<h1>{}</h1>\n",
        escapeHtml(d.language), escapeHtml(d.title), kStyle, escapeHtml(d.title));
    if (!d.subtitle.empty()) out += fmt::format("<p class=\"subtitle\">{}</p>\n", escapeHtml(d.subtitle));
    for (const auto& s : d.sections) {
        const int level = s.level == 3 ? 3 : 2;
        out += fmt::format("<h{0}{1}>{2}</h{0}>\n", level, s.pageBreakBefore ? " class=\"pb\"" : "",
                           escapeHtml(s.heading));
        for (const auto& block : s.blocks) {
            if (const auto* p = std::get_if<ReportParagraph>(&block)) {
                out +=
                    fmt::format(fmt::runtime(p->emphasis ? "<p><b>{}</b></p>\n" : "<p>{}</p>\n"), escapeHtml(p->text));
            } else if (const auto* l = std::get_if<ReportList>(&block)) {
                out += "<ul>\n";
                for (const auto& item : l->items) out += fmt::format("<li>{}</li>\n", escapeHtml(item));
                out += "</ul>\n";
            } else if (const auto* t = std::get_if<ReportTable>(&block)) {
                appendTable(out, *t);
            } else if (const auto* img = std::get_if<ReportImage>(&block)) {
                const std::string src =
                    embedImages ? fmt::format("data:{};base64,{}", img->mime, base64(img->bytes)) : img->resourceName;
                // A map drawn to scale keeps its width on paper (CSS mm are physical mm in print).
                const std::string width = imageWidthPx > 0   ? fmt::format(" width=\"{}\"", imageWidthPx)
                                          : img->widthMm > 0 ? fmt::format(" style=\"width:{:.1f}mm\"", img->widthMm)
                                                             : std::string();
                out +=
                    fmt::format("<p{}><img src=\"{}\"{} alt=\"{}\"></p>\n", img->pageBreakBefore ? " class=\"pb\"" : "",
                                escapeHtml(src), width, escapeHtml(img->caption));
                if (!img->caption.empty())
                    out += fmt::format("<p class=\"caption\">{}</p>\n", escapeHtml(img->caption));
            }
        }
    }
    out += "</body>\n</html>\n";
    return out;
}

void writeReportXlsx(const ReportDocument& document, const std::filesystem::path& file) {
    GDALDatasetUniquePtr ds = detail::createDataset("XLSX", file);
    std::set<std::string> sheetNames;
    for (const auto& s : document.sections) {
        for (const auto& block : s.blocks) {
            const auto* t = std::get_if<ReportTable>(&block);
            if (!t || t->columns.empty()) continue;
            // Excel allows 31 characters and no []:*?/\ in a sheet name.
            std::string base;
            for (char c : t->key) base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
            if (base.size() > 28) base.resize(28);
            std::string name = base;
            for (int n = 2; sheetNames.count(name) > 0; ++n) name = fmt::format("{}~{}", base, n);
            sheetNames.insert(name);

            std::vector<detail::Column> columns;
            std::vector<std::string> fieldNames;
            std::set<std::string> seen;
            for (std::size_t c = 0; c < t->columns.size(); ++c) {
                const bool numeric = c < t->numeric.size() && t->numeric[c];
                columns.push_back({t->columns[c], numeric ? io::FieldKind::Real : io::FieldKind::String});
                std::string field = t->columns[c];
                while (!seen.insert(field).second) field += "_";
                fieldNames.push_back(field);
            }
            for (const auto& extra : t->sheetColumns) {
                columns.push_back({extra.name, extra.value.number ? io::FieldKind::Real : io::FieldKind::String});
                std::string field = extra.name;
                while (!seen.insert(field).second) field += "_";
                fieldNames.push_back(field);
            }
            detail::OgrTable out(*ds, name, wkbNone, nullptr, columns, fieldNames, {}, file.string());
            for (const auto& row : t->rows) {
                detail::Row values;
                values.values.resize(columns.size());
                auto put = [&](std::size_t c, const ReportCell& cell) {
                    if (columns[c].kind != io::FieldKind::Real) {
                        values.values[c].emplace<std::string>(cell.text);
                    } else if (cell.number) {
                        values.values[c].emplace<double>(*cell.number);
                    }
                };
                for (std::size_t c = 0; c < t->columns.size() && c < row.size(); ++c) put(c, row[c]);
                for (std::size_t e = 0; e < t->sheetColumns.size(); ++e)
                    put(t->columns.size() + e, t->sheetColumns[e].value);
                out.write(values);
            }
        }
    }
    detail::closeDataset(std::move(ds), file);
}

}  // namespace redline::report
