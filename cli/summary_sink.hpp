// SPDX-License-Identifier: MIT
// Passes results on to the output writers and keeps what the terminal summary needs.
#pragma once

#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "redline/analysis/conflict_check.hpp"

namespace redline::cli {

class SummarySink final : public analysis::ResultSink {
  public:
    explicit SummarySink(analysis::ResultSink& next) : next_(next) {}
    void begin(const analysis::CheckContext& context) override;
    void write(std::vector<analysis::SubjectResult>& batch) override;
    void finish() override { next_.finish(); }

    [[nodiscard]] std::int64_t subjects() const { return total_; }
    [[nodiscard]] std::int64_t conflicts() const { return byStatus_.count("conflict") ? byStatus_.at("conflict") : 0; }
    [[nodiscard]] std::int64_t errors() const { return byStatus_.count("error") ? byStatus_.at("error") : 0; }
    // The first subject not checked, "XM001 name: reason", for the warning.
    [[nodiscard]] std::string firstError() const { return errorLines_.empty() ? "" : errorLines_.front(); }
    void print(const analysis::CheckContext& context, const std::filesystem::path& outDir) const;
    // Said even with -q: results that point at a layer in the wrong place (a .prj with the wrong
    // central meridian or zone puts data hundreds of kilometres away, and every site is "clear").
    void warnAboutPlacement(const analysis::CheckContext& context) const;

  private:
    struct Line {
        std::string id, name, severity, categories;
        double conflictM2 = 0, pct = 0;
    };
    analysis::ResultSink& next_;
    std::map<std::string, std::int64_t> byStatus_, bySeverity_;
    std::int64_t repaired_ = 0, total_ = 0, checked_ = 0;
    std::vector<std::int64_t> inZone_;  // per zone layer, checked subjects that lie in one of its zones
    bool touchesConstraint_ = false;    // some subject overlaps or touches a constraint
    double nearestM_ = std::numeric_limits<double>::infinity();  // to any constraint, over all subjects
    std::vector<double> categoryArea_;
    std::vector<std::int64_t> categorySubjects_;
    std::vector<Line> conflictLines_;
    std::vector<std::string> errorLines_;
    std::vector<std::string> categoryNames_;
};

// The inputs' warnings (a shapefile's records marked deleted), then the features not used.
// Warns on stderr of the inputs' reading warnings and of the `kind` features left out ("constraint
// or zone"), naming the first five and where the rest are listed.
void warnAboutInputs(const analysis::CheckContext& context, std::string_view kind = "constraint or zone",
                     std::string_view listedIn = "result.gpkg's errors layer");

}  // namespace redline::cli
