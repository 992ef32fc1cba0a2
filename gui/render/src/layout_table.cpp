// SPDX-License-Identifier: MIT
#include "redline/render/layout_table.hpp"

#include <QFontMetricsF>
#include <algorithm>
#include <numeric>

#include "redline/render/layout_fonts.hpp"

namespace redline::render {

double tableRowHeight(double points, double pxPerMm) {
    return QFontMetricsF(layoutFont(points, pxPerMm)).height() + 1.2 * pxPerMm;
}

namespace {

constexpr double kSmallestPoints = 5.0;  // still legible in print

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

}  // namespace

std::vector<double> tableColumnWidths(const LayoutTable& table, double points, double pxPerMm) {
    const QFontMetricsF fm(layoutFont(points, pxPerMm, true));
    const double pad = 1.2 * pxPerMm;
    std::vector<double> widths(static_cast<std::size_t>(table.header.size()), 0);
    for (std::size_t c = 0; c < widths.size(); ++c) {
        // A header may wrap onto two lines, so it asks for about half its width, but never less
        // than its longest word: "Counted (亩)" printed "Countec" and "Ring" "Rin".
        const QString& header = table.header[static_cast<int>(c)];
        widths[c] =
            std::max(fm.horizontalAdvance(header) * 0.6, widestUnbreakable(fm, header)) + 2 * pad + 0.3 * pxPerMm;
    }
    for (const auto& r : table.rows)
        for (std::size_t c = 0; c < widths.size() && static_cast<int>(c) < r.size(); ++c)
            widths[c] = std::max(widths[c], fm.horizontalAdvance(r[static_cast<int>(c)]) + 2 * pad + 0.3 * pxPerMm);
    return widths;
}

double fittedTablePoints(const LayoutTable& table, double width, double pxPerMm, double points) {
    // A table too wide for its box is set smaller first (down to kSmallestPoints), so that its
    // cells stay whole; only beyond that are columns narrowed and cut with an ellipsis.
    double fitted = points;
    for (int i = 0; i < 8 && fitted > kSmallestPoints; ++i) {
        const double natural = sum(tableColumnWidths(table, fitted, pxPerMm));
        if (natural <= width) break;
        fitted = std::max(kSmallestPoints, fitted * width / natural * 0.99);
    }
    return fitted;
}

int drawLayoutTable(QPainter& painter, const QRectF& box, const LayoutTable& table, int firstRow, double pxPerMm,
                    double requestedPoints, int maxRows) {
    painter.save();
    const double points = fittedTablePoints(table, box.width(), pxPerMm, requestedPoints);
    const QFont font = layoutFont(points, pxPerMm);
    const QFont bold = layoutFont(points, pxPerMm, true);
    const QFontMetricsF fm(bold);
    const double rowH = tableRowHeight(points, pxPerMm);
    const double pad = 1.2 * pxPerMm;
    double y = box.top();
    if (!table.title.isEmpty()) {
        painter.setFont(layoutFont(points + 1.5, pxPerMm, true));
        painter.setPen(Qt::black);
        painter.drawText(QRectF(box.left(), y, box.width(), rowH), Qt::AlignLeft | Qt::AlignVCenter, table.title);
        y += rowH;
    }
    const int columns = static_cast<int>(table.header.size());
    std::vector<double> widths = tableColumnWidths(table, points, pxPerMm);
    const double natural = sum(widths);
    const double scale = natural > box.width() ? box.width() / natural : 1.0;
    for (auto& w : widths) w *= scale;
    double headerH = rowH;
    for (int c = 0; c < columns; ++c) {
        const double w = std::max(1.0, widths[static_cast<std::size_t>(c)] - 2 * pad);
        const QRectF wrapped = fm.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, table.header[c]);
        headerH = std::max(headerH, wrapped.height() + 1.2 * pxPerMm);
    }

    auto drawRow = [&](const QStringList& cells, bool header, bool total) {
        const double h = header ? headerH : rowH;
        double x = box.left();
        if (header) painter.fillRect(QRectF(x, y, natural * scale, h), QColor(235, 235, 235));
        painter.setPen(QPen(QColor(150, 150, 150), 0.1 * pxPerMm));
        painter.drawLine(QPointF(box.left(), y + h), QPointF(box.left() + natural * scale, y + h));
        painter.setFont(header || total ? bold : font);
        painter.setPen(Qt::black);
        for (int c = 0; c < columns; ++c) {
            const double w = widths[static_cast<std::size_t>(c)];
            const bool right =
                !header && c < static_cast<int>(table.numeric.size()) && table.numeric[static_cast<std::size_t>(c)];
            const QString text = c < cells.size() ? cells[c] : QString();
            const QRectF cell(x + pad, y, std::max(0.0, w - 2 * pad), h);
            if (header) {
                painter.drawText(cell, static_cast<int>((Qt::AlignLeft | Qt::AlignVCenter).toInt()) | Qt::TextWordWrap,
                                 text);
            } else {
                painter.drawText(
                    cell, static_cast<int>(((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter).toInt()),
                    QFontMetricsF(painter.font()).elidedText(text, Qt::ElideRight, cell.width()));
            }
            x += w;
        }
        y += h;
    };
    drawRow(table.header, true, false);
    int drawn = 0;
    const int rows = static_cast<int>(table.rows.size());
    for (int r = firstRow; r < rows && (maxRows < 0 || drawn < maxRows); ++r) {
        if (y + rowH > box.bottom() + 0.01) break;
        drawRow(table.rows[static_cast<std::size_t>(r)], false, table.boldLastRow && r == rows - 1);
        ++drawn;
    }
    painter.restore();
    return drawn;
}

}  // namespace redline::render
