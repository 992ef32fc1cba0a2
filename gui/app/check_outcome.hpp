// SPDX-License-Identifier: MIT
// The viewer uses the check outcome shared with map export (gui/render).
#pragma once

#include "redline/render/check_outcome.hpp"

namespace redline::viewer {
using render::CheckCollector;
using render::CheckOutcome;
using render::ConflictRow;
using render::describeVerdict;
using render::formatHectares;
using render::formatMu;
using render::kNoFeature;
using render::SiteVerdict;
}  // namespace redline::viewer
