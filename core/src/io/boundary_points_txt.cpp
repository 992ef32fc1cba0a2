// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "boundary_parcels_p.hpp"
#include "boundary_points_txt_p.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/crs/crs.hpp"
#include "redline/io/encoding.hpp"
#include "redline/util/error.hpp"

namespace redline::io::detail {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, ',')) out.push_back(trim(cell));
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

// A finite number: from_chars also reads "nan" and "inf", which no surveyed coordinate is.
bool number(const std::string& text, double& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// The [属性描述] section: each key's value and line.
struct Attributes {
    std::map<std::string, std::string> values;
    std::map<std::string, int> lines;
};

bool startsWith(const std::string& s, std::string_view head) { return s.compare(0, head.size(), head) == 0; }
bool endsWith(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// `text` with every occurrence of `what` removed.
std::string without(std::string text, std::string_view what) {
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at)) text.erase(at, what.size());
    return text;
}

// The datum a 坐标系 value names, when it is one of the usual names of CGCS2000, Xian 1980 or
// Beijing 1954 ("2000国家大地坐标系(CGCS2000)", "西安80", "1954年北京坐标系"). Matched whole, after
// dropping a parenthesised remark (a height datum: "CGCS2000(1985国家高程基准)") and the word 坐标系:
// a substring search took any "54" or "80" for an old datum and anything else for CGCS2000.
std::optional<crs::DatumFamily> datumNamed(std::string text) {
    for (const auto& [open, close] : {std::pair{"(", ")"}, std::pair{"（", "）"}}) {
        for (auto at = text.find(open); at != std::string::npos; at = text.find(open)) {
            const auto to = text.find(close, at);
            if (to == std::string::npos) break;
            text.erase(at, to + std::string_view(close).size() - at);
        }
    }
    for (const char* noise : {" ", "\t", "　", "年", "_", "-"}) text = without(text, noise);
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* suffix : {"大地坐标系", "坐标系统", "坐标系", "坐标"}) {
        if (endsWith(text, suffix)) {
            text.erase(text.size() - std::string_view(suffix).size());
            break;
        }
    }
    using D = crs::DatumFamily;
    static const std::map<std::string, D> names = {
        {"2000国家", D::Cgcs2000},    {"国家2000", D::Cgcs2000},     {"CGCS2000", D::Cgcs2000},
        {"CGCS", D::Cgcs2000},        {"中国2000", D::Cgcs2000},     {"2000", D::Cgcs2000},
        {"1980西安", D::Xian1980},    {"西安1980", D::Xian1980},     {"西安80", D::Xian1980},
        {"80西安", D::Xian1980},      {"XIAN80", D::Xian1980},       {"XIAN1980", D::Xian1980},
        {"1980国家", D::Xian1980},  // the Xi'an 1980 system's official name is 1980国家大地坐标系
        {"1954北京", D::Beijing1954}, {"北京1954", D::Beijing1954},  {"北京54", D::Beijing1954},
        {"54北京", D::Beijing1954},   {"BEIJING54", D::Beijing1954}, {"BEIJING1954", D::Beijing1954},
        {"BJ54", D::Beijing1954}};
    const auto it = names.find(text);
    if (it == names.end()) return std::nullopt;
    return it->second;
}

// A whole number stated with or without its unit: 几度分带 "3", "3度", "3°"; 带号 "40", "40带",
// "第40带".
bool wholeNumber(std::string text, int& value) {
    if (startsWith(text, "第")) text.erase(0, std::string_view("第").size());
    for (const char* unit : {"度带", "度", "°", "带号", "带", "号"}) {
        if (endsWith(text, unit)) {
            text.erase(text.size() - std::string_view(unit).size());
            break;
        }
    }
    double v = 0;
    if (!number(trim(text), v) || v != std::floor(v) || v < 0 || v > 1000) return false;
    value = static_cast<int>(v);
    return true;
}

