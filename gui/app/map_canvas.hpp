// SPDX-License-Identifier: MIT
// The map widget. Renders the document's layers on a worker thread into a cached image; while
// a render runs, or while the user drags or zooms, it repaints the last image moved and scaled
// to the current view, so the UI never waits for drawing. Tools: pan, zoom box, identify,
// draw a site. Selection, the drawn site and a flashed feature are painted on top.
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QImage>
#include <QTimer>
#include <QWidget>
#include <atomic>
#include <memory>
#include <optional>

#include "map_document.hpp"
#include "redline/render/map_viewport.hpp"
#include "site_sketch.hpp"

namespace redline::crs {
class Measure;
}

namespace redline::viewer {

enum class MapTool { Pan, ZoomBox, Identify, DrawSite };

class MapCanvas : public QWidget {
    Q_OBJECT
  public:
    explicit MapCanvas(MapDocument* document, QWidget* parent = nullptr);
    ~MapCanvas() override;

    void setTool(MapTool tool);
    [[nodiscard]] MapTool tool() const { return tool_; }
    [[nodiscard]] const render::MapViewport& viewport() const { return viewport_; }
    void setViewport(const render::MapViewport& viewport);

    void zoomToExtent(const render::Box& extent);
    void zoomToFull();
    void zoomToLayer(int layerId);
    void zoomToSelection();
    void zoomBy(double factor);
    // Flashes a feature for a moment (a conflict clicked in the list).
    void flashFeature(int layerId, std::uint32_t feature);

    // Scale denominator at the map centre for this screen (1:N); nullopt without a CRS.
    [[nodiscard]] std::optional<double> scaleDenominator() const;
    [[nodiscard]] SiteSketch& sketch() { return sketch_; }
    [[nodiscard]] const QImage& cachedImage() const { return cache_; }
    [[nodiscard]] int renderCount() const { return renderCount_; }

  public slots:
    void scheduleRender();

  signals:
    void cursorMoved(QPointF map);
    void viewChanged();
    void rendered(double milliseconds, int features);
    void identified(QPointF map, double tolerance);
    void siteFinished(const QPolygonF& ring);
    void sketchChanged();

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void startRender();
    void renderDone();
    void paintOverlays(QPainter& painter);
    void ensureMeasure() const;

    MapDocument* document_;
    render::MapViewport viewport_;
    bool haveView_ = false;
    // The view is still the automatic whole-project one: each layer that finishes loading widens
    // it, until all have loaded or the planner moves the map. Layers load in parallel and the
    // first to finish is often the smallest (one site), not the project.
    bool followLoads_ = true;
    MapTool tool_ = MapTool::Pan;

    QImage cache_;
    render::MapViewport cacheViewport_;
    QFutureWatcher<QImage>* watcher_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
    render::MapViewport pendingViewport_;
    QElapsedTimer renderClock_;
    QTimer renderTimer_;
    bool renderAgain_ = false;
    int renderCount_ = 0;
    int lastFeatures_ = 0;

    std::optional<QPoint> pressPos_;
    render::MapViewport pressViewport_;
    std::optional<QRect> zoomBox_;
    SiteSketch sketch_;
    std::optional<QPointF> hoverMap_;
    std::optional<std::pair<int, std::uint32_t>> flash_;
    QTimer flashTimer_;
    int flashTicks_ = 0;
    mutable std::unique_ptr<crs::Measure> measure_;
    mutable std::string measureCrsWkt_;
};

}  // namespace redline::viewer
