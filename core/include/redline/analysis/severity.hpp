// SPDX-License-Identifier: MIT
// How serious an overlap with a control category is. Ordered: info < review < restricted < prohibited.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace redline::analysis {

enum class Severity { Info = 0, Review = 1, Restricted = 2, Prohibited = 3 };

[[nodiscard]] const char* severityName(Severity s);
// "prohibited" | "restricted" | "review" | "info" (also 禁止 / 限制 / 审查 / 提示); nullopt if unknown.
[[nodiscard]] std::optional<Severity> parseSeverity(std::string_view text);
// Severities that make a subject a conflict (all but info).
[[nodiscard]] inline bool isConflictSeverity(Severity s) { return s != Severity::Info; }

}  // namespace redline::analysis
