// SPDX-License-Identifier: MIT
#include "testing.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

#include "redline/geom/geos_context.hpp"
#include "redline/io/gdal_env.hpp"

namespace redline::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path candidate = fs::temp_directory_path() / fmt::format("redline-test-{:08x}", rd());
        if (fs::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void writeLayer(const std::string& path, const std::vector<Field>& fields, const std::vector<TestFeature>& features,
                const LayerOptions& options) {
    io::ensureGdalRegistered();
    GDALDatasetUniquePtr ds;
    if (options.append) {
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    } else {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(options.driver.c_str());
        if (driver == nullptr) throw std::runtime_error("no driver " + options.driver);
        ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    if (!ds) throw std::runtime_error("cannot create " + path);
    OGRSpatialReference srs;
    OGRSpatialReference* srsPtr = nullptr;
    if (!options.crs.empty()) {
        srs.SetFromUserInput(options.crs.c_str());
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        srsPtr = &srs;
    }
    CPLStringList layerOptions;
    for (const auto& o : options.creationOptions) layerOptions.AddString(o.c_str());
    // GDAL writes shapefiles as ISO-8859-1 unless told otherwise, which loses Chinese text.
    if (options.driver == "ESRI Shapefile" && layerOptions.FetchNameValue("ENCODING") == nullptr) {
        layerOptions.SetNameValue("ENCODING", "UTF-8");
    }
    OGRwkbGeometryType type = wkbUnknown;
    if (options.driver == "ESRI Shapefile" && !features.empty()) {
        OGRGeometry* first = nullptr;
        OGRGeometryFactory::createFromWkt(features.front().wkt.c_str(), nullptr, &first);
        type = first != nullptr ? first->getGeometryType() : wkbPolygon;
        OGRGeometryFactory::destroyGeometry(first);
    }
    if (options.attributesOnly) {
        type = wkbNone;
        srsPtr = nullptr;
    }
    OGRLayer* layer = ds->CreateLayer(options.layer.c_str(), srsPtr, type, layerOptions.List());
    if (layer == nullptr) throw std::runtime_error("cannot create layer in " + path);
    for (const auto& f : fields) {
        OGRFieldDefn defn(f.name.c_str(), f.type == 'I' ? OFTInteger64 : f.type == 'R' ? OFTReal : OFTString);
        if (layer->CreateField(&defn) != OGRERR_NONE) throw std::runtime_error("cannot create field " + f.name);
    }
    for (const auto& tf : features) {
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < tf.values.size() && i < fields.size(); ++i) {
            if (!tf.values[i].empty()) feature.SetField(static_cast<int>(i), tf.values[i].c_str());
        }
        if (!tf.wkt.empty()) {
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkt(tf.wkt.c_str(), srsPtr, &g) != OGRERR_NONE) {
                throw std::runtime_error("bad WKT in test: " + tf.wkt.substr(0, 80));
            }
            feature.SetGeometryDirectly(g);
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE) throw std::runtime_error("cannot write a feature");
    }
}

namespace {
std::string ring(double minX, double minY, double maxX, double maxY, double step, bool clockwise) {
    std::vector<std::pair<double, double>> corners{{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}};
    if (clockwise) std::swap(corners[1], corners[3]);
    std::string out = "(";
    for (int side = 0; side < 4; ++side) {
        const auto [x1, y1] = corners[static_cast<std::size_t>(side)];
        const auto [x2, y2] = corners[static_cast<std::size_t>((side + 1) % 4)];
        const double length = std::hypot(x2 - x1, y2 - y1);
        const int n = std::max(1, static_cast<int>(std::ceil(length / step)));
        for (int i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / n;
            out += fmt::format("{:.6f} {:.6f},", x1 + t * (x2 - x1), y1 + t * (y2 - y1));
        }
    }
    out += fmt::format("{:.6f} {:.6f})", corners[0].first, corners[0].second);
    return out;
}
}  // namespace

std::string denseRectangle(double minX, double minY, double maxX, double maxY, double step) {
    return "POLYGON(" + ring(minX, minY, maxX, maxY, step, false) + ")";
}

std::string denseSquare(double x0, double y0, double size, double step) {
    return denseRectangle(x0, y0, x0 + size, y0 + size, step);
}

std::string denseRectangleWithHole(double minX, double minY, double maxX, double maxY, double hMinX, double hMinY,
                                   double hMaxX, double hMaxY, double step) {
    return "POLYGON(" + ring(minX, minY, maxX, maxY, step, false) + "," + ring(hMinX, hMinY, hMaxX, hMaxY, step, true) +
           ")";
}

double planarArea(const GEOSGeometry* g) {
    double a = 0;
    GEOSArea_r(geom::geosHandle(), g, &a);
    return a;
}

double ellipsoidalCellArea(double lon1, double lat1, double lon2, double lat2) {
    const double f = 1 / kGrs80InvF;
    const double b = kGrs80A * (1 - f);
    const double e = std::sqrt(f * (2 - f));
    const auto q = [&](double latDeg) {
        const double s = std::sin(latDeg * std::numbers::pi / 180);
        return s / (2 * (1 - e * e * s * s)) + std::log((1 + e * s) / (1 - e * s)) / (4 * e);
    };
    return (lon2 - lon1) * std::numbers::pi / 180 * b * b * (q(lat2) - q(lat1));
}

std::string denseCell(double lon1, double lat1, double lon2, double lat2, int perEdge, bool clockwise) {
    std::vector<std::pair<double, double>> pts;
    for (int i = 0; i < perEdge; ++i) pts.emplace_back(lon1 + (lon2 - lon1) * i / perEdge, lat1);
    pts.emplace_back(lon2, lat1);
    for (int i = 0; i < perEdge; ++i) pts.emplace_back(lon2 - (lon2 - lon1) * i / perEdge, lat2);
    pts.emplace_back(lon1, lat2);
    if (clockwise) std::reverse(pts.begin(), pts.end());
    std::string s = "(";
    for (const auto& [x, y] : pts) s += fmt::format("{:.12f} {:.12f},", x, y);
    return s + fmt::format("{:.12f} {:.12f})", pts.front().first, pts.front().second);
}

std::string sampleData(const std::string& name) { return std::string(REDLINE_SAMPLE_DATA_DIR) + "/" + name; }

}  // namespace redline::testing
