// SPDX-License-Identifier: MIT
// The pages of a project's conflict map: the overview (all layers, the conflicts on top) and,
// for an atlas, one page per subject in conflict, zoomed to it with a margin, titled with its
// id and name, outlined, with the table of its overlaps (rounded so that rows = 合计) and
// optionally its 界址点 coordinate table on the pages after it.
#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "redline/render/map_layout.hpp"
#include "redline/render/project_run.hpp"

namespace redline::render {

struct MapRequest {
    QString title;                // empty: the project's name
    QString extent = "all";       // all | conflicts | a subject id
    std::optional<Box> box;       // overrides `extent`: this part of the map (the viewer's view)
    bool overview = true;         // the overview page
    bool atlas = false;           // a page per subject in conflict
    bool boundaryPoints = false;  // atlas: 界址点 tables after each subject's page
    QString language = "zh_CN";   // of the fixed words and table headings
    QString date;                 // empty: today
};

// Throws std::invalid_argument for an unknown subject id or an extent with nothing in it.
[[nodiscard]] std::vector<LayoutPage> buildMapPages(const ProjectRun& run, const MapRequest& request);

// One subject's atlas page (and its 界址点 page when asked).
[[nodiscard]] MapPage atlasPage(const ProjectRun& run, const analysis::SubjectResult& subject,
                                const MapRequest& request);

// The input files named on a map: file names of the project's layers.
[[nodiscard]] QStringList mapSources(const ProjectRun& run);

}  // namespace redline::render
