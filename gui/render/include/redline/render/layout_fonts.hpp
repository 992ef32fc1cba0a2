// SPDX-License-Identifier: MIT
// Fonts for map layouts, sized in points on paper whatever the device: the size is set in
// device pixels from the layout's pixels per millimetre (a PDF writer, an SVG generator and
// an image all report different logical DPIs). The family prefers a CJK font so that Chinese
// titles and legend labels render (and are embedded in PDFs) on any machine with one.
#pragma once

#include <QFont>
#include <QFontMetricsF>
#include <QString>

namespace redline::render {

[[nodiscard]] QFont layoutFont(double points, double pxPerMm, bool bold = false);

// The widest stretch of `text` that cannot be wrapped (a code such as XM0049968, a word; CJK
// text may break between any two characters): no column or cell may be narrower.
[[nodiscard]] double widestUnbreakable(const QFontMetricsF& fm, const QString& text);

}  // namespace redline::render
