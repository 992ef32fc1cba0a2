// SPDX-License-Identifier: MIT
#include "redline/render/map_layout.hpp"

#include <QFontMetricsF>
#include <QPainterPath>
#include <QPicture>
#include <algorithm>
#include <cmath>

#include "redline/render/layout_fonts.hpp"
#include "redline/render/map_renderer.hpp"
#include "redline_version.hpp"

namespace redline::render {

namespace {

constexpr double kMargin = 10;  // mm around the page content
constexpr double kGap = 4;      // mm between blocks
constexpr double kInsetPrintDpi = 300;

struct Px {
    double k;  // device units per mm
    [[nodiscard]] QRectF operator()(const QRectF& mm) const {
        return {mm.left() * k, mm.top() * k, mm.width() * k, mm.height() * k};
    }
    [[nodiscard]] double operator()(double mm) const { return mm * k; }
};

// The title, centred; a long one wraps onto a second line and is set smaller (down to 9 pt) when
// two lines do not hold it, rather than losing characters: elided in the middle, a project's name
// lost the words that tell it from the next ("黑龙江省…设用地项目"). Returns the height used (mm).
double drawTitle(QPainter& painter, const QString& title, const QString& subtitle, const QSizeF& pageMm, Px px) {
    const QFont subFont = layoutFont(9, px.k);
    const double width = pageMm.width() - 2 * kMargin;
    const int flags = Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap;
    QFont titleFont;
    QRectF needed;
    for (double points = pageMm.width() > 350 ? 22 : 16;; points -= 1) {
        titleFont = layoutFont(points, px.k, true);
        const QFontMetricsF fm(titleFont);
        needed = fm.boundingRect(QRectF(0, 0, px(width), 1e9), flags, title);
        const bool fits = needed.height() < 2.5 * fm.lineSpacing() && needed.width() <= px(width);
        if (fits || points <= 9) break;
    }
    painter.setPen(Qt::black);
    painter.setFont(titleFont);
    const double titleH = std::max(needed.height(), QFontMetricsF(titleFont).height());
    painter.drawText(QRectF(px(kMargin), px(kMargin), px(width), titleH), flags, title);
    double h = titleH / px.k;
    if (!subtitle.isEmpty()) {
        painter.setFont(subFont);
        const QFontMetricsF sm(subFont);
        painter.drawText(QRectF(px(kMargin), px(kMargin + h), px(width), sm.height()),
                         Qt::AlignHCenter | Qt::AlignVCenter, sm.elidedText(subtitle, Qt::ElideRight, px(width)));
        h += sm.height() / px.k;
    }
    return h;
}

void drawNorthArrow(QPainter& painter, const QRectF& box, double angleDeg, const QString& letter, Px px) {
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 220));
    painter.drawRect(box);
    const QFont font = layoutFont(8, px.k, true);
    const double letterH = QFontMetricsF(font).height();
    painter.translate(box.center().x(), box.center().y() + letterH / 3);
    painter.rotate(angleDeg);
    const double h = (box.height() - letterH) * 0.8, w = h * 0.45;
    QPainterPath left, right;
    left.moveTo(0, -h / 2);
    left.lineTo(-w / 2, h / 2);
    left.lineTo(0, h / 3);
    left.closeSubpath();
    right.moveTo(0, -h / 2);
    right.lineTo(w / 2, h / 2);
    right.lineTo(0, h / 3);
    right.closeSubpath();
    painter.setPen(QPen(Qt::black, px(0.2)));
    painter.setBrush(Qt::black);
    painter.drawPath(left);
    painter.setBrush(Qt::white);
    painter.drawPath(right);
    painter.setFont(font);
    painter.drawText(QRectF(-w, -h / 2 - letterH, 2 * w, letterH), Qt::AlignCenter, letter);
    painter.restore();
}

