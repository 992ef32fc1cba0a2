// SPDX-License-Identifier: MIT
// The project: which layers play which role, with fields, rules and settings. Read from the
// project JSON file (docs/project-file.md) or assembled from command-line flags.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/rules.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/io/source_spec.hpp"

namespace redline::analysis {

struct LayerSpec {
    io::SourceSpec source;
    std::string idField;
    std::string nameField;
    std::string categoryField;  // constraints: the field holding the category
    std::string category;       // constraints: a fixed category for the whole layer
    std::string zoneName;       // zones: the key in results ("basin")
    std::string zoneField;      // zones: the field holding the zone value
    double bufferM = 0;         // subjects: buffer for point and line features
    std::optional<crs::DatumTransform> datumTransform;
    std::string jsonPath;  // where this layer is defined, for messages ("$.subjects")
};

struct Project {
    std::filesystem::path file;  // empty when built from flags
    std::string name;
    std::string analysisCrs;  // empty: the geographic CRS of the subjects' datum
    double minAreaM2 = 1.0;
    int threads = 0;  // 0: all cores
    LayerSpec subjects;
    std::vector<LayerSpec> constraints;
    std::vector<LayerSpec> zones;
    Rules rules;
    std::filesystem::path output;
};

// Reads and validates a project file; relative paths are resolved against its directory.
// Throws ProjectFileError with the file and JSON path.
[[nodiscard]] Project loadProject(const std::filesystem::path& file);

// Checks a project assembled by other means (flags): required roles and fields present.
void validateProject(const Project& project);

}  // namespace redline::analysis
