// SPDX-License-Identifier: MIT
// What a prepared conflict check knows before the first subject: categories with their rules,
// constraint features, zone layers, the analysis CRS, inputs and problems found while loading.
// Writers use it to lay out their columns and to resolve indices in SubjectResult.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/rules.hpp"
#include "redline/crs/crs.hpp"
#include "redline/io/field_value.hpp"

namespace redline::analysis {

struct CategoryInfo {
    std::string name;
    CategoryRule rule;     // label, severity, priority, buffer, min area
    double minAreaM2 = 1;  // effective minimum overlap
    std::size_t featureCount = 0;
};

struct ConstraintFeatureInfo {
    std::string layer;  // source label
    std::string id;
    std::string name;
    std::size_t category = 0;
};

struct InputInfo {
    std::string role;  // subjects | constraints | zones
    std::string path;
    std::string label;
    std::string driver;
    std::string crs;       // label of the layer's CRS
    std::string encoding;  // e.g. "CP936 (detected from the attribute bytes)"
    std::int64_t features = 0;
    std::vector<std::string> notes;
    std::vector<std::string> warnings;  // also among the notes: what the planner must hear of
};

struct LoadProblem {
    std::string layer;
    std::int64_t fid = -1;
    std::string id;
    std::string kind;  // "repaired" | "skipped" | "error"
    std::string message;

    // "redlines.shp fid 2 (HX-003): the category field is empty; …", as the CLI and viewer name it.
    [[nodiscard]] std::string describe() const {
        return layer + " fid " + std::to_string(fid) + (id.empty() ? "" : " (" + id + ")") + ": " + message;
    }
};

struct CheckContext {
    std::string projectName;
    std::optional<crs::Crs> analysisCrs;
    double minAreaM2 = 1;
    int threads = 1;
    Rules rules;
    std::vector<CategoryInfo> categories;    // sorted by name
    std::vector<std::size_t> priorityOrder;  // category indices, highest priority first
    std::vector<ConstraintFeatureInfo> constraintFeatures;
    std::vector<std::string> zoneLayers;  // zone names ("basin", "county")
    std::vector<io::FieldDef> subjectFields;
    std::vector<InputInfo> inputs;
    std::vector<LoadProblem> problems;  // constraint/zone features repaired or skipped
    std::int64_t subjectCount = 0;      // as reported by the source (for progress)
};

}  // namespace redline::analysis