// The CRS the header names: its datum, zone width and zone; a zone prefix when the eastings carry
// one. `stated` (a "|crs=" or the project's "crs") wins over the header, which then need not
// name a zone or a known datum; the coordinates are still checked to be in one zone.
crs::Crs crsOf(const Attributes& attributes, const std::vector<BoundaryParcel>& parcels, const std::string& file,
               const std::string& stated, std::vector<std::string>& warnings) {
    const auto value = [&](const char* key) {
        const auto it = attributes.values.find(key);
        return it == attributes.values.end() ? std::string() : it->second;
    };
    const auto lineOf = [&](const char* key) {
        const auto it = attributes.lines.find(key);
        return it == attributes.lines.end() ? std::string() : fmt::format(":{}", it->second);
    };
    if (!stated.empty()) return readStatedCrs(parcels, file, stated);
    int zone = 0;
    if (const std::string z = value("带号"); !z.empty() && !wholeNumber(z, zone))
        throw InputError(fmt::format("{}{}: 带号={} is not a zone number", file, lineOf("带号"), z));
    requireOneZone(parcels, file, zone != 0 ? std::optional<int>(zone) : std::nullopt);

    const std::string system = value("坐标系");
    crs::DatumFamily datum = crs::DatumFamily::Cgcs2000;
    if (system.empty()) {
        warnings.emplace_back("the header states no 坐标系; read as CGCS2000 (2000国家大地坐标系)");
    } else if (const auto named = datumNamed(system)) {
        datum = *named;
    } else {
        throw InputError(
            fmt::format("{}{}: 坐标系={} is not a datum Redline knows (2000国家大地坐标系, 西安80, "
                        "北京54 …); {}",
                        file, lineOf("坐标系"), system, kStateCrs));
    }
    const BoundaryPoint& first = parcels.front().points.front();
    const bool prefixed = zonePrefix(first.east) != 0;
    if (zone == 0) zone = zonePrefix(first.east);
    if (zone == 0) {
        throw InputError(fmt::format("{}: the header names no zone (带号) and the eastings carry no zone prefix; {}",
                                     file, kStateCrs));
    }
    // 6° zones are 13–23 and 3° zones 25–45 in China: the zone tells the width when 几度分带 is missing.
    int width = zone <= 23 ? 6 : 3;
    if (const std::string w = value("几度分带"); !w.empty() && (!wholeNumber(w, width) || (width != 3 && width != 6)))
        throw InputError(fmt::format("{}{}: 几度分带={} is not 3 or 6", file, lineOf("几度分带"), w));
    const auto epsg = crs::gaussKrugerEpsg(datum, width, zone, prefixed);
    if (!epsg) {
        throw InputError(
            fmt::format("{}: zone {} is not a {}° Gauss–Krüger zone of China (几度分带={}, 带号={}; "
                        "6° zones are 13–23, 3° zones 25–45); {}",
                        file, zone, width, value("几度分带"), value("带号"), kStateCrs));
    }
    return crs::Crs::fromUserInput(fmt::format("EPSG:{}", *epsg));
}

// Where the header's 点数 and 面积 (公顷 in the national format) disagree with the points, the file
// was likely misread (a column shifted, a ring lost) or miswritten: said, not refused. The
// warnings name the line; whoever shows them names the file.
void compareWithHeader(const BoundaryParcel& parcel, const OGRGeometry& polygon, std::vector<std::string>& warnings) {
    double stated = 0;
    if (parcel.fields.size() > 0 && number(parcel.fields[0], stated) &&
        stated != static_cast<double>(parcel.points.size())) {
        warnings.push_back(fmt::format("line {}: parcel {}: 点数={} but {} points follow", parcel.line, parcel.id,
                                       parcel.fields[0], parcel.points.size()));
    }
    if (parcel.fields.size() < 2 || parcel.fields[1].empty()) return;
    if (!number(parcel.fields[1], stated)) {
        warnings.push_back(
            fmt::format("line {}: parcel {}: 面积={} is not a number", parcel.line, parcel.id, parcel.fields[1]));
        return;
    }
    // Planar Gauss–Krüger area: within 0.2 % of the ellipsoidal area a survey states, even at a
    // zone's edge, so 1 % (and 0.01 公顷 for small parcels, as 面积 is rounded) means a real difference.
    const double squareMetresEnclosed = OGR_GT_Flatten(polygon.getGeometryType()) == wkbPolygon
                                            ? polygon.toPolygon()->get_Area()
                                            : polygon.toMultiPolygon()->get_Area();
    const double hectares = squareMetresEnclosed / 1e4;
    if (std::fabs(hectares - stated) <= std::max(0.01 * std::fabs(stated), 0.01)) return;
    const bool squareMetres = std::fabs(hectares * 1e4 - stated) <= 0.01 * std::fabs(stated);
    warnings.push_back(fmt::format("line {}: parcel {}: 面积={} 公顷 but its points enclose {:.4f} 公顷{}", parcel.line,
                                   parcel.id, parcel.fields[1], hectares,
                                   squareMetres ? " (面积 looks like square metres; the format states 公顷)" : ""));
}

}  // namespace

