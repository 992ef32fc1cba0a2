// SPDX-License-Identifier: MIT
// Does a layer's extent fit its CRS? Catches the classic mistakes before they silently put
// every feature somewhere else: Gauss-Kruger coordinates with a zone prefix (8-digit Y such as
// 40512345) under a central-meridian CRS or the reverse, X/Y (northing/easting) swapped, and
// coordinates far outside the CRS's area of use.
#pragma once

#include <optional>
#include <string>

#include "redline/crs/crs.hpp"
#include "redline/geom/geometry.hpp"

namespace redline::crs {

struct CoordinateDiagnosis {
    enum class Kind { Ok, ZonePrefixUnderCentralMeridianCrs, MissingZonePrefix, SwappedAxes, OutsideAreaOfUse };
    Kind kind = Kind::Ok;
    std::string message;               // for the user; empty when Ok
    std::optional<int> suggestedEpsg;  // a CRS that would fit the coordinates, when known
    [[nodiscard]] bool ok() const { return kind == Kind::Ok; }
};

// Margin around a CRS's area of use: GK zones are routinely used a little beyond their nominal
// edges, but data several degrees away is certainly misplaced.
inline constexpr double kAreaOfUseMarginDegrees = 3.0;

[[nodiscard]] CoordinateDiagnosis diagnoseExtent(const Crs& crs, const geom::Envelope& extent);

// EPSG code of the Gauss-Kruger CRS on `datum` for a 3° or 6° zone, zone-prefixed or
// central-meridian form (tables in shared/DOMAIN.md); nullopt when there is none.
[[nodiscard]] std::optional<int> gaussKrugerEpsg(DatumFamily datum, int zoneWidthDegrees, int zone, bool zonePrefixed);

// A single feature is held to a wider margin than a layer's extent: it is there to catch a
// parcel at (0, 0) or in other units, not one a few degrees beyond its zone (a province kept in
// one UTM or Gauss–Krüger zone).
inline constexpr double kFeatureMarginDegrees = 10.0;

// Where a feature of a layer in `crs` can lie: its area of use grown by kFeatureMarginDegrees, in
// the CRS's own coordinates. nullopt when the area is unknown or crosses the antimeridian.
[[nodiscard]] std::optional<geom::Envelope> plausibleExtent(const Crs& crs);

}  // namespace redline::crs
