// SPDX-License-Identifier: MIT
// The map's scale measured on the ground: the geodesic length of a short east-west segment
// through the centre of the map frame, on the map CRS's ellipsoid (so it is right for a
// geographic map and for a projected one away from its central meridian alike), and a scale
// bar of a round length (1, 2, 2.5 or 5 × 10ⁿ m) that fits the space given.
#pragma once

#include <QString>
#include <optional>

#include "redline/crs/crs.hpp"
#include "redline/render/map_viewport.hpp"

namespace redline::render {

// Ground metres per millimetre of paper at the centre of `viewport`, whose pixels are
// `pixelsPerMm` to the millimetre. nullopt when the CRS cannot be measured.
[[nodiscard]] std::optional<double> groundMetresPerMm(const MapViewport& viewport, const crs::Crs& mapCrs,
                                                      double pixelsPerMm);

// "1:26,600": the representative fraction, to 3 significant figures as printed scales are.
[[nodiscard]] QString representativeFraction(double metresPerMm);

struct ScaleBar {
    double lengthM = 0;   // ground length of the whole bar
    double lengthMm = 0;  // its length on paper
    int segments = 4;
    bool kilometres = false;
    [[nodiscard]] QString unitLabel() const { return kilometres ? QStringLiteral("km") : QStringLiteral("m"); }
    // The number at tick `i` (0..segments) in the bar's unit ("0", "2.5", "5").
    [[nodiscard]] QString tickLabel(int i) const;
};

// The longest round length whose bar is at most `maxLengthMm` long.
[[nodiscard]] ScaleBar chooseScaleBar(double metresPerMm, double maxLengthMm);

// Angle in degrees, clockwise from the page's up direction, of true north at the centre of
// `viewport` (0 for a geographic map; the meridian convergence for Gauss-Krüger).
[[nodiscard]] double trueNorthAngle(const MapViewport& viewport, const crs::Crs& mapCrs);

}  // namespace redline::render
