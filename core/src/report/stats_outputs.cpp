// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <map>
#include <memory>

#include "format_p.hpp"
#include "redline/io/staged_directory.hpp"
#include "redline/report/stats_writers.hpp"
#include "redline/util/error.hpp"
#include "stats_files_p.hpp"

namespace redline::report {
namespace {

std::string lowerExtension(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

bool isFileTarget(const std::filesystem::path& p) {
    const std::string ext = lowerExtension(p);
    return ext == ".csv" || ext == ".json" || ext == ".xlsx" || ext == ".gpkg" || ext == ".svg" || ext == ".png";
}

// The folder an output goes into: a file's, or the target itself for all the files.
std::filesystem::path folderOf(const std::filesystem::path& target) {
    return isFileTarget(target) ? io::StagedDirectory::folderOf(target) : target;
}

std::string chartSuffix(const analysis::StatsResult& stats, std::size_t z, std::size_t c) {
    return detail::columnName(stats.zoneLayers[z].name, "") + "_" + detail::columnName(stats.classLayers[c].name, "");
}

// Writes one file target (by extension) into `staging` under the name `name` (and, for a chart of
// several zone × class layer pairs, one file per pair). Returns the names written.
std::vector<std::string> writeFile(const analysis::StatsResult& stats, const io::StagedDirectory& staging,
                                   const std::filesystem::path& name, const StatsOutputOptions& options) {
    const std::string ext = lowerExtension(name);
    const std::string file = name.string();
    if (ext == ".csv") {
        detail::writeCsvTable(options.crossTableCsv ? detail::statsCrossTable(stats) : detail::statsLongTable(stats),
                              staging.file(file));
    } else if (ext == ".json") {
        detail::writeStatsJson(stats, staging.file(file));
    } else if (ext == ".xlsx") {
        detail::writeStatsXlsx(stats, staging.file(file));
    } else if (ext == ".gpkg") {
        detail::writeStatsGpkg(stats, staging.file(file));
    } else {
        const bool several = stats.zoneLayers.size() * stats.classLayers.size() > 1;
        std::vector<std::string> names;
        for (std::size_t z = 0; z < stats.zoneLayers.size(); ++z) {
            for (std::size_t c = 0; c < stats.classLayers.size(); ++c) {
                const std::string chartName =
                    several ? name.stem().string() + "_" + chartSuffix(stats, z, c) + name.extension().string() : file;
                detail::writeStatsChart(stats, z, c, staging.file(chartName), options.language);
                names.push_back(chartName);
            }
        }
        return names;
    }
    return {file};
}

}  // namespace

void probeStatsOutputs(const std::vector<std::filesystem::path>& targets) {
    for (const auto& target : targets) io::StagedDirectory::probe(folderOf(target));
}

std::vector<std::filesystem::path> writeStatsOutputs(const analysis::StatsResult& stats,
                                                     const std::vector<std::filesystem::path>& targets,
                                                     const StatsOutputOptions& options) {
    if (targets.empty()) throw OutputError("no output given");
    // One staging directory per destination directory; committed only when everything is written.
    std::map<std::filesystem::path, std::unique_ptr<io::StagedDirectory>> staged;
    const auto stagingFor = [&](const std::filesystem::path& dir) -> io::StagedDirectory& {
        const std::filesystem::path key = std::filesystem::absolute(dir).lexically_normal();
        auto& slot = staged[key];
        if (!slot) slot = std::make_unique<io::StagedDirectory>(key);
        return *slot;
    };
    std::vector<std::filesystem::path> written;
    for (const auto& target : targets) {
        if (isFileTarget(target)) {
            const std::filesystem::path dir = folderOf(target);
            io::StagedDirectory& staging = stagingFor(dir);
            staging.reportingFinalPaths([&] {
                for (const auto& name : writeFile(stats, staging, target.filename(), options))
                    written.push_back(dir / name);
            });
            continue;
        }
        io::StagedDirectory& staging = stagingFor(target);
        std::vector<std::filesystem::path> names{"stats.csv", "stats.json", "stats.xlsx", "stats.gpkg"};
        staging.reportingFinalPaths([&] {
            detail::writeCsvTable(detail::statsLongTable(stats), staging.file("stats.csv"));
            detail::writeCsvTable(detail::statsCrossTable(stats), staging.file("stats_crosstab.csv"));
            detail::writeStatsJson(stats, staging.file("stats.json"));
            detail::writeStatsXlsx(stats, staging.file("stats.xlsx"));
            detail::writeStatsGpkg(stats, staging.file("stats.gpkg"));
            names.emplace_back("stats_crosstab.csv");
            for (std::size_t z = 0; z < stats.zoneLayers.size(); ++z) {
                for (std::size_t c = 0; c < stats.classLayers.size(); ++c) {
                    for (const char* ext : {".svg", ".png"}) {
                        const std::string chartName = "chart_" + chartSuffix(stats, z, c) + ext;
                        detail::writeStatsChart(stats, z, c, staging.file(chartName), options.language);
                        names.emplace_back(chartName);
                    }
                }
            }
        });
        for (const auto& n : names) written.push_back(target / n);
    }
    // Every folder checked before the first is committed: a run that fails leaves every old output.
    std::vector<io::StagedDirectory*> all;
    for (auto& [dir, staging] : staged) all.push_back(staging.get());
    io::StagedDirectory::commitAll(all);
    return written;
}

}  // namespace redline::report
