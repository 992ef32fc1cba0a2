// SPDX-License-Identifier: MIT
#include "redline/crs/measure.hpp"

#include <fmt/format.h>
#include <ogr_spatialref.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>
#include <optional>
#include <unordered_map>

#include "redline/geom/geometry.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::crs {
namespace {

std::atomic<std::uint64_t> gNextInstanceId{1};

// Vertices from which a multipart geometry's members are measured in parallel: about 4 ms of
// geodesic edges, well above the cost of handing out tasks.
constexpr int kParallelAreaFrom = 10000;

// Metres per unit of a projected CRS when nothing says where its data lie: a Gauss–Krüger zone's.
constexpr double kFallbackMetresPerUnit = 0.98;

struct CtDeleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept { OGRCoordinateTransformation::DestroyCT(ct); }
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

// Metres per unit of projected `crs` at its least over `area` (lon/lat): 1/(largest Tissot
// semi-axis), from the projection's derivatives towards east and north sampled on a grid, less
// 2 % for what lies between the nodes and just outside the area. Web Mercator: cos 85° ≈ 0.087;
// a Gauss–Krüger zone: 0.98.
double leastMetresPerUnitOver(const Crs& crs, const geod_geodesic& geodesic, const AreaOfUse* area) {
    const Crs geographic = crs.geographic();
    CtPtr forward(OGRCreateCoordinateTransformation(&geographic.srs(), &crs.srs()));
    if (!forward) return kFallbackMetresPerUnit;
    const double eastEdge = area->east < area->west ? area->east + 360 : area->east;  // across 180°
    const double south = std::max(area->south, -89.0), north = std::min(area->north, 89.0);
    constexpr int kNodes = 48;
    constexpr double kStep = 1e-4;  // degrees
    std::vector<double> xs, ys;
    for (int i = 0; i <= kNodes; ++i) {
        for (int j = 0; j <= kNodes; ++j) {
            double lon = area->west + (eastEdge - area->west) * i / kNodes;
            if (lon > 180) lon -= 360;
            const double lat = south + (north - south) * j / kNodes;
            // Step east inside ±180° (the sign of a derivative does not change the semi-axes).
            const double eastStep = lon + kStep > 180 ? -kStep : kStep;
            for (const auto& [dLon, dLat] : {std::pair{0.0, 0.0}, std::pair{eastStep, 0.0}, std::pair{0.0, kStep}}) {
                xs.push_back(lon + dLon);
                ys.push_back(lat + dLat);
            }
        }
    }
    std::vector<double> px = xs, py = ys;
    std::vector<int> ok(xs.size(), 0);
    {
        io::GdalErrorCapture quiet;  // points outside the projection's domain only fail
        forward->Transform(static_cast<int>(px.size()), px.data(), py.data(), nullptr, nullptr, ok.data());
    }
    double largest = 0;  // CRS units per metre
    for (std::size_t k = 0; k + 2 < xs.size(); k += 3) {
        if (!ok[k] || !ok[k + 1] || !ok[k + 2]) continue;
        double toEast = 0, toNorth = 0;
        geod_inverse(&geodesic, ys[k], xs[k], ys[k + 1], xs[k + 1], &toEast, nullptr, nullptr);
        geod_inverse(&geodesic, ys[k], xs[k], ys[k + 2], xs[k + 2], &toNorth, nullptr, nullptr);
        if (!(toEast > 0) || !(toNorth > 0)) continue;
        // Columns: the CRS step per metre east and per metre north (orthogonal directions).
        const double a = (px[k + 1] - px[k]) / toEast, c = (py[k + 1] - py[k]) / toEast;
        const double b = (px[k + 2] - px[k]) / toNorth, d = (py[k + 2] - py[k]) / toNorth;
        const double sum = a * a + b * b + c * c + d * d, det = a * d - b * c;
        const double sigma = std::sqrt((sum + std::sqrt(std::max(0.0, sum * sum - 4 * det * det))) / 2);
        if (std::isfinite(sigma)) largest = std::max(largest, sigma);
    }
    return largest > 0 ? 0.98 / largest : kFallbackMetresPerUnit;
}

// The least over the CRS's area of use and the data's box: the data may lie outside the area.
double leastMetresPerUnitOf(const Crs& crs, const geod_geodesic& geodesic,
                            const std::optional<geom::Envelope>& dataLonLat) {
    double least = std::numeric_limits<double>::infinity();
    if (const auto area = crs.areaOfUse()) least = leastMetresPerUnitOver(crs, geodesic, &*area);
    if (dataLonLat) {
        AreaOfUse data;
        data.west = std::max(-180.0, dataLonLat->minX);
        data.east = std::min(180.0, dataLonLat->maxX);
        data.south = dataLonLat->minY;
        data.north = dataLonLat->maxY;
        least = std::min(least, leastMetresPerUnitOver(crs, geodesic, &data));
    }
    return std::isfinite(least) ? least : kFallbackMetresPerUnit;
}

geod_geodesic geodesicOf(const Ellipsoid& ellipsoid) {
    geod_geodesic geodesic{};
    const double f = ellipsoid.inverseFlattening > 0 ? 1.0 / ellipsoid.inverseFlattening : 0.0;
    geod_init(&geodesic, ellipsoid.semiMajor, f);
    return geodesic;
}

}  // namespace

