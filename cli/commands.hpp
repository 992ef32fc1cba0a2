// SPDX-License-Identifier: MIT
// The subcommands of `redline`. Each registers its options on the app and returns a runner
// that yields the exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace redline::cli {

using Runner = std::function<int()>;

Runner addCheckCommand(CLI::App& app);
Runner addValidateCommand(CLI::App& app);
Runner addInfoCommand(CLI::App& app);
Runner addStatsCommand(CLI::App& app);
#ifdef REDLINE_HAVE_RENDER
Runner addMapCommand(CLI::App& app);
Runner addReportCommand(CLI::App& app);
#endif

}  // namespace redline::cli
