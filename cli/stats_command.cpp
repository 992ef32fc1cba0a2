// SPDX-License-Identifier: MIT
// `redline stats`: zoning statistics from a project file's "stats" section or from flags.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flag_pairs.hpp"
#include "progress_bar.hpp"
#include "redline/analysis/zonal_stats.hpp"
#include "redline/io/input_files.hpp"
#include "redline/report/stats_writers.hpp"
#include "redline/util/area_units.hpp"
#include "summary_sink.hpp"
#include "usage_error.hpp"

namespace redline::cli {
namespace {

struct StatsOptions {
    std::string project;
    std::vector<std::string> zones, zoneFields, zoneNames;
    std::vector<std::string> classes, classFields, fixedClasses, classNames;
    std::string raster, rasterClasses, rasterName, rasterCrs, analysisCrs, layout = "long";
    int band = 1;
    int threads = -1;
    std::vector<std::string> out;
    bool quiet = false;
};

analysis::Project buildProject(const StatsOptions& o) {
    analysis::Project p;
    const bool layerFlags = !o.zones.empty() || !o.classes.empty() || !o.raster.empty();
    if (!o.project.empty()) {
        if (layerFlags) throw UsageError("give either a project file or --zones/--classes/--raster, not both");
        p = analysis::loadProject(o.project);
    } else {
        if (o.zones.empty()) throw UsageError("give a project file, or --zones with --zone-field");
        if (o.classes.empty() && o.raster.empty()) throw UsageError("give --classes (with --class-field) or --raster");
        p.name = "redline stats";
        p.stats.present = true;
        for (std::size_t i = 0; i < o.zones.size(); ++i) {
            analysis::LayerSpec z;
            z.source = io::SourceSpec::parse(o.zones[i]);
            z.zoneField = pick(o.zoneFields, i, o.zones.size(), "--zone-field");
            if (z.zoneField.empty()) throw UsageError(fmt::format("{}: give --zone-field", z.source.label()));
            z.zoneName = pick(o.zoneNames, i, o.zones.size(), "--zone-name");
            if (z.zoneName.empty()) z.zoneName = o.zones.size() == 1 ? z.zoneField : z.source.label();
            p.stats.zones.push_back(std::move(z));
        }
        for (std::size_t i = 0; i < o.classes.size(); ++i) {
            analysis::LayerSpec c;
            c.source = io::SourceSpec::parse(o.classes[i]);
            // Both flags once per layer: "-" marks the layers the other one applies to.
            c.categoryField = pick(o.classFields, i, o.classes.size(), "--class-field");
            c.category = pick(o.fixedClasses, i, o.classes.size(), "--class");
            if (c.categoryField == "-") c.categoryField.clear();
            if (c.category == "-") c.category.clear();
            if (c.categoryField.empty() == c.category.empty()) {
                throw UsageError(fmt::format(
                    "{}: give --class-field or --class for it, not both (with several layers, give each flag once "
                    "per layer and \"-\" where it does not apply, or use a project file)",
                    c.source.label()));
            }
            c.className = pick(o.classNames, i, o.classes.size(), "--class-name");
            if (c.className.empty()) c.className = c.categoryField.empty() ? c.category : c.categoryField;
            p.stats.classes.push_back(std::move(c));
        }
        if (!o.raster.empty()) {
            analysis::RasterSpec r;
            r.path = o.raster;
            r.name = o.rasterName.empty() ? std::filesystem::path(o.raster).stem().string() : o.rasterName;
            r.band = o.band;
            r.crs = o.rasterCrs;
            r.classTable = o.rasterClasses;
            p.stats.rasters.push_back(std::move(r));
        }
    }
    if (!o.analysisCrs.empty()) p.analysisCrs = o.analysisCrs;
    if (o.threads >= 0) p.threads = o.threads;
    return p;
}

// Terminal columns of UTF-8 text: CJK characters take two.
std::size_t displayWidth(const std::string& s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        width += length >= 3 ? 2 : 1;
        i += length;
    }
    return width;
}

std::string padded(const std::string& s, std::size_t width) {
    const std::size_t w = displayWidth(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

void printSummary(const analysis::StatsResult& stats, const std::vector<std::filesystem::path>& written) {
    for (std::size_t j = 0; j < stats.zoneLayers.size(); ++j) {
        for (std::size_t c = 0; c < stats.classLayers.size(); ++c) {
            fmt::print("{} by {}:\n", stats.classLayers[c].name, stats.zoneLayers[j].name);
            for (const auto& row : stats.rows) {
                if (row.zoneLayer != j || row.classLayer != c || row.type != analysis::StatsRowType::ZoneTotal) {
                    continue;
                }
                fmt::print("  {} {:>14.2f} ha of {:>14.2f} ha  {:>7.3f} %\n", padded(row.zone, 30),
                           hectares(row.areaM2), hectares(row.zoneAreaM2.value_or(0)), row.pctOfZone().value_or(0));
            }
        }
    }
    for (const auto& note : stats.notes) fmt::print("note: {}\n", note);
    const auto count = [&](const char* kind) {
        return std::count_if(stats.context.problems.begin(), stats.context.problems.end(),
                             [&](const analysis::LoadProblem& p) { return p.kind == kind; });
    };
    if (const auto skipped = count("skipped"), repaired = count("repaired"); skipped + repaired > 0)
        fmt::print("input features: {} skipped, {} repaired (see the notes sheet)\n", skipped, repaired);
    for (const auto& f : written) fmt::print("wrote {}\n", f.string());
}

// Statistics read only some of a project's layers; an output named like another (--out sites.gpkg
// beside the project) replaced the sites layer the check reads, without a word.
void protectTheProjectsLayers(const analysis::Project& p) {
    io::registerInputFile(p.subjects.source.path);
    for (const auto* layers : {&p.constraints, &p.zones})
        for (const auto& l : *layers) io::registerInputFile(l.source.path);
}

}  // namespace

Runner addStatsCommand(CLI::App& app) {
    auto o = std::make_shared<StatsOptions>();
    CLI::App* cmd = app.add_subcommand(
        "stats", "Zoning statistics: area of each class (redline category, park, land cover) in each zone");
    cmd->add_option("project", o->project, "Project file (JSON) with a \"stats\" section; or the flags below");
    cmd->add_option("--zones", o->zones, "Zone source (basins, counties, parks): PATH or PATH|LAYER (repeatable)");
    cmd->add_option("--zone-field", o->zoneFields, "Field holding the zone value (once, or per --zones)");
    cmd->add_option("--zone-name", o->zoneNames, "Name of the zone layer in outputs (default: the field)");
    cmd->add_option("--classes", o->classes, "Class source (redlines, parks) (repeatable)");
    cmd->add_option("--class-field", o->classFields, "Field holding the class (once, or per --classes)");
    cmd->add_option("--class", o->fixedClasses, "Fixed class for a whole layer (instead of --class-field)");
    cmd->add_option("--class-name", o->classNames, "Name of the class layer in outputs (default: the field)");
    cmd->add_option("--raster", o->raster, "Class raster (land cover), counted by ellipsoidal pixel area");
    cmd->add_option("--raster-classes", o->rasterClasses,
                    "Class table: CSV value,class; JSON {\"10\":\"water\"}; or 10=water,20=forest");
    cmd->add_option("--raster-name", o->rasterName, "Name of the raster class layer (default: the file name)");
    cmd->add_option("--raster-crs", o->rasterCrs, "CRS of a raster that has none");
    cmd->add_option("--band", o->band, "Raster band (default 1)")->check(CLI::PositiveNumber);
    cmd->add_option("--analysis-crs", o->analysisCrs, "CRS of the overlay (default: the zones' geographic CRS)");
    cmd->add_option("--threads", o->threads, "Worker threads, 0 = all cores (the default)")->check(CLI::Range(0, 4096));
    cmd->add_option("--out", o->out,
                    "Output: FILE.csv|.json|.xlsx|.gpkg|.svg|.png, or a directory for all of them (repeatable)");
    cmd->add_option("--layout", o->layout, "Layout of a .csv output")->check(CLI::IsMember({"long", "crosstab"}));
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar and no summary");
    return [o]() {
        analysis::Project project = buildProject(*o);
        protectTheProjectsLayers(project);
        std::vector<std::filesystem::path> targets(o->out.begin(), o->out.end());
        if (targets.empty()) {
            const auto stats = analysis::resolvedStats(project);
            if (stats.output.empty()) {
                throw UsageError("no output: give --out FILE|DIR (or \"output\" in the project's \"stats\" section)");
            }
            targets.push_back(stats.output);
        }
        report::probeStatsOutputs(targets);
        TerminalProgress progress(!o->quiet);
        const analysis::StatsResult stats = analysis::computeZonalStats(project, progress);
        report::StatsOutputOptions options;
        options.crossTableCsv = o->layout == "crosstab";
        const auto written = report::writeStatsOutputs(stats, targets, options);
        progress.done();
        // A zone or class feature left out moves its area to "(outside all zones)" or out of the
        // table: named on stderr as check names them, -q or not.
        warnAboutInputs(stats.context, "zone or class", "the notes sheet");
        if (!o->quiet) printSummary(stats, written);
        return kExitOk;
    };
}

}  // namespace redline::cli
