// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <gdal_alg.h>

#include <algorithm>
#include <cmath>

#include "raster_classes_p.hpp"
#include "redline/analysis/pixel_coverage.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/geom/validity.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/io/input_files.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis::detail {
namespace {

// Rows handled at once: bounds the coverage and pixel buffers of one zone.
constexpr int kStripRows = 256;
// Zone edges are densified along their geodesics to this length before going into the raster's
// CRS: the zone covered in pixels is then the one whose geodesic area the statistics report
// (a 100 km edge straight in lon/lat strays ~100 m from its geodesic).
constexpr double kDensifyMetres = 20.0;

GDALDatasetUniquePtr openRaster(const std::string& path) {
    io::ensureGdalRegistered();
    io::GdalErrorCapture errors;
    io::registerInputFile(path);
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) throw InputError(fmt::format("{}: the raster does not exist", path));
        const std::string why = errors.lastError();
        throw InputError(fmt::format("{}: cannot open the raster{}", path, why.empty() ? "" : " (" + why + ")"));
    }
    return ds;
}

}  // namespace

RasterClasses::RasterClasses(const RasterSpec& spec, const crs::Crs& analysisCrs, const crs::Measure& measure,
                             CheckContext& context)
    : spec_(spec), label_(spec.path), analysisCrs_(analysisCrs), measure_(measure) {
    GDALDatasetUniquePtr ds = openRaster(spec.path);
    // The setting a message points at: its option on the command line, its JSON path in a project.
    const auto where = [&spec](const char* key, const char* option) {
        return spec.jsonPath.empty() ? std::string(option) : fmt::format("{}.{}", spec.jsonPath, key);
    };
    if (spec.band > ds->GetRasterCount()) {
        throw InputError(fmt::format("{}: the raster has {} band(s), band {} was asked for ({})", label_,
                                     ds->GetRasterCount(), spec.band, where("band", "--band")));
    }
    width_ = ds->GetRasterXSize();
    height_ = ds->GetRasterYSize();
    if (ds->GetGeoTransform(gt_.data()) != CE_None) {
        throw InputError(fmt::format("{}: the raster has no georeferencing (no geotransform)", label_));
    }
    if (!GDALInvGeoTransform(gt_.data(), inverseGt_.data())) {
        throw InputError(fmt::format("{}: the raster's geotransform cannot be inverted", label_));
    }
    const OGRSpatialReference* own = ds->GetSpatialRef();
    if (!spec.crs.empty()) {
        try {
            rasterCrs_ = crs::Crs::fromUserInput(spec.crs);
        } catch (const CrsError& e) {
            throw CrsError(fmt::format("{}: {}", where("crs", "--raster-crs"), e.what()));
        }
        // A stated CRS is for a raster without one (as documented): over the file's own, a
        // neighbouring zone's put every zone outside the raster, 0 % land cover, exit 0.
        if (own != nullptr && !own->IsEmpty() && !rasterCrs_->isSame(crs::Crs(*own))) {
            throw CrsError(fmt::format(
                "{}: {} has its own CRS, {}; a stated CRS is for a raster without one (remove it, or correct "
                "the file's with gdal_edit.py -a_srs)",
                spec.jsonPath.empty() ? "--raster-crs" : spec.jsonPath + ".crs", label_, crs::Crs(*own).label()));
        }
    } else if (const OGRSpatialReference* srs = own; srs != nullptr && !srs->IsEmpty()) {
        rasterCrs_ = crs::Crs(*srs);
    } else {
        throw CrsError(fmt::format("{}: the raster has no CRS; state it with {}", label_,
                                   spec.jsonPath.empty() ? "--raster-crs EPSG:…" : spec.jsonPath + ".crs"));
    }
    GDALRasterBand* band = ds->GetRasterBand(spec.band);
    int hasNodata = 0;
    const double bandNodata = band->GetNoDataValue(&hasNodata);
    if (spec.nodata) {
        nodata_ = spec.nodata;
    } else if (hasNodata != 0) {
        nodata_ = bandNodata;
    }

    // The class table, else the raster's own category names.
    if (!spec.classTable.empty()) {
        table_ = ClassTable::parse(spec.classTable, where("classes", "--raster-classes"));
    } else if (char** names = band->GetCategoryNames(); names != nullptr) {
        std::vector<ClassTable::Entry> entries;
        for (int i = 0; names[i] != nullptr; ++i) {
            if (names[i][0] != '\0') entries.push_back({i, names[i]});
        }
        if (!entries.empty()) table_ = ClassTable::fromEntries(std::move(entries), label_ + " (category names)");
    }

    // Where the raster lies, and its footprint in the analysis CRS for the part of a zone beyond it.
    const double corners[4][2] = {{0, 0},
                                  {static_cast<double>(width_), 0},
                                  {static_cast<double>(width_), static_cast<double>(height_)},
                                  {0, static_cast<double>(height_)}};
    std::vector<double> xs, ys;
    constexpr int kSideSteps = 64;
    for (int side = 0; side < 4; ++side) {
        const auto& a = corners[side];
        const auto& b = corners[(side + 1) % 4];
        for (int i = 0; i < kSideSteps; ++i) {
            const double t = static_cast<double>(i) / kSideSteps;
            const double col = a[0] + (b[0] - a[0]) * t, row = a[1] + (b[1] - a[1]) * t;
            xs.push_back(gt_[0] + col * gt_[1] + row * gt_[2]);
            ys.push_back(gt_[3] + col * gt_[4] + row * gt_[5]);
        }
    }
    const geom::Envelope rasterEnvelope{
        *std::min_element(xs.begin(), xs.end()), *std::min_element(ys.begin(), ys.end()),
        *std::max_element(xs.begin(), xs.end()), *std::max_element(ys.begin(), ys.end())};
    const auto diagnosis = crs::diagnoseExtent(*rasterCrs_, rasterEnvelope);
    if (!diagnosis.ok()) throw CrsError(fmt::format("{}: {}", label_, diagnosis.message));
    extentLonLat_ = crs::extentInLonLat(*rasterCrs_, rasterEnvelope);
    sameCrs_ = rasterCrs_->isSame(analysisCrs_);
    std::vector<std::string> notes;
    if (!sameCrs_) {
        auto toAnalysis =
            crs::LayerTransform::create(*rasterCrs_, analysisCrs_, std::nullopt, extentLonLat_, label_, spec.jsonPath);
        if (!toAnalysis.apply(xs, ys)) {
            throw CrsError(
                fmt::format("{}: the raster's extent cannot be transformed to {}", label_, analysisCrs_.label()));
        }
        notes = toAnalysis.notes();
    }
    pixelAreas_ = std::make_unique<PixelAreas>(*rasterCrs_, gt_);

    InputInfo info;
    info.role = "raster classes";
    info.path = spec.path;
    info.label = label_;
    info.driver = ds->GetDriver() != nullptr ? ds->GetDriver()->GetDescription() : "";
    info.crs = rasterCrs_->label();
    info.features = static_cast<std::int64_t>(width_) * height_;
    info.notes = std::move(notes);
    info.notes.push_back(fmt::format("{} × {} pixels, band {}, nodata {}", width_, height_, spec.band,
                                     nodata_ ? fmt::format("{}", *nodata_) : std::string("none")));
    if (table_) info.notes.push_back("classes from " + table_->source());
    context.inputs.push_back(std::move(info));
    datasets_.local() = std::move(ds);
}

