// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>

#include "repeated_ids_p.hpp"

namespace redline::analysis::detail {

RepeatedIds::RepeatedIds(std::int64_t expected) {
    // A count is the source's word (a shapefile's header may claim anything): capped.
    constexpr std::int64_t kMostReserved = 4'000'000;
    if (expected > 0) firstFid_.reserve(static_cast<std::size_t>(std::min(expected, kMostReserved)));
}

void RepeatedIds::see(LoadedFeature& feature) {
    const auto [it, first] = firstFid_.try_emplace(feature.id, feature.fid);
    if (first) return;
    feature.notes.push_back(fmt::format("id {} repeats that of fid {}", feature.id, it->second));
    if (summary_.count++ == 0) {
        summary_.firstId = feature.id;
        summary_.firstFid = it->second;
        summary_.repeatFid = feature.fid;
    }
}

}  // namespace redline::analysis::detail
