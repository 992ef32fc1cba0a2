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
};

struct LegendGroup {
    QString title;
    std::vector<LegendEntry> entries;
};

// `names`: the title of each layer (same order as `layers`).
[[nodiscard]] std::vector<LegendGroup> legendFor(const std::vector<StyledLayer>& layers, const QStringList& names);

// Draws the legend into `box` (device units, `pxPerMm` to the millimetre) from the top; returns
// the height used. Entries that do not fit are summarised in a last line ("… 3 more").
double drawLegend(QPainter& painter, const QRectF& box, const std::vector<LegendGroup>& groups, const QString& title,
                  double pxPerMm);

}  // namespace redline::render
