// SPDX-License-Identifier: MIT
// The files this process has read as inputs. An output must never replace one: a project whose
// output directory is its own folder would otherwise overwrite an input called subjects.csv, or
// the project file itself if it is called result.json. StagedDirectory::commit() refuses then.
#pragma once

#include <filesystem>

namespace redline::io {

// Records `file` (for a shapefile, all its parts: .shx, .dbf, .prj, .cpg and the index files).
void registerInputFile(const std::filesystem::path& file);
// Whether `file` is (the same file as) a recorded input.
[[nodiscard]] bool isInputFile(const std::filesystem::path& file);

}  // namespace redline::io
