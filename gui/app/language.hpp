// SPDX-License-Identifier: MIT
// The interface language: English (the source) or 简体中文 (zh_CN, from the compiled Qt
// Linguist catalogue embedded in the program, plus Qt's own strings for standard dialogs).
// Chosen by the system locale unless the user picked one (saved in the settings).
#pragma once

#include <QString>

namespace redline::viewer {

// "" (follow the system), "en" or "zh_CN": installs the translators; widgets then receive a
// LanguageChange event. Returns the language in effect ("en" or "zh_CN").
QString applyLanguage(const QString& choice);
[[nodiscard]] QString savedLanguageChoice();
void saveLanguageChoice(const QString& choice);

}  // namespace redline::viewer
