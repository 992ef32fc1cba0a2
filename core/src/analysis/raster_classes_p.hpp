// SPDX-License-Identifier: MIT
// A class raster (land cover) opened for the zoning statistics: per zone, the ellipsoidal area
// of each pixel value, each pixel weighted by the exact fraction of it the zone covers.
#pragma once

#include <gdal_priv.h>
#include <tbb/enumerable_thread_specific.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "pixel_areas_p.hpp"
#include "redline/analysis/check_context.hpp"
#include "redline/analysis/class_table.hpp"
#include "redline/analysis/project.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/util/feedback.hpp"

namespace redline::analysis::detail {

struct ValueTally {
    double areaM2 = 0;
    std::int64_t pixels = 0;
    int row = 0, col = 0;  // first pixel seen, for messages
};

struct RasterTally {
    std::map<std::int64_t, ValueTally> values;
    double nodataM2 = 0;
    std::int64_t nodataPixels = 0;
    double outsideM2 = 0;  // part of the zone beyond the raster's extent
};

class RasterClasses {
  public:
    // Opens and checks the raster (CRS, band, class table); records it in `context.inputs`.
    RasterClasses(const RasterSpec& spec, const crs::Crs& analysisCrs, const crs::Measure& measure,
                  CheckContext& context);
    ~RasterClasses();

    // Tallies pixel values under `zone` (analysis CRS). Thread-safe.
    [[nodiscard]] RasterTally tally(const GEOSGeometry* zone, Feedback& feedback) const;

    [[nodiscard]] const std::string& label() const { return label_; }
    [[nodiscard]] const std::optional<ClassTable>& table() const { return table_; }

  private:
    GDALDataset& threadDataset() const;
    const crs::LayerTransform* threadTransform() const;  // analysis → raster, null if same CRS

    RasterSpec spec_;
    std::string label_;
    crs::Crs analysisCrs_;
    std::optional<crs::Crs> rasterCrs_;
    const crs::Measure& measure_;
    std::array<double, 6> gt_{};
    std::array<double, 6> inverseGt_{};
    int width_ = 0, height_ = 0;
    std::optional<double> nodata_;
    std::optional<ClassTable> table_;
    std::unique_ptr<PixelAreas> pixelAreas_;
    std::optional<geom::Envelope> extentLonLat_;
    bool sameCrs_ = false;
    mutable std::mutex setupMutex_;  // OGRSpatialReference is not safe to share while creating transforms
    mutable tbb::enumerable_thread_specific<GDALDatasetUniquePtr> datasets_;
    mutable tbb::enumerable_thread_specific<std::unique_ptr<crs::LayerTransform>> transforms_;
};

}  // namespace redline::analysis::detail
