// SPDX-License-Identifier: MIT
// The result of the zoning statistics: zone layers with their zones, class layers with their
// classes, and the long table of rows (docs/stats.md). Writers lay out files from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"

namespace redline::analysis {

struct StatsZone {
    std::string value;
    double areaM2 = 0;
    std::vector<unsigned char> wkb;  // the zone (union of its features), analysis CRS
};

struct StatsZoneLayer {
    std::string name;    // "basin"
    std::string source;  // label of the layer
    std::string field;
    std::vector<StatsZone> zones;  // sorted by value
    bool zonesOverlap = false;
    double overlapAreaM2 = 0;  // area covered by more than one zone
};

struct StatsClassLayer {
    std::string name;  // "redline", "landcover"
    std::vector<std::string> sources;
    std::string field;  // the class field, or "" for fixed classes and rasters
    bool raster = false;
    std::vector<std::string> classes;    // column order
    std::vector<double> classAreaM2;     // vector layers: area of each class's union
    std::vector<std::int64_t> features;  // vector layers: features per class
    std::string coverageRule;            // "exact" or "fractional"
};

enum class StatsRowType { Cell, ZoneTotal, Outside, ClassTotal };
[[nodiscard]] const char* statsRowTypeName(StatsRowType t);

struct StatsRow {
    std::size_t zoneLayer = 0;
    std::size_t classLayer = 0;
    std::string zone;
    std::string cls;
    StatsRowType type = StatsRowType::Cell;
    double areaM2 = 0;
    std::optional<double> zoneAreaM2;
    std::optional<double> classAreaM2;  // pct_of_class base (vector classes)
    std::optional<std::int64_t> features;
    [[nodiscard]] std::optional<double> pctOfZone() const;
    [[nodiscard]] std::optional<double> pctOfClass() const;
};

struct StatsResult {
    CheckContext context;  // analysis CRS, threads, inputs, problems
    std::vector<StatsZoneLayer> zoneLayers;
    std::vector<StatsClassLayer> classLayers;
    std::vector<StatsRow> rows;
    std::vector<std::string> notes;
};

// Labels of the summary rows.
inline constexpr const char* kAllClasses = "(all classes)";
inline constexpr const char* kAllZones = "(all)";
inline constexpr const char* kOutsideZones = "(outside all zones)";
inline constexpr const char* kNodataClass = "(nodata)";
inline constexpr const char* kOutsideRaster = "(outside raster)";

}  // namespace redline::analysis
