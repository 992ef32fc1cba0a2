// SPDX-License-Identifier: MIT
// A map legend generated from the layers' symbology: one group per visible layer, top layer
// first; a categorized layer lists its shown categories with their labels, a single-style
// layer is one entry. Swatches are areas (fill + outline) or, for an unfilled layer, a line.
#pragma once

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <vector>

#include "redline/render/styled_layer.hpp"

namespace redline::render {

struct LegendEntry {
    QString label;
    QColor fill;  // alpha 0: drawn as a line
    QColor stroke;
    double strokeMm = 0.26;
    bool dashed = false;
};

struct LegendGroup {
    QString title;
    std::vector<LegendEntry> entries;
};

// `names`: the title of each layer (same order as `layers`).
[[nodiscard]] std::vector<LegendGroup> legendFor(const std::vector<StyledLayer>& layers, const QStringList& names);

// The legend's height in device units at `scale` of its usual sizes (10 pt title, 7.5 pt entries).
[[nodiscard]] double legendHeight(const std::vector<LegendGroup>& groups, double pxPerMm, double scale);
// The scale the legend is drawn at in a box `heightPx` tall: 1, or smaller (down to 0.7) so that
// every entry fits before any is left out (a report's map has a smaller side panel than a page).
[[nodiscard]] double legendScale(const std::vector<LegendGroup>& groups, double heightPx, double pxPerMm);

// Draws the legend into `box` (device units, `pxPerMm` to the millimetre) from the top, at
// legendScale(); returns the height used. Entries that still do not fit are summarised in a last
// line ("… +3").
double drawLegend(QPainter& painter, const QRectF& box, const std::vector<LegendGroup>& groups, const QString& title,
                  double pxPerMm);

}  // namespace redline::render
