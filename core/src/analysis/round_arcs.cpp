// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <vector>

#include "round_arcs_p.hpp"

namespace redline::analysis::detail {
namespace {

struct LineVertex {
    double x, y;
    // The neighbouring vertices along the line (equal to the vertex itself at an end).
    double px, py, nx, ny;
};

std::vector<LineVertex> lineVertices(const OGRGeometry& lines) {
    std::vector<LineVertex> out;
    const auto addLine = [&](const OGRLineString& line) {
        const int n = line.getNumPoints();
        for (int i = 0; i < n; ++i) {
            const int p = std::max(i - 1, 0), q = std::min(i + 1, n - 1);
            out.push_back({line.getX(i), line.getY(i), line.getX(p), line.getY(p), line.getX(q), line.getY(q)});
        }
    };
    const OGRwkbGeometryType type = wkbFlatten(lines.getGeometryType());
    if (type == wkbLineString) addLine(*lines.toLineString());
    if (type == wkbMultiLineString)
        for (const OGRLineString* line : *lines.toMultiLineString()) addLine(*line);
    std::sort(out.begin(), out.end(), [](const LineVertex& a, const LineVertex& b) { return a.x < b.x; });
    return out;
}

// Whether (x, y), at distance r from v, ends a straight side: it is then r from the line through
// v and a neighbour (perpendicular to that segment at v), where an arc's inner vertices are nearer.
bool endsStraightSide(const LineVertex& v, double x, double y, double r) {
    for (const auto& [qx, qy] : {std::pair{v.px, v.py}, std::pair{v.nx, v.ny}}) {
        const double dx = qx - v.x, dy = qy - v.y, length = std::hypot(dx, dy);
        if (length == 0) continue;
        const double across = std::fabs(dx * (y - v.y) - dy * (x - v.x)) / length;
        if (across >= r * (1 - 1e-9)) return true;
    }
    return false;
}

// The line's vertices by cells of a grid as wide as the radius: those at distance r from a point
// lie in its cell or the eight around it. (Sorted by x alone, a line along a meridian put every
// vertex in each point's range: a straight 40,000-vertex line's buffer took 6 s instead of 0.4.)
class VertexGrid {
  public:
    VertexGrid(const std::vector<LineVertex>& vertices, double cell) : vertices_(vertices), cell_(cell) {
        entries_.reserve(vertices.size());
        for (std::size_t i = 0; i < vertices.size(); ++i)
            entries_.push_back({cellOf(vertices[i].x), cellOf(vertices[i].y), static_cast<std::uint32_t>(i)});
        std::sort(entries_.begin(), entries_.end());
    }

    // The first vertex (in `vertices`' order) at distance r from (x, y), within `tolerance`.
    [[nodiscard]] const LineVertex* firstAt(double x, double y, double r, double tolerance) const {
        std::size_t first = vertices_.size();
        const std::int64_t cx = cellOf(x), cy = cellOf(y);
        for (std::int64_t gx = cx - 1; gx <= cx + 1; ++gx) {
            for (std::int64_t gy = cy - 1; gy <= cy + 1; ++gy) {
                auto it = std::lower_bound(entries_.begin(), entries_.end(), Entry{gx, gy, 0});
                for (; it != entries_.end() && it->cx == gx && it->cy == gy && it->index < first; ++it) {
                    const LineVertex& v = vertices_[it->index];
                    if (std::fabs(std::hypot(x - v.x, y - v.y) - r) <= tolerance) first = it->index;
                }
            }
        }
        return first < vertices_.size() ? &vertices_[first] : nullptr;
    }

  private:
    struct Entry {
        std::int64_t cx, cy;
        std::uint32_t index;
        bool operator<(const Entry& o) const { return std::tie(cx, cy, index) < std::tie(o.cx, o.cy, o.index); }
    };
    [[nodiscard]] std::int64_t cellOf(double v) const { return static_cast<std::int64_t>(std::floor(v / cell_)); }

