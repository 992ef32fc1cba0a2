// SPDX-License-Identifier: MIT
// Small helpers shared by the writers.
#pragma once

#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/result.hpp"

namespace redline::report::detail {

// "HX-003 长江南京段重要湿地; HX-011 …" for a list of contributing features.
std::string describeFeatures(const analysis::CheckContext& ctx, const std::vector<analysis::FeatureArea>& features);
std::string joinNotes(const std::vector<std::string>& notes);
// A field name safe for every writer: the category/zone name with unusual characters replaced.
std::string columnName(const std::string& base, const std::string& suffix);

}  // namespace redline::report::detail
