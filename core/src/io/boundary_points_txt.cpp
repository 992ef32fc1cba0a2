// SPDX-License-Identifier: MIT
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
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

bool number(const std::string& text, double& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

struct Point {
    int ring = 0;
    double east = 0, north = 0;
};

struct Parcel {
    std::vector<std::string> header;  // 点数, 面积, 地块编号, 地块名称, 面, 图幅号, 地块用途, 地类编码
    std::vector<Point> points;
    int line = 0;
};

// The CRS the header names: its datum, zone width and zone; a zone prefix when the eastings carry one.
crs::Crs crsOf(const std::map<std::string, std::string>& attributes, const std::vector<Parcel>& parcels,
               const std::string& file) {
    const auto value = [&](const char* key) {
        const auto it = attributes.find(key);
        return it == attributes.end() ? std::string() : it->second;
    };
    const std::string system = value("坐标系");
    crs::DatumFamily datum = crs::DatumFamily::Cgcs2000;
    if (system.find("西安") != std::string::npos || system.find("80") != std::string::npos)
        datum = crs::DatumFamily::Xian1980;
    if (system.find("北京") != std::string::npos || system.find("54") != std::string::npos)
        datum = crs::DatumFamily::Beijing1954;
    double east = 0;
    if (!parcels.empty() && !parcels.front().points.empty()) east = parcels.front().points.front().east;
    const bool prefixed = east >= 1e6;
    double width = 3, zone = prefixed ? std::floor(east / 1e6) : 0;
    if (const std::string w = value("几度分带"); !w.empty() && !number(w, width))
        throw InputError(fmt::format("{}: 几度分带={} is not 3 or 6", file, w));
    if (const std::string z = value("带号"); !z.empty() && !number(z, zone))
        throw InputError(fmt::format("{}: 带号={} is not a zone number", file, z));
    if (prefixed && std::floor(east / 1e6) != zone) {
        throw InputError(
            fmt::format("{}: the eastings carry zone {} but 带号={}", file, std::floor(east / 1e6), value("带号")));
    }
    const auto epsg = crs::gaussKrugerEpsg(datum, static_cast<int>(width), static_cast<int>(zone), prefixed);
    if (!epsg) {
        throw InputError(
            fmt::format("{}: 坐标系={}, 几度分带={}, 带号={} name no Gauss–Krüger zone of China; state the "
                        "CRS after the path (\"|crs=EPSG:…\")",
                        file, system, value("几度分带"), value("带号")));
    }
    return crs::Crs::fromUserInput(fmt::format("EPSG:{}", *epsg));
}

OGRGeometryUniquePtr polygonOf(const Parcel& parcel, const std::string& file) {
    std::vector<OGRGeometry*> rings;
    std::size_t at = 0;
    while (at < parcel.points.size()) {
        auto ring = std::make_unique<OGRLinearRing>();
        const int number = parcel.points[at].ring;
        for (; at < parcel.points.size() && parcel.points[at].ring == number; ++at)
            ring->addPoint(parcel.points[at].east, parcel.points[at].north);
        ring->closeRings();
        if (ring->getNumPoints() < 4) {
            throw InputError(fmt::format("{}:{}: ring {} of parcel {} has fewer than 3 points", file, parcel.line,
                                         number, parcel.header.size() > 2 ? parcel.header[2] : ""));
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

}  // namespace

std::unique_ptr<BoundaryPointsTxt> BoundaryPointsTxt::ifBoundaryPoints(const std::string& file) {
    std::string ext = fs::path(file).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".txt") return nullptr;
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool utf8 = isValidUtf8(bytes);
    const std::string text = textAsUtf8(bytes, file);
    if (trim(text.substr(0, text.find('\n'))) != "[属性描述]") return nullptr;

    const std::string name = fs::path(file).filename().string();
    std::map<std::string, std::string> attributes;
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
            if (const auto eq = line.find('='); eq != std::string::npos)
                attributes[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
            continue;
        }
        const auto cells = split(line);
        if (!cells.empty() && cells.back() == "@") {
            parcels.push_back({std::vector<std::string>(cells.begin(), cells.end() - 1), {}, lineNo});
            continue;
        }
        Point p;
        double ring = 0;
        if (parcels.empty() || cells.size() < 4 || !number(cells[1], ring) || !number(cells[2], p.north) ||
            !number(cells[3], p.east)) {
            throw InputError(
                fmt::format("{}:{}: expected a parcel header ending in \",@\" or a point \"J1,圈号,X,Y\", "
                            "found \"{}\"",
                            name, lineNo, line));
        }
        p.ring = static_cast<int>(ring);
        parcels.back().points.push_back(p);
    }
    if (parcels.empty()) throw InputError(fmt::format("{}: the [地块坐标] section holds no parcel", name));
    const crs::Crs crs = crsOf(attributes, parcels, name);

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
        feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(polygon.release()));
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw InputError(fmt::format("{}:{}: cannot convert the parcel", name, parcel.line));
    }
    return out;
}

BoundaryPointsTxt::~BoundaryPointsTxt() {
    if (!path_.empty()) VSIRmdirRecursive(fs::path(path_).parent_path().c_str());
}

}  // namespace redline::io::detail