    const std::vector<LineVertex>& vertices_;
    double cell_;
    std::vector<Entry> entries_;
};

// The angle at `c` between (ax, ay) and (bx, by), both relative to it.
double angleBetween(double ax, double ay, double bx, double by) {
    return std::atan2(std::fabs(ax * by - ay * bx), ax * bx + ay * by);
}

// The radius, in units of r, for the inner vertices of an arc of `segments` chords of angle θ whose
// two ends stay at r (where straight sides meet them): its fan of triangles then has the sector's
// area, ½ r² sin θ (2x + (segments − 2) x²) = ½ r² segments θ. A whole circle's vertices all move
// by sqrt(θ / sin θ), which this tends to for long arcs; used for every arc, it left each one
// r²θ³/12 short (3.3e-5 of a 1 m line's 10 m buffer).
double arcRadius(int segments, double step) {
    const double ratio = step / std::sin(step);
    if (segments == 2) return ratio;
    const double inner = segments - 2;
    return (std::sqrt(1 + inner * segments * ratio) - 1) / inner;
}

void pushRing(OGRLinearRing& ring, const VertexGrid& grid, double r) {
    const int n = ring.getNumPoints();
    if (n < 4) return;
    const int m = n - 1;  // distinct vertices; the last repeats the first
    const double tolerance = r * 1e-9;
    // The arc vertex's centre, or none; found before anything moves (neighbours are tested).
    std::vector<const LineVertex*> centre(static_cast<std::size_t>(m), nullptr);
    for (int i = 0; i < m; ++i) {
        const double x = ring.getX(i), y = ring.getY(i);
        const LineVertex* v = grid.firstAt(x, y, r, tolerance);
        if (v != nullptr && !endsStraightSide(*v, x, y, r)) centre[static_cast<std::size_t>(i)] = v;
    }
    const auto wrap = [m](int i) { return ((i % m) + m) % m; };
    const auto centreOf = [&](int i) { return centre[static_cast<std::size_t>(wrap(i))]; };
    // The angle at c between vertex i and the next (GEOS spaces an arc's vertices evenly, at most
    // π/2 over its quadrant segments).
    const auto stepAt = [&](const LineVertex& c, int i) {
        return angleBetween(ring.getX(wrap(i)) - c.x, ring.getY(wrap(i)) - c.y, ring.getX(wrap(i + 1)) - c.x,
                            ring.getY(wrap(i + 1)) - c.y);
    };
    const auto onCircle = [&](const LineVertex& c, int i) {
        return std::fabs(std::hypot(ring.getX(wrap(i)) - c.x, ring.getY(wrap(i)) - c.y) - r) <= tolerance;
    };
    std::vector<double> factor(static_cast<std::size_t>(m), 1.0);
    // Each vertex by itself, sqrt(θ/sin θ) as for a point's circle: a whole circle, and an arc cut
    // short by another part of the buffer.
    const auto alone = [&](int i) {
        const LineVertex* c = centreOf(i);
        const double step = stepAt(*c, i);
        if (step > 0 && step <= 0.5) factor[static_cast<std::size_t>(wrap(i))] = std::sqrt(step / std::sin(step));
    };
    int first = -1;  // a vertex that starts a run of one centre
    for (int i = 0; i < m && first < 0; ++i)
        if (centreOf(i) != nullptr && centreOf(i) != centreOf(i - 1)) first = i;
    if (first < 0) {
        for (int i = 0; i < m; ++i)
            if (centreOf(i) != nullptr) alone(i);
    }
    for (int i = first; first >= 0 && i < first + m;) {
        const LineVertex* c = centreOf(i);
        if (c == nullptr) {
            ++i;
            continue;
        }
        int last = i;
        while (last + 1 < first + m && centreOf(last + 1) == c) ++last;
        // An arc between two straight sides: its ends on the circle, its chords of one angle.
        const int segments = last - i + 2;
        const double step = stepAt(*c, i - 1);
        bool whole = onCircle(*c, i - 1) && onCircle(*c, last + 1) && step > 0 && step <= 0.5;
        for (int k = i; whole && k <= last; ++k) whole = std::fabs(stepAt(*c, k) - step) <= 1e-6 * step;
        if (whole) {
            const double x = arcRadius(segments, step);
            for (int k = i; k <= last; ++k) factor[static_cast<std::size_t>(wrap(k))] = x;
        } else {
            for (int k = i; k <= last; ++k) alone(k);
        }
        i = last + 1;
    }
    for (int i = 0; i < m; ++i) {
        const LineVertex* c = centre[static_cast<std::size_t>(i)];
        if (c == nullptr) continue;
        const double k = factor[static_cast<std::size_t>(i)];
        ring.setPoint(i, c->x + (ring.getX(i) - c->x) * k, c->y + (ring.getY(i) - c->y) * k);
    }
    ring.setPoint(n - 1, ring.getX(0), ring.getY(0));
}

}  // namespace

void pushArcsOut(OGRGeometry& buffer, const OGRGeometry& lines, double metres) {
    const std::vector<LineVertex> vertices = lineVertices(lines);
    if (vertices.empty() || !(metres > 0)) return;
    const VertexGrid grid(vertices, metres * (1 + 1e-6));
    const auto polygon = [&](OGRPolygon& p) {
        for (OGRLinearRing* ring : p) pushRing(*ring, grid, metres);
    };
    const OGRwkbGeometryType type = wkbFlatten(buffer.getGeometryType());
    if (type == wkbPolygon) polygon(*buffer.toPolygon());
    if (type == wkbMultiPolygon)
        for (OGRPolygon* p : *buffer.toMultiPolygon()) polygon(*p);
}

}  // namespace redline::analysis::detail
