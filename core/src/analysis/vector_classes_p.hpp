// SPDX-License-Identifier: MIT
// A vector class layer of the statistics (redline categories, parks) and its areas by zone:
// each class's features are united (never counted twice), the union is split into its
// polygons, and each polygon is measured against the zone indexes with the conflict check's
// fast paths (inside a zone piece: no overlay; else the zone clipped to the polygon's window).
#pragma once

#include <tbb/task_arena.h>

#include <cstdint>
#include <string>
#include <vector>

#include "redline/crs/measure.hpp"
#include "redline/geom/geos_handles.hpp"
#include "redline/util/feedback.hpp"
#include "stats_zones_p.hpp"

namespace redline::analysis::detail {

struct VectorClassLayer {
    std::string name;
    std::vector<std::string> sources;
    std::string field;
    std::vector<std::string> classes;                  // sorted
    std::vector<std::vector<geom::GeomPtr>> features;  // per class; analysis CRS, valid
};

// Areas of one class layer by the zone layers. Class index classes.size() is "all classes".
struct VectorClassCells {
    std::vector<double> classAreaM2;
    std::vector<std::int64_t> classFeatures;
    std::vector<std::vector<std::vector<double>>> cellM2;          // [zone layer][zone][class]
    std::vector<std::vector<std::vector<std::int64_t>>> features;  // [zone layer][zone][class]
    std::vector<std::vector<double>> outsideM2;                    // [zone layer][class]
};

[[nodiscard]] VectorClassCells measureVectorClasses(const VectorClassLayer& layer, const std::vector<ZoneSet>& zones,
                                                    const crs::Measure& measure, tbb::task_arena& arena,
                                                    Feedback& feedback);

}  // namespace redline::analysis::detail
