// SPDX-License-Identifier: MIT
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

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

struct Point {
    int ring = 0;
    double east = 0, north = 0;
    int line = 0;
    std::string name;  // J1, J2 …
};

struct Parcel {
    std::vector<std::string> header;  // 点数, 面积, 地块编号, 地块名称, 面, 图幅号, 地块用途, 地类编码
    std::vector<Point> points;
    int line = 0;
};

// The [属性描述] section: each key's value and line.
struct Attributes {
    std::map<std::string, std::string> values;
    std::map<std::string, int> lines;
};

std::string parcelId(const Parcel& parcel) { return parcel.header.size() > 2 ? parcel.header[2] : ""; }

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

// The zone prefix of an easting (40 for 40367847.6), 0 without one.
int prefixOf(double east) { return east >= 1e6 ? static_cast<int>(std::floor(east / 1e6)) : 0; }

// A Chinese Gauss–Krüger northing is 2–6 million m, an easting below 1 million or zone-prefixed.
bool looksSwapped(const Point& p) { return p.east >= 1e6 && p.east < 1e7 && (p.north < 1e6 || p.north >= 1e7); }

std::string where(const std::string& file, const Point& p) {
    return fmt::format("{}:{}: {} (X={}, Y={})", file, p.line, p.name, p.north, p.east);
}

constexpr const char* kStateCrs = "state the CRS after the path (\"|crs=EPSG:4528\") or as \"crs\" in the project";

// Every point's easting must agree with the others (all with the same zone prefix, or none) and,
// when the header names a zone, carry that zone's prefix: a parcel surveyed in the neighbouring
// zone read in this one lands 300–700 km away, and is then found clear of everything.
void requireOneZone(const std::vector<Parcel>& parcels, const std::string& file, std::optional<int> headerZone) {
    const Point* first = nullptr;
    for (const Parcel& parcel : parcels) {
        for (const Point& p : parcel.points) {
            if (looksSwapped(p)) {
                throw InputError(
                    fmt::format("{}: X and Y look swapped: the format lists X (north, 2–6 million m) "
                                "first, then Y (east)",
                                where(file, p)));
            }
            if (first == nullptr) first = &p;
            const int prefix = prefixOf(p.east), firstPrefix = prefixOf(first->east);
            if ((prefix == 0) != (firstPrefix == 0)) {
                throw InputError(fmt::format(
                    "{}: Y {} but {} on line {} {}; every point of a file must be in one zone, "
                    "written the same way",
                    where(file, p), prefix == 0 ? "has no zone prefix" : "carries a zone prefix", first->name,
                    first->line, firstPrefix == 0 ? "has none" : fmt::format("carries zone {}", firstPrefix)));
            }
            if (prefix != 0 && headerZone && prefix != *headerZone) {
                throw InputError(fmt::format(
                    "{}: Y carries zone {} but the file is in zone {} (带号={}); a point of another zone would "
                    "be placed hundreds of kilometres away",
                    where(file, p), prefix, *headerZone, *headerZone));
            }
            if (prefix != 0 && prefix != firstPrefix) {
                throw InputError(
                    fmt::format("{}: Y carries zone {} but {} on line {} carries zone {}; every point "
                                "of a file must be in one zone",
                                where(file, p), prefix, first->name, first->line, firstPrefix));
            }
        }
    }
}

