// SPDX-License-Identifier: MIT
// Saves drawn sites with their verdicts as a vector file (GeoPackage, Shapefile, GeoJSON, by
// extension) in the map CRS. Written to a temporary name and renamed when complete.
#pragma once

#include <QPolygonF>
#include <QString>
#include <vector>

#include "redline/crs/crs.hpp"

namespace redline::viewer {

struct DrawnSite {
    QString name;
    QPolygonF ring;  // map CRS, closed
    QString status;
    double areaM2 = 0;
    double conflictAreaM2 = 0;
};

// Throws OutputError naming the file.
void writeSites(const std::vector<DrawnSite>& sites, const crs::Crs& crs, const QString& file);

}  // namespace redline::viewer
