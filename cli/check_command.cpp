// SPDX-License-Identifier: MIT
// `redline check`: the conflict check from a project file or from flags.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "finite_number.hpp"
#include "flag_pairs.hpp"
#include "progress_bar.hpp"
#include "redline/analysis/conflict_check.hpp"
#include "redline/io/input_files.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "summary_sink.hpp"
#include "timings_report.hpp"
#include "usage_error.hpp"

namespace redline::cli {
namespace {

struct CheckOptions {
    std::string project;
    std::string subjects;
    std::vector<std::string> constraints, categoryFields, categories, zones, zoneFields, zoneNames;
    std::string rules, idField, nameField, analysisCrs, out, timings;
    // --category-field and --category both given: each paired with the --constraints before it
    // (from the command line's order), "" where a layer has the other one.
    std::optional<std::pair<std::vector<std::string>, std::vector<std::string>>> pairedCategories;
    double buffer = -1, minArea = -1;
    int threads = -1;
    bool quiet = false, failOnConflict = false;
    report::OutputOptions output;
};

analysis::Project buildProject(const CheckOptions& o) {
    analysis::Project p;
    if (!o.project.empty()) {
        if (!o.subjects.empty() || !o.constraints.empty() || !o.zones.empty()) {
            throw UsageError("give either a project file or --subjects/--constraints/--zones, not both");
        }
        p = analysis::loadProject(o.project);
    } else {
        if (o.subjects.empty()) throw UsageError("give a project file, or --subjects and --constraints");
        if (o.constraints.empty()) throw UsageError("--constraints is required without a project file");
        p.name = "redline check";
        p.subjects.source = io::SourceSpec::parse(o.subjects);
        p.subjects.idField = o.idField;
        p.subjects.nameField = o.nameField;
        for (std::size_t i = 0; i < o.constraints.size(); ++i) {
            analysis::LayerSpec c;
            c.source = io::SourceSpec::parse(o.constraints[i]);
            if (o.pairedCategories) {
                c.categoryField = o.pairedCategories->first[i];
                c.category = o.pairedCategories->second[i];
            } else {
                c.categoryField = pick(o.categoryFields, i, o.constraints.size(), "--category-field");
                c.category = pick(o.categories, i, o.constraints.size(), "--category");
            }
            // As for stats: "-" marks a layer the other flag applies to.
            if (c.categoryField == "-") c.categoryField.clear();
            if (c.category == "-") c.category.clear();
            if (!c.categoryField.empty() && !c.category.empty()) {
                throw UsageError(fmt::format("{}: give --category-field or --category, not both", c.source.label()));
            }
            p.constraints.push_back(std::move(c));
        }
        for (std::size_t i = 0; i < o.zones.size(); ++i) {
            analysis::LayerSpec z;
            z.source = io::SourceSpec::parse(o.zones[i]);
            z.zoneField = pick(o.zoneFields, i, o.zones.size(), "--zone-field");
            z.zoneName = pick(o.zoneNames, i, o.zones.size(), "--zone-name");
            if (z.zoneName.empty()) z.zoneName = z.zoneField;
            p.zones.push_back(std::move(z));
        }
        if (!o.rules.empty()) p.rules = analysis::loadRules(o.rules);
    }
    if (!o.rules.empty() && !o.project.empty()) p.rules = analysis::loadRules(o.rules);
    if (!o.idField.empty()) p.subjects.idField = o.idField;
    if (!o.nameField.empty()) p.subjects.nameField = o.nameField;
    if (o.buffer >= 0) p.subjects.bufferM = o.buffer;
    if (!o.analysisCrs.empty()) p.analysisCrs = o.analysisCrs;
    if (o.minArea >= 0) p.minAreaM2 = o.minArea;
    if (o.threads >= 0) p.threads = o.threads;
    if (!o.out.empty()) p.output = o.out;
    if (p.output.empty()) throw UsageError("no output directory: give --out DIR (or \"output\" in the project file)");
    if (o.project.empty()) {
        for (const auto& c : p.constraints) {
            if (c.categoryField.empty() && c.category.empty()) {
                throw UsageError(fmt::format("{}: give --category-field (or --category)", c.source.label()));
            }
        }
        for (const auto& z : p.zones) {
            if (z.zoneField.empty()) throw UsageError(fmt::format("{}: give --zone-field", z.source.label()));
        }
    }
    analysis::validateProject(p);
    return p;
}

// Each --category-field or --category given after a --constraints belongs to that layer, as a
// planner writes "--constraints a.shp --category-field 类别 --constraints b.geojson --category
// water_source". Only when both flags are given (one alone keeps "once for all, or once per
// layer") and each follows its own layer; else both count per layer, with "-" where one does not
// apply, as for stats.
// --timings names a file the run reads, or one it writes: refused before anything runs. It was
// opened directly, past the staged outputs' checks, and replaced the project file, a layer or
// result.json without a word.
void refuseTimingsOverTheRunsFiles(const std::string& timings, const analysis::Project& p,
                                   const std::string& projectFile) {
    namespace fs = std::filesystem;
    if (!projectFile.empty()) io::registerInputFile(projectFile);
    io::registerInputFile(p.subjects.source.path);
    for (const auto* layers : {&p.constraints, &p.zones})
        for (const auto& l : *layers) io::registerInputFile(l.source.path);
    if (!p.rules.source.empty() && p.rules.source != "inline") io::registerInputFile(p.rules.source);
    if (io::isInputFile(timings)) {
        throw OutputError(
            fmt::format("--timings {}: is an input of this run and would be replaced; give another "
                        "file name",
                        timings));
    }
    std::error_code ec;
    const fs::path file = fs::weakly_canonical(timings, ec), out = fs::weakly_canonical(p.output, ec);
    if (file == out) throw UsageError(fmt::format("--timings {}: is the output directory; give a file name", timings));
    static const std::set<std::string> kOutputs{
        "result.gpkg",   "subjects.csv",  "result.json",   "shapefile_fields.csv", "conflicts.shp",
        "conflicts.shx", "conflicts.dbf", "conflicts.prj", "conflicts.cpg",        "subjects.shp",
        "subjects.shx",  "subjects.dbf",  "subjects.prj",  "subjects.cpg"};
    if (file.parent_path() == out && kOutputs.count(file.filename().string()) != 0) {
        throw UsageError(fmt::format("--timings {}: is one of the run's own outputs; give another file name", timings));
    }
}

void pairCategoriesByPosition(const CLI::App& cmd, CheckOptions& o) {
    if (o.categoryFields.empty() || o.categories.empty()) return;
    std::vector<std::string> fields(o.constraints.size()), fixed(o.constraints.size());
    std::size_t layers = 0, fieldsSeen = 0, fixedSeen = 0;
    for (const CLI::Option* opt : cmd.parse_order()) {
        const std::string name = opt->get_name();
        if (name == "--constraints") {
            ++layers;
        } else if (name == "--category-field" || name == "--category") {
            const bool field = name == "--category-field";
            std::size_t& seen = field ? fieldsSeen : fixedSeen;
            const auto& values = field ? o.categoryFields : o.categories;
            if (layers == 0 || layers > o.constraints.size() || seen >= values.size()) return;
            std::string& slot = field ? fields[layers - 1] : fixed[layers - 1];
            if (!slot.empty()) return;  // not one per layer in order: "once per layer" by count, with "-"
            slot = values[seen++];
        }
    }
    if (layers != o.constraints.size() || fieldsSeen != o.categoryFields.size() || fixedSeen != o.categories.size())
        return;
    o.pairedCategories = std::make_pair(std::move(fields), std::move(fixed));
}

}  // namespace

Runner addCheckCommand(CLI::App& app) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand("check", "Check subjects (sites, parks) against constraint layers");
    cmd->add_option("project", o->project, "Project file (JSON); or give the layers with the flags below");
    cmd->add_option("--subjects", o->subjects, "Subjects source: PATH, PATH|LAYER, PATH|encoding=CP936|crs=EPSG:4490");
    cmd->add_option("--constraints", o->constraints, "Constraint source (repeatable)");
    cmd->add_option("--category-field", o->categoryFields,
                    "Field holding each constraint's category (once, or per --constraints)");
    cmd->add_option("--category", o->categories,
                    "Fixed category for a whole constraint layer (instead of --category-field)");
    cmd->add_option("--zones", o->zones, "Zone source for attribution, e.g. basins or counties (repeatable)");
    cmd->add_option("--zone-field", o->zoneFields, "Field holding the zone value (once, or per --zones)");
    cmd->add_option("--zone-name", o->zoneNames, "Name of the zone layer in results (default: the field name)");
    cmd->add_option("--rules", o->rules, "Rules file (JSON): severity, priority, buffer per category");
    cmd->add_option("--id-field", o->idField, "Subjects' id field (default: the feature id)");
    cmd->add_option("--name-field", o->nameField, "Subjects' name field");
    cmd->add_option("--buffer", o->buffer, "Buffer in metres for point and line subjects")->check(finiteNonNegative());
    cmd->add_option("--analysis-crs", o->analysisCrs, "CRS of the overlay (default: the subjects' geographic CRS)");
    cmd->add_option("--min-area", o->minArea, "Minimum overlap in m² that counts as a conflict (default 1)")
        ->check(finiteNonNegative());
    cmd->add_option("--threads", o->threads, "Worker threads, 0 = all cores (the default)")->check(CLI::Range(0, 4096));
    cmd->add_option("--out", o->out, "Output directory (result.gpkg, subjects.csv, result.json)");
    cmd->add_flag("--shapefile", o->output.shapefiles, "Also write conflicts.shp and subjects.shp (CP936 with .cpg)");
    cmd->add_option("--shapefile-encoding", o->output.shapefileEncoding, "Attribute encoding of the Shapefiles")
        ->check(CLI::IsMember({"CP936", "GB18030", "UTF-8"}));
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar and no summary");
    cmd->add_option("--timings", o->timings,
                    "Write where the time went (wall per step, CPU per phase) to this JSON file");
    cmd->add_flag("--fail-on-conflict", o->failOnConflict,
                  "Exit with code 5 when any subject is in conflict or could not be checked");
    return [o, cmd]() {
        pairCategoriesByPosition(*cmd, *o);
        if (!o->timings.empty()) {
            const auto parent = std::filesystem::absolute(o->timings).parent_path();
            if (!std::filesystem::is_directory(parent)) {
                throw UsageError(
                    fmt::format("--timings {}: the directory {} does not exist", o->timings, parent.string()));
            }
            // Found out only after the results were in place, it left them behind a failed run.
            const bool exists = std::filesystem::exists(o->timings);
            if (std::filesystem::is_directory(o->timings)) {
                throw UsageError(fmt::format("--timings {}: is a directory; give a file name", o->timings));
            }
            if (::access(exists ? o->timings.c_str() : parent.c_str(), W_OK) != 0) {
                throw UsageError(fmt::format("--timings {}: cannot write {}", o->timings,
                                             exists ? "the file" : "into " + parent.string()));
            }
        }
        using Clock = std::chrono::steady_clock;
        const auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
        const Clock::time_point start = Clock::now();
        analysis::Project project = buildProject(*o);
        if (!o->timings.empty()) refuseTimingsOverTheRunsFiles(o->timings, project, o->project);
        TerminalProgress progress(!o->quiet);
        analysis::ConflictCheck check(std::move(project));
        SubFeedback preparing(progress, 0, 30);
        check.prepare(preparing);
        const double prepareS = since(start);
        const Clock::time_point checkStart = Clock::now();
        SubFeedback checking(progress, 30, 100);
        report::CheckOutputs outputs(check.project().output, o->output);
        SummarySink summary(outputs);
        check.run(summary, checking);
        progress.done();
        if (!o->timings.empty()) {
            writeTimings(o->timings, {{"prepare", prepareS}, {"check_and_write", since(checkStart)}},
                         check.context().threads);
        }
        if (!o->quiet) summary.print(check.context(), outputs.directory());
        // Most often the wrong layer or a filtered export: the outputs are right but say nothing.
        if (summary.subjects() == 0) {
            fmt::print(stderr, "warning: {} holds no subjects; nothing was checked\n",
                       check.project().subjects.source.label());
        }
        // Said even with -q: a script reading only the exit code and the terminal must not take
        // sites that were never checked for clear ones.
        if (summary.errors() > 0) {
            fmt::print(stderr, "warning: {} of {} subjects could not be checked (status error; first: {})\n",
                       summary.errors(), summary.subjects(), summary.firstError());
        }
        warnAboutInputs(check.context());
        summary.warnAboutPlacement(check.context());
        for (const std::string& w : outputs.warnings()) fmt::print(stderr, "warning: {}\n", w);
        if (const auto& repeated = check.repeatedIds(); repeated.count > 0) {
            fmt::print(stderr,
                       "warning: {} {} an id that an earlier subject has (first: {}, fids {} and {}); "
                       "result.json tells such subjects apart by fid, subjects.csv and result.gpkg's subjects "
                       "layer only by their notes, and its conflicts and pairs layers not at all\n",
                       repeated.count, repeated.count == 1 ? "subject repeats" : "subjects repeat", repeated.firstId,
                       repeated.firstFid, repeated.repeatFid);
        }
        // A gate fails on what it cannot pass: a conflict, or a subject that could not be checked.
        const int code =
            o->failOnConflict && (summary.conflicts() > 0 || summary.errors() > 0) ? kExitConflicts : kExitOk;
        // Everything is written, renamed into place and reported. Returning would free what the
        // check built and stop its threads only for the process to end: about 10 ms at benchmark
        // scale M (18 alternating pairs, since the index keeps flat rings; 15–20 ms when it held
        // GEOS geometries), skipped.
        std::fflush(nullptr);
        io::removeExtractedZips();  // the destructors that would remove them are skipped
        std::_Exit(code);
        return code;  // not reached
    };
}

}  // namespace redline::cli
