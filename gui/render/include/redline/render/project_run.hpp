// SPDX-License-Identifier: MIT
// A project checked and ready to draw and report, without any window: the project's map
// layers loaded and styled as the viewer shows them, the conflict check run, its conflicts as
// a map layer, and the full results of the subjects in conflict or in error (for atlas pages
// and report tables). What `redline map` and `redline report` start from.
//
//   render::ProjectRun run = render::runProject(analysis::loadProject(file), feedback);
#pragma once

#include <QStringList>
#include <memory>
#include <vector>

#include "redline/analysis/conflict_check.hpp"
#include "redline/render/check_outcome.hpp"
#include "redline/render/project_layers.hpp"
#include "redline/render/styled_layer.hpp"
#include "redline/util/feedback.hpp"

namespace redline::render {

// A report lists the clear subjects when there are few of them (one site checked for a project):
// the run keeps the first this many, in input order, without their geometry or attributes.
constexpr std::size_t kClearSubjectsKept = 1000;

struct ProjectRun {
    std::shared_ptr<analysis::ConflictCheck> check;  // project, context (categories, inputs, rules)
    std::shared_ptr<const crs::Crs> mapCrs;
    std::vector<StyledLayer> layers;  // the project's layers, bottom first, then the conflicts
    QStringList layerNames;
    std::vector<LayerRole> roles;
    std::vector<io::SourceSpec> sources;              // of each layer (empty for the conflicts)
    CheckOutcome outcome;                             // rows and the conflicts layer (map CRS)
    std::vector<analysis::SubjectResult> conflicted;  // in input order, geometry in the analysis CRS
    // Per subject in conflict, per zone layer: its counted conflict area by zone (taken while the
    // overlaps still have their geometries, which the conflicts layer then takes).
    std::vector<std::vector<std::vector<analysis::ZoneConflictPart>>> conflictByZone;
    std::vector<analysis::SubjectResult> failed;        // subjects in error (no geometry)
    std::vector<analysis::SubjectResult> clear;         // the first kClearSubjectsKept clear subjects
    std::vector<analysis::LoadProblem> subjectRepairs;  // subjects checked after a repair
    std::map<analysis::Severity, int> bySeverity;       // subjects in conflict by worst severity

    [[nodiscard]] const analysis::CheckContext& context() const { return check->context(); }
    [[nodiscard]] const analysis::Project& project() const { return check->project(); }
    [[nodiscard]] Box fullExtent() const;  // the visible layers (never the map section's saved view)
    [[nodiscard]] const StyledLayer* layerWithRole(LayerRole role) const;
    // The subjects in conflict as atlas pages and report sections list them: most severe first,
    // then the largest conflict (the order of the viewer's conflicts panel).
    [[nodiscard]] std::vector<const analysis::SubjectResult*> conflictsBySeverity() const;
    // Transforms a geometry from the analysis CRS into the map CRS (a copy).
    [[nodiscard]] std::shared_ptr<const VectorLayer> subjectOutline(const analysis::SubjectResult& subject) const;
};

// Throws InputError/CrsError/ProjectFileError naming the file, Cancelled.
[[nodiscard]] ProjectRun runProject(analysis::Project project, Feedback& feedback);

}  // namespace redline::render
