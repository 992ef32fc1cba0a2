// SPDX-License-Identifier: MIT
// Rules per constraint category: severity, priority, buffer distance, minimum overlap.
// Without a rules file every category is a conflict of severity `review` (see docs/project-file.md).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "redline/analysis/severity.hpp"

namespace redline::analysis {

struct CategoryRule {
    std::string label;  // readable name, e.g. 生态保护红线·核心保护区
    Severity severity = Severity::Review;
    std::optional<int> priority;      // exclusive breakdown order, lower first
    double bufferM = 0;               // "within N m" counts as a conflict
    std::optional<double> minAreaM2;  // overrides the project's minimum overlap
};

struct Rules {
    std::string name;
    std::string version;
    std::string source;  // file path, "inline", or empty when no rules were given
    CategoryRule defaults;
    std::map<std::string, CategoryRule> categories;

    // The rule for `category` (the default rule for unlisted ones), with label filled in.
    [[nodiscard]] CategoryRule ruleFor(const std::string& category) const;
};

// Reads a rules file; throws ProjectFileError naming the file and JSON path.
[[nodiscard]] Rules loadRules(const std::string& file);

}  // namespace redline::analysis
