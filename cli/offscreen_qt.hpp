// SPDX-License-Identifier: MIT
// Map and report commands draw with Qt's painter but need no display: this starts a
// QGuiApplication on the offscreen platform (unless QT_QPA_PLATFORM names another) once.
#pragma once

#include <string>

namespace redline::cli {

void ensureOffscreenQt();
// "zh_CN" or "en": the --lang value, else the system locale's.
[[nodiscard]] std::string outputLanguage(const std::string& flag);

}  // namespace redline::cli
