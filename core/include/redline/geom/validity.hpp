// SPDX-License-Identifier: MIT
// Validity checks with GEOS's reason and location, and MakeValid repair that is recorded.
#pragma once

#include <optional>
#include <string>

#include "redline/geom/geos_handles.hpp"

namespace redline::geom {

struct ValidityReport {
    bool valid = true;
    std::string reason;                          // GEOS's reason, e.g. "Self-intersection"
    std::optional<double> x, y;                  // where GEOS found the problem
    [[nodiscard]] std::string describe() const;  // "Self-intersection at (118.1, 32.0)"
};

// GEOS's verdict, except that a Polygon or MultiPolygon whose rings are proved simple and apart
// from each other (certainlyValid) is valid without asking GEOS.
[[nodiscard]] ValidityReport checkValidity(const GEOSGeometry* g);

// True when g is a Polygon or MultiPolygon proved valid by exact tests: no two segments meet
// (but consecutive ones at their vertex), holes lie in their shells and apart, parts apart.
// False means "not proved" (touching rings, rounding, other types), not "invalid".
[[nodiscard]] bool certainlyValid(const GEOSGeometry* g);

struct RepairResult {
    GeomPtr geometry;  // valid; polygonal part only when the input was polygonal
    bool repaired = false;
    std::string reason;  // why it was repaired (the validity report), empty if not
};

// Returns g unchanged when valid; otherwise GEOS MakeValid (method "structure", collapsed parts
// dropped) keeping only the polygonal part of a polygonal input, so an areal feature stays areal.
[[nodiscard]] RepairResult repairPolygonal(GeomPtr g);

}  // namespace redline::geom
