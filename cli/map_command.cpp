// SPDX-License-Identifier: MIT
// `redline map`: the project's conflict map as PNG, PDF or SVG, headless.
#include <fmt/format.h>

#include <QString>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "finite_number.hpp"
#include "offscreen_qt.hpp"
#include "progress_bar.hpp"
#include "redline/io/staged_directory.hpp"
#include "redline/render/map_export.hpp"
#include "redline/render/map_pages.hpp"
#include "redline/util/error.hpp"
#include "usage_error.hpp"

namespace redline::cli {
namespace {

struct MapOptions {
    std::string project, out, size = "A4", title, extent = "all", lang;
    double dpi = 200;
    bool landscape = false, atlas = false, boundaryPoints = false, worldFile = false, quiet = false;
};

}  // namespace

Runner addMapCommand(CLI::App& app) {
    auto o = std::make_shared<MapOptions>();
    CLI::App* cmd = app.add_subcommand("map", "Draw the project's conflict map (PNG, PDF or SVG), without a display");
    cmd->add_option("project", o->project, "Project file (JSON)")->required();
    cmd->add_option("--out", o->out, "Output file: .png, .pdf or .svg")->required();
    cmd->add_option("--dpi", o->dpi, "PNG resolution (default 200)")->check(finiteIn(30.0, 1200.0));
    cmd->add_option("--size", o->size, "Paper: A0..A6 or WIDTHxHEIGHTmm (default A4)");
    cmd->add_flag("--landscape", o->landscape, "Long side across");
    cmd->add_option("--title", o->title, "Map title (default: the project's name)");
    cmd->add_option("--extent", o->extent, "all (default), conflicts, or a subject's id");
    cmd->add_flag("--atlas", o->atlas,
                  "After the overview, one page per subject in conflict (PDF: one file; PNG/SVG: numbered files)");
    cmd->add_flag("--boundary-points", o->boundaryPoints, "Atlas: add each subject's 界址点 coordinate table");
    cmd->add_flag("--world-file", o->worldFile, "PNG: also write a .pgw world file georeferencing the page");
    cmd->add_option("--lang", o->lang, "Language of the layout: zh_CN or en (default: the system's)")
        ->check(CLI::IsMember({"zh_CN", "zh", "en"}));
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar");
    return [o]() {
        render::PageSetup setup;
        try {
            setup = render::PageSetup::parse(o->size, o->landscape);
        } catch (const std::invalid_argument& e) {
            throw UsageError(fmt::format("--size: {}", e.what()));
        }
        setup.dpi = o->dpi;
        if (o->boundaryPoints && !o->atlas) throw UsageError("--boundary-points needs --atlas");
        // Told before the check runs, as usage errors: "x.jpg" failed at the end with exit 3, and
        // --world-file on a PDF was ignored without a word.
        std::string ext = std::filesystem::path(o->out).extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (ext != ".png" && ext != ".pdf" && ext != ".svg")
            throw UsageError(fmt::format("--out {}: the map is written as .png, .pdf or .svg", o->out));
        if (o->worldFile && ext != ".png")
            throw UsageError("--world-file georeferences a PNG page (.pgw); the output is " + ext);
        io::StagedDirectory::probe(io::StagedDirectory::folderOf(o->out));
        TerminalProgress progress(!o->quiet);
        render::ProjectRun run = checkProjectOffscreen(o->project, progress, 80);
        render::MapRequest request;
        request.title = QString::fromStdString(o->title);
        request.extent = QString::fromStdString(o->extent);
        request.atlas = o->atlas;
        request.boundaryPoints = o->boundaryPoints;
        request.language = QString::fromStdString(outputLanguage(o->lang));
        if (o->extent == "conflicts" && !(run.outcome.conflicts && run.outcome.conflicts->featureCount() > 0))
            fmt::print(stderr, "warning: no subject overlaps a constraint; the map shows the whole project\n");
        std::vector<render::LayoutPage> pages;
        try {
            pages = render::buildMapPages(run, request);
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
        render::ExportOptions options;
        options.documentTitle = pages.empty() ? QString() : std::get<render::MapPage>(pages.front()).title;
        options.worldFile = o->worldFile;
        options.progress = [&](int done, int total) {
            progress.setStep("drawing pages");
            progress.setProgress(80 + 20.0 * done / total);
            progress.throwIfCanceled();
        };
        const auto written =
            render::exportPages(o->out, pages, setup, render::LayoutText::forLanguage(request.language), options);
        progress.done();
        if (!o->quiet) {
            const auto pagesWritten = written.size();
            fmt::print("{} page{} → {}\n", pagesWritten, pagesWritten == 1 ? "" : "s",
                       written.size() > 1 && written.front().file != written.back().file
                           ? fmt::format("{} … {}", written.front().file.string(), written.back().file.string())
                           : written.front().file.string());
        }
        return kExitOk;
    };
}

}  // namespace redline::cli
