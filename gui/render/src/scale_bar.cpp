// SPDX-License-Identifier: MIT
#include "redline/render/scale_bar.hpp"

#include <QLocale>
#include <array>
#include <cmath>
#include <vector>

#include "redline/crs/measure.hpp"
#include "redline/crs/transformer.hpp"

namespace redline::render {

std::optional<double> groundMetresPerMm(const MapViewport& viewport, const crs::Crs& mapCrs, double pixelsPerMm) {
    if (!viewport.valid() || pixelsPerMm <= 0) return std::nullopt;
    // A segment a tenth of the frame wide: long enough to measure well, short enough that the
    // scale does not change along it.
    const QPointF c(viewport.size().width() / 2.0, viewport.size().height() / 2.0);
    const double halfPx = std::max(1.0, viewport.size().width() / 20.0);
    const QPointF a = viewport.toMap(c - QPointF(halfPx, 0));
    const QPointF b = viewport.toMap(c + QPointF(halfPx, 0));
    try {
        const crs::Measure measure(mapCrs);
        const double metres = measure.distance(a.x(), a.y(), b.x(), b.y());
        if (!(metres > 0) || !std::isfinite(metres)) return std::nullopt;
        return metres / (2 * halfPx / pixelsPerMm);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

QString representativeFraction(double metresPerMm) {
    // 1:N rounded to 3 significant figures, as printed scales are.
    const double n = metresPerMm * 1000;
    const double magnitude = std::pow(10.0, std::floor(std::log10(n)) - 2);
    return QStringLiteral("1:%1").arg(
        QLocale(QLocale::English).toString(std::round(n / magnitude) * magnitude, 'f', 0));
}

QString ScaleBar::tickLabel(int i) const {
    const double v = lengthM * i / segments / (kilometres ? 1000.0 : 1.0);
    return QString::number(v, 'g', 6);
}

ScaleBar chooseScaleBar(double metresPerMm, double maxLengthMm) {
    ScaleBar bar;
    if (!(metresPerMm > 0) || !(maxLengthMm > 0)) return bar;
    const double maxMetres = metresPerMm * maxLengthMm;
    double best = 0;
    for (double decade = std::pow(10.0, std::floor(std::log10(maxMetres)) - 1); decade <= maxMetres; decade *= 10) {
        for (double step : {1.0, 2.0, 2.5, 5.0}) {
            if (step * decade <= maxMetres) best = std::max(best, step * decade);
        }
    }
    bar.lengthM = best;
    bar.lengthMm = best / metresPerMm;
    bar.kilometres = best >= 1000;
    // Four segments when the quarter ticks are round numbers, else two.
    const double quarter = best / 4 / (bar.kilometres ? 1000 : 1);
    bar.segments = std::abs(quarter * 100 - std::round(quarter * 100)) < 1e-9 ? 4 : 2;
    return bar;
}

double trueNorthAngle(const MapViewport& viewport, const crs::Crs& mapCrs) {
    if (mapCrs.isGeographic() || !viewport.valid()) return 0;
    try {
        const crs::Crs geographic = mapCrs.geographic();
        const auto toLonLat = crs::LayerTransform::create(mapCrs, geographic, std::nullopt, std::nullopt, "map", "");
        const auto fromLonLat = crs::LayerTransform::create(geographic, mapCrs, std::nullopt, std::nullopt, "map", "");
        const QPointF centre = viewport.toMap(QPointF(viewport.size().width() / 2.0, viewport.size().height() / 2.0));
        std::vector<double> x{centre.x()}, y{centre.y()};
        if (!toLonLat.apply(x, y)) return 0;
        y[0] += 0.01;  // a point 1.1 km north on the same meridian
        if (!fromLonLat.apply(x, y)) return 0;
        const QPointF p0 = viewport.toPixel(centre), p1 = viewport.toPixel(QPointF(x[0], y[0]));
        return std::atan2(p1.x() - p0.x(), p0.y() - p1.y()) * 180.0 / M_PI;
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace redline::render
