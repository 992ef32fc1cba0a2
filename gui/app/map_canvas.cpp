// SPDX-License-Identifier: MIT
#include "map_canvas.hpp"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include "redline/crs/measure.hpp"
#include "redline/render/map_renderer.hpp"

namespace redline::viewer {

namespace {
constexpr double kWheelStep = 1.25;
constexpr int kRenderDelayMs = 40;  // coalesces bursts of wheel steps and resizes
}  // namespace

MapCanvas::MapCanvas(MapDocument* document, QWidget* parent) : QWidget(parent), document_(document) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    renderTimer_.setSingleShot(true);
    connect(&renderTimer_, &QTimer::timeout, this, &MapCanvas::startRender);
    flashTimer_.setInterval(180);
    connect(&flashTimer_, &QTimer::timeout, this, [this] {
        if (++flashTicks_ >= 8) {
            flashTimer_.stop();
            flash_.reset();
        }
        update();
    });
    watcher_ = new QFutureWatcher<QImage>(this);
    connect(watcher_, &QFutureWatcher<QImage>::finished, this, &MapCanvas::renderDone);
    connect(document_, &MapDocument::appearanceChanged, this, &MapCanvas::scheduleRender);
    connect(document_, &MapDocument::layersChanged, this, &MapCanvas::scheduleRender);
    connect(document_, &MapDocument::selectionChanged, this, [this] { update(); });
    connect(document_, &MapDocument::layerLoaded, this, [this] {
        if (!haveView_ || followLoads_) {
            zoomToFull();
            followLoads_ = true;
        }
    });
    connect(document_, &MapDocument::allLoaded, this, [this] { followLoads_ = false; });
    connect(document_, &MapDocument::projectChanged, this, [this] {
        haveView_ = false;
        followLoads_ = true;
        cache_ = QImage();
        sketch_.clear();
        if (const auto& e = document_->project().map.extent) {
            zoomToExtent({(*e)[0], (*e)[1], (*e)[2], (*e)[3]});  // the saved view is kept
        }
    });
}

MapCanvas::~MapCanvas() {
    if (cancel_) cancel_->store(true);
    watcher_->waitForFinished();
}

void MapCanvas::setTool(MapTool tool) {
    tool_ = tool;
    zoomBox_.reset();
    setCursor(tool == MapTool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
    update();
}

void MapCanvas::setViewport(const render::MapViewport& viewport) {
    viewport_ = viewport.resized(size());
    haveView_ = true;
    followLoads_ = false;
    emit viewChanged();
    scheduleRender();
}

void MapCanvas::zoomToExtent(const render::Box& extent) {
    if (extent.empty()) return;
    render::Box e = extent;
    // A point or a tiny feature still gets a readable neighbourhood. Without a map CRS (a loose
    // file with no .prj) the unit is unknown: degrees or metres, so only a single point is padded,
    // else a layer in degrees was lost in 400 units of empty map.
    const auto& mapCrs = document_->mapCrs();
    const double minSize = !mapCrs                  ? (e.width() > 0 || e.height() > 0 ? 0.0 : 1.0)
                           : mapCrs->isGeographic() ? 0.002
                                                    : 200.0;
    if (e.width() < minSize && e.height() < minSize) {
        const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
        e = {cx - minSize, cy - minSize, cx + minSize, cy + minSize};
    }
    setViewport(render::MapViewport::fitting(e, size(), document_->xStretch(), 0.05));
}

void MapCanvas::zoomToFull() { zoomToExtent(document_->fullExtent()); }

void MapCanvas::zoomToLayer(int layerId) {
    if (const auto* l = document_->layer(layerId); l && l->data) zoomToExtent(l->data->extent());
}

void MapCanvas::zoomToSelection() {
    render::Box box;
    for (const auto& l : document_->layers()) {
        if (!l.data) continue;
        for (auto f : l.selection) box.expand(l.data->box(f));
    }
    zoomToExtent(box);
}

void MapCanvas::zoomBy(double factor) {
    setViewport(viewport_.zoomedBy(factor, QPointF(width() / 2.0, height() / 2.0)));
}

void MapCanvas::flashFeature(int layerId, std::uint32_t feature) {
    flash_ = {layerId, feature};
    flashTicks_ = 0;
    flashTimer_.start();
    update();
}

void MapCanvas::scheduleRender() {
    if (!haveView_) return;
    renderTimer_.start(kRenderDelayMs);
}

void MapCanvas::startRender() {
    if (!haveView_ || !viewport_.valid()) return;
    if (watcher_->isRunning()) {
        // A newer view supersedes the running render: stop it and start again when it ends.
        cancel_->store(true);
        renderAgain_ = true;
        return;
    }
    renderAgain_ = false;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    pendingViewport_ = viewport_;
    auto layers = document_->styledLayers();
    render::RenderOptions options;
    options.dpi = logicalDpiX();
    auto cancel = cancel_;
    const auto viewport = pendingViewport_;
    renderClock_.start();
    watcher_->setFuture(QtConcurrent::run([viewport, layers = std::move(layers), options, cancel] {
        render::RenderStats stats;
        QImage image = render::renderImage(viewport, layers, options, cancel.get(), &stats);
        if (stats.canceled) return QImage();
        image.setText(QStringLiteral("features"), QString::number(stats.features + stats.dots));
        return image;
    }));
}

void MapCanvas::renderDone() {
    QImage image = watcher_->result();
    if (!image.isNull()) {
        cache_ = std::move(image);
        cacheViewport_ = pendingViewport_;
        ++renderCount_;
        lastFeatures_ = cache_.text(QStringLiteral("features")).toInt();
        emit rendered(static_cast<double>(renderClock_.nsecsElapsed()) / 1e6, lastFeatures_);
        update();
    }
    if (renderAgain_ || cacheViewport_.center() != viewport_.center() ||
        cacheViewport_.unitsPerPixel() != viewport_.unitsPerPixel() || cacheViewport_.size() != viewport_.size())
        startRender();
}

void MapCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    if (!cache_.isNull() && haveView_) {
        // The last frame, moved and scaled to where its extent lies in the current view.
        const QRectF target = viewport_.toPixelRect(cacheViewport_.visibleExtent());
        painter.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < width() * 4);
        painter.drawImage(target, cache_);
    }
    paintOverlays(painter);
}

