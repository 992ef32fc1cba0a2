// SPDX-License-Identifier: MIT
#include <ogr_geometry.h>

#include "collection_members_p.hpp"

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
    int moved = 0;
    for (int i = members.lines.getNumGeometries(); i-- > 0;) {
        const OGRLineString* line = members.lines.getGeometryRef(i);
        if (line->getNumPoints() < 4 || !line->get_IsClosed()) continue;
        auto ring = std::make_unique<OGRLinearRing>();
        ring->addSubLineString(line);
        OGRPolygon polygon;
        polygon.addRingDirectly(ring.release());
        members.polygons.addGeometry(&polygon);
        members.lines.removeGeometry(i);
        ++moved;
    }
    return moved;
}

}  // namespace redline::analysis::detail
