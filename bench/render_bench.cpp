// SPDX-License-Identifier: MIT
// Render benchmark (docs/benchmark.md): N generated polygons (default 300,000 parcels over
// Jiangsu, EPSG:4490, 8-24 vertices each, categorized by a field) written to a GeoPackage,
// loaded through the viewer's loader, then drawn at 1600x1000: the first full frame (every
// polygon in view), frames at closer zooms, and a pan sequence. Peer in the same run: GDAL's
// rasterizer (GDALRasterizeLayers, no antialiasing) filling the same polygons into a raster of
// the same size, the cheapest "draw everything" a GIS stack offers.
//
//   render_bench --polygons 300000 --data /tmp/render300k.gpkg [--json out.json]
#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/render/layer_loading.hpp"
#include "redline/render/map_renderer.hpp"

namespace {
using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

constexpr double kWest = 116.4, kEast = 121.8, kSouth = 30.8, kNorth = 35.0;

void generate(const std::string& path, int count) {
    auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path);
    OGRSpatialReference srs;
    srs.importFromEPSG(4490);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("parcels", &srs, wkbPolygon, nullptr);
    OGRFieldDefn id("parcel_id", OFTString), cat("category", OFTString);
    layer->CreateField(&id);
    layer->CreateField(&cat);
    std::mt19937_64 rng(20261125);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> n(0, 1);
    // Parcels cluster around towns, as land parcels do.
    std::vector<std::pair<double, double>> towns;
    for (int i = 0; i < 400; ++i)
        towns.emplace_back(kWest + u(rng) * (kEast - kWest), kSouth + u(rng) * (kNorth - kSouth));
    const char* categories[] = {"farmland", "built", "forest", "water", "core", "general"};
    ds->StartTransaction();
    for (int i = 0; i < count; ++i) {
        const auto& [tx, ty] = towns[static_cast<std::size_t>(i) % towns.size()];
        const double cx = std::clamp(tx + n(rng) * 0.08, kWest, kEast);
        const double cy = std::clamp(ty + n(rng) * 0.06, kSouth, kNorth);
        const double r = (60 + u(rng) * 300) / 111000.0;
        const int vertices = 8 + static_cast<int>(u(rng) * 17);
        OGRLinearRing ring;
        for (int k = 0; k < vertices; ++k) {
            const double a = 2 * M_PI * k / vertices;
            const double rr = r * (0.7 + 0.3 * u(rng));
            ring.addPoint(cx + rr * std::cos(a) / std::cos(cy * M_PI / 180), cy + rr * std::sin(a));
        }
        ring.closeRings();
        OGRPolygon poly;
        poly.addRing(&ring);
        OGRFeature f(layer->GetLayerDefn());
        f.SetField(0, fmt::format("P{:06d}", i).c_str());
        f.SetField(1, categories[static_cast<std::size_t>(u(rng) * 6) % 6]);
        f.SetGeometry(&poly);
        if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write " + path);
    }
    ds->CommitTransaction();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double rasterizePeer(const std::string& path, const redline::render::MapViewport& view) {
    GDALDatasetUniquePtr src(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    OGRLayer* layer = src->GetLayer(0);
    const auto t = Clock::now();
    const auto e = view.visibleExtent();
    layer->SetSpatialFilterRect(e.minX, e.minY, e.maxX, e.maxY);  // it may use the GeoPackage's R-tree too
    auto* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDatasetUniquePtr raster(mem->Create("", view.size().width(), view.size().height(), 1, GDT_Byte, nullptr));
    double gt[6] = {e.minX, e.width() / view.size().width(), 0, e.maxY, 0, -e.height() / view.size().height()};
    raster->SetGeoTransform(gt);
    raster->SetSpatialRef(layer->GetSpatialRef());
    int band = 1;
    double burn = 255;
    OGRLayerH layers[] = {OGRLayer::ToHandle(layer)};
    if (GDALRasterizeLayers(raster.get(), 1, &band, 1, layers, nullptr, nullptr, &burn, nullptr, nullptr, nullptr) !=
        CE_None)
        throw std::runtime_error("GDALRasterizeLayers failed");
    return msSince(t);
}

}  // namespace

int main(int argc, char** argv) {
    int count = 300000;
    std::string data = "/tmp/redline-render-bench.gpkg";
    std::string json;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--polygons")
            count = std::stoi(argv[i + 1]);
        else if (a == "--data")
            data = argv[i + 1];
        else if (a == "--json")
            json = argv[i + 1];
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    using namespace redline;
    io::ensureGdalRegistered();
    const std::string dataFile = fmt::format("{}", data);
    if (!std::filesystem::exists(dataFile)) {
        const auto t = Clock::now();
        generate(dataFile, count);
        fmt::print("generated {} polygons in {:.1f} s -> {}\n", count, msSince(t) / 1000, dataFile);
    }
    const auto mapCrs = crs::Crs::fromUserInput("EPSG:4490");
    auto t = Clock::now();
    auto layer = render::loadVectorLayer(io::SourceSpec{dataFile, "", "", ""}, &mapCrs, "parcels");
    const double loadMs = msSince(t);
    fmt::print("loaded {} features, {} vertices in {:.0f} ms (GeoPackage → map CRS, index built)\n",
               layer->featureCount(), layer->vertexCount(), loadMs);

    const QSize size(1600, 1000);
    const double stretch = std::cos((layer->extent().minY + layer->extent().maxY) / 2 * M_PI / 180);
    std::vector<render::StyledLayer> layers{
        render::makeStyledLayer(layer, render::categorizedStyleFor(*layer, "category"))};
    const render::RenderOptions options;
    struct Frame {
        std::string name;
        double ms;
        render::RenderStats stats;
        double peerMs;
    };
    std::vector<Frame> frames;
    auto frame = [&](const std::string& name, const render::MapViewport& v, bool peer) {
        render::RenderStats stats;
        const auto t0 = Clock::now();
        const QImage img = render::renderImage(v, layers, options, nullptr, &stats);
        const double ms = msSince(t0);
        frames.push_back({name, ms, stats, peer ? rasterizePeer(dataFile, v) : 0});
        return img;
    };
    const auto full = render::MapViewport::fitting(layer->extent(), size, stretch);
    const QImage first = frame("first full frame (all in view)", full, true);
    first.save(QString::fromStdString(dataFile + ".first-frame.png"));
    frame("full frame again", full, false);
    const QPointF city(118.80, 32.06);
    for (double zoom : {4.0, 16.0, 64.0}) {
        frame(fmt::format("zoom x{:.0f}", zoom), full.centeredOn(city).zoomedBy(zoom, {800, 500}), zoom == 16.0);
    }
    // Pan: 24 steps of 160 px at zoom x16 (a planner dragging across a county).
    std::vector<double> pan;
    auto v = full.centeredOn(city).zoomedBy(16, {800, 500});
    for (int i = 0; i < 24; ++i) {
        v = v.pannedBy({i % 12 < 6 ? -160.0 : 160.0, 60.0 * ((i % 4) - 1.5)});
        const auto t0 = Clock::now();
        (void)render::renderImage(v, layers, options);
        pan.push_back(msSince(t0));
    }
    // While dragging the viewer only repaints its cached frame, offset.
    QImage screen(size, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> blit;
    for (int i = 0; i < 24; ++i) {
        const auto t0 = Clock::now();
        QPainter p(&screen);
        p.fillRect(screen.rect(), Qt::white);
        p.drawImage(QPointF(i * 7.0, i * 3.0), first);
        p.end();
        blit.push_back(msSince(t0));
    }
    fmt::print("\n{:<34} {:>9} {:>9} {:>8} {:>10} {:>9}\n", "frame (1600x1000)", "Redline", "polygons", "dots",
               "GDAL rast.", "ratio");
    for (const auto& f : frames) {
        fmt::print("{:<34} {:>7.0f}ms {:>9} {:>8} {:>10} {:>9}\n", f.name, f.ms, f.stats.features, f.stats.dots,
                   f.peerMs > 0 ? fmt::format("{:.0f}ms", f.peerMs) : "",
                   f.peerMs > 0 ? fmt::format("{:.2f}x", f.peerMs / f.ms) : "");
    }
    fmt::print("pan frames at zoom x16 (re-render after each drag): median {:.0f} ms, max {:.0f} ms\n", median(pan),
               *std::max_element(pan.begin(), pan.end()));
    fmt::print("repaint of the cached frame while dragging: median {:.1f} ms, max {:.1f} ms\n", median(blit),
               *std::max_element(blit.begin(), blit.end()));
    if (!json.empty()) {
        std::ofstream out(json);
        out << fmt::format(
            "{{\"polygons\": {}, \"load_ms\": {:.1f}, \"first_frame_ms\": {:.1f}, \"gdal_rasterize_ms\": {:.1f}, "
            "\"pan_median_ms\": {:.1f}, \"pan_max_ms\": {:.1f}, \"blit_max_ms\": {:.2f}}}\n",
            layer->featureCount(), loadMs, frames[0].ms, frames[0].peerMs, median(pan),
            *std::max_element(pan.begin(), pan.end()), *std::max_element(blit.begin(), blit.end()));
    }
    return 0;
}
