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
#include "redline/render/map_spec.hpp"

namespace redline::analysis {

struct LayerSpec {
    io::SourceSpec source;
    std::string idField;
    std::string nameField;
    std::string categoryField;  // constraints: the field holding the category
    std::string category;       // constraints: a fixed category for the whole layer
    std::string zoneName;       // zones: the key in results ("basin")
    std::string zoneField;      // zones: the field holding the zone value
    std::string className;      // statistics classes: the class layer's name ("redline")
    double bufferM = 0;         // subjects: buffer for point and line features
    std::optional<crs::DatumTransform> datumTransform;
    std::string jsonPath;  // where this layer is defined, for messages ("$.subjects")
};

// A raster of classes (land cover) for the zoning statistics.
struct RasterSpec {
    std::string name;  // the class layer's name ("landcover")
    std::string path;
    int band = 1;
    std::string crs;               // overrides a missing or wrong CRS
    std::optional<double> nodata;  // overrides the band's nodata value
    std::string classTable;        // a CSV/JSON file or inline "10=water,20=forest"; empty: none
    std::string jsonPath;
};

// What `redline stats` computes: class layers and rasters by zone layers.
struct StatsSpec {
    bool present = false;            // the project has a "stats" section
    std::vector<LayerSpec> zones;    // empty: the project's zones
    std::vector<LayerSpec> classes;  // empty: the project's constraints, by category
    std::vector<RasterSpec> rasters;
    std::filesystem::path output;
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
    StatsSpec stats;
    render::MapSpec map;  // the viewer's layers and styles ("map" section); ignored by the check
};

// Reads and validates a project file; relative paths are resolved against its directory.
// Throws ProjectFileError with the file and JSON path.
[[nodiscard]] Project loadProject(const std::filesystem::path& file);

// Writes `project` as a project file that loadProject() reads back to the same project; paths
// are written relative to the file's folder where they can be. Atomic: a temporary file is
// renamed over `file`. Throws OutputError naming the file.
void saveProject(const Project& project, const std::filesystem::path& file);

// Checks a project for the conflict check: subjects and constraints present, with their fields.
void validateProject(const Project& project);

// The zone and class layers of the statistics, defaults resolved (the project's zones, its
// constraints by category); throws ProjectFileError when there is nothing to compute.
[[nodiscard]] StatsSpec resolvedStats(const Project& project);

}  // namespace redline::analysis
