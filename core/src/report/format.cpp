// SPDX-License-Identifier: MIT
#include "format_p.hpp"

namespace redline::report::detail {

std::string describeFeatures(const analysis::CheckContext& ctx, const std::vector<analysis::FeatureArea>& features) {
    std::string out;
    for (const auto& f : features) {
        const auto& info = ctx.constraintFeatures[f.feature];
        out += (out.empty() ? "" : "; ") + info.id + (info.name.empty() ? "" : " " + info.name);
    }
    return out;
}

std::string joinNotes(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
    return out;
}

std::string columnName(const std::string& base, const std::string& suffix) {
    std::string name;
    for (char c : base) {
        const auto u = static_cast<unsigned char>(c);
        // Keep letters, digits, '_' and all non-ASCII bytes (Chinese names stay readable).
        name += (u >= 0x80 || std::isalnum(u) || c == '_') ? c : '_';
    }
    return suffix.empty() ? name : name + "_" + suffix;
}

}  // namespace redline::report::detail
