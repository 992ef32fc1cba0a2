// SPDX-License-Identifier: MIT
// The zoning statistics as tables, independent of the file format: the long layout (one row per
// zone × class), the cross table (zones as rows, classes as columns) and the zone attributes
// for the GeoPackage, so every writer shows the same columns and values.
#pragma once

#include <vector>

#include "redline/analysis/stats_result.hpp"
#include "result_tables_p.hpp"

namespace redline::report::detail {

struct Table {
    std::vector<Column> columns;
    std::vector<Row> rows;
};

[[nodiscard]] Table statsLongTable(const analysis::StatsResult& stats);
[[nodiscard]] Table statsCrossTable(const analysis::StatsResult& stats);
// One row per zone of `zoneLayer`, geometry set, with `<class layer>_<class>_ha` / `_pct`.
[[nodiscard]] Table statsZoneTable(const analysis::StatsResult& stats, std::size_t zoneLayer,
                                   std::vector<analysis::StatsZone>* zones = nullptr);
[[nodiscard]] Table statsZoneLayersTable(const analysis::StatsResult& stats);
// The notes on how the numbers were made, then the statistics' own (zones overlapping, …); the
// table adds the problems met while reading.
[[nodiscard]] std::vector<std::string> statsNotes(const analysis::StatsResult& stats);
[[nodiscard]] Table statsNotesTable(const analysis::StatsResult& stats);

}  // namespace redline::report::detail
