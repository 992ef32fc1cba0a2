// SPDX-License-Identifier: MIT
// Reading vector data into a drawable VectorLayer in the map CRS: from any GDAL source (through
// core's VectorSource, so encodings and CRS overrides behave as in the check), or from GEOS
// geometries (the check's conflicts, a drawn site). Curves are linearised, Z/M dropped.
// Not thread-safe per call, but separate calls may run on separate threads.
#pragma once

#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "redline/crs/crs.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/geom/geos_handles.hpp"
#include "redline/io/source_spec.hpp"
#include "redline/render/vector_layer.hpp"

class OGRGeometry;

namespace redline::render {

struct LoadControl {
    const std::atomic<bool>* cancel = nullptr;     // set: stop, throw Cancelled
    std::function<void(double percent)> progress;  // from the reading thread
};

// The CRS stored with (or given for) a source; nullopt when it has none. Throws InputError.
[[nodiscard]] std::optional<crs::Crs> sourceCrs(const io::SourceSpec& spec);

// Reads every feature of `spec` into the map CRS (null `mapCrs`: no transformation, for a map
// of data without any CRS), with the layer's `datumTransform` as the check applies it (Xian
// 1980 and Beijing 1954 are refused without one). Throws InputError naming the file (missing,
// unreadable, no CRS while the map has one), CrsError when it cannot be transformed, Cancelled.
[[nodiscard]] std::shared_ptr<const VectorLayer> loadVectorLayer(
    const io::SourceSpec& spec, const crs::Crs* mapCrs, const QString& name, const LoadControl& control = {},
    const std::optional<crs::DatumTransform>& datumTransform = std::nullopt);

// Appends an OGR geometry (any type, already in the map CRS) as the current feature's rings.
void appendGeometry(VectorLayerBuilder& builder, const OGRGeometry& geometry);
// Appends a GEOS geometry given in the CRS `transform` starts from (null: already map CRS).
void appendGeometry(VectorLayerBuilder& builder, const GEOSGeometry* geometry, const crs::LayerTransform* transform);

}  // namespace redline::render
