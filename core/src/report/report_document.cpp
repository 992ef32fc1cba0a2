// SPDX-License-Identifier: MIT
#include "redline/report/report_document.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "ogr_table_p.hpp"
#include "redline/io/encoding.hpp"
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

// The longest start of `text` (whole characters) that takes at most `units` UTF-16 code units,
// which is how Excel counts a sheet name's 31.
std::string firstUtf16Units(std::string_view text, std::size_t units) {
    std::size_t used = 0, end = 0;
    while (end < text.size()) {
        const std::size_t length = std::max<std::size_t>(1, io::utf8CharacterLength(text, end));
        const std::size_t need = length == 4 ? 2 : 1;
        if (used + need > units) break;
        used += need;
        end += length;
    }
    return std::string(text.substr(0, end));
}

// A sheet name Excel accepts for a table `key`: no []:*?/\ nor stray bytes, no apostrophe at
// either end, at most 31 UTF-16 units cut between characters (a byte cut left half a Chinese
// character), and unique regardless of case (subject_xm002 and subject_XM002 are one name to
// Excel and to GDAL, which then refused to make the second sheet and failed the report); a
// repeated name gets ~2, ~3…. `taken` holds the names given so far, ASCII case-folded (GDAL
// compares names so).
std::string sheetName(const std::string& key, std::set<std::string>& taken) {
    std::string base;
    for (std::size_t i = 0; i < key.size();) {
        const std::size_t length = io::utf8CharacterLength(key, i);
        if (length == 0 || (length == 1 && std::string_view("[]:*?/\\").find(key[i]) != std::string_view::npos)) {
            base += '_';
            i += 1;
        } else {
            base.append(key, i, length);
            i += length;
        }
    }
    if (base.empty()) base = "sheet";
    if (base.front() == '\'') base.front() = '_';
    for (int n = 1;; ++n) {
        const std::string suffix = n == 1 ? std::string() : fmt::format("~{}", n);
        std::string name = firstUtf16Units(base, 31 - suffix.size()) + suffix;
        if (name.back() == '\'') name.back() = '_';
        std::string folded = name;
        for (auto& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (taken.insert(folded).second) return name;
    }
}

// Digits after the point in a column's printed numbers (the most any row shows).
int printedDecimals(const ReportTable& t, std::size_t column) {
    int decimals = 0;
    for (const auto& row : t.rows) {
        if (column >= row.size() || !row[column].number) continue;
        const std::string& text = row[column].text;
        const auto point = text.find('.');
        if (point != std::string::npos) decimals = std::max(decimals, static_cast<int>(text.size() - point - 1));
    }
    return decimals;
}

std::string zipEntry(const std::string& zip, const std::string& name) {
    GByte* data = nullptr;
    vsi_l_offset size = 0;
    if (!VSIIngestFile(nullptr, ("/vsizip/" + zip + "/" + name).c_str(), &data, &size, -1)) return {};
    std::string bytes(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    VSIFree(data);
    return bytes;
}

// `xml` with `count="N"` after `openTag` raised by `added` and `items` put before `closeTag`.
bool appendItems(std::string& xml, const std::string& openTag, const std::string& closeTag, const std::string& items,
                 int added, int* before) {
    const auto open = xml.find(openTag + " count=\"");
    const auto close = xml.find(closeTag);
    if (open == std::string::npos || close == std::string::npos || close < open) return false;
    const auto digits = open + openTag.size() + 8;
    const auto quote = xml.find('"', digits);
    if (quote == std::string::npos || quote == digits) return false;
    const int count = std::stoi(xml.substr(digits, quote - digits));
    xml.insert(close, items);
    xml.replace(digits, quote - digits, std::to_string(count + added));
    if (before) *before = count;
    return true;
}

// A cell reference's column (0 for A) and row (1-based): "AB12" → 27, 12.
std::pair<int, int> cellAt(std::string_view ref) {
    int column = 0, row = 0;
    for (char ch : ref) {
        if (ch >= 'A' && ch <= 'Z') column = column * 26 + (ch - 'A' + 1);
        if (ch >= '0' && ch <= '9') row = row * 10 + (ch - '0');
    }
    return {column - 1, row};
}

// GDAL's XLSX writer gives every number the General format: 3500050.000 shows as 3500050 and
// 12.50 as 12.5. Copies workbook `from` to `to` with each numeric column formatted with the
// decimals it is printed with ("0.000"); `decimals[sheet][column]`, 0 for General. False (and
// nothing written) when the workbook is not laid out as expected.
bool copyWithNumberFormats(const std::string& from, const std::string& to,
                           const std::vector<std::vector<int>>& decimals) {
    std::set<int> used;
    for (const auto& sheet : decimals)
        for (int d : sheet)
            if (d > 0) used.insert(std::min(d, 12));
    std::string styles = zipEntry(from, "xl/styles.xml");
    std::string formats, xfs;
    for (int d : used) {
        formats += fmt::format("<numFmt formatCode=\"0.{}\" numFmtId=\"{}\"/>\n",
                               std::string(static_cast<std::size_t>(d), '0'), 200 + d);
        xfs += fmt::format("<xf numFmtId=\"{}\" xfId=\"0\" applyNumberFormat=\"1\"/>\n", 200 + d);
    }
    int firstXf = 0;
    if (!appendItems(styles, "<numFmts", "</numFmts>", formats, static_cast<int>(used.size()), nullptr) ||
        !appendItems(styles, "<cellXfs", "</cellXfs>", xfs, static_cast<int>(used.size()), &firstXf))
        return false;
    std::map<int, int> styleOf;
    for (int d : used) styleOf[d] = firstXf + static_cast<int>(styleOf.size());

    std::unique_ptr<char*, decltype(&CSLDestroy)> names(VSIReadDirRecursive(("/vsizip/" + from).c_str()), &CSLDestroy);
    std::vector<std::string> entries{"[Content_Types].xml"};
    for (char** n = names.get(); n && *n; ++n) {
        VSIStatBufL stat;
        if (VSIStatL(("/vsizip/" + from + "/" + *n).c_str(), &stat) == 0 && !VSI_ISDIR(stat.st_mode) &&
            std::string(*n) != entries.front())
            entries.emplace_back(*n);
    }
    std::unique_ptr<void, void (*)(void*)> zip(CPLCreateZip(to.c_str(), nullptr), [](void* z) { CPLCloseZip(z); });
    if (!zip) return false;
    for (const auto& name : entries) {
        std::string bytes = name == "xl/styles.xml" ? styles : zipEntry(from, name);
        int sheet = 0;
        if (std::sscanf(name.c_str(), "xl/worksheets/sheet%d.xml", &sheet) == 1 && sheet >= 1 &&
            static_cast<std::size_t>(sheet) <= decimals.size()) {
            const auto& columns = decimals[static_cast<std::size_t>(sheet - 1)];
            for (auto at = bytes.find("<c r=\""); at != std::string::npos; at = bytes.find("<c r=\"", at + 1)) {
                const auto start = at + 6, quote = bytes.find('"', start);
                if (quote == std::string::npos || bytes.compare(quote, 2, "\">") != 0) continue;  // text: t="s"
                const auto [column, row] = cellAt(std::string_view(bytes).substr(start, quote - start));
                if (row < 2 || column < 0 || static_cast<std::size_t>(column) >= columns.size()) continue;
                const int d = std::min(columns[static_cast<std::size_t>(column)], 12);
                if (d > 0) bytes.insert(quote + 1, fmt::format(" s=\"{}\"", styleOf.at(d)));
            }
        }
        if (CPLCreateFileInZip(zip.get(), name.c_str(), nullptr) != CE_None ||
            CPLWriteFileInZip(zip.get(), bytes.data(), static_cast<int>(bytes.size())) != CE_None ||
            CPLCloseFileInZip(zip.get()) != CE_None)
            return false;
    }
    return CPLCloseZip(zip.release()) == CE_None;
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

namespace {

// Whether a cell of a number column has words a spreadsheet's number cell would drop: text without
// a number (other than the "—" of no value), or a number with a remark after it.
bool saysMoreThanItsNumber(const ReportCell& cell) {
    if (cell.text.empty() || cell.text == "—") return false;
    if (!cell.number) return true;
    return std::any_of(cell.text.begin(), cell.text.end(), [](char ch) {
        const auto u = static_cast<unsigned char>(ch);
        return !(std::isdigit(u) || ch == '.' || ch == ',' || ch == '-' || ch == '+' || ch == ' ' || ch == '%' ||
                 ch == 'e' || ch == 'E');
    });
}

}  // namespace

void writeReportXlsx(const ReportDocument& document, const std::filesystem::path& file) {
    // GDAL writes the workbook beside the file (named .xlsx, so /vsizip/ reads it), and the copy
    // with number formats is the file.
    std::filesystem::path general = file;
    general.replace_filename(file.stem().string() + ".general.xlsx");
    std::vector<std::vector<int>> decimals;  // per sheet, per column
    GDALDatasetUniquePtr ds = detail::createDataset("XLSX", general);
    std::set<std::string> sheetNames{"history"};  // Excel reserves "History"
    for (const auto& s : document.sections) {
        for (const auto& block : s.blocks) {
            const auto* t = std::get_if<ReportTable>(&block);
            if (!t || t->columns.empty()) continue;
            const std::string name = sheetName(t->key, sheetNames);

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
            // A number column whose cells also say things in words ("touches (0.00 m²)", "299.5 (within
            // its 500 m buffer)") keeps the number typed and the words in a text column beside it:
            // the sheet said nothing where the HTML and PDF did.
            std::vector<std::pair<std::size_t, std::size_t>> wordsColumns;  // number column → words column
            for (std::size_t c = 0; c < t->columns.size(); ++c) {
                if (columns[c].kind != io::FieldKind::Real) continue;
                if (std::none_of(t->rows.begin(), t->rows.end(),
                                 [&](const auto& row) { return c < row.size() && saysMoreThanItsNumber(row[c]); }))
                    continue;
                std::string field = t->columns[c] + (document.language.rfind("zh", 0) == 0 ? "（说明）" : " (note)");
                while (!seen.insert(field).second) field += "_";
                wordsColumns.emplace_back(c, columns.size());
                columns.push_back({field, io::FieldKind::String});
                fieldNames.push_back(field);
            }
            detail::OgrTable out(*ds, name, wkbNone, nullptr, columns, fieldNames, {}, file.string());
            auto& sheetDecimals = decimals.emplace_back();
            for (std::size_t c = 0; c < t->columns.size(); ++c)
                sheetDecimals.push_back(columns[c].kind == io::FieldKind::Real ? printedDecimals(*t, c) : 0);
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
                for (const auto& [c, words] : wordsColumns)
                    if (c < row.size() && saysMoreThanItsNumber(row[c]))
                        values.values[words].emplace<std::string>(row[c].text);
                out.write(values);
            }
        }
    }
    detail::closeDataset(std::move(ds), general);
    std::error_code ec;
    if (!copyWithNumberFormats(general.string(), file.string(), decimals)) {
        std::filesystem::remove(file, ec);
        std::filesystem::rename(general, file, ec);  // General format rather than no workbook
        if (ec) throw OutputError(fmt::format("{}: cannot write ({})", file.string(), ec.message()));
    }
    std::filesystem::remove(general, ec);
}

}  // namespace redline::report
