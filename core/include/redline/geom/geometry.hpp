// SPDX-License-Identifier: MIT
// Thin, throwing wrappers over the GEOS C API calls Redline uses. Every function works on the
// calling thread's context and throws GeosError (or Cancelled under a GeosInterruptScope)
// when GEOS fails; none returns a null pointer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "redline/geom/geos_handles.hpp"

namespace redline::geom {

struct Envelope {
    double minX = 0, minY = 0, maxX = 0, maxY = 0;
    [[nodiscard]] bool intersects(const Envelope& o) const {
        return minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY;
    }
    [[nodiscard]] Envelope grownBy(double dx, double dy) const { return {minX - dx, minY - dy, maxX + dx, maxY + dy}; }
    // The envelope of both.
    [[nodiscard]] Envelope joinedWith(const Envelope& o) const {
        return {std::min(minX, o.minX), std::min(minY, o.minY), std::max(maxX, o.maxX), std::max(maxY, o.maxY)};
    }
    [[nodiscard]] double width() const { return maxX - minX; }
    [[nodiscard]] double height() const { return maxY - minY; }
};
// True when no two of the envelopes intersect (touching counts as intersecting).
[[nodiscard]] bool envelopesDisjoint(const std::vector<Envelope>& envelopes);

[[nodiscard]] GeomPtr fromWkb(std::span<const unsigned char> wkb);
[[nodiscard]] GeomPtr fromWkt(const std::string& wkt);
[[nodiscard]] std::vector<unsigned char> toWkb(const GEOSGeometry* g);
[[nodiscard]] std::string toWkt(const GEOSGeometry* g, int decimals = -1);

[[nodiscard]] GeomPtr clone(const GEOSGeometry* g);
[[nodiscard]] GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
[[nodiscard]] GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
[[nodiscard]] GeomPtr unaryUnion(const GEOSGeometry* g);
// Union of the parts (consumed); empty polygon for no parts, the part itself for one.
[[nodiscard]] GeomPtr unionAll(std::vector<GeomPtr> parts);
// The union of polygonal parts whose envelopes are pairwise disjoint (callers check it with
// envelopesDisjoint): their polygons gathered in one MultiPolygon, without an overlay.
[[nodiscard]] GeomPtr disjointUnion(const std::vector<const GEOSGeometry*>& parts);
[[nodiscard]] GeomPtr clipByRect(const GEOSGeometry* g, const Envelope& rect);
[[nodiscard]] GeomPtr collection(int type, std::vector<GeomPtr> parts);
// A LinearRing of `vertices` points given x,y interleaved (closed: the last repeats the first), copied.
[[nodiscard]] GeomPtr linearRing(const double* xy, std::size_t vertices);
// A Polygon of a shell and its holes (LinearRings), which it takes.
[[nodiscard]] GeomPtr polygonOf(GeomPtr shell, std::vector<GeomPtr> holes);
[[nodiscard]] GeomPtr emptyPolygon();
[[nodiscard]] GeomPtr rectangle(const Envelope& e);

// The polygonal part of g as a Polygon or MultiPolygon (lines and points from an overlay or a
// touch are dropped); an empty polygon when there is none.
[[nodiscard]] GeomPtr polygonalPart(GeomPtr g);
// The non-empty polygons of g (itself, or the members of a MultiPolygon or collection), not copied.
void gatherPolygons(const GEOSGeometry* g, std::vector<const GEOSGeometry*>& out);
// g as a MultiPolygon (for writers whose layer type is MultiPolygon).
[[nodiscard]] GeomPtr asMultiPolygon(const GEOSGeometry* g);

[[nodiscard]] Envelope envelope(const GEOSGeometry* g);
[[nodiscard]] bool isEmpty(const GEOSGeometry* g);
[[nodiscard]] bool isPolygonal(const GEOSGeometry* g);
[[nodiscard]] int typeId(const GEOSGeometry* g);
[[nodiscard]] int numGeometries(const GEOSGeometry* g);
[[nodiscard]] const GEOSGeometry* geometryN(const GEOSGeometry* g, int n);
[[nodiscard]] int numCoordinates(const GEOSGeometry* g);
[[nodiscard]] bool intersects(const GEOSGeometry* a, const GEOSGeometry* b);
// No point of b lies outside a (boundaries may touch).
[[nodiscard]] bool covers(const GEOSGeometry* a, const GEOSGeometry* b);

[[nodiscard]] PreparedPtr prepare(const GEOSGeometry* g);
[[nodiscard]] bool preparedIntersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
[[nodiscard]] bool preparedContainsProperly(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
[[nodiscard]] bool preparedCovers(const GEOSPreparedGeometry* p, const GEOSGeometry* g);
// Area in the geometry's own (planar) coordinates; for tests of emptiness, never for results.
[[nodiscard]] double planarArea(const GEOSGeometry* g);
// The planar centroid (x, y) in the geometry's own coordinates, for choosing a zone or a label
// place; throws GeosError for an empty geometry.
[[nodiscard]] std::pair<double, double> centroid(const GEOSGeometry* g);

// g with vertices added so that no segment is longer than `maxSegmentLength` (CRS units).
[[nodiscard]] GeomPtr densify(const GEOSGeometry* g, double maxSegmentLength);

// The rings of every polygon in g (a Polygon, MultiPolygon or collection), x,y interleaved.
struct Ring {
    std::vector<double> xy;
    bool hole = false;
};
[[nodiscard]] std::vector<Ring> polygonRings(const GEOSGeometry* g);
// The coordinates of one ring (a LinearRing), x,y interleaved.
void copyRingCoordinates(const GEOSGeometry* ring, std::vector<double>& xy);

}  // namespace redline::geom
