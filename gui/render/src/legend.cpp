// SPDX-License-Identifier: MIT
#include "redline/render/legend.hpp"

#include <QFontMetricsF>

#include "redline/render/layout_fonts.hpp"

namespace redline::render {

std::vector<LegendGroup> legendFor(const std::vector<StyledLayer>& layers, const QStringList& names) {
    std::vector<LegendGroup> groups;
    for (std::size_t i = layers.size(); i-- > 0;) {
        const StyledLayer& l = layers[i];
        if (!l.visible || !l.layer) continue;
        const LayerStyle& s = l.style;
        const QString name = i < static_cast<std::size_t>(names.size()) ? names[static_cast<int>(i)] : l.layer->name();
        auto entry = [&](const QString& label, Rgba fill) {
            QColor f = toQColor(fill);
            if (f.alpha() > 0) f.setAlphaF(static_cast<float>(static_cast<double>(f.alphaF()) * s.opacity));
            return LegendEntry{label, f, toQColor(s.stroke), s.strokeWidthMm, l.dashed};
        };
        LegendGroup g;
        if (s.kind == LayerStyle::Kind::Categorized && !s.categories.empty()) {
            g.title = name;
            for (const auto& c : s.categories) {
                if (!c.visible) continue;
                g.entries.push_back(entry(QString::fromStdString(c.label.empty() ? c.value : c.label), c.fill));
            }
        } else {
            g.entries.push_back(entry(name, s.fill));
        }
        if (!g.entries.empty()) groups.push_back(std::move(g));
    }
    return groups;
}

double legendHeight(const std::vector<LegendGroup>& groups, double pxPerMm, double scale) {
    const double lineH =
        std::max(4 * scale * pxPerMm, QFontMetricsF(layoutFont(7.5 * scale, pxPerMm)).height()) + 1.2 * scale * pxPerMm;
    double h = QFontMetricsF(layoutFont(10 * scale, pxPerMm, true)).height() + 1.5 * scale * pxPerMm;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i > 0) h += 0.35 * lineH;
        h += lineH * static_cast<double>(groups[i].entries.size() + (groups[i].title.isEmpty() ? 0 : 1));
    }
    return h;
}

double legendScale(const std::vector<LegendGroup>& groups, double heightPx, double pxPerMm) {
    constexpr double kSmallest = 0.7;
    double scale = 1.0;
    while (scale > kSmallest && legendHeight(groups, pxPerMm, scale) > heightPx)
        scale = std::max(kSmallest, scale - 0.02);
    return scale;
}

double drawLegend(QPainter& painter, const QRectF& box, const std::vector<LegendGroup>& groups, const QString& title,
                  double pxPerMm) {
    painter.save();
    const double scale = legendScale(groups, box.height(), pxPerMm);
    const QFont titleFont = layoutFont(10 * scale, pxPerMm, true);
    const QFont groupFont = layoutFont(7.5 * scale, pxPerMm, true);
    const QFont entryFont = layoutFont(7.5 * scale, pxPerMm);
    const double swatchW = 7 * scale * pxPerMm, swatchH = 4 * scale * pxPerMm, gap = 2 * scale * pxPerMm;
    const double lineH = std::max(swatchH, QFontMetricsF(entryFont).height()) + 1.2 * scale * pxPerMm;
    double y = box.top();
    painter.setFont(titleFont);
    painter.setPen(Qt::black);
    const double titleH = QFontMetricsF(titleFont).height();
    painter.drawText(QRectF(box.left(), y, box.width(), titleH), Qt::AlignLeft | Qt::AlignVCenter, title);
    y += titleH + 1.5 * scale * pxPerMm;

    std::size_t total = 0, drawn = 0;
    for (const auto& g : groups) total += g.entries.size();
    const double textW = box.width() - swatchW - gap;
    bool firstGroup = true;
    for (const auto& g : groups) {
        if (!firstGroup) y += 0.35 * lineH;  // groups apart, so a lone entry is not read as part of the one above
        firstGroup = false;
        if (!g.title.isEmpty()) {
            if (y + lineH > box.bottom()) break;
            painter.setFont(groupFont);
            painter.setPen(Qt::black);
            painter.drawText(QRectF(box.left(), y, box.width(), lineH), Qt::AlignLeft | Qt::AlignVCenter,
                             QFontMetricsF(groupFont).elidedText(g.title, Qt::ElideRight, box.width()));
            y += lineH;
        }
        for (const auto& e : g.entries) {
            if (y + lineH > box.bottom() - lineH && drawn + 1 < total) goto full;
            const QRectF swatch(box.left(), y + (lineH - swatchH) / 2, swatchW, swatchH);
            const double strokePx = std::max(0.15, e.strokeMm) * pxPerMm;
            const Qt::PenStyle line = e.dashed ? Qt::DashLine : Qt::SolidLine;
            if (e.fill.alpha() > 0) {
                painter.setBrush(e.fill);
                painter.setPen(QPen(e.stroke, strokePx, line));
                painter.drawRect(swatch);
            } else {
                painter.setPen(QPen(e.stroke, std::max(strokePx, 0.3 * pxPerMm), line));
                painter.drawLine(QPointF(swatch.left(), swatch.center().y()),
                                 QPointF(swatch.right(), swatch.center().y()));
            }
            painter.setFont(entryFont);
            painter.setPen(Qt::black);
            painter.drawText(QRectF(swatch.right() + gap, y, textW, lineH), Qt::AlignLeft | Qt::AlignVCenter,
                             QFontMetricsF(entryFont).elidedText(e.label, Qt::ElideRight, textW));
            y += lineH;
            ++drawn;
        }
    }
full:
    if (drawn < total) {
        painter.setFont(entryFont);
        painter.setPen(Qt::darkGray);
        painter.drawText(QRectF(box.left(), y, box.width(), lineH), Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("… +%1").arg(total - drawn));
        y += lineH;
    }
    painter.restore();
    return y - box.top();
}

}  // namespace redline::render
