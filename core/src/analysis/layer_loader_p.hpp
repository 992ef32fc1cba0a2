// SPDX-License-Identifier: MIT
// Opening and loading input layers, shared by the conflict check and the zoning statistics:
// a layer is opened, its CRS and coordinates checked, its transformation to the analysis CRS
// set up and recorded as an input; polygon layers are read whole and repaired in parallel.
#pragma once

#include <tbb/task_arena.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/feature_reader.hpp"
#include "redline/analysis/project.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/util/feedback.hpp"

namespace redline::analysis::detail {

struct OpenedLayer {
    std::unique_ptr<io::VectorSource> source;
    std::unique_ptr<crs::LayerTransform> transform;
    ReadOptions options;
    std::optional<geom::Envelope> extentLonLat;  // the layer's extent in lon/lat, when known
};

// The index of field `name` (-1 when `name` is empty); throws InputError listing the fields.
int optionalField(const io::VectorSource& src, const std::string& name, const std::string& role,
                  const std::string& jsonPath);

// Refuses a layer without geometry or without a CRS, saying how to state one: after the path
// (`jsonPath` empty) or at `jsonPath`.crs in the project file.
void requireGeoreferenced(const io::VectorSource& src, const std::string& jsonPath);

// Opens a layer and sets up its transformation to the analysis CRS, refusing a missing CRS or
// coordinates that do not fit it; the layer is recorded in `context.inputs`.
// Opens the layer's source; an error (a missing file, no such layer) also names the project's
// entry, "(at $.zones[1])", since several entries may name one file.
io::VectorSource openSource(const LayerSpec& spec);

OpenedLayer openLayer(const LayerSpec& spec, const std::string& role, const crs::Crs& analysisCrs,
                      CheckContext& context);

// Reads all features of a polygon layer and repairs them (in parallel on `arena`).
std::vector<LoadedFeature> readAll(OpenedLayer& layer, const crs::Crs& analysisCrs, tbb::task_arena& arena,
                                   Feedback& feedback);

// Records a feature's repair notes and errors in `context.problems`.
void recordProblems(const LoadedFeature& f, const std::string& layer, CheckContext& context);

// The geographic CRS of a layer's datum; but data on an old datum (Xian 1980, Beijing 1954)
// is analysed in CGCS2000, and a 4-parameter transformation leads to its target's datum.
crs::Crs defaultAnalysisCrs(const crs::Crs& layerCrs, const std::optional<crs::DatumTransform>& transform);
// The project's `analysis_crs`: a geographic or projected CRS (a geocentric or vertical one has
// no plane to overlay in); errors name $.analysis_crs.
crs::Crs statedAnalysisCrs(const Project& project);

}  // namespace redline::analysis::detail
