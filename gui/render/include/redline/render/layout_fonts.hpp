// SPDX-License-Identifier: MIT
// Fonts for map layouts, sized in points on paper whatever the device: the size is set in
// device pixels from the layout's pixels per millimetre (a PDF writer, an SVG generator and
// an image all report different logical DPIs). The family prefers a CJK font so that Chinese
// titles and legend labels render (and are embedded in PDFs) on any machine with one.
#pragma once

#include <QFont>

namespace redline::render {

[[nodiscard]] QFont layoutFont(double points, double pxPerMm, bool bold = false);

}  // namespace redline::render
