// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "repeated_ids_p.hpp"

namespace redline::analysis::detail {

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
