// SPDX-License-Identifier: MIT
#include "site_sketch.hpp"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace redline::viewer {

void SiteSketch::add(QPointF map) {
    // A double-click delivers its point twice; a zero-length edge helps nobody.
    if (!vertices_.empty() && vertices_.back() == map) return;
    vertices_.push_back(map);
}

void SiteSketch::undo() {
    if (!vertices_.empty()) vertices_.pop_back();
}

std::optional<QPolygonF> SiteSketch::finish() const {
    std::vector<QPointF> v = vertices_;
    if (v.size() > 1 && v.front() == v.back()) v.pop_back();
    if (v.size() < 3) return std::nullopt;
    double twiceArea = 0;
    for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++)
        twiceArea += v[j].x() * v[i].y() - v[i].x() * v[j].y();
    // A symmetric figure of eight (A, C, B, D) has a signed area of 0 but two lobes of area: it
    // goes to the check, which repairs it, as a drawn bow-tie does. Only points on one line are
    // no polygon (the sketch could not be finished, without a word).
    if (twiceArea == 0) {
        const auto other = std::find_if(v.begin(), v.end(), [&](const QPointF& p) { return p != v.front(); });
        if (other == v.end()) return std::nullopt;
        const QPointF a = v.front(), d = *other - a;
        const auto offLine = [&](const QPointF& p) { return d.x() * (p.y() - a.y()) - d.y() * (p.x() - a.x()) != 0; };
        if (std::none_of(v.begin(), v.end(), offLine)) return std::nullopt;
    }
    if (twiceArea < 0) std::reverse(v.begin(), v.end());
    QPolygonF ring;
    for (const auto& p : v) ring << p;
    ring << v.front();
    return ring;
}

std::optional<std::vector<QPointF>> SiteSketch::parseCoordinates(const QString& text, QString& error) {
    std::vector<QPointF> points;
    const QStringList lines = text.split(QRegularExpression(QStringLiteral("[\r\n]+")), Qt::SkipEmptyParts);
    static const QRegularExpression separators(QStringLiteral("[,;\\s\\t]+"));
    int lineNo = 0;
    QString firstRing;    // the 界址点 ring (圈号) of the first point
    bool closed = false;  // the ring came back to its first point
    // One ring only: a hole or a second part joined into it gave a wrong area (a 1 km square with a
    // 400 m hole measured 100 ha, not 84). The 界址点 TXT file opened as a layer keeps them.
    const auto secondRing = [&](int at) {
        error = QCoreApplication::translate("SiteSketch",
                                            "line %1: a second ring (a hole or another part) starts here; paste one "
                                            "ring, or open the 界址点 file as a layer (File → Open), which keeps "
                                            "holes and parts")
                    .arg(at);
        return std::nullopt;
    };
    for (const QString& raw : lines) {
        ++lineNo;
        const QString line = raw.trimmed();
        // Comments, 界址点 sections ("[地块坐标]"), keys ("坐标系=…") and block headers ("…,@").
        if (line.isEmpty() || line.startsWith('#') || line.startsWith('[') || line.contains('=') || line.endsWith('@'))
            continue;
        QStringList parts = line.split(separators, Qt::SkipEmptyParts);
        // 界址点: J1,ring,X(north),Y(east).
        bool boundaryPoint = false;
        if (parts.size() >= 4 && parts[0].startsWith('J', Qt::CaseInsensitive)) {
            boundaryPoint = true;
            if (firstRing.isEmpty()) firstRing = parts[1];
            if (parts[1] != firstRing) return secondRing(lineNo);
            parts = {parts[3], parts[2]};
        }
        if (parts.size() < 2) {
            error = QCoreApplication::translate("SiteSketch", "line %1: expected two coordinates: \"%2\"")
                        .arg(lineNo)
                        .arg(line);
            return std::nullopt;
        }
        bool okX = false, okY = false;
        const double x = parts[0].toDouble(&okX);
        const double y = parts[1].toDouble(&okY);
        if (!okX || !okY || !std::isfinite(x) || !std::isfinite(y)) {
            // A header line of a 界址点 file is text; anything else numeric-looking is an error.
            if (!boundaryPoint && lineNo == 1) continue;
            error = QCoreApplication::translate("SiteSketch", "line %1: not a number: \"%2\"").arg(lineNo).arg(line);
            return std::nullopt;
        }
        if (closed) return secondRing(lineNo);
        points.emplace_back(x, y);
        closed = points.size() > 3 && points.back() == points.front();
    }
    if (points.size() > 1 && points.front() == points.back()) points.pop_back();
    if (points.size() < 3) {
        error =
            QCoreApplication::translate("SiteSketch", "a site needs at least 3 points (found %1)").arg(points.size());
        return std::nullopt;
    }
    return points;
}

QString SiteSketch::toWkt(const QPolygonF& ring) {
    QStringList coords;
    for (const auto& p : ring) coords << QString::number(p.x(), 'g', 17) + ' ' + QString::number(p.y(), 'g', 17);
    return QStringLiteral("POLYGON((%1))").arg(coords.join(QStringLiteral(", ")));
}

}  // namespace redline::viewer