// The bar with alternating segments, tick numbers above and the unit after; returns its box (mm).
QRectF drawScaleBar(QPainter& painter, QPointF bottomLeftMm, const ScaleBar& bar, const QString& fraction, Px px) {
    const QFont font = layoutFont(6.5, px.k);
    const QFontMetricsF fm(font);
    const double textH = fm.height() / px.k;
    const double barH = 1.6;
    const double unitW = fm.horizontalAdvance(QStringLiteral(" km")) / px.k + 1;
    const double lastLabelW = fm.horizontalAdvance(bar.tickLabel(bar.segments)) / px.k / 2;
    const QRectF boxMm(bottomLeftMm.x(), bottomLeftMm.y() - (2 * textH + barH + 3),
                       bar.lengthMm + lastLabelW + unitW + 4, 2 * textH + barH + 3);
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 220));
    painter.drawRect(px(boxMm));
    const double x0 = boxMm.left() + 2, yBar = boxMm.top() + 1 + textH;
    painter.setPen(QPen(Qt::black, px(0.15)));
    for (int i = 0; i < bar.segments; ++i) {
        const double segW = bar.lengthMm / bar.segments;
        painter.setBrush(i % 2 == 0 ? Qt::black : Qt::white);
        painter.drawRect(px(QRectF(x0 + i * segW, yBar, segW, barH)));
    }
    painter.setFont(font);
    painter.setPen(Qt::black);
    for (int i = 0; i <= bar.segments; ++i) {
        if (bar.segments == 4 && (i == 1 || i == 3)) continue;  // keep the numbers apart
        const double x = x0 + bar.lengthMm * i / bar.segments;
        painter.drawText(QRectF(px(x - 10), px(yBar - textH - 0.3), px(20), px(textH)),
                         Qt::AlignHCenter | Qt::AlignBottom, bar.tickLabel(i));
    }
    painter.drawText(QRectF(px(x0 + bar.lengthMm + lastLabelW + 0.5), px(yBar - textH - 0.3), px(unitW + 2), px(textH)),
                     Qt::AlignLeft | Qt::AlignBottom, bar.unitLabel());
    painter.drawText(QRectF(px(x0), px(yBar + barH + 0.5), px(boxMm.width()), px(textH)), Qt::AlignLeft | Qt::AlignTop,
                     fraction);
    painter.restore();
    return boxMm;
}

// Wrapped lines of small print; returns the height used (mm), drawing from the bottom up when
// `draw` (so the block sits at the bottom of the panel).
double infoBlock(QPainter& painter, const QRectF& boxMm, const QStringList& lines, Px px, bool draw) {
    const QFont font = layoutFont(6.5, px.k);
    const QFontMetricsF fm(font);
    double h = 0;
    std::vector<QRectF> rects;
    for (const QString& line : lines) {
        const QRectF r = fm.boundingRect(QRectF(0, 0, px(boxMm.width()), 1e6), Qt::TextWordWrap, line);
        rects.push_back(r);
        h += r.height() / px.k + 0.6;
    }
    if (draw) {
        painter.save();
        painter.setFont(font);
        painter.setPen(QColor(40, 40, 40));
        double y = boxMm.bottom() - h;
        for (int i = 0; i < lines.size(); ++i) {
            painter.drawText(
                QRectF(px(boxMm.left()), px(y), px(boxMm.width()), rects[static_cast<std::size_t>(i)].height()),
                Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, lines[i]);
            y += rects[static_cast<std::size_t>(i)].height() / px.k + 0.6;
        }
        painter.restore();
    }
    return h;
}

}  // namespace

LayoutText LayoutText::chinese() {
    return {QStringLiteral("图例"),     QStringLiteral("位置示意"), QStringLiteral("坐标系"),
            QStringLiteral("比例尺"),   QStringLiteral("图幅中心"), QStringLiteral("数据来源"),
            QStringLiteral("制图日期"), QStringLiteral("制图软件"), QStringLiteral("北"),
            QStringLiteral("（续）"),   QStringLiteral("第 %1 页"), QStringLiteral("其余 %1 行见下页")};
}

LayoutText LayoutText::english() {
    return {QStringLiteral("Legend"),
            QStringLiteral("Location"),
            QStringLiteral("CRS"),
            QStringLiteral("Scale"),
            QStringLiteral("at map centre"),
            QStringLiteral("Sources"),
            QStringLiteral("Date"),
            QStringLiteral("Made with"),
            QStringLiteral("N"),
            QStringLiteral(" (continued)"),
            QStringLiteral("page %1"),
            QStringLiteral("%1 more rows on the next page")};
}

LayoutText LayoutText::forLanguage(const QString& language) {
    return language.startsWith(QStringLiteral("zh")) ? chinese() : english();
}

