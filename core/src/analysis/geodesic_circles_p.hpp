// SPDX-License-Identifier: MIT
// Points buffered by geodesic circles, vertices placed with PROJ's geod_direct (setting up a local
// projection for every point cost 2–4 ms, many times the rest of the check for a site). The
// vertices are so many that a chord falls at most 1 cm inside the circle, and they lie just
// outside it (by two thirds of that gap, 6.7 mm) so that the polygon's area is the
// circle's, π r², and its edge crosses the circle rather than running inside it.
#pragma once

#include <geodesic.h>
#include <ogr_geometry.h>

#include "redline/crs/crs.hpp"
#include "redline/crs/transformer.hpp"

namespace redline::analysis::detail {

// Vertices of the polygon standing for a circle of radius `metres` (a multiple of 4, 64–8192).
[[nodiscard]] int circleVertexCount(double metres);
// The circumradius that gives a regular polygon of `vertices` the area of a circle of `metres`.
[[nodiscard]] double equalAreaVertexRadius(double metres, int vertices);

class GeodesicCircles {
  public:
    // `analysisCrs`: the CRS of the points and of the circles (geographic or projected).
    explicit GeodesicCircles(const crs::Crs& analysisCrs);
    // The circle around `p` as a polygon; throws CrsError when `p` cannot be located.
    [[nodiscard]] OGRGeometryUniquePtr around(const OGRPoint& p, double metres) const;

  private:
    geod_geodesic geodesic_{};
    crs::CtPtr toLonLat_, fromLonLat_;  // null for a geographic analysis CRS
};

}  // namespace redline::analysis::detail
