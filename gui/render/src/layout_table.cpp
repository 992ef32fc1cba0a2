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

std::vector<double> fittedColumnWidths(const LayoutTable& table, double points, double width, double pxPerMm) {
    std::vector<double> widths = tableColumnWidths(table, points, pxPerMm);
    const double natural = sum(widths);
    if (natural <= width) return widths;
    // Numbers keep their width; the text columns (category, features) give up room and wrap,
    // the widest first: scaling every column elided "1500.00" to "1500.··" at 5 pt.
    const QFontMetricsF fm(layoutFont(points, pxPerMm, true));
    const double pad = 1.2 * pxPerMm;
    const auto isText = [&](std::size_t c) { return c >= table.numeric.size() || !table.numeric[c]; };
    std::vector<double> floor(widths.size(), 0);
    double fixed = 0, floors = 0;
    for (std::size_t c = 0; c < widths.size(); ++c) {
        if (!isText(c)) {
            fixed += widths[c];
            continue;
        }
        const QString& header = table.header[static_cast<int>(c)];
        floor[c] =
            std::min(widths[c], std::max(widestUnbreakable(fm, header), fm.horizontalAdvance(QStringLiteral("0000"))) +
                                    2 * pad + 0.3 * pxPerMm);
        floors += floor[c];
    }
    if (fixed + floors > width) {  // not even so: scale everything (cells are then cut short)
        for (auto& w : widths) w *= width / natural;
        return widths;
    }
    // The largest cap with Σ clamp(cap, floor, natural) over the text columns within the room left.
    const double room = width - fixed;
    const auto used = [&](double cap) {
        double u = 0;
        for (std::size_t c = 0; c < widths.size(); ++c)
            if (isText(c)) u += std::clamp(cap, floor[c], widths[c]);
        return u;
    };
    double lo = 0, hi = *std::max_element(widths.begin(), widths.end());
    for (int i = 0; i < 60; ++i) {
        const double mid = (lo + hi) / 2;
        (used(mid) <= room ? lo : hi) = mid;
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
        if (isText(c)) widths[c] = std::clamp(lo, floor[c], widths[c]);
    return widths;
}

namespace {
// Word wrap, unless a word is wider than the cell: then break anywhere rather than cut it off.
int wrapFlag(const QFontMetricsF& fm, const QString& text, double w) {
    return widestUnbreakable(fm, text) > w ? Qt::TextWrapAnywhere : Qt::TextWordWrap;
}
}  // namespace

int drawLayoutTable(QPainter& painter, const QRectF& box, const LayoutTable& table, int firstRow, double pxPerMm,
                    double requestedPoints, int maxRows, double* usedHeight) {
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
    const std::vector<double> natural = tableColumnWidths(table, points, pxPerMm);
    const std::vector<double> widths = fittedColumnWidths(table, points, box.width(), pxPerMm);
    const double tableW = sum(widths);
    // A column narrower than its widest cell wraps its text (only text columns, unless the
    // numbers alone are too wide for the box).
    const auto wraps = [&](int c) {
        return widths[static_cast<std::size_t>(c)] < natural[static_cast<std::size_t>(c)] - 0.01;
    };
    double headerH = rowH;
    for (int c = 0; c < columns; ++c) {
        const double w = std::max(1.0, widths[static_cast<std::size_t>(c)] - 2 * pad);
        const QRectF wrapped = fm.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, table.header[c]);
        headerH = std::max(headerH, wrapped.height() + 1.2 * pxPerMm);
    }
    const auto bodyHeight = [&](const QStringList& cells, const QFont& f) {
        const QFontMetricsF metrics(f);
        double h = rowH;
        for (int c = 0; c < columns && c < cells.size(); ++c) {
            if (!wraps(c)) continue;
            const double w = std::max(1.0, widths[static_cast<std::size_t>(c)] - 2 * pad);
            const QRectF r = metrics.boundingRect(QRectF(0, 0, w, 1e6), wrapFlag(metrics, cells[c], w), cells[c]);
            h = std::max(h, r.height() + 1.2 * pxPerMm);
        }
        return h;
    };

    auto drawRow = [&](const QStringList& cells, bool header, bool total, double h) {
        double x = box.left();
        if (header) painter.fillRect(QRectF(x, y, tableW, h), QColor(235, 235, 235));
        painter.setPen(QPen(QColor(150, 150, 150), 0.1 * pxPerMm));
        painter.drawLine(QPointF(box.left(), y + h), QPointF(box.left() + tableW, y + h));
        painter.setFont(header || total ? bold : font);
        painter.setPen(Qt::black);
        const QFontMetricsF metrics(painter.font());
        for (int c = 0; c < columns; ++c) {
            const double w = widths[static_cast<std::size_t>(c)];
            const bool right =
                !header && c < static_cast<int>(table.numeric.size()) && table.numeric[static_cast<std::size_t>(c)];
            const QString text = c < cells.size() ? cells[c] : QString();
            const QRectF cell(x + pad, y, std::max(0.0, w - 2 * pad), h);
            if (header) {
                painter.drawText(cell, static_cast<int>((Qt::AlignLeft | Qt::AlignVCenter).toInt()) | Qt::TextWordWrap,
                                 text);
            } else if (wraps(c) && !right) {
                painter.drawText(cell,
                                 static_cast<int>((Qt::AlignLeft | Qt::AlignVCenter).toInt()) |
                                     wrapFlag(metrics, text, cell.width()),
                                 text);
            } else {
                painter.drawText(
                    cell, static_cast<int>(((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter).toInt()),
                    metrics.elidedText(text, Qt::ElideRight, cell.width()));
            }
            x += w;
        }
        y += h;
    };
    drawRow(table.header, true, false, headerH);
    int drawn = 0;
    const int rows = static_cast<int>(table.rows.size());
    for (int r = firstRow; r < rows && (maxRows < 0 || drawn < maxRows); ++r) {
        const auto& cells = table.rows[static_cast<std::size_t>(r)];
        const bool total = table.boldLastRow && r == rows - 1;
        const double h = bodyHeight(cells, total ? bold : font);
        if (y + h > box.bottom() + 0.01) break;
        drawRow(cells, false, total, h);
        ++drawn;
    }
    if (usedHeight) *usedHeight = y - box.top();
    painter.restore();
    return drawn;
}

}  // namespace redline::render
