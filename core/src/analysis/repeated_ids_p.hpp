// SPDX-License-Identifier: MIT
// Subjects whose id an earlier subject already had. Their rows in subjects.csv could not be
// told apart (the CSV has no fid), so each repeat gets a note naming the first holder's fid.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

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
    std::unordered_map<std::string, std::int64_t> firstFid_;
    RepeatedIdSummary summary_;
};

}  // namespace redline::analysis::detail
