// SPDX-License-Identifier: MIT
#include "redline/render/map_renderer.hpp"

#include <QPainterPath>
#include <QPolygonF>
#include <algorithm>
#include <cmath>
#include <limits>

namespace redline::render {

namespace {

constexpr double kMmPerInch = 25.4;

// Maps map coordinates to pixels without QTransform's generality (the hot loop).
struct PixelMapper {
    double sx, sy, ox, oy;
    explicit PixelMapper(const MapViewport& v)
        : sx(v.xStretch() / v.unitsPerPixel()),
          sy(-1.0 / v.unitsPerPixel()),
          ox(v.size().width() / 2.0 - v.center().x() * sx),
          oy(v.size().height() / 2.0 - v.center().y() * sy) {}
    [[nodiscard]] QPointF operator()(const QPointF& p) const { return {p.x() * sx + ox, p.y() * sy + oy}; }
};

// Appends the ring in pixels, dropping vertices within `tolerance` pixels of the last kept one.
void simplifiedRing(std::span<const QPointF> ring, const PixelMapper& map, double tolerance, QPolygonF& out) {
    out.clear();
    if (ring.empty()) return;
    QPointF last = map(ring[0]);
    out.append(last);
    for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
        const QPointF p = map(ring[i]);
        if (std::abs(p.x() - last.x()) >= tolerance || std::abs(p.y() - last.y()) >= tolerance) {
            out.append(p);
            last = p;
        }
    }
    if (ring.size() > 1) out.append(map(ring.back()));
}

// Sutherland–Hodgman clip of a closed ring to a rectangle. Used for vector output, where a
// huge polygon (a basin) around a zoomed-in page would otherwise write every vertex into the
// file; the rectangle lies outside the visible frame, so the edges it adds are never seen.
void clipRing(QPolygonF& ring, const QRectF& r) {
    QPolygonF in;
    auto clipEdge = [&](auto inside, auto cross) {
        in.swap(ring);
        ring.clear();
        const auto n = in.size();
        for (qsizetype i = 0; i < n; ++i) {
            const QPointF& a = in[i];
            const QPointF& b = in[(i + 1) % n];
            const bool ia = inside(a), ib = inside(b);
            if (ia) ring.append(a);
            if (ia != ib) ring.append(cross(a, b));
        }
    };
    auto atX = [](const QPointF& a, const QPointF& b, double x) {
        return QPointF(x, a.y() + (b.y() - a.y()) * (x - a.x()) / (b.x() - a.x()));
    };
    auto atY = [](const QPointF& a, const QPointF& b, double y) {
        return QPointF(a.x() + (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()), y);
    };
    clipEdge([&](const QPointF& p) { return p.x() >= r.left(); },
             [&](const QPointF& a, const QPointF& b) { return atX(a, b, r.left()); });
    clipEdge([&](const QPointF& p) { return p.x() <= r.right(); },
             [&](const QPointF& a, const QPointF& b) { return atX(a, b, r.right()); });
    clipEdge([&](const QPointF& p) { return p.y() >= r.top(); },
             [&](const QPointF& a, const QPointF& b) { return atY(a, b, r.top()); });
    clipEdge([&](const QPointF& p) { return p.y() <= r.bottom(); },
             [&](const QPointF& a, const QPointF& b) { return atY(a, b, r.bottom()); });
}

// Cuts segment a–b to a rectangle (Liang–Barsky); false when none of it is inside.
bool clipSegment(QPointF& a, QPointF& b, const QRectF& r) {
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    double t0 = 0, t1 = 1;
    const auto edge = [&](double p, double q) {  // p·t ≤ q keeps the point inside this edge
        if (p == 0) return q >= 0;
        const double t = q / p;
        if (p < 0) {
            if (t > t1) return false;
            t0 = std::max(t0, t);
        } else {
            if (t < t0) return false;
            t1 = std::min(t1, t);
        }
        return true;
    };
    if (!edge(-dx, a.x() - r.left()) || !edge(dx, r.right() - a.x()) || !edge(-dy, a.y() - r.top()) ||
        !edge(dy, r.bottom() - a.y()))
        return false;
    const QPointF start = a;
    if (t1 < 1) b = start + QPointF(dx * t1, dy * t1);
    if (t0 > 0) a = start + QPointF(dx * t0, dy * t0);
    return true;
}

// The parts of a polyline inside a rectangle, for vector output as clipRing is for polygons: a
// river or a road crossing a zoomed-in page otherwise wrote all its vertices into the file.
void clipPolyline(const QPolygonF& line, const QRectF& r, std::vector<QPolygonF>& parts) {
    parts.clear();
    QPolygonF part;
    const auto flush = [&] {
        if (part.size() > 1) parts.push_back(part);
        part.clear();
    };
    for (qsizetype i = 0; i + 1 < line.size(); ++i) {
        QPointF a = line[i], b = line[i + 1];
        if (!clipSegment(a, b, r)) {
            flush();
            continue;
        }
        if (part.isEmpty() || part.back() != a) {
            flush();
            part.append(a);
        }
        part.append(b);
        if (b != line[i + 1]) flush();  // it leaves the rectangle here
    }
    flush();
}

struct LayerPainter {
    QPainter& painter;
    const MapViewport& viewport;
    const StyledLayer& styled;
    const RenderOptions& options;
    const std::atomic<bool>* cancel;
    RenderStats& stats;

