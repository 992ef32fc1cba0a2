// SPDX-License-Identifier: MIT
#include <tbb/task_group.h>

#include "redline/report/result_writers.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::report {

CheckOutputs::CheckOutputs(const std::filesystem::path& directory, const OutputOptions& options) : staged_(directory) {
    sinks_.push_back(makeGpkgWriter(staged_.file("result.gpkg")));
    sinks_.push_back(makeCsvWriter(staged_.file("subjects.csv")));
    sinks_.push_back(makeJsonWriter(staged_.file("result.json")));
    if (options.shapefiles) {
        sinks_.push_back(makeShapefileWriter(staged_.file(""), options.shapefileEncoding, staged_.finalDirectory()));
    }
}

void CheckOutputs::begin(const analysis::CheckContext& context) {
    for (auto& s : sinks_) s->begin(context);
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
    group.wait();
}

void CheckOutputs::finish() {
    for (auto& s : sinks_) s->finish();
    sinks_.clear();
    staged_.commit();
}

}  // namespace redline::report
