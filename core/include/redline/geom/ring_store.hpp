// SPDX-License-Identifier: MIT
// Polygons' rings kept as plain coordinate arrays, and an exact relate between two of them.
//
// An index of constraint pieces asks, per subject, "inside this piece, crossing it, or apart?".
// GEOS answers through prepared geometries whose indexes cost ~100 bytes a vertex, kept for the
// whole run (300 MB of a 750 MB peak at benchmark scale M). A subject is a handful of segments
// and a piece at most a few hundred, grouped here in runs with bounding boxes, so the question
// is answered directly from 16 bytes a vertex.
//
// Orientation signs are exact or not given: each is Shewchuk's filtered determinant, then exact
// arithmetic when the filter cannot decide (a vertex on, or within rounding of, the other
// boundary). Only where even that is impossible (coordinate differences that are not exact in
// doubles) does relate() return Unknown, for the caller to ask GEOS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::geom {

// A run of consecutive segments of one ring and their bounding box.
struct RingRun {
    Envelope box;
    std::uint32_t first = 0;     // the run's first vertex (index into the view's vertices)
    std::uint32_t segments = 0;  // segments first → first+1, …, first+segments−1 → first+segments
};

// One polygonal geometry's rings, closed (first vertex repeated), x,y interleaved. Valid while
// its store lives and is not added to.
struct RingsView {
    const double* xy = nullptr;
    const std::uint32_t* ringEnd = nullptr;  // one past each ring's last vertex, in vertices
    std::size_t rings = 0;
    const RingRun* runs = nullptr;
    std::size_t runCount = 0;
    Envelope envelope;
    // The polygons the rings make: rings per polygon in order (its shell, then its holes), and
    // whether the geometry was a MultiPolygon (or a collection) rather than a Polygon.
    const std::uint32_t* partRings = nullptr;
    std::size_t parts = 0;
    bool multi = false;
};

class RingStore {
  public:
    // Appends the rings of a Polygon or MultiPolygon (other parts of a collection are skipped);
    // returns its number in the store.
    std::size_t add(const GEOSGeometry* polygonal);
    // Room for this many more vertices, rings and geometries (avoids regrowing large stores).
    void reserve(std::size_t vertices, std::size_t rings, std::size_t geometries);
    [[nodiscard]] RingsView view(std::size_t i) const;
    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    void clear();

  private:
    struct Entry {
        std::size_t firstVertex = 0, firstRing = 0, ringCount = 0, firstRun = 0, runCount = 0, firstPart = 0,
                    partCount = 0;
        Envelope envelope;
        bool multi = false;
    };
    std::vector<double> xy_;
    std::vector<std::uint32_t> ringEnd_;    // per geometry, counted from its first vertex
    std::vector<std::uint32_t> partRings_;  // per polygon, its rings
    std::vector<RingRun> runs_;
    std::vector<Entry> entries_;
};

enum class RingRelation {
    Disjoint,          // no point in common
    Intersects,        // some point in common, and b is not inside a's interior
    ContainsProperly,  // b lies in a's interior (no boundary contact)
    Unknown,           // rounding could decide; ask an exact engine
};

// How `b` relates to `a`, both valid polygonal geometries. Costs a pass over a's runs near b,
// times b's segments: meant for a small b.
[[nodiscard]] RingRelation relate(const RingsView& a, const RingsView& b);

}  // namespace redline::geom
