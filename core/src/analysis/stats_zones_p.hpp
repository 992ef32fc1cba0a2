// SPDX-License-Identifier: MIT
// One zone layer of the statistics: its features merged by zone value (several features with
// one value are one zone), each zone's area, an index of the zones, and an index of all zones
// together (to measure what lies outside every zone).
#pragma once

#include <tbb/task_arena.h>

#include <memory>
#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/polygon_index.hpp"
#include "redline/analysis/project.hpp"
#include "redline/crs/measure.hpp"
#include "redline/util/feedback.hpp"

namespace redline::analysis::detail {

struct ZoneSet {
    std::string name;   // "basin"
    std::string label;  // the source
    std::string field;
    std::vector<std::string> values;        // sorted; the index key is the position here
    std::vector<geom::GeomPtr> geometries;  // union of each value's features
    std::vector<double> areasM2;
    std::unique_ptr<PolygonIndex> index;
    std::unique_ptr<PolygonIndex> all;  // the union of every zone, one feature
    bool overlap = false;
    double overlapAreaM2 = 0;
};

// Reads a zone layer; throws InputError when it has no usable polygon.
[[nodiscard]] ZoneSet loadZoneSet(const LayerSpec& spec, const crs::Crs& analysisCrs, const crs::Measure& measure,
                                  double minAreaM2, CheckContext& context, tbb::task_arena& arena, Feedback& feedback);

// The union of `parts`, computed in parallel chunks on `arena`; throws Cancelled when `feedback`
// is canceled, also in the middle of GEOS's work.
[[nodiscard]] geom::GeomPtr parallelUnion(std::vector<geom::GeomPtr> parts, tbb::task_arena& arena, Feedback& feedback);

// The polygons of the union of `parts`: only parts that intersect are united (in clusters, in
// parallel); a part that meets no other is passed through as it is. The same polygons as one
// big union, at a fraction of the cost when most parts are disjoint (redlines, parks).
[[nodiscard]] std::vector<geom::GeomPtr> unionComponents(const std::vector<const GEOSGeometry*>& parts,
                                                         tbb::task_arena& arena, Feedback& feedback);

}  // namespace redline::analysis::detail