// The CRS the header names: its datum, zone width and zone; a zone prefix when the eastings carry
// one. `stated` (a "|crs=" or the project's "crs") wins over the header, which then need not
// name a zone or a known datum; the coordinates are still checked to be in one zone.
crs::Crs crsOf(const Attributes& attributes, const std::vector<Parcel>& parcels, const std::string& file,
               const std::string& stated, std::vector<std::string>& warnings) {
    const auto value = [&](const char* key) {
        const auto it = attributes.values.find(key);
        return it == attributes.values.end() ? std::string() : it->second;
    };
    const auto lineOf = [&](const char* key) {
        const auto it = attributes.lines.find(key);
        return it == attributes.lines.end() ? std::string() : fmt::format(":{}", it->second);
    };
    if (!stated.empty()) {
        requireOneZone(parcels, file, std::nullopt);
        try {
            return crs::Crs::fromUserInput(stated);
        } catch (const CrsError& e) {
            throw CrsError(fmt::format("{}: {}", file, e.what()));
        }
    }
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
    const Point& first = parcels.front().points.front();
    const bool prefixed = prefixOf(first.east) != 0;
    if (zone == 0) zone = prefixOf(first.east);
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

// The parcel's rings: a new 圈号 starts a ring, and so does a point after a ring has closed on its
// first point (some tools number a hole with its shell's 圈号; read as one ring, the hole was lost).
OGRGeometryUniquePtr polygonOf(const Parcel& parcel, const std::string& file) {
    std::vector<OGRGeometry*> rings;
    std::size_t at = 0;
    while (at < parcel.points.size()) {
        auto ring = std::make_unique<OGRLinearRing>();
        const Point& start = parcel.points[at];
        for (; at < parcel.points.size() && parcel.points[at].ring == start.ring; ++at) {
            const Point& p = parcel.points[at];
            ring->addPoint(p.east, p.north);
            if (ring->getNumPoints() >= 4 && p.east == start.east && p.north == start.north) {
                ++at;
                break;
            }
        }
        ring->closeRings();
        if (ring->getNumPoints() < 4) {
            for (OGRGeometry* g : rings) delete g;
            throw InputError(fmt::format("{}:{}: ring {} of parcel {} has fewer than 3 points", file, start.line,
                                         start.ring, parcelId(parcel)));
        }
        auto polygon = new OGRPolygon;
        polygon->addRingDirectly(ring.release());
        rings.push_back(polygon);
    }
    if (rings.empty()) throw InputError(fmt::format("{}:{}: the parcel has no points", file, parcel.line));
    // Which ring is a hole and which another part: GDAL decides by containment.
    int valid = 0;
    return OGRGeometryUniquePtr(
        OGRGeometryFactory::organizePolygons(rings.data(), static_cast<int>(rings.size()), &valid, nullptr));
}

// Where the header's 点数 and 面积 (公顷 in the national format) disagree with the points, the file
// was likely misread (a column shifted, a ring lost) or miswritten: said, not refused. The
// warnings name the line; whoever shows them names the file.
void compareWithHeader(const Parcel& parcel, const OGRGeometry& polygon, std::vector<std::string>& warnings) {
    double stated = 0;
    if (parcel.header.size() > 0 && number(parcel.header[0], stated) &&
        stated != static_cast<double>(parcel.points.size())) {
        warnings.push_back(fmt::format("line {}: parcel {}: 点数={} but {} points follow", parcel.line,
                                       parcelId(parcel), parcel.header[0], parcel.points.size()));
    }
    if (parcel.header.size() < 2 || parcel.header[1].empty()) return;
    if (!number(parcel.header[1], stated)) {
        warnings.push_back(fmt::format("line {}: parcel {}: 面积={} is not a number", parcel.line, parcelId(parcel),
                                       parcel.header[1]));
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
                                   parcelId(parcel), parcel.header[1], hectares,
                                   squareMetres ? " (面积 looks like square metres; the format states 公顷)" : ""));
}

}  // namespace

std::unique_ptr<BoundaryPointsTxt> BoundaryPointsTxt::ifBoundaryPoints(const std::string& file,
                                                                       const std::string& statedCrs) {
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
    std::vector<Parcel> parcels;
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
            parcels.push_back({std::vector<std::string>(cells.begin(), cells.end() - 1), {}, lineNo});
            continue;
        }
        Point p;
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
    for (const Parcel& parcel : parcels) {
        if (parcel.points.empty())
            throw InputError(fmt::format("{}:{}: parcel {} has no points", name, parcel.line, parcelId(parcel)));
    }
    std::vector<std::string> warnings;
    const crs::Crs crs = crsOf(attributes, parcels, name, statedCrs, warnings);

    static std::atomic<unsigned> next{0};
    std::unique_ptr<BoundaryPointsTxt> out(new BoundaryPointsTxt);
    out->path_ = fmt::format("/vsimem/redline-jzd-{}/{}.gpkg", next++, fs::path(file).stem().string());
    out->encoding_ = utf8 ? "UTF-8" : "GBK";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(out->path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw InputError(fmt::format("{}: cannot convert it for reading", name));
    OGRSpatialReference srs(crs.srs());
    OGRLayer* layer = ds->CreateLayer(fs::path(file).stem().string().c_str(), &srs, wkbMultiPolygon, nullptr);
    const char* fields[] = {"点数", "面积", "地块编号", "地块名称", "面", "图幅号", "地块用途", "地类编码"};
    for (const char* f : fields) {
        OGRFieldDefn defn(f, OFTString);
        layer->CreateField(&defn);
    }
    for (const Parcel& parcel : parcels) {
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < parcel.header.size() && i < std::size(fields); ++i)
            feature.SetField(static_cast<int>(i), parcel.header[i].c_str());
        OGRGeometryUniquePtr polygon = polygonOf(parcel, name);
        compareWithHeader(parcel, *polygon, warnings);
        feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(polygon.release()));
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw InputError(fmt::format("{}:{}: cannot convert the parcel", name, parcel.line));
    }
    // A file of a hundred parcels all off the same way says so in a few lines.
    constexpr std::size_t kShown = 5;
    if (warnings.size() > kShown + 1) {
        const std::size_t more = warnings.size() - kShown;
        warnings.resize(kShown);
        warnings.push_back(fmt::format("{} more parcels whose 点数 or 面积 differ from their points", more));
    }
    out->warnings_ = std::move(warnings);
    return out;
}

BoundaryPointsTxt::~BoundaryPointsTxt() {
    if (!path_.empty()) VSIRmdirRecursive(fs::path(path_).parent_path().c_str());
}

}  // namespace redline::io::detail
