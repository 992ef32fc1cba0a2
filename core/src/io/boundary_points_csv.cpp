// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "boundary_parcels_p.hpp"
#include "boundary_points_csv_p.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/crs/crs.hpp"
#include "redline/io/encoding.hpp"
#include "redline/util/error.hpp"

namespace redline::io::detail {
namespace {

namespace fs = std::filesystem;

// One CSV record and the line it starts on.
struct Record {
    std::vector<std::string> cells;
    int line = 0;
};

std::string trim(std::string_view s) {
    constexpr std::string_view kIdeographic = "\xE3\x80\x80";  // U+3000, typed on a Chinese Windows
    for (bool more = true; more;) {
        more = false;
        if (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1), more = true;
        if (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1), more = true;
        if (s.starts_with(kIdeographic)) s.remove_prefix(kIdeographic.size()), more = true;
        if (s.ends_with(kIdeographic)) s.remove_suffix(kIdeographic.size()), more = true;
    }
    return std::string(s);
}

// The records of `text` (RFC 4180, as Excel writes it: a quoted cell may hold the separator,
// doubled quotes and line breaks), each cell trimmed. Throws for a quote left open.
std::vector<Record> records(const std::string& text, char separator, const std::string& file) {
    std::vector<Record> out;
    Record record{{}, 1};
    std::string cell;
    bool quoted = false, any = false;
    int line = 1, quoteLine = 0;
    const auto endCell = [&] {
        record.cells.push_back(trim(cell));
        cell.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
            quoteLine = line;
            any = true;
        } else if (c == separator) {
            endCell();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !cell.empty()) endCell();
            out.push_back(std::move(record));
            record = {{}, ++line};
            any = false;
        } else {
            cell += c;
            any = true;
        }
    }
    if (quoted) throw InputError(fmt::format("{}:{}: a quote (\") opened here is never closed", file, quoteLine));
    if (any || !cell.empty()) endCell();
    if (!record.cells.empty()) out.push_back(std::move(record));
    return out;
}

