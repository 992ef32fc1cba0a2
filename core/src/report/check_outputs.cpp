// SPDX-License-Identifier: MIT
#include <tbb/task_group.h>

#include "redline/report/result_writers.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::report {

CheckOutputs::CheckOutputs(const std::filesystem::path& directory, const OutputOptions& options) : staged_(directory) {
    sinks_.push_back(makeGpkgWriter(staged_.file("result.gpkg")));
    sinks_.push_back(makeCsvWriter(staged_.file("subjects.csv")));
    sinks_.push_back(makeJsonWriter(staged_.file("result.json")));
    if (options.shapefiles) sinks_.push_back(makeShapefileWriter(staged_.file(""), options.shapefileEncoding));
}

// Each step names the files where they will be, not in the staging directory.
void CheckOutputs::begin(const analysis::CheckContext& context) {
    staged_.reportingFinalPaths([&] {
        for (auto& s : sinks_) s->begin(context);
    });
}

void CheckOutputs::write(std::vector<analysis::SubjectResult>& batch) {
    // The files are independent: each is written by its own task.
    tbb::task_group group;
    for (auto& s : sinks_) {
        group.run([&s, &batch] {
            timing::PhaseScope timed(timing::Phase::Write);
            s->write(batch);
        });
    }
    timing::PhaseScope waiting(timing::Phase::Wait);
    staged_.reportingFinalPaths([&] { group.wait(); });
}

void CheckOutputs::finish() {
    staged_.reportingFinalPaths([&] {
        for (auto& s : sinks_) {
            s->finish();
            for (std::string& w : s->warnings()) warnings_.push_back(std::move(w));
        }
        sinks_.clear();
    });
    staged_.commit();
}

}  // namespace redline::report
