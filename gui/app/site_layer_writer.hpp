// SPDX-License-Identifier: MIT
// Saves drawn sites with their verdicts as a vector file (GeoPackage, Shapefile, GeoJSON, by
// extension) in the map CRS. Written in a hidden folder beside the target and moved into place
// when complete (every file of a shapefile), so a failure leaves nothing and an existing file is
// replaced only on success.
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

// Fields: id (1, 2, …), name, status, area_m2, area_ha, confl_m2 (conflict area in m²).
// Throws OutputError naming the file (also for a suffix other than .gpkg, .shp, .geojson).
void writeSites(const std::vector<DrawnSite>& sites, const crs::Crs& crs, const QString& file);

}  // namespace redline::viewer
