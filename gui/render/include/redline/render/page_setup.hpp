// SPDX-License-Identifier: MIT
// The paper a map layout is drawn on: ISO A sizes or any width × height in millimetres,
// portrait or landscape, and the resolution raster output is made at.
//   PageSetup page = PageSetup::parse("A3", /*landscape=*/true);  // 420 × 297 mm
#pragma once

#include <QSize>
#include <QSizeF>
#include <string>

namespace redline::render {

struct PageSetup {
    QSizeF sizeMm{210, 297};
    double dpi = 150;  // PNG resolution; vector output is resolution-free

    // "A0".."A6" or "WxHmm" (e.g. "400x300mm"); `landscape` puts the long side across.
    // Throws std::invalid_argument with the offending text.
    [[nodiscard]] static PageSetup parse(const std::string& size, bool landscape);
    [[nodiscard]] bool landscape() const { return sizeMm.width() > sizeMm.height(); }
    // Device pixels for the page at `dpi`.
    [[nodiscard]] QSize pixels(double atDpi) const;
};

constexpr double kMmPerInch = 25.4;

}  // namespace redline::render
