// SPDX-License-Identifier: MIT
// A subject grown by a distance on the ground, as a map layer: the ring of a buffer rule
// ("within 500 m of a water source") drawn around a site, and the box a page showing the site
// must cover so that whatever lies within that distance is on it.
//
// Grown in an azimuthal equidistant projection centred on the subject, on the analysis CRS's own
// datum (no datum shift): distances from the centre are exact there, and for a site of a few km
// the ring is true to the metre.
#pragma once

#include <geos_c.h>

#include <QString>
#include <memory>

#include "redline/crs/crs.hpp"
#include "redline/render/vector_layer.hpp"

namespace redline::render {

// `subject` in `analysisCrs`; the result is one polygon feature in `mapCrs` (null: the analysis
// CRS). Throws CrsError when a coordinate cannot be transformed.
[[nodiscard]] std::shared_ptr<const VectorLayer> bufferRing(const GEOSGeometry* subject, const crs::Crs& analysisCrs,
                                                            const crs::Crs* mapCrs, double metres, const QString& name);

}  // namespace redline::render
