// SPDX-License-Identifier: MIT
#include "redline/geom/geometry.hpp"

#include <iterator>
#include <memory>

#include "redline/util/error.hpp"

namespace redline::geom {
namespace {

GeomPtr checked(GEOSGeometry* g, const char* what) {
    if (g == nullptr) throwGeosError(what);
    return GeomPtr(g);
}

bool checkedPredicate(char result, const char* what) {
    if (result == 2) throwGeosError(what);
    return result == 1;
}

struct WkbReaderDeleter {
    void operator()(GEOSWKBReader* r) const noexcept { GEOSWKBReader_destroy_r(geosHandle(), r); }
};
struct WkbWriterDeleter {
    void operator()(GEOSWKBWriter* w) const noexcept { GEOSWKBWriter_destroy_r(geosHandle(), w); }
};
struct WktReaderDeleter {
    void operator()(GEOSWKTReader* r) const noexcept { GEOSWKTReader_destroy_r(geosHandle(), r); }
};
struct WktWriterDeleter {
    void operator()(GEOSWKTWriter* w) const noexcept { GEOSWKTWriter_destroy_r(geosHandle(), w); }
};
struct GeosBufferDeleter {
    void operator()(void* p) const noexcept { GEOSFree_r(geosHandle(), p); }
};

}  // namespace

GeomPtr fromWkb(std::span<const unsigned char> wkb) {
    // Readers are cheap but not free; one per thread is reused.
    thread_local std::unique_ptr<GEOSWKBReader, WkbReaderDeleter> reader(GEOSWKBReader_create_r(geosHandle()));
    return checked(GEOSWKBReader_read_r(geosHandle(), reader.get(), wkb.data(), wkb.size()), "reading WKB");
}

GeomPtr fromWkt(const std::string& wkt) {
    std::unique_ptr<GEOSWKTReader, WktReaderDeleter> reader(GEOSWKTReader_create_r(geosHandle()));
    return checked(GEOSWKTReader_read_r(geosHandle(), reader.get(), wkt.c_str()), "reading WKT");
}

std::vector<unsigned char> toWkb(const GEOSGeometry* g) {
    thread_local std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter> writer(GEOSWKBWriter_create_r(geosHandle()));
    size_t size = 0;
    std::unique_ptr<unsigned char, GeosBufferDeleter> buffer(
        GEOSWKBWriter_write_r(geosHandle(), writer.get(), g, &size));
    if (!buffer) throwGeosError("writing WKB");
    return {buffer.get(), buffer.get() + size};
}

std::string toWkt(const GEOSGeometry* g, int decimals) {
    std::unique_ptr<GEOSWKTWriter, WktWriterDeleter> writer(GEOSWKTWriter_create_r(geosHandle()));
    if (decimals >= 0) {
        GEOSWKTWriter_setTrim_r(geosHandle(), writer.get(), 1);
        GEOSWKTWriter_setRoundingPrecision_r(geosHandle(), writer.get(), decimals);
    }
    std::unique_ptr<char, GeosBufferDeleter> text(GEOSWKTWriter_write_r(geosHandle(), writer.get(), g));
    if (!text) throwGeosError("writing WKT");
    return text.get();
}

GeomPtr clone(const GEOSGeometry* g) { return checked(GEOSGeom_clone_r(geosHandle(), g), "copying a geometry"); }

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
    return checked(GEOSIntersection_r(geosHandle(), a, b), "intersection");
}

GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b) {
    return checked(GEOSDifference_r(geosHandle(), a, b), "difference");
}

GeomPtr unaryUnion(const GEOSGeometry* g) { return checked(GEOSUnaryUnion_r(geosHandle(), g), "union"); }

GeomPtr unionAll(std::vector<GeomPtr> parts) {
    if (parts.empty()) return emptyPolygon();
    if (parts.size() == 1) return std::move(parts.front());
    GeomPtr all = collection(GEOS_GEOMETRYCOLLECTION, std::move(parts));
    return unaryUnion(all.get());
}

GeomPtr clipByRect(const GEOSGeometry* g, const Envelope& r) {
    return checked(GEOSClipByRect_r(geosHandle(), g, r.minX, r.minY, r.maxX, r.maxY), "clipping by rectangle");
}

