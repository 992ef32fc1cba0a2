// SPDX-License-Identifier: MIT
// Exit codes of the redline command (documented in docs/cli.md).
#pragma once

namespace redline::cli {

inline constexpr int kExitOk = 0;             // the run completed (conflicts or not)
inline constexpr int kExitInputError = 1;     // bad input: file, layer, field, CRS, project or rules file
inline constexpr int kExitUsage = 2;          // bad command line
inline constexpr int kExitOutputError = 3;    // the output could not be written
inline constexpr int kExitInternalError = 4;  // an unexpected failure (a bug: please report it)
inline constexpr int kExitConflicts = 5;      // with --fail-on-conflict: a subject in conflict or not checked
inline constexpr int kExitCancelled = 130;    // cancelled (Ctrl-C)

}  // namespace redline::cli
