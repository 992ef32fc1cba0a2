// SPDX-License-Identifier: MIT
#include <ogr_geometry.h>

#include <vector>

#include "collection_members_p.hpp"
#include "ring_closure_p.hpp"

namespace redline::analysis::detail {
namespace {

void collect(const OGRGeometry& g, CollectionMembers& out) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon:
            out.polygons.addGeometry(&g);
            break;
        case wkbLineString:
        case wkbLinearRing:
            out.lines.addGeometry(&g);
            break;
        case wkbPoint:
            out.points.addGeometry(&g);
            break;
        case wkbTIN:
        case wkbPolyhedralSurface:
        case wkbTriangle: {
            OGRGeometryUniquePtr faces(OGRGeometryFactory::forceToMultiPolygon(g.clone()));
            if (faces) collect(*faces, out);
            break;
        }
        case wkbMultiPolygon:
        case wkbMultiLineString:
        case wkbMultiPoint:
        case wkbGeometryCollection:
            for (const OGRGeometry* member : *g.toGeometryCollection()) collect(*member, out);
            break;
        default:
            break;  // curves are linear by now; nothing else has an area or a place to buffer
    }
}

}  // namespace

CollectionMembers flattenCollection(const OGRGeometryCollection& collection) {
    CollectionMembers out;
    collect(collection, out);
    return out;
}

int closedLinesToPolygons(CollectionMembers& members) {
    std::vector<const OGRLineString*> closed;
    std::vector<int> indices;
    for (int i = 0; i < members.lines.getNumGeometries(); ++i) {
        const OGRLineString* line = members.lines.getGeometryRef(i);
        if (line->getNumPoints() < 4 || !line->get_IsClosed()) continue;
        closed.push_back(line);
        indices.push_back(i);
    }
    if (closed.empty()) return 0;
    OGRGeometryUniquePtr area = areaOfClosedLines(closed);
    if (wkbFlatten(area->getGeometryType()) == wkbPolygon) {
        members.polygons.addGeometry(area.get());
    } else if (wkbFlatten(area->getGeometryType()) == wkbMultiPolygon) {
        for (const OGRPolygon* p : *area->toMultiPolygon()) members.polygons.addGeometry(p);
    }
    for (auto i = indices.rbegin(); i != indices.rend(); ++i) members.lines.removeGeometry(*i);
    return static_cast<int>(closed.size());
}

}  // namespace redline::analysis::detail
