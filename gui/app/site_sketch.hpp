// SPDX-License-Identifier: MIT
// The draw-a-site tool's logic, apart from the widget: vertices clicked (map CRS) or pasted as
// a coordinate list, the closed polygon, and its WKT for the check. Plain value type, tested
// without a window.
//
//   SiteSketch s; s.add({x0, y0}); s.add({x1, y1}); s.add({x2, y2});
//   std::optional<QPolygonF> ring = s.finish();  // closed; nullopt with fewer than 3 vertices
#pragma once

#include <QPolygonF>
#include <QString>
#include <optional>
#include <vector>

namespace redline::viewer {

class SiteSketch {
  public:
    void add(QPointF map);
    void undo();
    void clear() { vertices_.clear(); }
    [[nodiscard]] const std::vector<QPointF>& vertices() const { return vertices_; }
    // The closed ring (first vertex repeated), counter-clockwise; nullopt when fewer than 3
    // distinct vertices or when all lie on one line.
    [[nodiscard]] std::optional<QPolygonF> finish() const;

    // Parses a pasted coordinate list, one point per line: "x,y", "x y" or "x<TAB>y", or
    // 界址点 lines "J1,1,X,Y" whose X is the northing and Y the easting (swapped here to x,y).
    // A repeated first point closes the ring; lines starting with '#' or '[' and 界址点 headers
    // are skipped. Returns nullopt and sets `error` (naming the line) when a line is malformed.
    [[nodiscard]] static std::optional<std::vector<QPointF>> parseCoordinates(const QString& text, QString& error);

    // "POLYGON((x y, ...))" of a closed ring, full precision.
    [[nodiscard]] static QString toWkt(const QPolygonF& ring);

  private:
    std::vector<QPointF> vertices_;
};

}  // namespace redline::viewer
