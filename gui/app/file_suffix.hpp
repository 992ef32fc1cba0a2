// SPDX-License-Identifier: MIT
// The file name a save dialog's choice stands for: a name typed without a suffix gets the file
// type chosen in the dialog (Qt's dialogs leave it as typed).
#pragma once

#include <QString>

namespace redline::viewer {

// `file` as chosen in a save dialog offering `filters` ("GeoPackage (*.gpkg);;…"): a name
// without one of the offered suffixes gets the selected filter's ("sites" → "sites.gpkg").
[[nodiscard]] QString withChosenSuffix(const QString& file, const QString& selectedFilter, const QString& filters);

}  // namespace redline::viewer
