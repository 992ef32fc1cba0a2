// SPDX-License-Identifier: MIT
// A polygonal geometry as a GeoPackage geometry blob (GeoPackage 1.2 §2.1.3): the "GP" header
// (srs id, envelope) followed by the WKB of a MultiPolygon, encoded on any thread.
#pragma once

#include <geos_c.h>

#include <cstdint>
#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::report::detail {

struct GpkgGeometry {
    std::vector<unsigned char> blob;  // empty: NULL
    geom::Envelope envelope;
    bool indexed = false;  // neither null nor empty: counts in the extent and the R-tree
};
[[nodiscard]] GpkgGeometry encodeGpkgGeometry(const GEOSGeometry* g, std::int32_t srsId);

}  // namespace redline::report::detail
