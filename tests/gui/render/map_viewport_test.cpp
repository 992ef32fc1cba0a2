// SPDX-License-Identifier: MIT
#include "redline/render/map_viewport.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace redline::render {
namespace {

constexpr double kTol = 1e-9;

TEST(MapViewport, PixelAndMapAreInverse) {
    const MapViewport v({800, 600}, {118.8, 32.05}, 0.001, std::cos(32.05 * M_PI / 180));
    for (QPointF px : {QPointF(0, 0), QPointF(800, 600), QPointF(123.5, 456.25)}) {
        const QPointF back = v.toPixel(v.toMap(px));
        EXPECT_NEAR(back.x(), px.x(), kTol);
        EXPECT_NEAR(back.y(), px.y(), kTol);
    }
    // North is up: a larger y in the map is a smaller pixel row.
    EXPECT_LT(v.toPixel({118.8, 32.06}).y(), v.toPixel({118.8, 32.05}).y());
    // The transform a painter would use agrees with toPixel.
    const QPointF p = v.transform().map(QPointF(118.81, 32.04));
    EXPECT_NEAR(p.x(), v.toPixel({118.81, 32.04}).x(), 1e-6);
    EXPECT_NEAR(p.y(), v.toPixel({118.81, 32.04}).y(), 1e-6);
}

TEST(MapViewport, GeographicStretchDrawsADegreeOfLongitudeCosPhiWide) {
    const double stretch = std::cos(60 * M_PI / 180);  // exactly 0.5
    const MapViewport v({1000, 1000}, {10, 60}, 0.01, stretch);
    const double lonPixels = v.toPixel({11, 60}).x() - v.toPixel({10, 60}).x();
    const double latPixels = v.toPixel({10, 60}).y() - v.toPixel({10, 61}).y();
    EXPECT_NEAR(lonPixels / latPixels, 0.5, kTol);
}

TEST(MapViewport, FittingShowsTheWholeExtentCentred) {
    const Box extent{500000, 3500000, 520000, 3510000};
    const auto v = MapViewport::fitting(extent, {400, 400}, 1.0, 0.0);
    const Box seen = v.visibleExtent();
    EXPECT_LE(seen.minX, extent.minX + kTol);
    EXPECT_GE(seen.maxX, extent.maxX - kTol);
    EXPECT_LE(seen.minY, extent.minY + kTol);
    EXPECT_GE(seen.maxY, extent.maxY - kTol);
    EXPECT_NEAR(v.unitsPerPixel(), 20000.0 / 400, kTol);  // the wider side fills the width
    EXPECT_NEAR(v.center().x(), 510000, kTol);
}

TEST(MapViewport, ZoomKeepsTheAnchorAndPanMovesByPixels) {
    const MapViewport v({800, 600}, {0, 0}, 2.0);
    const QPointF anchor(100, 500);
    const QPointF before = v.toMap(anchor);
    const auto z = v.zoomedBy(4.0, anchor);
    EXPECT_NEAR(z.unitsPerPixel(), 0.5, kTol);
    EXPECT_NEAR(z.toMap(anchor).x(), before.x(), kTol);
    EXPECT_NEAR(z.toMap(anchor).y(), before.y(), kTol);
    // Dragging the map 10 px right and 20 px down brings content from the left and top.
    const auto p = v.pannedBy({10, 20});
    EXPECT_NEAR(p.toPixel(v.toMap({0, 0})).x(), 10, kTol);
    EXPECT_NEAR(p.toPixel(v.toMap({0, 0})).y(), 20, kTol);
}

}  // namespace
}  // namespace redline::render
