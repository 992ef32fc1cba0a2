// SPDX-License-Identifier: MIT
// A map page's location inset as a picture: the overview layers drawn once into an image that
// every page with the same inset reuses (an atlas's subject pages). Drawn as vectors on each
// page, the inset put every vertex of the project into every PDF page: 4 MB a page with 3,000
// redlines, a 250-page atlas 1 GB. As one image, a page costs the same whatever the project's
// size, and QPdfWriter writes an image it has written before as a reference to it, so the PDF
// holds the picture once.
//
// Pages sharing one cache must have the same overview layers. Thread-safe.
//
//   auto insets = std::make_shared<OverviewInsets>();
//   insets->draw(painter, view, page.overviewLayers, options, 300);  // in view's pixel space
#pragma once

#include <QImage>
#include <deque>
#include <mutex>
#include <vector>

#include "redline/render/map_renderer.hpp"
#include "redline/render/map_viewport.hpp"
#include "redline/render/styled_layer.hpp"

namespace redline::render {

class OverviewInsets {
  public:
    // `layers` in `view` (device pixels at `options.dpi`), drawn at `imageDpi`: an image of
    // view.size() × imageDpi / options.dpi pixels, the same QImage (same cacheKey) for the
    // same view, layers and resolution.
    [[nodiscard]] QImage image(const MapViewport& view, const std::vector<StyledLayer>& layers,
                               const RenderOptions& options, double imageDpi);
    // Draws that image over the view's pixels (0, 0) … view.size().
    void draw(QPainter& painter, const MapViewport& view, const std::vector<StyledLayer>& layers,
              const RenderOptions& options, double imageDpi);

  private:
    struct Entry {
        MapViewport view;
        std::vector<const VectorLayer*> layers;
        double deviceDpi = 0, imageDpi = 0;
        QImage image;
    };
    std::mutex mutex_;
    std::deque<Entry> entries_;  // most recently used first
};

}  // namespace redline::render
