// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace redline::report::detail {

// A QGIS style (QML) for the conflicts layer: categorized by severity, prohibited darkest red.
std::string conflictStyleQml();

}  // namespace redline::report::detail
