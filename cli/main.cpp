// SPDX-License-Identifier: MIT
// redline: conflict checks of planning layers against ecological redlines and control zones.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress_bar.hpp"
#include "redline/io/encoding.hpp"
#include "redline/util/error.hpp"
#include "redline_version.hpp"
#include "usage_error.hpp"

namespace {
// Messages may quote attribute text read with a wrong encoding: never print invalid UTF-8.
void fail(const char* message, const char* hint = nullptr) {
    fmt::print(stderr, "redline: error: {}{}\n", redline::io::replaceInvalidUtf8(message),
               hint != nullptr ? std::string(" (") + hint + ")" : "");
}
}  // namespace

int main(int argc, char** argv) {
    using namespace redline;
    // First: a Ctrl-C while the command line is read must cancel too, not kill the process.
    cli::installInterruptHandler();
    CLI::App app{
        "Redline: overlay project sites and parks on ecological redlines and control zones, with exact "
        "ellipsoidal areas (m², ha, 亩)."};
    app.set_version_flag("--version", std::string("redline ") + REDLINE_VERSION);
    app.require_subcommand(1);
    std::map<CLI::App*, cli::Runner> runners;
    for (auto add : {&cli::addCheckCommand, &cli::addStatsCommand, &cli::addValidateCommand, &cli::addInfoCommand
#ifdef REDLINE_HAVE_RENDER
                     ,
                     &cli::addMapCommand, &cli::addReportCommand
#endif
         }) {
        const std::size_t before = app.get_subcommands({}).size();
        cli::Runner runner = add(app);
        runners[app.get_subcommands({}).at(before)] = std::move(runner);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? cli::kExitOk : cli::kExitUsage;
    }
    try {
        for (auto* sub : app.get_subcommands()) return runners.at(sub)();
        return cli::kExitUsage;
    } catch (const Cancelled&) {
        std::fputs("\nredline: cancelled; no output was written\n", stderr);
        return cli::kExitCancelled;
    } catch (const cli::UsageError& e) {
        fail(e.what(), "see redline --help");
        return cli::kExitUsage;
    } catch (const OutputError& e) {
        fail(e.what());
        return cli::kExitOutputError;
    } catch (const InputError& e) {
        fail(e.what());
        return cli::kExitInputError;
    } catch (const CrsError& e) {
        fail(e.what());
        return cli::kExitInputError;
    } catch (const ProjectFileError& e) {
        fail(e.what());
        return cli::kExitInputError;
    } catch (const std::exception& e) {
        fmt::print(stderr, "redline: internal error: {}\n", io::replaceInvalidUtf8(e.what()));
        return cli::kExitInternalError;
    }
}
