// SPDX-License-Identifier: MIT
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

#include "boundary_parcels_p.hpp"
#include "redline/util/error.hpp"

namespace redline::io::detail {
namespace {

namespace fs = std::filesystem;

// A Chinese Gauss–Krüger northing is 2–6 million m, an easting below 1 million or zone-prefixed.
bool looksSwapped(const BoundaryPoint& p) { return p.east >= 1e6 && p.east < 1e7 && (p.north < 1e6 || p.north >= 1e7); }

std::string where(const std::string& file, const BoundaryPoint& p) {
    return fmt::format("{}:{}: {} (X={}, Y={})", file, p.line, p.name, p.north, p.east);
}

// One mistyped digit (X=350050 for 3500500) made a parcel of 965 km² reaching the tropics, with
// no word: a point this far from the parcel's others is refused, naming its line.
constexpr double kFarFromParcelM = 100000;

void requireCompactParcel(const BoundaryParcel& parcel, const std::string& file) {
    if (parcel.points.size() < 3) return;
    // Over distinct points (a ring's closing point repeats its first), and of an even count the
    // mean of the two middle values: a four-cornered parcel's median point is then its centre,
    // not a corner (which refused squares of over 70 km a side).
    std::vector<std::pair<double, double>> distinct;
    for (const BoundaryPoint& p : parcel.points) distinct.emplace_back(p.north, p.east);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    const auto median = [&](auto coordinate) {
        std::vector<double> v;
        for (const auto& p : distinct) v.push_back(coordinate(p));
        std::sort(v.begin(), v.end());
        const std::size_t half = v.size() / 2;
        return v.size() % 2 == 1 ? v[half] : (v[half - 1] + v[half]) / 2;
    };
    const double north = median([](const std::pair<double, double>& p) { return p.first; });
    const double east = median([](const std::pair<double, double>& p) { return p.second; });
    for (const BoundaryPoint& p : parcel.points) {
        const double off = std::hypot(p.north - north, p.east - east);
        if (off > kFarFromParcelM) {
            throw InputError(
                fmt::format("{}: lies {:.0f} km from the other points of its parcel{}; a mistyped "
                            "coordinate?",
                            where(file, p), off / 1000, parcel.id.empty() ? "" : " " + parcel.id));
        }
    }
}

}  // namespace

int zonePrefix(double east) { return east >= 1e6 ? static_cast<int>(std::floor(east / 1e6)) : 0; }

// A parcel surveyed in the neighbouring zone read in this one lands 300–700 km away, and is then
// found clear of everything.
void requireOneZone(const std::vector<BoundaryParcel>& parcels, const std::string& file,
                    std::optional<int> statedZone) {
    const BoundaryPoint* first = nullptr;
    for (const BoundaryParcel& parcel : parcels) {
        for (const BoundaryPoint& p : parcel.points) {
            if (looksSwapped(p)) {
                throw InputError(
                    fmt::format("{}: X and Y look swapped: X is the northing (2–6 million m) and comes "
                                "first, then Y (east)",
                                where(file, p)));
            }
            if (first == nullptr) first = &p;
            const int prefix = zonePrefix(p.east), firstPrefix = zonePrefix(first->east);
            if ((prefix == 0) != (firstPrefix == 0)) {
                throw InputError(fmt::format(
                    "{}: Y {} but {} on line {} {}; every point of a file must be in one zone, "
                    "written the same way",
                    where(file, p), prefix == 0 ? "has no zone prefix" : "carries a zone prefix", first->name,
                    first->line, firstPrefix == 0 ? "has none" : fmt::format("carries zone {}", firstPrefix)));
            }
            if (prefix != 0 && statedZone && prefix != *statedZone) {
                throw InputError(fmt::format(
                    "{}: Y carries zone {} but the file is in zone {} (带号={}); a point of another zone would "
                    "be placed hundreds of kilometres away",
                    where(file, p), prefix, *statedZone, *statedZone));
            }
            if (prefix != 0 && prefix != firstPrefix) {
                throw InputError(
                    fmt::format("{}: Y carries zone {} but {} on line {} carries zone {}; every point "
                                "of a file must be in one zone",
                                where(file, p), prefix, first->name, first->line, firstPrefix));
            }
        }
        requireCompactParcel(parcel, file);
    }
}

crs::Crs readStatedCrs(const std::vector<BoundaryParcel>& parcels, const std::string& file, const std::string& stated) {
    requireOneZone(parcels, file, std::nullopt);
    try {
        return crs::Crs::fromUserInput(stated);
    } catch (const CrsError& e) {
        throw CrsError(fmt::format("{}: {}", file, e.what()));
    }
}

// Some tools number a hole with its shell's 圈号: read as one ring, the hole was lost; so a ring
// that has closed on its first point ends there.
OGRGeometryUniquePtr parcelPolygon(const BoundaryParcel& parcel, const std::string& file) {
    std::vector<OGRGeometry*> rings;
    std::size_t at = 0;
    while (at < parcel.points.size()) {
        auto ring = std::make_unique<OGRLinearRing>();
        const BoundaryPoint& start = parcel.points[at];
        for (; at < parcel.points.size() && parcel.points[at].ring == start.ring; ++at) {
            const BoundaryPoint& p = parcel.points[at];
            ring->addPoint(p.east, p.north);
            if (ring->getNumPoints() >= 4 && p.east == start.east && p.north == start.north) {
                ++at;
                break;
            }
        }
        ring->closeRings();
        if (ring->getNumPoints() < 4) {
            for (OGRGeometry* g : rings) delete g;
            throw InputError(fmt::format("{}:{}: ring {}{} has fewer than 3 points", file, start.line, start.ring,
                                         parcel.id.empty() ? "" : " of parcel " + parcel.id));
        }
        auto polygon = new OGRPolygon;
        polygon->addRingDirectly(ring.release());
        rings.push_back(polygon);
    }
    if (rings.empty()) throw InputError(fmt::format("{}:{}: the parcel has no points", file, parcel.line));
    // Which ring is a hole and which another part: GDAL decides by containment. METHOD=DEFAULT is
    // that same method, named so that GDAL does not print its advice for over 100 rings (set
    // METHOD=SKIP) to stderr, which a planner cannot act on.
    int valid = 0;
    const char* options[] = {"METHOD=DEFAULT", nullptr};
    return OGRGeometryUniquePtr(
        OGRGeometryFactory::organizePolygons(rings.data(), static_cast<int>(rings.size()), &valid, options));
}

std::unique_ptr<BoundaryParcels> BoundaryParcels::write(const std::string& file, const std::string& shown,
                                                        const crs::Crs& crs, const std::vector<std::string>& fieldNames,
                                                        const std::vector<BoundaryParcel>& parcels,
                                                        const std::string& encoding, const Check& check) {
    static std::atomic<unsigned> next{0};
    const std::string stem = fs::path(file).stem().string();
    std::unique_ptr<BoundaryParcels> out(new BoundaryParcels);
    out->path_ = fmt::format("/vsimem/redline-jzd-{}/{}.gpkg", next++, stem);
    out->encoding_ = encoding;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(out->path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw InputError(fmt::format("{}: cannot convert it for reading", shown));
    OGRSpatialReference srs(crs.srs());
    OGRLayer* layer = ds->CreateLayer(stem.c_str(), &srs, wkbMultiPolygon, nullptr);
    if (layer == nullptr) throw InputError(fmt::format("{}: cannot convert it for reading", shown));
    for (const std::string& name : fieldNames) {
        OGRFieldDefn defn(name.c_str(), OFTString);
        layer->CreateField(&defn);
    }
    for (const BoundaryParcel& parcel : parcels) {
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < parcel.fields.size() && i < fieldNames.size(); ++i)
            feature.SetField(static_cast<int>(i), parcel.fields[i].c_str());
        OGRGeometryUniquePtr polygon = parcelPolygon(parcel, shown);
        if (check) check(parcel, *polygon);
        feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(polygon.release()));
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw InputError(fmt::format("{}:{}: cannot convert the parcel", shown, parcel.line));
    }
    return out;
}

BoundaryParcels::~BoundaryParcels() {
    if (!path_.empty()) VSIRmdirRecursive(fs::path(path_).parent_path().c_str());
}

}  // namespace redline::io::detail
