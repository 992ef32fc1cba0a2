// SPDX-License-Identifier: MIT
#include "redline/render/layout_fonts.hpp"

#include <QStringList>
#include <QTextBoundaryFinder>
#include <algorithm>
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

double widestUnbreakable(const QFontMetricsF& fm, const QString& text) {
    QTextBoundaryFinder lines(QTextBoundaryFinder::Line, text);
    double widest = 0;
    qsizetype start = 0;
    while (lines.toNextBoundary() != -1) {
        const qsizetype end = lines.position();
        widest = std::max(widest, fm.horizontalAdvance(text.mid(start, end - start).trimmed()));
        start = end;
    }
    return widest;
}

}  // namespace redline::render
