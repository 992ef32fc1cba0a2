// SPDX-License-Identifier: MIT
#include "redline/render/overview_inset.hpp"

#include <algorithm>
#include <cmath>

namespace redline::render {

namespace {

// An atlas has one inset for its subject pages and another for its overview page; a subject at
// the edge of the project widens its own. A few are kept, so those do not evict the common one.
constexpr std::size_t kKept = 4;

bool sameView(const MapViewport& a, const MapViewport& b) {
    return a.size() == b.size() && a.center() == b.center() && a.unitsPerPixel() == b.unitsPerPixel() &&
           a.xStretch() == b.xStretch();
}

// Device pixels per image pixel: never below 1 (an image finer than the device gains nothing).
double scaleOf(const RenderOptions& options, double imageDpi) {
    return imageDpi > 0 ? std::max(1.0, options.dpi / imageDpi) : 1.0;
}

std::vector<const VectorLayer*> layerIds(const std::vector<StyledLayer>& layers) {
    std::vector<const VectorLayer*> ids;
    for (const auto& l : layers) ids.push_back(l.visible ? l.layer.get() : nullptr);
    return ids;
}

}  // namespace

QImage OverviewInsets::image(const MapViewport& view, const std::vector<StyledLayer>& layers,
                             const RenderOptions& options, double imageDpi) {
    const auto ids = layerIds(layers);
    const std::lock_guard lock(mutex_);
    const auto cached = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return sameView(e.view, view) && e.layers == ids && e.deviceDpi == options.dpi && e.imageDpi == imageDpi;
    });
    if (cached != entries_.end()) {
        Entry hit = std::move(*cached);
        entries_.erase(cached);
        entries_.push_front(std::move(hit));
        return entries_.front().image;
    }
    // Image pixel (i, j) covers device pixels from (i, j) × scale: the image's viewport is the
    // device's, coarser, with the same top left corner.
    const double scale = scaleOf(options, imageDpi);
    const QSize size(std::max(1, static_cast<int>(std::ceil(view.size().width() / scale))),
                     std::max(1, static_cast<int>(std::ceil(view.size().height() / scale))));
    const QPointF centre = view.toMap(QPointF(size.width() * scale / 2, size.height() * scale / 2));
    const MapViewport imageView(size, centre, view.unitsPerPixel() * scale, view.xStretch());
    RenderOptions imageOptions = options;
    imageOptions.dpi = options.dpi / scale;
    imageOptions.vectorOutput = false;  // a feature smaller than a pixel becomes a dot
    // Opaque: a PDF then needs no soft mask for it.
    QImage picture = renderImage(imageView, layers, imageOptions).convertToFormat(QImage::Format_RGB32);
    entries_.push_front({view, ids, options.dpi, imageDpi, picture});
    if (entries_.size() > kKept) entries_.pop_back();
    return picture;
}

void OverviewInsets::draw(QPainter& painter, const MapViewport& view, const std::vector<StyledLayer>& layers,
                          const RenderOptions& options, double imageDpi) {
    const QImage picture = image(view, layers, options, imageDpi);
    const double scale = scaleOf(options, imageDpi);
    painter.save();
    painter.setRenderHint(QPainter::LosslessImageRendering, true);  // a PDF's JPEG would blur the thin lines
    painter.setRenderHint(QPainter::SmoothPixmapTransform, scale > 1);
    painter.drawImage(QRectF(0, 0, picture.width() * scale, picture.height() * scale), picture);
    painter.restore();
}

}  // namespace redline::render
