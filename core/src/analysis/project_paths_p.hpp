// SPDX-License-Identifier: MIT
// A path written in a project file, as the planner means it (private to the project parser).
#pragma once

#include <filesystem>
#include <string>

namespace redline::analysis::detail {

// `path` against the project's folder `base`: Windows backslashes read as folder separators, and
// a relative /vsizip/ (/vsitar/, /vsigzip/) archive relative to the project too.
[[nodiscard]] std::string resolveProjectPath(const std::filesystem::path& base, const std::string& path);

}  // namespace redline::analysis::detail