Measure::Measure(const Crs& analysisCrs)
    : crs_(analysisCrs),
      ellipsoid_(analysisCrs.ellipsoid()),
      geodesic_(geodesicOf(ellipsoid_)),
      ringArea_(geodesic_),
      shortGeodesic_(geodesic_.a, geodesic_.f),
      geographic_(analysisCrs.isGeographic()),
      instanceId_(gNextInstanceId++) {}

double Measure::leastMetresPerUnit() const {
    if (geographic_) return 1.0;
    std::call_once(leastMetresPerUnitOnce_,
                   [this] { leastMetresPerUnit_ = leastMetresPerUnitOf(crs_, geodesic_, dataLonLat_); });
    return leastMetresPerUnit_;
}

void Measure::coverLonLat(const geom::Envelope& lonLat) {
    if (geographic_) return;
    if (!dataLonLat_) {
        dataLonLat_ = lonLat;
    } else {
        dataLonLat_->minX = std::min(dataLonLat_->minX, lonLat.minX);
        dataLonLat_->minY = std::min(dataLonLat_->minY, lonLat.minY);
        dataLonLat_->maxX = std::max(dataLonLat_->maxX, lonLat.maxX);
        dataLonLat_->maxY = std::max(dataLonLat_->maxY, lonLat.maxY);
    }
}

Measure::~Measure() = default;

void Measure::toLonLat(std::vector<double>& xy) const {
    if (geographic_) return;
    // OGRCoordinateTransformation is not thread-safe: one per thread and Measure instance.
    thread_local std::unordered_map<std::uint64_t, CtPtr> cache;
    auto& ct = cache[instanceId_];
    if (!ct) {
        Crs geog = crs_.geographic();
        ct.reset(OGRCreateCoordinateTransformation(&crs_.srs(), &geog.srs()));
        if (!ct) throw CrsError(fmt::format("cannot inverse-project {} to measure areas", crs_.label()));
    }
    const std::size_t n = xy.size() / 2;
    std::vector<double> xs(n), ys(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = xy[2 * i];
        ys[i] = xy[2 * i + 1];
    }
    if (n > 0 && !ct->Transform(static_cast<int>(n), xs.data(), ys.data(), nullptr, nullptr, nullptr)) {
        throw CrsError(fmt::format("cannot inverse-project coordinates of {} to measure areas", crs_.label()));
    }
    for (std::size_t i = 0; i < n; ++i) {
        xy[2 * i] = xs[i];
        xy[2 * i + 1] = ys[i];
    }
}

double Measure::ringAreaLonLat(std::span<const double> lonLat) const { return ringArea_(lonLat); }

double Measure::area(const GEOSGeometry* g) const {
    timing::PhaseScope timed(timing::Phase::Measure);
    return areaOf(g);
}

