// SPDX-License-Identifier: MIT
// Map and report commands draw with Qt's painter but need no display: this starts a
// QGuiApplication on the offscreen platform (unless QT_QPA_PLATFORM names another) once.
#pragma once

#include <string>

#include "redline/render/project_run.hpp"
#include "redline/util/feedback.hpp"

namespace redline::cli {

void ensureOffscreenQt();
// What map and report start from: Qt offscreen, the project file loaded and checked, its
// layers read; progress reported on [0, upToPercent] of `progress`.
[[nodiscard]] render::ProjectRun checkProjectOffscreen(const std::string& projectFile, Feedback& progress,
                                                       double upToPercent);
// "zh_CN" or "en": the --lang value, else the system locale's.
[[nodiscard]] std::string outputLanguage(const std::string& flag);

}  // namespace redline::cli
