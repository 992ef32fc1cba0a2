// SPDX-License-Identifier: MIT
#include "redline/analysis/severity.hpp"

namespace redline::analysis {

const char* severityName(Severity s) {
    switch (s) {
        case Severity::Info:
            return "info";
        case Severity::Review:
            return "review";
        case Severity::Restricted:
            return "restricted";
        case Severity::Prohibited:
            return "prohibited";
    }
    return "review";
}

std::optional<Severity> parseSeverity(std::string_view t) {
    if (t == "prohibited" || t == "禁止") return Severity::Prohibited;
    if (t == "restricted" || t == "限制") return Severity::Restricted;
    if (t == "review" || t == "审查") return Severity::Review;
    if (t == "info" || t == "提示") return Severity::Info;
    return std::nullopt;
}

}  // namespace redline::analysis
