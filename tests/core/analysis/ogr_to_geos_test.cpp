// SPDX-License-Identifier: MIT
// Polygons taken from OGR to GEOS without WKB must be the geometry the WKB path gives, byte for
// byte; what the direct path does not take (3D, other types) is left to the WKB path.
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <string>
#include <vector>

#include "ogr_to_geos_p.hpp"
#include "redline/geom/geometry.hpp"

namespace redline::analysis::detail {
namespace {

OGRGeometryUniquePtr ogrFromWkt(const std::string& wkt) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE) << wkt;
    return OGRGeometryUniquePtr(g);
}

std::vector<unsigned char> throughWkb(const OGRGeometry& g) {
    std::vector<unsigned char> wkb(g.WkbSize());
    g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    return geom::toWkb(geom::fromWkb(wkb).get());
}

TEST(OgrToGeos, SameGeometryAsThroughWkb) {
    for (const std::string wkt : {
             "POLYGON ((120.1 30.2,120.3 30.2,120.3 30.4,120.1 30.4,120.1 30.2))",
             "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2),(6 6,6 8,8 8,8 6,6 6))",
             "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5),(5.2 5.1,5.8 5.1,5.8 5.7,5.2 5.1)))",
             "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),EMPTY)",
             "POLYGON EMPTY",
             "MULTIPOLYGON EMPTY",
             "POLYGON ((0 0,1 1,0 0))",  // too few points for an area: GEOS takes it either way
             "POLYGON ((39500000.123456789 3500000.987654321,39500100.5 3500000.25,39500050.75 3500080.125,"
             "39500000.123456789 3500000.987654321))",
         }) {
        const OGRGeometryUniquePtr g = ogrFromWkt(wkt);
        const geom::GeomPtr direct = polygonalFromOgr(*g);
        ASSERT_TRUE(direct) << wkt;
        EXPECT_EQ(geom::toWkb(direct.get()), throughWkb(*g)) << wkt;
    }
}

TEST(OgrToGeos, LeavesOtherGeometriesToTheWkbPath) {
    for (const std::string wkt : {"POLYGON Z ((0 0 1,1 0 1,1 1 1,0 0 1))", "POLYGON M ((0 0 1,1 0 1,1 1 1,0 0 1))",
                                  "LINESTRING (0 0,1 1)", "GEOMETRYCOLLECTION (POLYGON ((0 0,1 0,1 1,0 0)))"}) {
        EXPECT_FALSE(polygonalFromOgr(*ogrFromWkt(wkt))) << wkt;
    }
}

}  // namespace
}  // namespace redline::analysis::detail
