// SPDX-License-Identifier: MIT
// Zoning statistics (docs/stats.md): for every zone × class, the ellipsoidal area of
// zone ∩ union(class), with totals, the part outside every zone, and raster classes by zone
// with pixels weighted by their true area and the fraction the zone covers.
//   analysis::StatsResult stats = analysis::computeZonalStats(analysis::loadProject("p.json"), feedback);
#pragma once

#include "redline/analysis/project.hpp"
#include "redline/analysis/stats_result.hpp"
#include "redline/util/feedback.hpp"

namespace redline::analysis {

// Computes the project's statistics (resolvedStats(project)). Throws InputError, CrsError or
// ProjectFileError for bad inputs, Cancelled when cancelled.
[[nodiscard]] StatsResult computeZonalStats(const Project& project, Feedback& feedback);

}  // namespace redline::analysis