// A header cell as it is matched: lower case, without spaces, underscores and a unit or remark
// in brackets ("X坐标（m）", "Y(东)").
std::string headerKey(std::string text) {
    for (const auto& [open, close] :
         {std::pair<std::string_view, std::string_view>{"(", ")"}, {"（", "）"}, {"[", "]"}}) {
        for (auto at = text.find(open); at != std::string::npos; at = text.find(open)) {
            const auto to = text.find(close, at);
            if (to == std::string::npos) break;
            text.erase(at, to + close.size() - at);
        }
    }
    std::string out;
    for (const char c : text) {
        if (c == ' ' || c == '_' || c == '-' || c == '.') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

enum class Role { Point, Ring, North, East, ParcelId, ParcelName, Geometry, Other };

Role roleOf(const std::string& header) {
    static const std::map<std::string, Role> roles = {
        // The point number
        {"点号", Role::Point},
        {"界址点号", Role::Point},
        {"界址点", Role::Point},
        {"界址点编号", Role::Point},
        {"点编号", Role::Point},
        {"序号", Role::Point},
        {"点名", Role::Point},
        {"点名称", Role::Point},
        {"jzd", Role::Point},
        {"jzdh", Role::Point},
        {"point", Role::Point},
        {"pointno", Role::Point},
        {"pointid", Role::Point},
        {"pointname", Role::Point},
        {"pt", Role::Point},
        {"ptno", Role::Point},
        {"no", Role::Point},
        // The ring
        {"圈号", Role::Ring},
        {"环号", Role::Ring},
        {"圈", Role::Ring},
        {"环", Role::Ring},
        {"ring", Role::Ring},
        {"ringno", Role::Ring},
        {"ringid", Role::Ring},
        // X: north, as surveyors write it
        {"x", Role::North},
        {"x坐标", Role::North},
        {"北坐标", Role::North},
        {"纵坐标", Role::North},
        {"x坐标北", Role::North},
        {"northing", Role::North},
        {"north", Role::North},
        // Y: east
        {"y", Role::East},
        {"y坐标", Role::East},
        {"东坐标", Role::East},
        {"横坐标", Role::East},
        {"y坐标东", Role::East},
        {"easting", Role::East},
        {"east", Role::East},
        // The parcel
        {"地块编号", Role::ParcelId},
        {"地块号", Role::ParcelId},
        {"地块代码", Role::ParcelId},
        {"宗地编号", Role::ParcelId},
        {"宗地号", Role::ParcelId},
        {"宗地代码", Role::ParcelId},
        {"parcel", Role::ParcelId},
        {"parcelid", Role::ParcelId},
        {"parcelno", Role::ParcelId},
        {"地块名称", Role::ParcelName},
        {"宗地名称", Role::ParcelName},
        {"parcelname", Role::ParcelName},
        // What GDAL reads as geometry (vector_source.cpp's GEOM_POSSIBLE_NAMES)
        {"wkt", Role::Geometry},
        {"geometry", Role::Geometry},
        {"geom", Role::Geometry},
        {"thegeom", Role::Geometry},
        {"wktgeometry", Role::Geometry}};
    const auto it = roles.find(headerKey(header));
    return it == roles.end() ? Role::Other : it->second;
}

// Cell `column` (a column found in the header, so not negative).
const std::string& at(const std::vector<std::string>& cells, int column) {
    return cells[static_cast<std::size_t>(column)];
}

// A finite number: from_chars also reads "nan" and "inf", which no surveyed coordinate is.
bool number(const std::string& text, double& value) {
    const char* begin = text.data();
    if (!text.empty() && text.front() == '+') ++begin;
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// The columns found in the header, by role; -1 where none.
struct Columns {
    int point = -1, ring = -1, north = -1, east = -1, parcelId = -1, parcelName = -1;
    bool geometry = false;
    [[nodiscard]] int group() const { return parcelId >= 0 ? parcelId : parcelName; }
    [[nodiscard]] bool pointList() const { return !geometry && point >= 0 && north >= 0 && east >= 0; }
    [[nodiscard]] bool isPointColumn(int c) const { return c == point || c == ring || c == north || c == east; }
};

Columns columnsOf(const std::vector<std::string>& header, const std::string& file) {
    Columns c;
    for (std::size_t i = 0; i < header.size(); ++i) {
        int* column = nullptr;
        switch (roleOf(header[i])) {
            case Role::Point:
                column = &c.point;
                break;
            case Role::Ring:
                column = &c.ring;
                break;
            case Role::North:
                column = &c.north;
                break;
            case Role::East:
                column = &c.east;
                break;
            case Role::ParcelId:
                column = &c.parcelId;
                break;
            case Role::ParcelName:
                column = &c.parcelName;
                break;
            case Role::Geometry:
                c.geometry = true;
                break;
            case Role::Other:
                break;
        }
        if (column == nullptr) continue;
        // Two columns for one coordinate: which one holds the surveyed value cannot be guessed.
        if (*column >= 0 && (column == &c.north || column == &c.east)) {
            throw InputError(fmt::format("{}:1: both \"{}\" and \"{}\" name the {} coordinate; leave one", file,
                                         at(header, *column), header[i],
                                         column == &c.north ? "X (north)" : "Y (east)"));
        }
        if (*column < 0) *column = static_cast<int>(i);
    }
    return c;
}

// The separator of a header line: a comma, else a tab (a list pasted from Excel, saved as .csv).
char separatorOf(std::string_view headerLine) {
    return headerLine.find(',') == std::string_view::npos && headerLine.find('\t') != std::string_view::npos ? '\t'
                                                                                                             : ',';
}

// The file's first line, as UTF-8: enough to tell a point list from any other CSV without
// reading a large table whole.
std::optional<std::string> headerLine(const std::string& file, const std::string& encodingOverride) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    try {
        if (!encodingOverride.empty() && encodingOverride != "UTF-8") return recodeToUtf8(line, encodingOverride);
        return textAsUtf8(line, file);
    } catch (const InputError&) {
        return std::nullopt;  // neither UTF-8 nor GBK: refused as any CSV is, where it is read
    }
}

// The CRS: the one stated, else the CGCS2000 Gauss–Krüger zone the eastings' prefix names (a CSV
// has no header to name a datum or zone), said in a warning.
crs::Crs crsOf(const std::vector<BoundaryParcel>& parcels, const std::string& file, const std::string& stated,
               std::vector<std::string>& warnings) {
    if (!stated.empty()) return readStatedCrs(parcels, file, stated);
    requireOneZone(parcels, file, std::nullopt);
    const BoundaryPoint& first = parcels.front().points.front();
    const int zone = zonePrefix(first.east);
    if (zone == 0) {
        throw InputError(fmt::format(
            "{}: a CSV of 界址点 names no CRS and its Y coordinates carry no Gauss–Krüger zone prefix (Y={} on "
            "line {}), so their zone is not known; {}",
            file, first.east, first.line, kStateCrs));
    }
    // 6° zones are 13–23 and 3° zones 25–45 in China, as the 界址点 TXT reads a prefix.
    const int width = zone <= 23 ? 6 : 3;
    const auto epsg = crs::gaussKrugerEpsg(crs::DatumFamily::Cgcs2000, width, zone, true);
    if (!epsg) {
        throw InputError(
            fmt::format("{}:{}: Y={} carries zone prefix {}, which is not a Gauss–Krüger zone of China (6° zones are "
                        "13–23, 3° zones 25–45); {}",
                        file, first.line, first.east, zone, kStateCrs));
    }
    const crs::Crs crs = crs::Crs::fromUserInput(fmt::format("EPSG:{}", *epsg));
    warnings.push_back(
        fmt::format("the CSV names no CRS: read as CGCS2000 {}° Gauss–Krüger zone {} ({}), the zone its Y "
                    "coordinates' prefix {} names; if the points are in Xian 1980 or Beijing 1954, state the CRS "
                    "(\"|crs=EPSG:…\" or \"crs\" in the project)",
                    width, zone, crs.label(), zone));
    return crs;
}

}  // namespace

bool isBoundaryPointsCsvHeader(const std::string& firstLine) {
    try {
        const std::string head = textAsUtf8(firstLine, "");
        const std::vector<Record> header = records(head + "\n", separatorOf(head), "");
        return !header.empty() && columnsOf(header.front().cells, "").pointList();
    } catch (const InputError&) {
        return false;
    }
}

std::unique_ptr<BoundaryParcels> readBoundaryPointsCsv(const std::string& file, const std::string& statedCrs,
                                                       const std::string& encodingOverride) {
    std::string ext = fs::path(file).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".csv") return nullptr;
    const std::string name = fs::path(file).filename().string();
    {
        const auto head = headerLine(file, encodingOverride);
        if (!head) return nullptr;
        const std::vector<Record> header = records(*head + "\n", separatorOf(*head), name);
        if (header.empty() || !columnsOf(header.front().cells, name).pointList()) return nullptr;
    }

    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool override = !encodingOverride.empty() && encodingOverride != "UTF-8";
    const std::string text = override ? recodeToUtf8(bytes, encodingOverride) : textAsUtf8(bytes, name);
    const std::string encoding = override ? encodingOverride : isValidUtf8(bytes) ? "UTF-8" : "GBK";
    const std::vector<Record> all = records(text, separatorOf(text.substr(0, text.find('\n'))), name);
    const std::vector<std::string>& header = all.front().cells;
    const Columns columns = columnsOf(header, name);

    // The parcels, in the order they first appear; a row without a parcel value (a merged cell)
    // continues the parcel above.
    std::vector<BoundaryParcel> parcels;
    std::vector<std::vector<const Record*>> rows;  // each parcel's records, for its attributes
    std::map<std::string, std::size_t> seen;
    const std::size_t needed =
        static_cast<std::size_t>(std::max({columns.point, columns.ring, columns.north, columns.east})) + 1;
    const auto cellName = [&](int column) { return fmt::format("column \"{}\"", at(header, column)); };
    for (std::size_t r = 1; r < all.size(); ++r) {
        const Record& record = all[r];
        if (std::all_of(record.cells.begin(), record.cells.end(), [](const std::string& c) { return c.empty(); }))
            continue;
        if (record.cells.size() < needed) {
            throw InputError(fmt::format("{}:{}: {} field{} where the header has {} ({} is missing)", name, record.line,
                                         record.cells.size(), record.cells.size() == 1 ? "" : "s", header.size(),
                                         header[record.cells.size()]));
        }
        const int group = columns.group();
        const std::string key = group >= 0 && static_cast<std::size_t>(group) < record.cells.size()
                                    ? at(record.cells, group)
                                    : std::string();
        if (parcels.empty() || (!key.empty() && key != parcels.back().id)) {
            if (group >= 0 && key.empty()) {
                throw InputError(fmt::format("{}:{}: the first point names no parcel ({} is empty)", name, record.line,
                                             cellName(group)));
            }
            if (const auto it = seen.find(key); it != seen.end()) {
                throw InputError(
                    fmt::format("{}:{}: parcel {} began on line {} and another parcel came between; list "
                                "each parcel's points together, in order",
                                name, record.line, key, parcels[it->second].line));
            }
            seen.emplace(key, parcels.size());
            parcels.push_back({{}, key, {}, record.line});
            rows.emplace_back();
        }
        BoundaryPoint p;
        p.line = record.line;
        p.name = at(record.cells, columns.point);
        for (const auto& [column, value, axis, direction] :
             {std::tuple{columns.north, &p.north, "X", "north"}, std::tuple{columns.east, &p.east, "Y", "east"}}) {
            const std::string& cell = at(record.cells, column);
            if (!number(cell, *value)) {
                throw InputError(fmt::format("{}:{}: {} ({}, {}) {}", name, record.line, axis, direction,
                                             cellName(column),
                                             cell.empty() ? "is empty" : fmt::format("is \"{}\", not a number", cell)));
            }
        }
        if (columns.ring >= 0) {
            const std::string& cell = at(record.cells, columns.ring);
            double ring = 0;
            if (!number(cell, ring) || ring != std::floor(ring) || std::fabs(ring) > 1e6) {
                throw InputError(
                    fmt::format("{}:{}: 圈号 ({}) {}", name, record.line, cellName(columns.ring),
                                cell.empty() ? "is empty" : fmt::format("is \"{}\", not a whole number", cell)));
            }
            p.ring = static_cast<int>(ring);
        } else {
            p.ring = 1;  // one ring, ended where it closes on its first point
        }
        parcels.back().points.push_back(p);
        rows.back().push_back(&record);
    }
    if (parcels.empty()) throw InputError(fmt::format("{}: the 界址点 list holds no point", name));

    // The other columns as the parcel's attributes: those with one value per parcel (地块名称,
    // 用途 …); a column that varies along a parcel's points (边长, 备注) describes the points, not
    // the parcel, and is left out.
    std::vector<std::string> fieldNames;
    std::set<std::string> taken;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (columns.isPointColumn(static_cast<int>(c))) continue;
        std::vector<std::string> values(parcels.size());
        bool perParcel = true;
        for (std::size_t k = 0; k < parcels.size(); ++k) {
            for (const Record* record : rows[k]) {
                const std::string cell = c < record->cells.size() ? record->cells[c] : std::string();
                if (cell.empty()) continue;
                if (values[k].empty()) values[k] = cell;
                perParcel = perParcel && cell == values[k];
            }
        }
        if (!perParcel) continue;
        std::string fieldName = header[c].empty() ? fmt::format("field_{}", c + 1) : header[c];
        while (taken.contains(fieldName)) fieldName += "_2";
        taken.insert(fieldName);
        fieldNames.push_back(fieldName);
        for (std::size_t k = 0; k < parcels.size(); ++k) parcels[k].fields.push_back(values[k]);
    }

    std::vector<std::string> warnings;
    const crs::Crs crs = crsOf(parcels, name, statedCrs, warnings);
    std::unique_ptr<BoundaryParcels> out = BoundaryParcels::write(file, name, crs, fieldNames, parcels, encoding);
    out->setWarnings(std::move(warnings));
    return out;
}

}  // namespace redline::io::detail
