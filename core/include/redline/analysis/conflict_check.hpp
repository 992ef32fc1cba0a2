// SPDX-License-Identifier: MIT
// The conflict check end to end: prepare() opens and validates every input, loads constraints
// and zones into indexes; run() streams subjects in batches through a thread pool into a
// ResultSink. Results are identical whatever the thread count.
//
//   analysis::ConflictCheck check(analysis::loadProject("project.json"));
//   check.prepare(feedback);          // throws InputError/CrsError/ProjectFileError
//   check.run(writer, feedback);      // writer: a ResultSink; throws Cancelled when cancelled
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/project.hpp"
#include "redline/analysis/result.hpp"
#include "redline/util/feedback.hpp"

namespace redline::analysis {

// The CRS the check overlays `project` in: its analysis_crs, else the geographic CRS of the
// subjects' datum, but CGCS2000 (EPSG:4490) for subjects on an old datum (Xian 1980, Beijing
// 1954) or with a datum_transform (a 4-parameter one: its target's datum). nullopt when the
// project names no analysis_crs and has no subjects, or subjects without a CRS. Opens the
// subjects; throws InputError, CrsError. (Maps of a project are drawn in it by default.)
[[nodiscard]] std::optional<crs::Crs> projectAnalysisCrs(const Project& project);

// Receives results in input order, one batch at a time, on the thread that called run().
class ResultSink {
  public:
    virtual ~ResultSink() = default;
    virtual void begin(const CheckContext& context) = 0;
    virtual void write(std::vector<SubjectResult>& batch) = 0;
    virtual void finish() = 0;
    // After finish(): what a reader of the written files should know (text a format could not hold).
    [[nodiscard]] virtual std::vector<std::string> warnings() const { return {}; }
};

// Subjects whose id an earlier subject already had (the id field is not unique), and the first
// such pair.
struct RepeatedIdSummary {
    std::int64_t count = 0;
    std::string firstId;
    std::int64_t firstFid = -1, repeatFid = -1;
};

class ConflictCheck {
  public:
    explicit ConflictCheck(Project project);
    ~ConflictCheck();
    ConflictCheck(const ConflictCheck&) = delete;
    ConflictCheck& operator=(const ConflictCheck&) = delete;

    void prepare(Feedback& feedback);
    void run(ResultSink& sink, Feedback& feedback);

    [[nodiscard]] const CheckContext& context() const;
    [[nodiscard]] const Project& project() const;
    // After run(): subjects that repeat an earlier subject's id (each also carries a note).
    [[nodiscard]] const RepeatedIdSummary& repeatedIds() const;
    // Checks one geometry given in the analysis CRS (after prepare()); for a drawn site.
    [[nodiscard]] SubjectResult checkGeometry(const GEOSGeometry* geometry) const;
    // After prepare(): a checked subject's counted conflict area by zone (SubjectChecker::splitByZone).
    [[nodiscard]] std::vector<ZoneConflictPart> splitByZone(const SubjectResult& result, std::size_t zoneLayer) const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace redline::analysis
