// SPDX-License-Identifier: MIT
// RAII owners for GEOS C API handles. Deleters use the calling thread's context, which is
// valid for any geometry (see geos_context.hpp).
#pragma once

#include <geos_c.h>

#include <memory>

#include "redline/geom/geos_context.hpp"

namespace redline::geom {

struct GeometryDeleter {
    void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(geosHandle(), g); }
};
struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* g) const noexcept { GEOSPreparedGeom_destroy_r(geosHandle(), g); }
};
struct StrTreeDeleter {
    void operator()(GEOSSTRtree* t) const noexcept { GEOSSTRtree_destroy_r(geosHandle(), t); }
};
struct CoordSeqDeleter {
    void operator()(GEOSCoordSequence* s) const noexcept { GEOSCoordSeq_destroy_r(geosHandle(), s); }
};

using GeomPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;
using StrTreePtr = std::unique_ptr<GEOSSTRtree, StrTreeDeleter>;
using CoordSeqPtr = std::unique_ptr<GEOSCoordSequence, CoordSeqDeleter>;

}  // namespace redline::geom