double Measure::areaOf(const GEOSGeometry* g) const {
    const int type = geom::typeId(g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = geom::numGeometries(g);
        std::vector<double> parts(static_cast<std::size_t>(n));
        const auto measurePart = [&](int i) { parts[static_cast<std::size_t>(i)] = areaOf(geom::geometryN(g, i)); };
        // A county- or province-sized subject's overlap has thousands of members and millions of
        // vertices: measured on every core, each task's time charged to the caller's phase. The
        // sum keeps the members' order, so the area is the same bits on any thread count.
        if (n > 1 && GEOSGetNumCoordinates_r(geom::geosHandle(), g) >= kParallelAreaFrom) {
            const std::optional<timing::Phase> phase = timing::PhaseScope::current();
            tbb::parallel_for(0, n, [&](int i) {
                std::optional<timing::PhaseScope> timed;
                if (phase) timed.emplace(*phase);
                measurePart(i);
            });
        } else {
            for (int i = 0; i < n; ++i) measurePart(i);
        }
        double total = 0;
        for (const double part : parts) total += part;
        return total;
    }
    if (type != GEOS_POLYGON || geom::isEmpty(g)) return 0.0;

    auto handle = geom::geosHandle();
    std::vector<double> xy;
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(handle, g);
    if (shell == nullptr) geom::throwGeosError("reading a polygon shell");
    geom::copyRingCoordinates(shell, xy);
    toLonLat(xy);
    double result = ringAreaLonLat(xy);
    const int holes = GEOSGetNumInteriorRings_r(handle, g);
    for (int i = 0; i < holes; ++i) {
        const GEOSGeometry* hole = GEOSGetInteriorRingN_r(handle, g, i);
        if (hole == nullptr) geom::throwGeosError("reading a polygon hole");
        geom::copyRingCoordinates(hole, xy);
        toLonLat(xy);
        result -= ringAreaLonLat(xy);
    }
    return result;
}

void Measure::alongEdge(double x1, double y1, double x2, double y2, double fraction, double& x, double& y) const {
    x = x1 + fraction * (x2 - x1);
    y = y1 + fraction * (y2 - y1);
}

double Measure::ringArea(std::vector<double> xy) const {
    toLonLat(xy);
    return ringAreaLonLat(xy);
}

double Measure::graticuleCellArea(double lon0, double lat0, double lon1, double lat1) const {
    const double dLon = std::abs(lon1 - lon0) * std::numbers::pi / 180.0;
    const double sin0 = std::sin(lat0 * std::numbers::pi / 180.0);
    const double sin1 = std::sin(lat1 * std::numbers::pi / 180.0);
    return dLon * std::abs(ringArea_.zone(sin1) - ringArea_.zone(sin0));
}

void Measure::densifyRing(std::vector<double>& xy, double maxMetres) const {
    const std::size_t n = xy.size() / 2;
    if (n < 2 || maxMetres <= 0) return;
    std::vector<double> out;
    out.reserve(xy.size());
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const double x1 = xy[2 * i], y1 = xy[2 * i + 1], x2 = xy[2 * i + 2], y2 = xy[2 * i + 3];
        out.push_back(x1);
        out.push_back(y1);
        if (geographic_) {
            geod_geodesicline line{};
            geod_inverseline(&line, &geodesic_, y1, x1, y2, x2, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
            const int steps = static_cast<int>(std::ceil(line.s13 / maxMetres));
            for (int k = 1; k < steps; ++k) {
                double lat = 0, lon = 0;
                geod_position(&line, line.s13 * k / steps, &lat, &lon, nullptr);
                out.push_back(lon);
                out.push_back(lat);
            }
        } else {
            const int steps = static_cast<int>(std::ceil(std::hypot(x2 - x1, y2 - y1) / maxMetres));
            for (int k = 1; k < steps; ++k) {
                const double t = static_cast<double>(k) / steps;
                out.push_back(x1 + (x2 - x1) * t);
                out.push_back(y1 + (y2 - y1) * t);
            }
        }
    }
    out.push_back(xy[2 * (n - 1)]);
    out.push_back(xy[2 * (n - 1) + 1]);
    xy = std::move(out);
}

double Measure::distance(double x1, double y1, double x2, double y2) const {
    const auto geodesic = [this](double lat1, double lon1, double lat2, double lon2) {
        // The nearest search measures several pairs per subject, most of them a few km long.
        if (const auto s = shortGeodesic_.distance(lat1, lon1, lat2, lon2)) return *s;
        double s12 = 0;
        geod_inverse(&geodesic_, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
        return s12;
    };
    if (geographic_) return geodesic(y1, x1, y2, x2);  // no buffer to allocate
    std::vector<double> xy{x1, y1, x2, y2};
    toLonLat(xy);
    return geodesic(xy[1], xy[0], xy[3], xy[2]);
}

}  // namespace redline::crs