GeomPtr collection(int type, std::vector<GeomPtr> parts) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts) raw.push_back(p.get());
    GEOSGeometry* result =
        GEOSGeom_createCollection_r(geosHandle(), type, raw.data(), static_cast<unsigned>(raw.size()));
    if (result == nullptr) throwGeosError("building a collection");
    for (auto& p : parts) static_cast<void>(p.release());  // now owned by the collection
    return GeomPtr(result);
}

GeomPtr linearRing(const double* xy, std::size_t vertices) {
    auto handle = geosHandle();
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(handle, xy, static_cast<unsigned>(vertices), 0, 0);
    if (seq == nullptr) throwGeosError("copying a ring");
    return checked(GEOSGeom_createLinearRing_r(handle, seq), "creating a ring");  // takes the sequence
}

GeomPtr polygonOf(GeomPtr shell, std::vector<GeomPtr> holes) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(holes.size());
    for (auto& h : holes) raw.push_back(h.get());
    GEOSGeometry* result =
        GEOSGeom_createPolygon_r(geosHandle(), shell.get(), raw.data(), static_cast<unsigned>(raw.size()));
    if (result == nullptr) throwGeosError("creating a polygon");
    static_cast<void>(shell.release());  // now owned by the polygon
    for (auto& h : holes) static_cast<void>(h.release());
    return GeomPtr(result);
}

GeomPtr emptyPolygon() { return checked(GEOSGeom_createEmptyPolygon_r(geosHandle()), "creating an empty polygon"); }

GeomPtr rectangle(const Envelope& e) {
    return checked(GEOSGeom_createRectangle_r(geosHandle(), e.minX, e.minY, e.maxX, e.maxY), "creating a rectangle");
}