std::unique_ptr<BoundaryParcels> readBoundaryPointsTxt(const std::string& file, const std::string& statedCrs) {
    std::string ext = fs::path(file).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".txt") return nullptr;
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool utf8 = isValidUtf8(bytes);
    const std::string text = textAsUtf8(bytes, file);
    if (trim(text.substr(0, text.find('\n'))) != "[属性描述]") return nullptr;

    const std::string name = fs::path(file).filename().string();
    Attributes attributes;
    std::vector<BoundaryParcel> parcels;
    std::istringstream lines(text);
    std::string line;
    bool coordinates = false;
    for (int lineNo = 1; std::getline(lines, line); ++lineNo) {
        line = trim(line);
        if (line.empty() || line == "[属性描述]") continue;
        if (line == "[地块坐标]") {
            coordinates = true;
            continue;
        }
        if (!coordinates) {
            if (const auto eq = line.find('='); eq != std::string::npos) {
                const std::string key = trim(line.substr(0, eq));
                attributes.values[key] = trim(line.substr(eq + 1));
                attributes.lines[key] = lineNo;
            }
            continue;
        }
        const auto cells = split(line);
        if (!cells.empty() && cells.back() == "@") {
            BoundaryParcel parcel{std::vector<std::string>(cells.begin(), cells.end() - 1), {}, {}, lineNo};
            parcel.id = parcel.fields.size() > 2 ? parcel.fields[2] : "";  // 地块编号
            parcels.push_back(std::move(parcel));
            continue;
        }
        BoundaryPoint p;
        double ring = 0;
        // Exactly four fields (a trailing comma tolerated): with more, a decimal comma
        // ("J3,1,3554299,275,40368447,615") would be read as X=3554299, Y=275.
        const bool fourFields = cells.size() == 4 || (cells.size() == 5 && cells[4].empty());
        if (!parcels.empty() && cells.size() > 4 && !fourFields) {
            throw InputError(
                fmt::format("{}:{}: expected a point \"J1,圈号,X,Y\" (4 fields) or a parcel header ending in "
                            "\",@\", found {} fields{}: \"{}\"",
                            name, lineNo, cells.size(), cells.size() == 6 ? " (decimal commas?)" : "", line));
        }
        if (parcels.empty() || !fourFields || !number(cells[1], ring) || !number(cells[2], p.north) ||
            !number(cells[3], p.east)) {
            throw InputError(
                fmt::format("{}:{}: expected a parcel header ending in \",@\" or a point \"J1,圈号,X,Y\" with "
                            "finite numbers, found \"{}\"",
                            name, lineNo, line));
        }
        p.ring = static_cast<int>(ring);
        p.line = lineNo;
        p.name = cells[0];
        parcels.back().points.push_back(p);
    }
    if (parcels.empty()) throw InputError(fmt::format("{}: the [地块坐标] section holds no parcel", name));
    for (const BoundaryParcel& parcel : parcels) {
        if (parcel.points.empty())
            throw InputError(fmt::format("{}:{}: parcel {} has no points", name, parcel.line, parcel.id));
    }
    std::vector<std::string> warnings;
    const crs::Crs crs = crsOf(attributes, parcels, name, statedCrs, warnings);

    const std::vector<std::string> fields = {"点数", "面积",   "地块编号", "地块名称",
                                             "面",   "图幅号", "地块用途", "地类编码"};
    std::unique_ptr<BoundaryParcels> out =
        BoundaryParcels::write(file, name, crs, fields, parcels, utf8 ? "UTF-8" : "GBK",
                               [&](const BoundaryParcel& parcel, const OGRGeometry& polygon) {
                                   compareWithHeader(parcel, polygon, warnings);
                               });
    // A file of a hundred parcels all off the same way says so in a few lines.
    constexpr std::size_t kShown = 5;
    if (warnings.size() > kShown + 1) {
        const std::size_t more = warnings.size() - kShown;
        warnings.resize(kShown);
        warnings.push_back(fmt::format("{} more parcels whose 点数 or 面积 differ from their points", more));
    }
    out->setWarnings(std::move(warnings));
    return out;
}

}  // namespace redline::io::detail
