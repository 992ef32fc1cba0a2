// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <memory>

#include "ring_closure_p.hpp"

namespace redline::analysis {
namespace {

struct RingCounts {
    int closed = 0;
    int dropped = 0;
    int nonFinitePoints = 0;
};

// Removes the points without finite coordinates (NaN, Inf): no geometry engine can place them.
void dropNonFinitePoints(OGRLinearRing& ring, RingCounts& counts) {
    const int n = ring.getNumPoints();
    int kept = 0;
    for (int i = 0; i < n; ++i) {
        const double x = ring.getX(i), y = ring.getY(i);
        if (!std::isfinite(x) || !std::isfinite(y)) continue;
        if (kept != i) ring.setPoint(kept, x, y);
        ++kept;
    }
    if (kept == n) return;
    counts.nonFinitePoints += n - kept;
    ring.setNumPoints(kept);
}

// Closes the polygon's rings and drops those without area; false when the shell itself went.
bool fixPolygon(OGRPolygon& polygon, RingCounts& counts) {
    for (int i = polygon.getNumInteriorRings() + 1; i-- > 0;) {
        OGRLinearRing* ring = i == 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(i - 1);
        if (ring == nullptr || ring->getNumPoints() == 0) continue;
        dropNonFinitePoints(*ring, counts);
        if (ring->getNumPoints() > 0 && !ring->get_IsClosed()) {
            ring->closeRings();
            ++counts.closed;
        }
        if (ring->getNumPoints() >= 4) continue;
        ++counts.dropped;
        if (i == 0) return false;  // no shell, no polygon (its holes go with it)
        polygon.removeRing(i);
    }
    return true;
}

}  // namespace

bool closeOpenRings(OGRGeometryUniquePtr& g, std::vector<std::string>& notes) {
    const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
    if (type == wkbTIN || type == wkbPolyhedralSurface || type == wkbTriangle) {
        g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
        notes.push_back(fmt::format("{} read as polygons", OGRGeometryTypeToName(type)));
    }
    RingCounts counts;
    if (auto* polygon = dynamic_cast<OGRPolygon*>(g.get())) {
        if (!fixPolygon(*polygon, counts)) g->empty();
    } else if (auto* multi = dynamic_cast<OGRMultiPolygon*>(g.get())) {
        for (int i = multi->getNumGeometries(); i-- > 0;) {
            if (!fixPolygon(*multi->getGeometryRef(i), counts)) multi->removeGeometry(i);
        }
    }
    std::vector<std::string> fixes;
    const auto plural = [](int n) { return n == 1 ? "" : "s"; };
    if (counts.nonFinitePoints > 0) {
        fixes.push_back(fmt::format("{} point{} without finite coordinates dropped", counts.nonFinitePoints,
                                    plural(counts.nonFinitePoints)));
    }
    if (counts.closed > 0)
        fixes.push_back(fmt::format("{} unclosed ring{} closed", counts.closed, plural(counts.closed)));
    if (counts.dropped > 0) {
        fixes.push_back(
            fmt::format("{} ring{} of fewer than 4 points dropped", counts.dropped, plural(counts.dropped)));
    }
    if (fixes.empty()) return false;
    // Worded as GEOS repairs are, so that reports count and list both alike.
    notes.push_back(fmt::format("invalid geometry repaired ({})", fmt::join(fixes, "; ")));
    return true;
}

bool closedLinesToPolygons(OGRGeometryUniquePtr& g) {
    std::vector<const OGRLineString*> lines;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbLineString) {
        lines.push_back(g->toLineString());
    } else if (type == wkbMultiLineString) {
        for (const OGRLineString* line : *g->toMultiLineString()) lines.push_back(line);
    } else {
        return false;
    }
    if (lines.empty()) return false;
    for (const OGRLineString* line : lines) {
        if (line->getNumPoints() < 4 || !line->get_IsClosed()) return false;
    }
    g = areaOfClosedLines(lines);
    return true;
}

OGRGeometryUniquePtr areaOfClosedLines(const std::vector<const OGRLineString*>& lines) {
    // A ring inside another is its hole (a redline's boundary exported as lines keeps its
    // enclaves so), as GDAL's organizePolygons tells them apart by containment.
    std::vector<OGRGeometry*> rings;
    for (const OGRLineString* line : lines) {
        auto ring = std::make_unique<OGRLinearRing>();
        ring->addSubLineString(line);
        auto* polygon = new OGRPolygon();
        polygon->addRingDirectly(ring.release());
        rings.push_back(polygon);
    }
    if (rings.size() == 1) return OGRGeometryUniquePtr(rings.front());
    int valid = FALSE;
    return OGRGeometryUniquePtr(
        OGRGeometryFactory::organizePolygons(rings.data(), static_cast<int>(rings.size()), &valid, nullptr));
}

}  // namespace redline::analysis
