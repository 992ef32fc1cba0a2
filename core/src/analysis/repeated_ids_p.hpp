// SPDX-License-Identifier: MIT
// Subjects whose id an earlier subject already had. Their rows in subjects.csv could not be
// told apart (the CSV has no fid), so each repeat gets a note naming the first holder's fid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "redline/analysis/conflict_check.hpp"
#include "redline/analysis/feature_reader.hpp"

namespace redline::analysis::detail {

class RepeatedIds {
  public:
    RepeatedIds() = default;
    // Room for `expected` ids up front (the source's feature count): growing the table rehashed
    // every id seen so far, on the one thread that reads.
    explicit RepeatedIds(std::int64_t expected);
    // Called in reading order; adds the note to `feature` when its id was seen before.
    void see(LoadedFeature& feature);
    [[nodiscard]] const RepeatedIdSummary& summary() const { return summary_; }

  private:
    // An open-addressing table of the ids seen (their hash, and their number in the order seen),
    // the ids themselves end to end: a node and a string per id in std::unordered_map cost the
    // reading thread 1 % of a run's CPU at 300,000 subjects, mostly cache misses.
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t seen = 0;  // 1 + the id's number; 0: empty
    };
    [[nodiscard]] std::string_view idOf(std::uint32_t number) const {
        return std::string_view(ids_).substr(idStart_[number], idStart_[number + 1] - idStart_[number]);
    }
    void grow(std::size_t slots);

    std::vector<Slot> slots_;              // a power of two, at most half full
    std::string ids_;                      // every id seen, end to end
    std::vector<std::size_t> idStart_{0};  // where id i starts in ids_ (and one past the last)
    std::vector<std::int64_t> fids_;       // the fid of id i's first holder
    RepeatedIdSummary summary_;
};

}  // namespace redline::analysis::detail
