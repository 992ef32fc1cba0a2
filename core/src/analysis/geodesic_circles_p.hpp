// SPDX-License-Identifier: MIT
// Points buffered by geodesic circles: the vertices `metres` from the point every 360/64° of
// azimuth, where GEOS's buffer (16 segments a quadrant) in a local azimuthal equidistant
// projection centred on the point places them, computed with PROJ's geod_direct instead. Setting
// up that projection for every point cost 2–4 ms, many times the rest of the check for a site.
#pragma once

#include <geodesic.h>
#include <ogr_geometry.h>

#include "redline/crs/crs.hpp"
#include "redline/crs/transformer.hpp"

namespace redline::analysis::detail {

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