PageGeometry drawMapPage(QPainter& painter, const MapPage& page, const PageSetup& setup, const LayoutText& text,
                         double pxPerMm, bool vectorOutput) {
    const Px px{pxPerMm};
    const QSizeF pageMm = setup.sizeMm;
    PageGeometry geo;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);

    const double titleH = drawTitle(painter, page.title, page.subtitle, pageMm, px);
    geo.titleMm = QRectF(kMargin, kMargin, pageMm.width() - 2 * kMargin, titleH);
    const double top = kMargin + titleH + 3, bottom = pageMm.height() - kMargin;
    const double panelW = std::clamp(0.26 * pageMm.width(), 48.0, 80.0);
    const double mapRight = pageMm.width() - kMargin - panelW - kGap;

    // Tables under the map take what they need, at most 40 % of the height.
    double tablesH = 0;
    const double rowH = tableRowHeight(7, px.k) / px.k;
    for (const auto& t : page.tables)
        tablesH += (static_cast<double>(t.rows.size()) + 4) * rowH + 2;  // header may wrap
    tablesH = std::min(tablesH, 0.4 * (bottom - top));
    geo.tablesMm = QRectF(kMargin, bottom - tablesH, mapRight - kMargin, tablesH);
    geo.mapFrameMm = QRectF(kMargin, top, mapRight - kMargin, bottom - top - (tablesH > 0 ? tablesH + 3 : 0));

    // The map frame.
    const QRectF framePx = px(geo.mapFrameMm);
    const QSize frameSize(static_cast<int>(std::lround(framePx.width())),
                          static_cast<int>(std::lround(framePx.height())));
    // A geographic map is drawn with a degree of longitude cos φ as wide as one of latitude.
    const auto xStretchAt = [&](const Box& extent) {
        return page.crs && page.crs->isGeographic() && !extent.empty()
                   ? std::max(0.05, std::cos((extent.minY + extent.maxY) / 2 * M_PI / 180))
                   : 1.0;
    };
    const double xStretch = xStretchAt(page.extent);
    geo.viewport = MapViewport::fitting(page.extent, frameSize, xStretch, page.marginFraction);
    RenderOptions options;
    options.dpi = pxPerMm * kMmPerInch;
    options.vectorOutput = vectorOutput;
    painter.save();
    painter.translate(framePx.topLeft());
    painter.setClipRect(QRectF(0, 0, frameSize.width(), frameSize.height()));
    drawMap(painter, geo.viewport, page.layers, options);
    painter.restore();
    painter.setPen(QPen(Qt::black, px(0.35)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(framePx);

    // Scale bar and north arrow inside the frame.
    if (page.crs) {
        geo.metresPerMm = groundMetresPerMm(geo.viewport, *page.crs, pxPerMm);
        geo.northAngle = trueNorthAngle(geo.viewport, *page.crs);
    }
    if (geo.metresPerMm) {
        geo.scaleBar = chooseScaleBar(*geo.metresPerMm, std::min(50.0, 0.3 * geo.mapFrameMm.width()));
        geo.scaleBarMm = drawScaleBar(painter, QPointF(geo.mapFrameMm.left() + 3, geo.mapFrameMm.bottom() - 3),
                                      geo.scaleBar, representativeFraction(*geo.metresPerMm), px);
    }
    geo.northArrowMm = QRectF(geo.mapFrameMm.right() - 14, geo.mapFrameMm.top() + 3, 11, 16);
    drawNorthArrow(painter, px(geo.northArrowMm), geo.northAngle, text.north, px);

    // The tables. One that does not fit says so in its last line and goes on on a page of its own
    // (map_export adds it); rows were dropped without a word, the 合计 with them.
    double ty = geo.tablesMm.top();
    for (const auto& t : page.tables) {
        const int rows = static_cast<int>(t.rows.size());
        if (ty >= geo.tablesMm.bottom() - rowH) {
            geo.tableRows.push_back(0);
            continue;
        }
        const QRectF box = px(QRectF(geo.tablesMm.left(), ty, geo.tablesMm.width(), geo.tablesMm.bottom() - ty));
        QPicture probe;
        QPainter measuring(&probe);
        const int fit = drawLayoutTable(measuring, box, t, 0, pxPerMm);
        measuring.end();
        double used = 0;
        const int drawn =
            drawLayoutTable(painter, box, t, 0, pxPerMm, 7, fit < rows ? std::max(0, fit - 1) : -1, &used);
        if (drawn < rows) {
            const QFont font = layoutFont(6.5, px.k, true);
            const double h = QFontMetricsF(font).height();
            painter.save();
            painter.setFont(font);
            painter.setPen(QColor(90, 90, 90));
            painter.drawText(QRectF(box.left(), box.bottom() - h, box.width(), h), Qt::AlignLeft | Qt::AlignVCenter,
                             text.moreRows.arg(rows - drawn));
            painter.restore();
        }
        geo.tableRows.push_back(drawn);
        // Rows whose text wraps are taller than rowH.
        ty += std::max(used / px.k + rowH, (drawn + 3 + (t.title.isEmpty() ? 0 : 1)) * rowH) + 2;
    }

    // The side panel: overview, legend, then the small print at the bottom.
    const double panelX = pageMm.width() - kMargin - panelW;
    painter.setPen(QPen(QColor(120, 120, 120), px(0.2)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(px(QRectF(panelX, top, panelW, bottom - top)));
    const double inner = panelW - 6, ix = panelX + 3;
    double y = top + 3;
    if (!page.overviewLayers.empty() && !page.overviewExtent.empty()) {
        const QFont f = layoutFont(8, px.k, true);
        const double h = QFontMetricsF(f).height() / px.k;
        painter.setFont(f);
        painter.setPen(Qt::black);
        painter.drawText(px(QRectF(ix, y, inner, h)), Qt::AlignLeft | Qt::AlignVCenter, text.overview);
        y += h + 1;
        geo.overviewMm = QRectF(ix, y, inner, inner * 0.75);
        const QRectF ov = px(geo.overviewMm);
        const QSize ovSize(static_cast<int>(ov.width()), static_cast<int>(ov.height()));
        // The overview shows the whole project and all of the map frame, with room around.
        Box ovExtent = page.overviewExtent;
        ovExtent.expand(geo.viewport.visibleExtent());
        // At the overview's own latitude (not the page's): every page of an atlas then has the
        // same inset, drawn once.
        const MapViewport ovView = MapViewport::fitting(ovExtent, ovSize, xStretchAt(ovExtent), 0.06);
        RenderOptions ovOptions = options;
        ovOptions.labels = false;
        // A picture of the whole project: as vectors it put every vertex of the project on every
        // page (see overview_inset.hpp). Printed, 300 dpi is finer than the 0.15 mm lines in it.
        const double insetDpi = vectorOutput ? std::min(options.dpi, kInsetPrintDpi) : options.dpi;
        OverviewInsets ownInsets;
        OverviewInsets& insets = page.overviewInsets ? *page.overviewInsets : ownInsets;
        painter.save();
        painter.translate(ov.topLeft());
        painter.setClipRect(QRectF(0, 0, ovSize.width(), ovSize.height()));
        insets.draw(painter, ovView, page.overviewLayers, ovOptions, insetDpi);
        QRectF where = ovView.toPixelRect(geo.viewport.visibleExtent());
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(220, 0, 0), px(0.5)));
        if (where.width() < px(2) && where.height() < px(2)) {
            // Too small to see as a box: a ring around it.
            painter.drawEllipse(where.center(), px(2), px(2));
        } else {
            painter.drawRect(where);
        }
        painter.restore();
        painter.setPen(QPen(Qt::black, px(0.2)));
        painter.drawRect(ov);
        y += geo.overviewMm.height() + kGap;
    }
    QStringList info;
    if (!page.crsName.isEmpty()) info << text.crs + QStringLiteral(": ") + page.crsName;
    if (geo.metresPerMm)
        info << QStringLiteral("%1: %2 (%3)")
                    .arg(text.scale, representativeFraction(*geo.metresPerMm), text.scaleAtCentre);
    if (!page.sources.isEmpty()) info << text.sources + QStringLiteral(": ") + page.sources.join(QStringLiteral("; "));
    if (!page.date.isEmpty()) info << text.date + QStringLiteral(": ") + page.date;
    info << text.madeWith + QStringLiteral(": Redline ") + QStringLiteral(REDLINE_VERSION);
    const QRectF infoArea(ix, y, inner, bottom - 3 - y);
    const double infoH = infoBlock(painter, infoArea, info, px, false);
    geo.infoMm = QRectF(ix, bottom - 3 - infoH, inner, infoH);
    infoBlock(painter, geo.infoMm, info, px, true);
    geo.legendMm = QRectF(ix, y, inner, std::max(0.0, geo.infoMm.top() - kGap - y));
    const auto groups = legendFor(page.layers, page.layerNames);
    drawLegend(painter, px(geo.legendMm), groups, text.legend, pxPerMm);
    painter.restore();
    return geo;
}

int drawTablePage(QPainter& painter, const TablePage& page, int firstRow, const PageSetup& setup,
                  const LayoutText& text, double pxPerMm, int maxRows) {
    const Px px{pxPerMm};
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QString title = firstRow > 0 ? page.title + text.continued : page.title;
    const double titleH = drawTitle(painter, title, QString(), setup.sizeMm, px);
    const QRectF box(kMargin, kMargin + titleH + 4, setup.sizeMm.width() - 2 * kMargin,
                     setup.sizeMm.height() - 2 * kMargin - titleH - 4);
    const int drawn = drawLayoutTable(painter, px(box), page.table, firstRow, pxPerMm, 8, maxRows);
    painter.restore();
    return drawn;
}

}  // namespace redline::render
