// SPDX-License-Identifier: MIT
// Checks a site drawn or pasted in the map CRS with a prepared conflict check: the ring is
// transformed into the analysis CRS vertex by vertex and checked like any subject.
#pragma once

#include <QPolygonF>

#include "redline/analysis/conflict_check.hpp"
#include "redline/crs/crs.hpp"

namespace redline::viewer {

// Throws CrsError when the ring cannot be transformed.
[[nodiscard]] analysis::SubjectResult checkSite(const analysis::ConflictCheck& check, const QPolygonF& ring,
                                                const crs::Crs& mapCrs);

}  // namespace redline::viewer