namespace {
void collectPolygons(const GEOSGeometry* g, std::vector<GeomPtr>& out) {
    const int type = typeId(g);
    if (type == GEOS_POLYGON) {
        if (!isEmpty(g)) out.push_back(clone(g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = numGeometries(g);
        for (int i = 0; i < n; ++i) collectPolygons(geometryN(g, i), out);
    }
}
}  // namespace

GeomPtr polygonalPart(GeomPtr g) {
    const int type = typeId(g.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
    std::vector<GeomPtr> polygons;
    collectPolygons(g.get(), polygons);
    if (polygons.empty()) return emptyPolygon();
    if (polygons.size() == 1) return std::move(polygons.front());
    return collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

void gatherPolygons(const GEOSGeometry* g, std::vector<const GEOSGeometry*>& out) {
    const int type = typeId(g);
    if (type == GEOS_POLYGON) {
        if (!isEmpty(g)) out.push_back(g);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < numGeometries(g); ++i) gatherPolygons(geometryN(g, i), out);
    }
}

GeomPtr disjointUnion(const std::vector<const GEOSGeometry*>& parts) {
    std::vector<GeomPtr> polygons;
    for (const GEOSGeometry* part : parts) collectPolygons(part, polygons);
    return collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

GeomPtr asMultiPolygon(const GEOSGeometry* g) {
    std::vector<GeomPtr> polygons;
    collectPolygons(g, polygons);
    return collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

bool envelopesDisjoint(const std::vector<Envelope>& envelopes) {
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        for (std::size_t j = i + 1; j < envelopes.size(); ++j) {
            if (envelopes[i].intersects(envelopes[j])) return false;
        }
    }
    return true;
}

Envelope envelope(const GEOSGeometry* g) {
    Envelope e;
    if (isEmpty(g)) return e;
    if (GEOSGeom_getXMin_r(geosHandle(), g, &e.minX) == 0 || GEOSGeom_getYMin_r(geosHandle(), g, &e.minY) == 0 ||
        GEOSGeom_getXMax_r(geosHandle(), g, &e.maxX) == 0 || GEOSGeom_getYMax_r(geosHandle(), g, &e.maxY) == 0) {
        throwGeosError("computing an envelope");
    }
    return e;
}

bool isEmpty(const GEOSGeometry* g) { return checkedPredicate(GEOSisEmpty_r(geosHandle(), g), "testing emptiness"); }

bool isPolygonal(const GEOSGeometry* g) {
    const int type = typeId(g);
    return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

int typeId(const GEOSGeometry* g) {
    const int type = GEOSGeomTypeId_r(geosHandle(), g);
    if (type < 0) throwGeosError("reading the geometry type");
    return type;
}

int numGeometries(const GEOSGeometry* g) {
    const int n = GEOSGetNumGeometries_r(geosHandle(), g);
    if (n < 0) throwGeosError("counting parts");
    return n;
}

const GEOSGeometry* geometryN(const GEOSGeometry* g, int n) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(geosHandle(), g, n);
    if (part == nullptr) throwGeosError("reading a part");
    return part;
}

int numCoordinates(const GEOSGeometry* g) {
    const int n = GEOSGetNumCoordinates_r(geosHandle(), g);
    if (n < 0) throwGeosError("counting coordinates");
    return n;
}

bool intersects(const GEOSGeometry* a, const GEOSGeometry* b) {
    return checkedPredicate(GEOSIntersects_r(geosHandle(), a, b), "intersects");
}

bool covers(const GEOSGeometry* a, const GEOSGeometry* b) {
    return checkedPredicate(GEOSCovers_r(geosHandle(), a, b), "covers");
}

PreparedPtr prepare(const GEOSGeometry* g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(geosHandle(), g);
    if (p == nullptr) throwGeosError("preparing a geometry");
    return PreparedPtr(p);
}

bool preparedIntersects(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return checkedPredicate(GEOSPreparedIntersects_r(geosHandle(), p, g), "prepared intersects");
}

bool preparedContainsProperly(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return checkedPredicate(GEOSPreparedContainsProperly_r(geosHandle(), p, g), "prepared containsProperly");
}

bool preparedCovers(const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
    return checkedPredicate(GEOSPreparedCovers_r(geosHandle(), p, g), "prepared covers");
}

double planarArea(const GEOSGeometry* g) {
    double area = 0;
    if (GEOSArea_r(geosHandle(), g, &area) == 0) throwGeosError("measuring an area");
    return area;
}

std::pair<double, double> centroid(const GEOSGeometry* g) {
    const GeomPtr c = checked(GEOSGetCentroid_r(geosHandle(), g), "taking a centroid");
    double x = 0, y = 0;
    if (GEOSGeomGetX_r(geosHandle(), c.get(), &x) == 0 || GEOSGeomGetY_r(geosHandle(), c.get(), &y) == 0)
        throwGeosError("taking a centroid");
    return {x, y};
}

GeomPtr densify(const GEOSGeometry* g, double maxSegmentLength) {
    return checked(GEOSDensify_r(geosHandle(), g, maxSegmentLength), "densifying");
}

void copyRingCoordinates(const GEOSGeometry* ring, std::vector<double>& xy) {
    auto handle = geosHandle();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(handle, ring);
    unsigned int size = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(handle, seq, &size) == 0) throwGeosError("reading a ring");
    xy.resize(2 * static_cast<std::size_t>(size));
    if (size > 0 && GEOSCoordSeq_copyToBuffer_r(handle, seq, xy.data(), 0, 0) == 0) throwGeosError("reading a ring");
}

std::vector<Ring> polygonRings(const GEOSGeometry* g) {
    std::vector<Ring> rings;
    auto handle = geosHandle();
    const auto addPolygon = [&](const GEOSGeometry* polygon) {
        if (GEOSisEmpty_r(handle, polygon) == 1) return;
        Ring shell;
        copyRingCoordinates(GEOSGetExteriorRing_r(handle, polygon), shell.xy);
        rings.push_back(std::move(shell));
        const int holes = GEOSGetNumInteriorRings_r(handle, polygon);
        for (int i = 0; i < holes; ++i) {
            Ring hole;
            hole.hole = true;
            copyRingCoordinates(GEOSGetInteriorRingN_r(handle, polygon, i), hole.xy);
            rings.push_back(std::move(hole));
        }
    };
    if (typeId(g) == GEOS_POLYGON) {
        addPolygon(g);
    } else {
        for (int i = 0; i < numGeometries(g); ++i) {
            const GEOSGeometry* part = geometryN(g, i);
            if (typeId(part) == GEOS_POLYGON) {
                addPolygon(part);
            } else if (typeId(part) == GEOS_MULTIPOLYGON || typeId(part) == GEOS_GEOMETRYCOLLECTION) {
                auto more = polygonRings(part);
                std::move(more.begin(), more.end(), std::back_inserter(rings));
            }
        }
    }
    return rings;
}

}  // namespace redline::geom
