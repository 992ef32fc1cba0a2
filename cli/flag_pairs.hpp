// SPDX-License-Identifier: MIT
// Repeated layer flags and their companions (--zones with --zone-field): one value for all
// layers, or one per layer.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "usage_error.hpp"

namespace redline::cli {

inline std::string pick(const std::vector<std::string>& values, std::size_t i, std::size_t count, const char* flag) {
    if (values.empty()) return {};
    if (values.size() == 1) return values.front();
    if (values.size() != count) {
        throw UsageError(fmt::format("{} is given {} times for {} layers: give it once or once per layer", flag,
                                     values.size(), count));
    }
    return values[i];
}

}  // namespace redline::cli
