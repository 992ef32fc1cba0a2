// SPDX-License-Identifier: MIT
#include "redline/render/map_viewport.hpp"

#include <algorithm>

namespace redline::render {

MapViewport::MapViewport(QSize size, QPointF center, double unitsPerPixel, double xStretch)
    : size_(size), center_(center), unitsPerPixel_(unitsPerPixel), xStretch_(xStretch > 0 ? xStretch : 1.0) {}

MapViewport MapViewport::fitting(const Box& extent, QSize size, double xStretch, double marginFraction) {
    if (extent.empty() || size.isEmpty()) return MapViewport(size, {0, 0}, 1.0, xStretch);
    const double w = std::max(extent.width() * xStretch, 1e-9);
    const double h = std::max(extent.height(), 1e-9);
    const double upp = std::max(w / size.width(), h / size.height()) * (1.0 + 2 * marginFraction);
    return MapViewport(size, {(extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2}, upp, xStretch);
}

Box MapViewport::visibleExtent() const {
    const QPointF a = toMap({0, static_cast<double>(size_.height())});
    const QPointF b = toMap({static_cast<double>(size_.width()), 0});
    return {a.x(), a.y(), b.x(), b.y()};
}

QRectF MapViewport::toPixelRect(const Box& b) const {
    return QRectF(toPixel(QPointF(b.minX, b.maxY)), toPixel(QPointF(b.maxX, b.minY))).normalized();
}

QTransform MapViewport::transform() const {
    const double sx = xStretch_ / unitsPerPixel_;
    const double sy = -1.0 / unitsPerPixel_;
    return QTransform(sx, 0, 0, sy, size_.width() / 2.0 - center_.x() * sx, size_.height() / 2.0 - center_.y() * sy);
}

MapViewport MapViewport::resized(QSize size) const { return MapViewport(size, center_, unitsPerPixel_, xStretch_); }

MapViewport MapViewport::zoomedBy(double factor, QPointF anchorPixel) const {
    const QPointF anchor = toMap(anchorPixel);
    MapViewport v(size_, center_, unitsPerPixel_ / factor, xStretch_);
    const QPointF moved = v.toMap(anchorPixel);
    v.center_ += anchor - moved;
    return v;
}

MapViewport MapViewport::pannedBy(QPointF delta) const {
    return MapViewport(size_,
                       {center_.x() - delta.x() * unitsPerPixel_ / xStretch_, center_.y() + delta.y() * unitsPerPixel_},
                       unitsPerPixel_, xStretch_);
}

MapViewport MapViewport::centeredOn(QPointF map) const { return MapViewport(size_, map, unitsPerPixel_, xStretch_); }

}  // namespace redline::render