void MapCanvas::paintOverlays(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing);
    for (const auto& l : document_->layers()) {
        if (!l.data || l.selection.empty() || !l.spec.visible) continue;
        std::vector<std::uint32_t> ids(l.selection.begin(), l.selection.end());
        render::drawFeatures(painter, viewport_, *l.data, ids, QPen(QColor(0, 220, 255), 3),
                             QBrush(QColor(0, 220, 255, 50)));
    }
    if (flash_ && flashTicks_ % 2 == 0) {
        if (const auto* l = document_->layer(flash_->first); l && l->data) {
            const std::uint32_t f = flash_->second;
            render::drawFeatures(painter, viewport_, *l->data, std::span<const std::uint32_t>(&f, 1),
                                 QPen(QColor(255, 230, 0), 4), QBrush(QColor(255, 230, 0, 120)));
        }
    }
    if (!sketch_.vertices().empty()) {
        QPolygonF pts;
        for (const auto& v : sketch_.vertices()) pts << viewport_.toPixel(v);
        if (tool_ == MapTool::DrawSite && hoverMap_) pts << viewport_.toPixel(*hoverMap_);
        painter.setPen(QPen(QColor(255, 120, 0), 2, Qt::DashLine));
        painter.setBrush(QColor(255, 200, 0, 70));
        painter.drawPolygon(pts);
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(QColor(255, 120, 0));
        for (const auto& v : sketch_.vertices()) painter.drawEllipse(viewport_.toPixel(v), 3.5, 3.5);
    }
    if (zoomBox_) {
        painter.setPen(QPen(QColor(30, 30, 30), 1, Qt::DashLine));
        painter.setBrush(QColor(0, 120, 255, 40));
        painter.drawRect(*zoomBox_);
    }
}

