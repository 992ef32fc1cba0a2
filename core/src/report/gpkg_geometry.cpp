// SPDX-License-Identifier: MIT
#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>

#include "gpkg_geometry_p.hpp"
#include "redline/geom/geos_context.hpp"

namespace redline::report::detail {
namespace {

template <typename T>
void append(std::vector<unsigned char>& out, T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

// WKB's byte-order mark for the order append() writes in, which is GEOS's default too.
constexpr unsigned char kNativeOrder = std::endian::native == std::endian::little ? 1 : 0;
constexpr std::uint32_t kWkbPolygon = 3, kWkbMultiPolygon = 6;

// A Polygon or a MultiPolygon without empty parts goes into a MultiPolygon column as it is;
// anything else is gathered into a MultiPolygon first (a copy).
bool writtenAsItIs(const GEOSGeometry* g) {
    const int type = geom::typeId(g);
    if (type == GEOS_POLYGON) return !geom::isEmpty(g);
    if (type != GEOS_MULTIPOLYGON) return false;
    for (int i = 0; i < geom::numGeometries(g); ++i) {
        if (geom::isEmpty(geom::geometryN(g, i))) return false;
    }
    return true;
}

void appendRing(std::vector<unsigned char>& out, const GEOSGeometry* ring, std::vector<double>& xy) {
    const GEOSContextHandle_t h = geom::geosHandle();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int size = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(h, seq, &size) == 0) geom::throwGeosError("reading a ring");
    xy.resize(2 * std::size_t{size});
    if (size > 0 && GEOSCoordSeq_copyToBuffer_r(h, seq, xy.data(), 0, 0) == 0) geom::throwGeosError("reading a ring");
    append(out, std::uint32_t{size});
    const std::size_t at = out.size();
    out.resize(at + xy.size() * sizeof(double));
    if (!xy.empty()) std::memcpy(out.data() + at, xy.data(), xy.size() * sizeof(double));
}

void appendPolygon(std::vector<unsigned char>& out, const GEOSGeometry* polygon, std::vector<double>& xy) {
    const GEOSContextHandle_t h = geom::geosHandle();
    const int holes = GEOSGetNumInteriorRings_r(h, polygon);
    if (holes < 0) geom::throwGeosError("reading a polygon");
    out.push_back(kNativeOrder);
    append(out, kWkbPolygon);
    append(out, static_cast<std::uint32_t>(holes + 1));
    appendRing(out, GEOSGetExteriorRing_r(h, polygon), xy);
    for (int i = 0; i < holes; ++i) appendRing(out, GEOSGetInteriorRingN_r(h, polygon, i), xy);
}

// The WKB of `g` as a MultiPolygon, written straight from its coordinates: GEOS's writer goes
// through a stream a value at a time, and a Polygon's WKB took a second copy to gain its
// MultiPolygon header. The bytes are GEOS's (2D, native order); a geometry GEOS would write
// otherwise (one with Z or M) is left to GEOS.
bool appendMultiPolygonWkb(std::vector<unsigned char>& out, const GEOSGeometry* g) {
    if (GEOSGeom_getCoordinateDimension_r(geom::geosHandle(), g) != 2) return false;
    thread_local std::vector<double> xy;
    const bool single = geom::typeId(g) == GEOS_POLYGON;
    const int parts = single ? 1 : geom::numGeometries(g);
    out.push_back(kNativeOrder);
    append(out, kWkbMultiPolygon);
    append(out, static_cast<std::uint32_t>(parts));
    for (int i = 0; i < parts; ++i) appendPolygon(out, single ? g : geom::geometryN(g, i), xy);
    return true;
}

// A Polygon's WKB as that of a MultiPolygon of one part: a header in the polygon's byte order.
std::vector<unsigned char> asOnePart(const std::vector<unsigned char>& polygon) {
    std::vector<unsigned char> wkb;
    wkb.reserve(9 + polygon.size());
    const bool little = polygon.front() == 1;
    wkb.push_back(polygon.front());
    const unsigned char multiPolygon[4] = {6, 0, 0, 0}, one[4] = {1, 0, 0, 0};
    for (const unsigned char* word : {multiPolygon, one}) {
        for (int i = 0; i < 4; ++i) wkb.push_back(word[little ? i : 3 - i]);
    }
    wkb.insert(wkb.end(), polygon.begin(), polygon.end());
    return wkb;
}

}  // namespace

GpkgGeometry encodeGpkgGeometry(const GEOSGeometry* g, std::int32_t srsId) {
    GpkgGeometry out;
    if (g == nullptr) return out;
    geom::GeomPtr gathered;
    const bool asItIs = writtenAsItIs(g);
    if (!asItIs) {
        gathered = geom::asMultiPolygon(g);
        g = gathered.get();
    }
    const bool empty = geom::isEmpty(g);
    // Flags (GeoPackage 1.2 §2.1.3): bit 0 the header's byte order (ours, native), bits 1–3 the
    // envelope kind (1: minx, maxx, miny, maxy), bit 4 an empty geometry, which has none.
    const unsigned char flags = kNativeOrder | (empty ? 0x10 : 0x02);
    out.blob.reserve(8 + (empty ? 0 : 32) + 9 + 9 * static_cast<std::size_t>(geom::numGeometries(g)) +
                     16 * static_cast<std::size_t>(std::max(0, GEOSGetNumCoordinates_r(geom::geosHandle(), g))) + 64);
    out.blob.insert(out.blob.end(), {'G', 'P', 0, flags});
    append(out.blob, srsId);
    if (!empty) {
        out.envelope = geom::envelope(g);
        append(out.blob, out.envelope.minX);
        append(out.blob, out.envelope.maxX);
        append(out.blob, out.envelope.minY);
        append(out.blob, out.envelope.maxY);
        out.indexed = true;
    }
    if (asItIs && appendMultiPolygonWkb(out.blob, g)) return out;
    const std::vector<unsigned char> wkb = geom::typeId(g) == GEOS_POLYGON ? asOnePart(geom::toWkb(g)) : geom::toWkb(g);
    out.blob.insert(out.blob.end(), wkb.begin(), wkb.end());
    return out;
}

}  // namespace redline::report::detail
