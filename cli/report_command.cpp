// SPDX-License-Identifier: MIT
// `redline report`: the conflict report as standalone HTML, PDF or XLSX tables, headless.
#include <fmt/format.h>

#include <QString>
#include <charconv>
#include <system_error>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "finite_number.hpp"
#include "offscreen_qt.hpp"
#include "progress_bar.hpp"
#include "redline/io/staged_directory.hpp"
#include "redline/render/report_builder.hpp"
#include "usage_error.hpp"

namespace redline::cli {
namespace {

struct ReportOptions {
    std::vector<std::string> out;
    std::string project, title, lang;
    std::string subjectPages;  // a count or "all"; empty: the default
    bool noSubjects = false, noPoints = false, noStats = false, quiet = false;
    double mapDpi = 200;
};

std::size_t subjectPageCount(const std::string& text) {
    if (text.empty()) return render::kDefaultSubjectPages;
    if (text == "all") return render::kAllSubjectPages;
    std::size_t count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw UsageError(fmt::format("--subject-pages {}: give a number of subjects or \"all\"", text));
    }
    return count;
}

}  // namespace

Runner addReportCommand(CLI::App& app) {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* cmd =
        app.add_subcommand("report", "Write the conflict report (HTML, PDF, XLSX tables), without a display");
    cmd->add_option("project", o->project, "Project file (JSON)")->required();
    cmd->add_option("--out", o->out, "Output file: .html, .pdf or .xlsx (repeatable: one check, several files)")
        ->required();
    cmd->add_option("--title", o->title, "Report title (default: the project's name)");
    cmd->add_option("--lang", o->lang, "Language: zh_CN or en (default: the system's)")
        ->check(CLI::IsMember({"zh_CN", "zh", "en"}));
    auto* pages = cmd->add_option("--subject-pages", o->subjectPages,
                                  fmt::format("Detail at most N subjects in conflict, the most severe and largest "
                                              "first, with a map each; \"all\" for every one (default {})",
                                              render::kDefaultSubjectPages));
    cmd->add_flag("--no-subject-pages", o->noSubjects, "Leave out the details per subject in conflict")
        ->excludes(pages);
    cmd->add_flag("--no-boundary-points", o->noPoints, "Leave out the 界址点 tables");
    cmd->add_flag("--no-stats", o->noStats, "Leave out the zoning statistics");
    cmd->add_option("--map-dpi", o->mapDpi, "Resolution of the embedded maps (default 200)")
        ->check(finiteIn(50.0, 300.0));
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar");
    return [o]() {
        for (const auto& f : o->out) {
            std::string ext = std::filesystem::path(f).extension().string();
            for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (ext != ".html" && ext != ".htm" && ext != ".pdf" && ext != ".xlsx")
                throw UsageError(fmt::format("--out {}: give a .html, .pdf or .xlsx file", f));
        }
        for (const auto& f : o->out) io::StagedDirectory::probe(io::StagedDirectory::folderOf(f));
        const std::size_t subjectPages = o->noSubjects ? 0 : subjectPageCount(o->subjectPages);
        TerminalProgress progress(!o->quiet);
        render::ProjectRun run = checkProjectOffscreen(o->project, progress, 60);
        render::ReportRequest request;
        request.title = QString::fromStdString(o->title);
        request.language = QString::fromStdString(outputLanguage(o->lang));
        request.subjectPages = subjectPages;
        request.boundaryPoints = !o->noPoints;
        request.statistics = !o->noStats;
        request.mapDpi = o->mapDpi;
        SubFeedback building(progress, 60, 95);
        const report::ReportDocument document = render::buildReport(run, request, building);
        render::writeReports(document, {o->out.begin(), o->out.end()});
        progress.done();
        if (!o->quiet) fmt::print("report → {}\n", fmt::join(o->out, ", "));
        return kExitOk;
    };
}

}  // namespace redline::cli
