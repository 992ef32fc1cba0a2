// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <functional>

#include "repeated_ids_p.hpp"

namespace redline::analysis::detail {

RepeatedIds::RepeatedIds(std::int64_t expected) {
    // A count is the source's word (a shapefile's header may claim anything): capped; beyond it
    // the table grows.
    constexpr std::int64_t kMostReserved = 1'000'000;
    const auto ids = static_cast<std::size_t>(std::clamp<std::int64_t>(expected, 0, kMostReserved));
    grow(std::bit_ceil(std::max<std::size_t>(16, 2 * ids)));
    fids_.reserve(ids);
    idStart_.reserve(ids + 1);
}

void RepeatedIds::grow(std::size_t slots) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(slots, Slot{});
    const std::size_t mask = slots - 1;
    for (const Slot& s : old) {
        if (s.seen == 0) continue;
        std::size_t at = s.hash & mask;
        while (slots_[at].seen != 0) at = (at + 1) & mask;
        slots_[at] = s;
    }
}

void RepeatedIds::see(LoadedFeature& feature) {
    if (slots_.empty()) grow(16);
    const std::uint64_t hash = std::hash<std::string_view>{}(feature.id);
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = hash & mask;
    for (; slots_[at].seen != 0; at = (at + 1) & mask) {
        const Slot& s = slots_[at];
        if (s.hash != hash || idOf(s.seen - 1) != feature.id) continue;
        const std::int64_t firstFid = fids_[s.seen - 1];
        feature.notes.push_back(fmt::format("id {} repeats that of fid {}", feature.id, firstFid));
        if (summary_.count++ == 0) {
            summary_.firstId = feature.id;
            summary_.firstFid = firstFid;
            summary_.repeatFid = feature.fid;
        }
        return;
    }
    slots_[at] = {hash, static_cast<std::uint32_t>(fids_.size() + 1)};
    ids_ += feature.id;
    idStart_.push_back(ids_.size());
    fids_.push_back(feature.fid);
    if (2 * fids_.size() > slots_.size()) grow(2 * slots_.size());
}

}  // namespace redline::analysis::detail
