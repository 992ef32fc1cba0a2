// SPDX-License-Identifier: MIT
// What part of the map a device shows: map centre, map units per pixel and device size.
// For a geographic map CRS one degree of longitude is drawn cos(φ0) as wide as one degree of
// latitude (φ0: the latitude the map was opened at), so shapes look as they do on the ground
// instead of stretched east-west; `xStretch` carries that factor (1 for projected CRSs).
// A value type: cheap to copy into the render thread.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include "redline/render/box_index.hpp"

namespace redline::render {

class MapViewport {
  public:
    MapViewport() = default;
    MapViewport(QSize size, QPointF center, double unitsPerPixel, double xStretch = 1.0);

    // The viewport that shows `extent` whole with `marginFraction` around it.
    [[nodiscard]] static MapViewport fitting(const Box& extent, QSize size, double xStretch,
                                             double marginFraction = 0.03);

    [[nodiscard]] QSize size() const { return size_; }
    [[nodiscard]] QPointF center() const { return center_; }
    [[nodiscard]] double unitsPerPixel() const { return unitsPerPixel_; }
    [[nodiscard]] double xStretch() const { return xStretch_; }
    [[nodiscard]] bool valid() const { return size_.width() > 0 && size_.height() > 0 && unitsPerPixel_ > 0; }

    [[nodiscard]] QPointF toPixel(QPointF map) const {
        return {size_.width() / 2.0 + (map.x() - center_.x()) * xStretch_ / unitsPerPixel_,
                size_.height() / 2.0 - (map.y() - center_.y()) / unitsPerPixel_};
    }
    [[nodiscard]] QPointF toMap(QPointF pixel) const {
        return {center_.x() + (pixel.x() - size_.width() / 2.0) * unitsPerPixel_ / xStretch_,
                center_.y() - (pixel.y() - size_.height() / 2.0) * unitsPerPixel_};
    }
    [[nodiscard]] Box visibleExtent() const;
    // Pixel rectangle of a map box.
    [[nodiscard]] QRectF toPixelRect(const Box& b) const;
    // Map → pixel as a QTransform (for a painter drawing map coordinates).
    [[nodiscard]] QTransform transform() const;

    [[nodiscard]] MapViewport resized(QSize size) const;
    // Zooms by `factor` (>1 zooms in) keeping the map point under `anchorPixel` in place.
    [[nodiscard]] MapViewport zoomedBy(double factor, QPointF anchorPixel) const;
    // Moves the content by `deltaPixels` (a drag of the map).
    [[nodiscard]] MapViewport pannedBy(QPointF deltaPixels) const;
    [[nodiscard]] MapViewport centeredOn(QPointF map) const;

  private:
    QSize size_;
    QPointF center_;
    double unitsPerPixel_ = 0;
    double xStretch_ = 1.0;
};

}  // namespace redline::render
