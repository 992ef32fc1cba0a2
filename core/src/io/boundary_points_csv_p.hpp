// SPDX-License-Identifier: MIT
// A 界址点 (boundary point) list as surveyors and Excel users save it: a CSV (UTF-8 or GBK) whose
// header names a point number, 圈号 (optional), X and Y column ("点号,圈号,X,Y"; 北坐标/纵坐标 for
// X, 东坐标/横坐标 for Y …) and no WKT column, optionally a 地块编号 (or 地块名称) column holding
// several parcels. X is north and Y east, as surveyors write them. GDAL would read it as an
// attribute table; it is read as the 界址点 TXT is, into a GeoPackage in GDAL's memory file
// system: rings by 圈号, one feature per parcel.
#pragma once

#include <memory>
#include <string>

#include "boundary_parcels_p.hpp"

namespace redline::io::detail {

// The converted copy when `file` is a .csv whose header names such columns, else null.
// `encoding` is the file's (an override, else detected from its bytes). The CRS is `statedCrs`
// (the user's "|crs=" or the project's "crs"); without it, the CGCS2000 Gauss–Krüger zone the
// eastings' zone prefix names, with a warning saying so; without either, InputError. Throws
// InputError naming the file and line of what cannot be read.
[[nodiscard]] std::unique_ptr<BoundaryParcels> readBoundaryPointsCsv(const std::string& file,
                                                                     const std::string& statedCrs,
                                                                     const std::string& encodingOverride);

// Whether `firstLine` (a CSV's header, UTF-8 or GBK) names a point number, X and Y column and no
// geometry column: a 界址点 list (for a zip's members, read without extracting them).
[[nodiscard]] bool isBoundaryPointsCsvHeader(const std::string& firstLine);

}  // namespace redline::io::detail
