// SPDX-License-Identifier: MIT
// The project file's "map" section (layers, styles, extent of the viewer's map), read with
// located errors and written back.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "json_object_p.hpp"
#include "redline/render/map_spec.hpp"

namespace redline::analysis::detail {

[[nodiscard]] render::MapSpec parseMapSection(const JsonObject& o, const std::filesystem::path& base);
// Paths are written relative to `base` where they can be.
[[nodiscard]] nlohmann::json mapSectionToJson(const render::MapSpec& map, const std::filesystem::path& base);

// `path` relative to `base` when it lies below or beside it; else unchanged.
[[nodiscard]] std::string relativePath(const std::string& path, const std::filesystem::path& base);

}  // namespace redline::analysis::detail
