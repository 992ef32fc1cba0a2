// SPDX-License-Identifier: MIT
#include "redline/render/layout_fonts.hpp"

#include <QStringList>
#include <cmath>

namespace redline::render {

QFont layoutFont(double points, double pxPerMm, bool bold) {
    QFont font;
    // Fontconfig picks the first installed family; WenQuanYi Zen Hei comes with the scripts.
    font.setFamilies({QStringLiteral("WenQuanYi Zen Hei"), QStringLiteral("Noto Sans CJK SC"),
                      QStringLiteral("Source Han Sans SC"), QStringLiteral("Microsoft YaHei"), QStringLiteral("SimHei"),
                      QStringLiteral("DejaVu Sans"), QStringLiteral("sans-serif")});
    font.setPixelSize(std::max(1, static_cast<int>(std::lround(points * 25.4 / 72.0 * pxPerMm))));
    font.setBold(bold);
    return font;
}

}  // namespace redline::render
