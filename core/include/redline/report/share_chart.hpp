// SPDX-License-Identifier: MIT
// A chart of class shares per zone: one horizontal 100 % bar per zone, split into the shares of
// each class (and the uncovered rest), with a legend. Written as SVG or PNG (by extension).
//   report::ShareChart chart{"redline by basin", {"core", "general"}, {{"长江", {12.5, 30.1}}}};
//   report::writeShareChart(chart, "chart.svg");
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace redline::report {

struct ShareChart {
    std::string title;
    std::vector<std::string> classes;  // legend order
    struct Zone {
        std::string name;
        std::vector<double> pct;  // % of the zone per class, same order as `classes`
    };
    std::vector<Zone> zones;
    // Classes of one layer may overlap (core inside general): shares then add up to more than
    // the covered part. `stacked` = false draws one thin bar per class instead of one stack.
    bool stacked = true;
    std::string footnote;                      // e.g. "areas: ellipsoidal, EPSG:4490"
    std::string restLabel = "(rest of zone)";  // legend entry of the uncovered rest, in the chart's language
};

// Writes `chart` as SVG (.svg) or PNG (.png, 96 dpi); throws OutputError naming the file.
void writeShareChart(const ShareChart& chart, const std::filesystem::path& file);

}  // namespace redline::report
