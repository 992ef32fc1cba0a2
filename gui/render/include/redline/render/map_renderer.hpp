// SPDX-License-Identifier: MIT
// Draws styled layers onto any QPainter: an image for the viewer (on a render thread), a PDF
// or SVG page for map export. Only features whose box is in view are visited (spatial index);
// rings are simplified to the device pixel (a vertex closer than half a pixel to the last kept
// one is dropped) and a feature smaller than a pixel becomes one dot. Polygons with holes and
// multipart polygons fill by the even-odd rule.
//
// Thread-safe: draws from immutable layers; one painter per call. Cancelling stops between
// features (the partial picture is then discarded by the caller).
//
//   QImage img = renderImage(viewport, layers, {});  // ARGB32 premultiplied
#pragma once

#include <QImage>
#include <QPainter>
#include <atomic>
#include <span>
#include <vector>

#include "redline/render/map_viewport.hpp"
#include "redline/render/styled_layer.hpp"

namespace redline::render {

struct RenderOptions {
    double dpi = 96;  // converts millimetre widths and point sizes to pixels
    bool antialias = true;
    bool labels = true;
    QColor background = Qt::white;
    // Vector output (PDF/SVG) keeps sub-pixel features as polygons instead of dots.
    bool vectorOutput = false;
};

struct RenderStats {
    std::size_t features = 0;  // drawn as geometry
    std::size_t dots = 0;      // drawn as a single pixel
    std::size_t vertices = 0;  // after simplification
    std::size_t labels = 0;
    bool canceled = false;
};

// Draws `layers` (first at the bottom) in `viewport`'s pixel space onto `painter`.
RenderStats drawMap(QPainter& painter, const MapViewport& viewport, const std::vector<StyledLayer>& layers,
                    const RenderOptions& options, const std::atomic<bool>* cancel = nullptr);

// A new image of the viewport's size with the background and `layers` drawn.
[[nodiscard]] QImage renderImage(const MapViewport& viewport, const std::vector<StyledLayer>& layers,
                                 const RenderOptions& options, const std::atomic<bool>* cancel = nullptr,
                                 RenderStats* stats = nullptr);

// Draws some features of a layer with a given pen and brush (selection, flash, a drawn site).
void drawFeatures(QPainter& painter, const MapViewport& viewport, const VectorLayer& layer,
                  std::span<const std::uint32_t> features, const QPen& pen, const QBrush& brush);

}  // namespace redline::render
