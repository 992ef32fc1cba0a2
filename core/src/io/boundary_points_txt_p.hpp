// SPDX-License-Identifier: MIT
// The national 界址点 (boundary point) exchange file, in which 用地预审 sites arrive: a GBK text
// file with an [属性描述] section (坐标系, 几度分带, 带号, …) and an [地块坐标] section of parcels,
// each a header "点数,面积,地块编号,地块名称,面,图幅号,地块用途,地类编码,@" followed by points
// "J1,圈号,X,Y" (X north, Y east; a ring closes on its first point, a new 圈号 starts a ring).
// GDAL has no driver for it: the file is read into a GeoPackage in GDAL's memory file system,
// in the Gauss–Krüger CRS its header names, and opened from there like any layer.
#pragma once

#include <memory>
#include <string>

#include "boundary_parcels_p.hpp"

namespace redline::io::detail {

// The converted copy when `file` is a .txt starting with [属性描述], else null; one feature per
// parcel with the header's fields. Throws InputError naming the file and line of what cannot be
// read. `statedCrs` (the user's "|crs=" or the project's "crs") wins over the CRS the header
// names. Its warnings: a header's 面积 or 点数 that its points contradict, a missing 坐标系
// taken as CGCS2000.
[[nodiscard]] std::unique_ptr<BoundaryParcels> readBoundaryPointsTxt(const std::string& file,
                                                                     const std::string& statedCrs = {});

}  // namespace redline::io::detail