void MapCanvas::resizeEvent(QResizeEvent*) {
    if (!haveView_ || followLoads_) {
        const bool follow = followLoads_;
        if (!document_->fullExtent().empty()) zoomToFull();
        followLoads_ = follow;
        return;
    }
    viewport_ = viewport_.resized(size());
    emit viewChanged();
    scheduleRender();
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    if (!haveView_) return;
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) return;
    viewport_ = viewport_.zoomedBy(std::pow(kWheelStep, steps), event->position());
    followLoads_ = false;
    emit viewChanged();
    update();  // the cached frame, scaled, until the new one is ready
    scheduleRender();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    if (!haveView_) return;
    const QPointF map = viewport_.toMap(event->position());
    const bool panButton =
        event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && tool_ == MapTool::Pan);
    if (panButton) {
        pressPos_ = event->position().toPoint();
        pressViewport_ = viewport_;
        setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::LeftButton && tool_ == MapTool::ZoomBox) {
        pressPos_ = event->position().toPoint();
        zoomBox_ = QRect(*pressPos_, *pressPos_);
    } else if (event->button() == Qt::LeftButton && tool_ == MapTool::Identify) {
        emit identified(map, 4 * viewport_.unitsPerPixel() / std::max(viewport_.xStretch(), 0.05));
    } else if (event->button() == Qt::LeftButton && tool_ == MapTool::DrawSite) {
        sketch_.add(map);
        emit sketchChanged();
        update();
    } else if (event->button() == Qt::RightButton && tool_ == MapTool::DrawSite) {
        sketch_.undo();
        emit sketchChanged();
        update();
    }
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!haveView_) return;
    const QPointF map = viewport_.toMap(event->position());
    emit cursorMoved(map);
    hoverMap_ = map;
    if (pressPos_ && !zoomBox_) {
        // Dragging only moves the cached frame; the render starts when the button is released.
        viewport_ = pressViewport_.pannedBy(event->position() - QPointF(*pressPos_));
        followLoads_ = false;
        emit viewChanged();
        update();
    } else if (zoomBox_) {
        zoomBox_ = QRect(*pressPos_, event->position().toPoint()).normalized();
        update();
    } else if (tool_ == MapTool::DrawSite && !sketch_.vertices().empty()) {
        update();
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (zoomBox_) {
        const QRect box = *zoomBox_;
        zoomBox_.reset();
        pressPos_.reset();
        if (box.width() > 4 && box.height() > 4) {
            const QPointF a = viewport_.toMap(box.bottomLeft()), b = viewport_.toMap(box.topRight());
            zoomToExtent({a.x(), a.y(), b.x(), b.y()});
        } else {
            setViewport(viewport_.zoomedBy(2.0, event->position()));
        }
        return;
    }
    if (pressPos_) {
        pressPos_.reset();
        setCursor(tool_ == MapTool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
        scheduleRender();
    }
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    if (tool_ == MapTool::DrawSite && event->button() == Qt::LeftButton) {
        sketch_.add(viewport_.toMap(event->position()));
        if (auto ring = sketch_.finish()) {
            sketch_.clear();
            emit sketchChanged();
            emit siteFinished(*ring);
        }
        update();
    } else if (tool_ == MapTool::Pan && event->button() == Qt::LeftButton) {
        setViewport(viewport_.zoomedBy(2.0, event->position()));
    }
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
    if (tool_ == MapTool::DrawSite && event->key() == Qt::Key_Escape) {
        sketch_.clear();
        emit sketchChanged();
        update();
    } else if (tool_ == MapTool::DrawSite && event->key() == Qt::Key_Backspace) {
        sketch_.undo();
        emit sketchChanged();
        update();
    } else if (tool_ == MapTool::DrawSite && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        if (auto ring = sketch_.finish()) {
            sketch_.clear();
            emit sketchChanged();
            emit siteFinished(*ring);
        }
        update();
    } else {
        QWidget::keyPressEvent(event);
    }
}

void MapCanvas::ensureMeasure() const {
    if (!document_->mapCrs()) return;
    const std::string wkt = document_->mapCrs()->wkt();
    if (!measure_ || wkt != measureCrsWkt_) {
        measure_ = std::make_unique<crs::Measure>(*document_->mapCrs());
        measureCrsWkt_ = wkt;
    }
}

std::optional<double> MapCanvas::scaleDenominator() const {
    if (!haveView_ || !document_->mapCrs()) return std::nullopt;
    ensureMeasure();
    const QPointF c = viewport_.center();
    // Ground length of 100 screen pixels at the centre, north-south (true for every projection).
    const double units = 100 * viewport_.unitsPerPixel();
    const double metres = measure_->distance(c.x(), c.y() - units / 2, c.x(), c.y() + units / 2);
    const double screenMetres = 100 * 0.0254 / std::max(1, logicalDpiY());
    if (!(metres > 0)) return std::nullopt;
    return metres / screenMetres;
}

}  // namespace redline::viewer
