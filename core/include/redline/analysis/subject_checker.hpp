// SPDX-License-Identifier: MIT
// The per-subject part of the conflict check (the correctness contract of shared/DESIGN.md):
// per category the area of subject ∩ union of the category, the contributing features with
// their pair areas, edge contacts below the minimum area, nearest distances and buffer rules,
// the exclusive breakdown by priority, zone attribution, status and worst severity.
//
// Thread-safe: check() may run on many threads at once over the same indexes.
#pragma once

#include <memory>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/polygon_index.hpp"
#include "redline/analysis/result.hpp"
#include "redline/crs/measure.hpp"

namespace redline::analysis {

struct ZoneLayerIndex {
    std::string name;
    std::vector<std::string> values;  // per zone feature (the index key)
    std::unique_ptr<PolygonIndex> index;
};

class SubjectChecker {
  public:
    SubjectChecker(const CheckContext& context, const std::vector<std::unique_ptr<PolygonIndex>>& categories,
                   const std::vector<ZoneLayerIndex>& zones, const crs::Measure& measure);

    // Checks `geometry` (analysis CRS, possibly invalid) and fills `result`. Geometry problems
    // become status error with the reason; only Cancelled is thrown.
    void check(geom::GeomPtr geometry, SubjectResult& result) const;
    // A checked subject's counted conflict area split by the zones of zone layer `zoneLayer`,
    // zones sorted by value, then the part outside every zone; each overlap's parts add up to its
    // exclusive area. Needs the overlaps' geometries.
    [[nodiscard]] std::vector<ZoneConflictPart> splitByZone(const SubjectResult& result, std::size_t zoneLayer) const;

  private:
    void checkValid(SubjectResult& result) const;
    void attributeZones(SubjectResult& result) const;
    void breakDownExclusively(SubjectResult& result) const;

    const CheckContext& context_;
    const std::vector<std::unique_ptr<PolygonIndex>>& categories_;
    const std::vector<ZoneLayerIndex>& zones_;
    const crs::Measure& measure_;
};

}  // namespace redline::analysis
