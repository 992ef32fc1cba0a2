// SPDX-License-Identifier: MIT
#include "redline/geom/geometry.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "redline/geom/strtree.hpp"
#include "redline/geom/validity.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::geom {
namespace {

using testing::planarArea;

TEST(Validity, BowTieIsReportedWithReasonAndLocation) {
    GeomPtr bowTie = fromWkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))");
    const ValidityReport r = checkValidity(bowTie.get());
    EXPECT_FALSE(r.valid);
    EXPECT_NE(r.reason.find("Self-intersection"), std::string::npos) << r.reason;
    ASSERT_TRUE(r.x && r.y);
    EXPECT_DOUBLE_EQ(*r.x, 1.0);
    EXPECT_DOUBLE_EQ(*r.y, 1.0);
}

TEST(Validity, BowTieRepairsToItsTwoTriangles) {
    // Each lobe is a right triangle with legs 2 and 1 (apex at the crossing (1,1)): area 1.
    RepairResult r = repairPolygonal(fromWkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))"));
    EXPECT_TRUE(r.repaired);
    EXPECT_TRUE(checkValidity(r.geometry.get()).valid);
    EXPECT_TRUE(isPolygonal(r.geometry.get()));
    EXPECT_DOUBLE_EQ(planarArea(r.geometry.get()), 2.0);
}

TEST(Validity, ValidGeometryIsLeftAlone) {
    RepairResult r = repairPolygonal(fromWkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"));
    EXPECT_FALSE(r.repaired);
    EXPECT_TRUE(r.reason.empty());
}

TEST(Geometry, PolygonalPartDropsLinesAndPoints) {
    GeomPtr mixed = fromWkt("GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 1,0 0)), LINESTRING(5 5, 6 6), POINT(9 9))");
    GeomPtr p = polygonalPart(std::move(mixed));
    EXPECT_EQ(typeId(p.get()), GEOS_POLYGON);
    EXPECT_DOUBLE_EQ(planarArea(p.get()), 1.0);
    EXPECT_TRUE(isEmpty(polygonalPart(fromWkt("LINESTRING(0 0, 1 1)")).get()));
}

TEST(Geometry, UnionAllDoesNotDoubleCountOverlaps) {
    std::vector<GeomPtr> parts;
    parts.push_back(fromWkt("POLYGON((0 0,2 0,2 2,0 2,0 0))"));
    parts.push_back(fromWkt("POLYGON((1 1,3 1,3 3,1 3,1 1))"));
    EXPECT_DOUBLE_EQ(planarArea(unionAll(std::move(parts)).get()), 7.0);
    EXPECT_TRUE(isEmpty(unionAll({}).get()));
}

TEST(Geometry, ClipByRectKeepsOnlyTheWindow) {
    GeomPtr square = fromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    EXPECT_DOUBLE_EQ(planarArea(clipByRect(square.get(), {2, 2, 5, 4}).get()), 6.0);
}

TEST(Geometry, WkbRoundTrip) {
    GeomPtr g = fromWkt("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))");
    GeomPtr back = fromWkb(toWkb(g.get()));
    EXPECT_EQ(GEOSEquals_r(geosHandle(), g.get(), back.get()), 1);
}

TEST(Geometry, BadWktThrowsGeosError) { EXPECT_THROW(static_cast<void>(fromWkt("POLYGON((0 0, 1")), GeosError); }

TEST(Geometry, ContextsArePerThreadAndGeometriesCrossThreads) {
    GeomPtr made;
    std::thread worker([&] { made = fromWkt("POLYGON((0 0,4 0,4 4,0 4,0 0))"); });
    worker.join();
    EXPECT_NE(geosHandle(), nullptr);
    EXPECT_DOUBLE_EQ(planarArea(made.get()), 16.0);  // read and destroyed on this thread
}

TEST(StrTree, QueryReturnsIntersectingItemsInOrder) {
    std::vector<GeomPtr> boxes;
    for (int i = 0; i < 100; ++i) boxes.push_back(rectangle({double(i), 0, double(i) + 0.5, 1}));
    StrTree tree;
    for (std::size_t i = 0; i < boxes.size(); ++i) tree.insert(boxes[i].get(), i);
    tree.finish();
    EXPECT_EQ(tree.query({10.2, 0.2, 12.1, 0.3}), (std::vector<std::size_t>{10, 11, 12}));
    EXPECT_TRUE(tree.query({200, 0, 201, 1}).empty());
}

}  // namespace
}  // namespace redline::geom