    [[nodiscard]] bool canceled() const { return cancel && cancel->load(std::memory_order_relaxed); }

    [[nodiscard]] QColor fillOf(std::size_t f) const {
        const auto& s = styled.style;
        if (s.kind == LayerStyle::Kind::Categorized && !styled.classes.empty()) {
            const auto c = styled.classes[f];
            return toQColor(c >= 0 ? s.categories[static_cast<std::size_t>(c)].fill : s.otherFill);
        }
        return toQColor(s.fill);
    }
    [[nodiscard]] bool shown(std::size_t f) const {
        const auto& s = styled.style;
        if (s.kind != LayerStyle::Kind::Categorized || styled.classes.empty()) return true;
        const auto c = styled.classes[f];
        return c >= 0 ? s.categories[static_cast<std::size_t>(c)].visible : s.showOther;
    }

    void draw(const std::vector<std::uint32_t>& features) {
        const VectorLayer& layer = *styled.layer;
        const PixelMapper map(viewport);
        const double strokePx = styled.style.strokeWidthMm * options.dpi / kMmPerInch;
        const QColor stroke = toQColor(styled.style.stroke);
        // Vector output: 0.08 mm on paper (a 300 dpi printer dot), so paths stay small.
        const double tolerance = options.vectorOutput ? std::max(0.25, 0.08 * options.dpi / kMmPerInch) : 0.5;
        const double pointRadius = std::max(2.0, 1.2 * options.dpi / kMmPerInch);  // 1.2 mm markers
        const double clipMargin = std::max(10.0, 2 * options.dpi / kMmPerInch);
        const QRectF clipRect(-clipMargin, -clipMargin, viewport.size().width() + 2 * clipMargin,
                              viewport.size().height() + 2 * clipMargin);

        QPolygonF ring;
        std::vector<QPolygonF> parts;
        QPainterPath path;
        std::vector<std::pair<QColor, QPointF>> dots;
        QColor currentFill;
        bool haveFill = false;
        QPen pen = strokePx > 0 ? QPen(stroke, strokePx) : QPen(Qt::NoPen);
        if (styled.dashed && strokePx > 0) pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        std::size_t n = 0;
        for (const auto f : features) {
            if ((++n & 1023) == 0 && canceled()) {
                stats.canceled = true;
                return;
            }
            if (!shown(f)) continue;
            const QColor fill = fillOf(f);
            const QRectF px = viewport.toPixelRect(layer.box(f));
            const FeatureType type = layer.type(f);
            if (type != FeatureType::Point && !options.vectorOutput && px.width() < 1.5 && px.height() < 1.5) {
                dots.emplace_back(type == FeatureType::Polygon ? fill : stroke, px.center());
                continue;
            }
            if (!haveFill || fill != currentFill) {
                painter.setBrush(fill);
                currentFill = fill;
                haveFill = true;
            }
            ++stats.features;
            const bool clip = options.vectorOutput && !clipRect.contains(px);
            auto ringOf = [&](std::size_t r) {
                simplifiedRing(layer.ring(f, r), map, tolerance, ring);
                if (clip) clipRing(ring, clipRect);
            };
            switch (type) {
                case FeatureType::Polygon: {
                    const std::size_t rings = layer.ringCount(f);
                    if (rings == 1) {
                        ringOf(0);
                        if (ring.size() < 3) break;  // clipped away
                        stats.vertices += static_cast<std::size_t>(ring.size());
                        painter.drawPolygon(ring, Qt::OddEvenFill);
                    } else {
                        path.clear();
                        path.setFillRule(Qt::OddEvenFill);
                        for (std::size_t r = 0; r < rings; ++r) {
                            ringOf(r);
                            if (ring.size() < 3) continue;
                            stats.vertices += static_cast<std::size_t>(ring.size());
                            path.addPolygon(ring);
                            path.closeSubpath();
                        }
                        if (!path.isEmpty()) painter.drawPath(path);
                    }
                    break;
                }
                case FeatureType::Line: {
                    const QPen saved = painter.pen();
                    painter.setPen(QPen(fill, std::max(1.0, strokePx * 2), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                    for (std::size_t r = 0; r < layer.ringCount(f); ++r) {
                        simplifiedRing(layer.ring(f, r), map, tolerance, ring);
                        if (clip) {
                            clipPolyline(ring, clipRect, parts);
                            for (const auto& part : parts) {
                                stats.vertices += static_cast<std::size_t>(part.size());
                                painter.drawPolyline(part);
                            }
                            continue;
                        }
                        stats.vertices += static_cast<std::size_t>(ring.size());
                        painter.drawPolyline(ring);
                    }
                    painter.setPen(saved);
                    break;
                }
                case FeatureType::Point:
                    for (std::size_t r = 0; r < layer.ringCount(f); ++r) {
                        for (const auto& p : layer.ring(f, r)) painter.drawEllipse(map(p), pointRadius, pointRadius);
                    }
                    break;
                case FeatureType::None:
                    break;
            }
        }
        drawDots(dots);
        stats.dots += dots.size();
    }

    // Sub-pixel features: one opaque pixel each, unsmoothed, so a dense layer still shows.
    void drawDots(std::vector<std::pair<QColor, QPointF>>& dots) {
        if (dots.empty()) return;
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, false);
        std::stable_sort(dots.begin(), dots.end(),
                         [](const auto& a, const auto& b) { return a.first.rgba() < b.first.rgba(); });
        std::vector<QPoint> points;
        for (std::size_t i = 0; i < dots.size();) {
            const QColor color = dots[i].first;
            points.clear();
            for (; i < dots.size() && dots[i].first == color; ++i) points.push_back(dots[i].second.toPoint());
            painter.setPen(QPen(color, 1));
            painter.drawPoints(points.data(), static_cast<int>(points.size()));
        }
        painter.restore();
    }

    void drawLabels(const std::vector<std::uint32_t>& features) {
        const VectorLayer& layer = *styled.layer;
        const int field = layer.fieldIndex(QString::fromStdString(styled.style.labelField));
        if (field < 0) return;
        QFont font = painter.font();
        font.setPointSizeF(styled.style.labelSizePt * options.dpi / 72.0 / (painter.device()->logicalDpiY() / 72.0));
        painter.save();
        painter.setFont(font);
        const QFontMetricsF metrics(font);
        std::vector<QRectF> placed;
        for (const auto f : features) {
            if (placed.size() >= 2000 || canceled()) break;
            if (!shown(f)) continue;
            const QString text = layer.attribute(f, field);
            if (text.isEmpty()) continue;
            const QRectF px = viewport.toPixelRect(layer.box(f));
            const QRectF textRect = metrics.boundingRect(text);
            // A polygon is labelled only when the text fits its box and its centre is inside it.
            if (layer.type(f) == FeatureType::Polygon) {
                if (px.width() < textRect.width() * 0.8 || px.height() < textRect.height()) continue;
                if (!layer.hits(f, viewport.toMap(px.center()), 0)) continue;
            }
            QRectF r = textRect;
            r.moveCenter(layer.type(f) == FeatureType::Point ? px.center() + QPointF(0, -textRect.height())
                                                             : px.center());
            if (std::any_of(placed.begin(), placed.end(), [&](const QRectF& o) { return o.intersects(r); })) continue;
            placed.push_back(r.adjusted(-2, -1, 2, 1));
            QPainterPath textPath;
            textPath.addText(r.left(), r.top() + metrics.ascent(), font, text);
            painter.setPen(QPen(QColor(255, 255, 255, 220), 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(textPath);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(30, 30, 30));
            painter.drawPath(textPath);
            ++stats.labels;
        }
        painter.restore();
    }
};

}  // namespace

RenderStats drawMap(QPainter& painter, const MapViewport& viewport, const std::vector<StyledLayer>& layers,
                    const RenderOptions& options, const std::atomic<bool>* cancel) {
    RenderStats stats;
    if (!viewport.valid()) return stats;
    painter.setRenderHint(QPainter::Antialiasing, options.antialias);
    const Box view = viewport.visibleExtent();
    std::vector<std::pair<const StyledLayer*, std::vector<std::uint32_t>>> labelled;
    for (const auto& styled : layers) {
        if (!styled.visible || !styled.layer) continue;
        if (cancel && cancel->load()) {
            stats.canceled = true;
            return stats;
        }
        auto features = styled.layer->index().querySorted(view);
        if (features.empty()) continue;
        if (!styled.categoryRanks.empty() && styled.classes.size() == styled.layer->featureCount()) {
            const auto rank = [&](std::uint32_t f) {
                const auto c = styled.classes[f];
                return c >= 0 && static_cast<std::size_t>(c) < styled.categoryRanks.size()
                           ? styled.categoryRanks[static_cast<std::size_t>(c)]
                           : std::numeric_limits<int>::min();
            };
            std::stable_sort(features.begin(), features.end(),
                             [&](std::uint32_t a, std::uint32_t b) { return rank(a) < rank(b); });
        }
        const double opacity = std::clamp(styled.style.opacity, 0.0, 1.0);
        if (opacity < 1.0 && !options.vectorOutput) {
            // Drawn apart and composited, so features of one layer do not show through each other.
            QImage part(painter.device()->width(), painter.device()->height(), QImage::Format_ARGB32_Premultiplied);
            part.fill(Qt::transparent);
            QPainter p(&part);
            p.setRenderHint(QPainter::Antialiasing, options.antialias);
            LayerPainter{p, viewport, styled, options, cancel, stats}.draw(features);
            p.end();
            painter.save();
            painter.setOpacity(opacity);
            painter.drawImage(0, 0, part);
            painter.restore();
        } else {
            painter.save();
            painter.setOpacity(opacity);
            LayerPainter{painter, viewport, styled, options, cancel, stats}.draw(features);
            painter.restore();
        }
        if (stats.canceled) return stats;
        if (options.labels && !styled.style.labelField.empty()) labelled.emplace_back(&styled, std::move(features));
    }
    // Labels go above every layer's geometry.
    for (auto& [styled, features] : labelled) {
        LayerPainter{painter, viewport, *styled, options, cancel, stats}.drawLabels(features);
    }
    return stats;
}

QImage renderImage(const MapViewport& viewport, const std::vector<StyledLayer>& layers, const RenderOptions& options,
                   const std::atomic<bool>* cancel, RenderStats* stats) {
    QImage image(viewport.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(options.background);
    QPainter painter(&image);
    const RenderStats s = drawMap(painter, viewport, layers, options, cancel);
    painter.end();
    if (stats) *stats = s;
    return image;
}

void drawFeatures(QPainter& painter, const MapViewport& viewport, const VectorLayer& layer,
                  std::span<const std::uint32_t> features, const QPen& pen, const QBrush& brush) {
    const PixelMapper map(viewport);
    QPolygonF ring;
    painter.save();
    painter.setPen(pen);
    painter.setBrush(brush);
    for (const auto f : features) {
        if (f >= layer.featureCount()) continue;
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        for (std::size_t r = 0; r < layer.ringCount(f); ++r) {
            simplifiedRing(layer.ring(f, r), map, 0.5, ring);
            if (layer.type(f) == FeatureType::Polygon) {
                path.addPolygon(ring);
                path.closeSubpath();
            } else if (layer.type(f) == FeatureType::Line) {
                painter.drawPolyline(ring);
            } else {
                for (const auto& p : ring) painter.drawEllipse(p, 5, 5);
            }
        }
        if (!path.isEmpty()) painter.drawPath(path);
    }
    painter.restore();
}

}  // namespace redline::render
