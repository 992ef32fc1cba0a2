// SPDX-License-Identifier: MIT
// The share chart of one zone layer × class layer, built from the statistics' rows.
#include <fmt/format.h>

#include <map>

#include "stats_files_p.hpp"

namespace redline::report::detail {

ShareChart statsChart(const analysis::StatsResult& stats, std::size_t zoneLayer, std::size_t classLayer,
                      ReportLanguage language) {
    const auto& zones = stats.zoneLayers[zoneLayer];
    const auto& classes = stats.classLayers[classLayer];
    const bool chinese = language == ReportLanguage::Chinese;
    ShareChart chart;
    chart.title = chinese ? fmt::format("按{}统计的{}（占各分区面积 %）", zones.name, classes.name)
                          : fmt::format("{} by {} (% of each zone)", classes.name, zones.name);
    chart.classes = classes.classes;
    if (chinese) chart.restLabel = "（分区其余部分）";
    if (classes.raster) chart.classes.emplace_back(analysis::kNodataClass);  // a gap is not "rest"
    std::map<std::string, std::size_t> zoneIndex;
    for (const auto& z : zones.zones) {
        zoneIndex[z.value] = chart.zones.size();
        chart.zones.push_back({z.value, std::vector<double>(chart.classes.size(), 0.0)});
    }
    std::map<std::string, std::size_t> classIndex;
    for (std::size_t c = 0; c < chart.classes.size(); ++c) classIndex[chart.classes[c]] = c;
    // Stacking is honest only when the classes do not overlap inside any zone.
    std::vector<double> sum(chart.zones.size(), 0.0), total(chart.zones.size(), 0.0);
    for (const auto& row : stats.rows) {
        if (row.zoneLayer != zoneLayer || row.classLayer != classLayer) continue;
        const auto z = zoneIndex.find(row.zone);
        if (z == zoneIndex.end()) continue;
        if (row.type == analysis::StatsRowType::ZoneTotal) total[z->second] = row.areaM2;
        if (row.type != analysis::StatsRowType::Cell) continue;
        const auto c = classIndex.find(row.cls);
        if (c == classIndex.end()) continue;
        chart.zones[z->second].pct[c->second] = row.pctOfZone().value_or(0.0);
        sum[z->second] += row.areaM2;
    }
    // (A raster's classes never overlap: one value per pixel.)
    for (std::size_t z = 0; z < sum.size() && !classes.raster; ++z) {
        if (sum[z] > total[z] * (1 + 1e-9) + 1e-6) chart.stacked = false;
    }
    const std::string crs = stats.context.analysisCrs ? stats.context.analysisCrs->label() : "";
    if (chinese) {
        chart.footnote = fmt::format("面积为椭球面积，叠加分析坐标系 {}{}", crs,
                                     classes.raster  ? "；栅格像元按被覆盖的比例计入"
                                     : chart.stacked ? ""
                                                     : "；类别之间有重叠，故各占比并列绘出");
    } else {
        chart.footnote = fmt::format("areas: ellipsoidal, overlay in {}{}", crs,
                                     classes.raster  ? "; raster pixels weighted by covered fraction"
                                     : chart.stacked ? ""
                                                     : "; classes overlap, so shares are drawn side by side");
    }
    return chart;
}

void writeStatsChart(const analysis::StatsResult& stats, std::size_t zoneLayer, std::size_t classLayer,
                     const std::filesystem::path& file, ReportLanguage language) {
    writeShareChart(statsChart(stats, zoneLayer, classLayer, language), file);
}

}  // namespace redline::report::detail
