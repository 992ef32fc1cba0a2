// SPDX-License-Identifier: MIT
#include "redline/render/page_setup.hpp"

#include <algorithm>
#include <cmath>
#include <regex>
#include <stdexcept>

namespace redline::render {

PageSetup PageSetup::parse(const std::string& size, bool landscape) {
    PageSetup page;
    static const std::regex iso(R"([Aa]([0-6]))");
    static const std::regex custom(R"(\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*)");
    std::smatch m;
    if (std::regex_match(size, m, iso)) {
        // A0 is 841 × 1189 mm; each next size halves the long side (rounded down, ISO 216).
        double w = 841, h = 1189;
        for (int i = 0; i < std::stoi(m[1]); ++i) {
            const double half = std::floor(h / 2);
            h = w;
            w = half;
        }
        page.sizeMm = {w, h};
    } else if (std::regex_match(size, m, custom)) {
        const double w = std::stod(m[1]), h = std::stod(m[2]);
        if (w < 50 || h < 50 || w > 5000 || h > 5000) {
            throw std::invalid_argument("page size \"" + size + "\": each side must be 50 to 5000 mm");
        }
        page.sizeMm = {w, h};
        if (!landscape) return page;  // a custom size is taken as given, unless turned by --landscape
    } else {
        throw std::invalid_argument("page size \"" + size + "\": give A0..A6 or WIDTHxHEIGHTmm (e.g. 400x300mm)");
    }
    const double shortSide = std::min(page.sizeMm.width(), page.sizeMm.height());
    const double longSide = std::max(page.sizeMm.width(), page.sizeMm.height());
    page.sizeMm = landscape ? QSizeF(longSide, shortSide) : QSizeF(shortSide, longSide);
    return page;
}

QSize PageSetup::pixels(double atDpi) const {
    return {static_cast<int>(std::lround(sizeMm.width() / kMmPerInch * atDpi)),
            static_cast<int>(std::lround(sizeMm.height() / kMmPerInch * atDpi))};
}

}  // namespace redline::render