RasterClasses::~RasterClasses() = default;

GDALDataset& RasterClasses::threadDataset() const {
    auto& ds = datasets_.local();
    if (!ds) ds = openRaster(spec_.path);
    return *ds;
}

const crs::LayerTransform* RasterClasses::threadTransform() const {
    if (sameCrs_) return nullptr;
    auto& t = transforms_.local();
    if (!t) {
        std::lock_guard lock(setupMutex_);
        t = std::make_unique<crs::LayerTransform>(crs::LayerTransform::create(analysisCrs_, *rasterCrs_, std::nullopt,
                                                                              extentLonLat_, label_, spec_.jsonPath));
    }
    return t.get();
}

RasterTally RasterClasses::tally(const GEOSGeometry* zone, Feedback& feedback) const {
    RasterTally tally;
    if (geom::isEmpty(zone)) return tally;

    // The zone's rings in pixel coordinates.
    std::vector<geom::Ring> rings = geom::polygonRings(zone);
    const crs::LayerTransform* transform = threadTransform();
    for (auto& ring : rings) {
        measure_.densifyRing(ring.xy, kDensifyMetres);
        if (transform == nullptr) continue;
        const std::size_t n = ring.xy.size() / 2;
        std::vector<double> x(n), y(n);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = ring.xy[2 * i];
            y[i] = ring.xy[2 * i + 1];
        }
        if (!transform->apply(x, y)) {
            throw CrsError(
                fmt::format("{}: a zone cannot be transformed into the raster's CRS {}", label_, rasterCrs_->label()));
        }
        for (std::size_t i = 0; i < n; ++i) {
            ring.xy[2 * i] = x[i];
            ring.xy[2 * i + 1] = y[i];
        }
    }
    for (auto& ring : rings) {
        for (std::size_t i = 0; i + 1 < ring.xy.size(); i += 2) {
            const double x = ring.xy[i], y = ring.xy[i + 1];
            ring.xy[i] = inverseGt_[0] + x * inverseGt_[1] + y * inverseGt_[2];
            ring.xy[i + 1] = inverseGt_[3] + x * inverseGt_[4] + y * inverseGt_[5];
        }
    }
    const PixelCoverage coverage(rings);
    const geom::Envelope& b = coverage.bounds();
    const bool inside = b.minX >= 0 && b.minY >= 0 && b.maxX <= width_ && b.maxY <= height_;
    // The part beyond the raster is what the pixels do not cover: the zone's area less theirs.
    // Cut from the zone directly, its edges straight in the analysis CRS rather than along the
    // geodesics the pixels follow, it was off by 3 % for a zone of 300 km edges.
    const auto beyondRaster = [&] {
        if (inside) return;
        double covered = tally.nodataM2;
        for (const auto& [value, t] : tally.values) covered += t.areaM2;
        tally.outsideM2 = std::max(0.0, measure_.area(zone) - covered);
    };
    const int col0 = std::max(0, static_cast<int>(std::floor(b.minX)));
    const int col1 = std::min(width_, static_cast<int>(std::ceil(b.maxX)));
    const int row0 = std::max(0, static_cast<int>(std::floor(b.minY)));
    const int row1 = std::min(height_, static_cast<int>(std::ceil(b.maxY)));
    if (col0 >= col1 || row0 >= row1) {
        beyondRaster();
        return tally;
    }

    GDALRasterBand* band = threadDataset().GetRasterBand(spec_.band);
    const int cols = col1 - col0;
    std::vector<double> fractions, values, areas;
    ValueTally* last = nullptr;
    std::int64_t lastValue = 0;
    for (int strip = row0; strip < row1; strip += kStripRows) {
        feedback.throwIfCanceled();
        const int stripEnd = std::min(row1, strip + kStripRows);
        const int rows = stripEnd - strip;
        coverage.compute(strip, stripEnd, col0, col1, fractions);
        values.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
        {
            io::GdalErrorCapture errors;
            if (band->RasterIO(GF_Read, col0, strip, cols, rows, values.data(), cols, rows, GDT_Float64, 0, 0,
                               nullptr) != CE_None) {
                throw InputError(fmt::format("{}: cannot read rows {}–{} ({}); the file is damaged", label_, strip,
                                             stripEnd - 1, errors.lastError()));
            }
        }
        for (int r = 0; r < rows; ++r) {
            const std::size_t offset = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
            bool rowTouched = false;
            for (int c = 0; c < cols && !rowTouched; ++c)
                rowTouched = fractions[offset + static_cast<std::size_t>(c)] > 0;
            if (!rowTouched) continue;
            pixelAreas_->row(strip + r, col0, col1, areas);
            for (int c = 0; c < cols; ++c) {
                const double fraction = fractions[offset + static_cast<std::size_t>(c)];
                if (fraction <= 0) continue;
                const double area = fraction * areas[static_cast<std::size_t>(c)];
                const bool counted = fraction > 1e-9;
                const double v = values[offset + static_cast<std::size_t>(c)];
                if (std::isnan(v) || (nodata_ && v == *nodata_)) {
                    tally.nodataM2 += area;
                    tally.nodataPixels += counted ? 1 : 0;
                    continue;
                }
                if (v != std::floor(v) || std::abs(v) > 9.0e15) {
                    throw InputError(
                        fmt::format("{}: pixel value {} at row {}, column {} is not a class (an integer); "
                                    "is this a class raster?",
                                    label_, v, strip + r, col0 + c));
                }
                const auto value = static_cast<std::int64_t>(v);
                if (last == nullptr || value != lastValue) {
                    auto [it, added] = tally.values.try_emplace(value);
                    if (added) {
                        it->second.row = strip + r;
                        it->second.col = col0 + c;
                    }
                    last = &it->second;
                    lastValue = value;
                }
                last->areaM2 += area;
                last->pixels += counted ? 1 : 0;
            }
        }
    }
    beyondRaster();
    return tally;
}

}  // namespace redline::analysis::detail
