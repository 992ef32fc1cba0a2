// SPDX-License-Identifier: MIT
// The nearest-point kernel against GEOS: the closest pair between two disjoint polygon
// boundaries, found with segment pruning, must be as close as GEOS's DistanceOp says, and a
// bound below that distance must find nothing.
#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <string>

#include "plane_distance_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/geos_context.hpp"

namespace redline::analysis::detail {
namespace {

// A star-shaped ring of `n` vertices around (cx, cy).
geom::GeomPtr blob(std::mt19937& rng, double cx, double cy, double radius, int n) {
    std::uniform_real_distribution<double> jitter(0.6, 1.0);
    std::string wkt = "POLYGON((";
    std::string first;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * i / n;
        const double r = radius * jitter(rng);
        const std::string point = std::to_string(cx + r * std::cos(a)) + " " + std::to_string(cy + r * std::sin(a));
        if (i == 0) first = point;
        wkt += point + ",";
    }
    wkt += first + "))";
    return geom::fromWkt(wkt);
}

double geosDistance(const GEOSGeometry* a, const GEOSGeometry* b) {
    double d = 0;
    EXPECT_EQ(GEOSDistance_r(geom::geosHandle(), a, b, &d), 1);
    return d;
}

// a's boundary in the plane and b's flat rings, as a search holds them.
struct Boundaries {
    PlaneBoundary a;
    geom::RingStore store;
    geom::RingsView b;

    Boundaries(const GEOSGeometry* ga, const GEOSGeometry* gb, const NearestPlane& plane) {
        a.assign(ga, plane);
        b = store.view(store.add(gb));
    }
    // The closest pair within a bound (squared, plane units), as the search asks for it.
    [[nodiscard]] ClosestPair closest(const NearestPlane& plane,
                                      double bound2 = std::numeric_limits<double>::infinity()) const {
        ClosestPair pair;
        pair.distance2 = bound2;
        closestPoints(a, b, plane, pair);
        return pair;
    }
};

TEST(PlaneDistance, ClosestPairOfDisjointBoundariesMatchesGeos) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> offset(-400, 400);
    const NearestPlane plane{false, 0};
    int compared = 0;
    for (int trial = 0; trial < 300; ++trial) {
        geom::GeomPtr a = blob(rng, 500000, 3500000, 60, 5 + trial % 20);
        geom::GeomPtr b = blob(rng, 500000 + offset(rng), 3500000 + offset(rng), 150, 50 + trial % 200);
        if (GEOSIntersects_r(geom::geosHandle(), a.get(), b.get()) != 0) continue;
        const Boundaries boundaries(a.get(), b.get(), plane);
        const ClosestPair pair = boundaries.closest(plane);
        ASSERT_TRUE(pair.found);
        const double expected = geosDistance(a.get(), b.get());
        EXPECT_NEAR(std::sqrt(pair.distance2), expected, 1e-9 * expected);
        // The pair lies on the two boundaries (at its fractions of a segment of each) and is as far
        // apart as it says (a projected CRS: the plane is the CRS).
        const auto at = [](const double* segment, double fraction, int axis) {
            return segment[axis] + fraction * (segment[2 + axis] - segment[axis]);
        };
        ASSERT_NE(pair.aSegment, nullptr);
        ASSERT_NE(pair.bSegment, nullptr);
        EXPECT_NEAR(std::hypot(at(pair.aSegment, pair.aFraction, 0) - at(pair.bSegment, pair.bFraction, 0),
                               at(pair.aSegment, pair.aFraction, 1) - at(pair.bSegment, pair.bFraction, 1)),
                    std::sqrt(pair.distance2), 1e-9);

        // A bound just below the distance finds nothing; just above finds the same pair.
        EXPECT_FALSE(boundaries.closest(plane, (expected * 0.999) * (expected * 0.999)).found);
        const ClosestPair above = boundaries.closest(plane, (expected * 1.001) * (expected * 1.001));
        ASSERT_TRUE(above.found);
        EXPECT_DOUBLE_EQ(above.distance2, pair.distance2);
        ++compared;
    }
    EXPECT_GT(compared, 150);
}

TEST(PlaneDistance, ABoundAtTheDistanceItselfFindsThePairAtLargeCoordinates) {
    // Most pairs are screened out without a division (segmentPair's screen); the screen must let
    // through every pair the division would find within reach, however much the two ways of
    // taking a distance round apart: coordinates of a 3° Gauss–Krüger zone with its number
    // (x ≈ 39.5e6 m), boundaries millimetres apart, and a bound at the very distance found.
    std::mt19937 rng(19);
    std::uniform_real_distribution<double> gap(1e-3, 1e-2), angle(0, 2 * std::numbers::pi);
    const NearestPlane plane{false, 0};
    int compared = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const double cx = 39500000.0 + trial * 37.0, cy = 3500000.0 + trial * 11.0;
        geom::GeomPtr a = blob(rng, cx, cy, 30, 4 + trial % 12);
        const geom::Envelope e = geom::envelope(a.get());
        // b: a thin triangle whose tip comes within millimetres of a's box, off one side.
        const double g = gap(rng), turn = angle(rng) * 0.2 - 0.1;
        const double tipX = e.maxX + g, tipY = (e.minY + e.maxY) / 2 + (trial % 7 - 3);
        const std::string wkt = fmt::format("POLYGON(({:.6f} {:.6f},{:.6f} {:.6f},{:.6f} {:.6f},{:.6f} {:.6f}))", tipX,
                                            tipY, tipX + 50 * std::cos(turn) - 5 * std::sin(turn),
                                            tipY + 50 * std::sin(turn) + 5 * std::cos(turn),
                                            tipX + 50 * std::cos(turn) + 5 * std::sin(turn),
                                            tipY + 50 * std::sin(turn) - 5 * std::cos(turn), tipX, tipY);
        geom::GeomPtr b = geom::fromWkt(wkt);
        if (GEOSIntersects_r(geom::geosHandle(), a.get(), b.get()) != 0) continue;
        const Boundaries boundaries(a.get(), b.get(), plane);
        const ClosestPair pair = boundaries.closest(plane);
        ASSERT_TRUE(pair.found);
        const ClosestPair at =
            boundaries.closest(plane, std::nextafter(pair.distance2, std::numeric_limits<double>::infinity()));
        ASSERT_TRUE(at.found) << "trial " << trial;
        EXPECT_EQ(at.distance2, pair.distance2);
        ++compared;
    }
    EXPECT_GT(compared, 300);
}

TEST(PlaneDistance, HolesCountAsBoundaries) {
    // A square inside the hole of a frame: nearest is the hole's edge, 10 units away.
    const NearestPlane plane{false, 0};
    geom::GeomPtr frame = geom::fromWkt("POLYGON((0 0,100 0,100 100,0 100,0 0),(20 20,80 20,80 80,20 80,20 20))");
    geom::GeomPtr inner = geom::fromWkt("POLYGON((30 30,70 30,70 70,30 70,30 30))");
    PlaneBoundary pa;
    pa.assign(inner.get(), plane);
    geom::RingStore store;
    const geom::RingsView pb = store.view(store.add(frame.get()));
    ClosestPair pair;
    closestPoints(pa, pb, plane, pair);
    ASSERT_TRUE(pair.found);
    EXPECT_DOUBLE_EQ(std::sqrt(pair.distance2), 10.0);
}

TEST(PlaneDistance, LonLatPiecesTakenToThePlaneOnlyWhereNeededGiveTheWholeTransformsPair) {
    // In lon/lat the pieces are taken to the plane (see NearestPlane) only where a run or segment
    // may be closer than the best so far; the result must equal a brute force over the same
    // geometries transformed whole.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> offset(-0.02, 0.02);
    int compared = 0;
    for (int trial = 0; trial < 200; ++trial) {
        geom::GeomPtr a = blob(rng, 119.5, 32.3, 0.002, 4 + trial % 10);
        geom::GeomPtr b = blob(rng, 119.5 + offset(rng), 32.3 + offset(rng), 0.004, 40 + trial % 150);
        if (GEOSIntersects_r(geom::geosHandle(), a.get(), b.get()) != 0) continue;
        const geom::Envelope e = geom::envelope(a.get());
        // As the search builds it: vertices near φ0 take their scale from its series.
        const NearestPlane plane = NearestPlane::about(true, (e.minX + e.maxX) / 2, 0.00669438, (e.minY + e.maxY) / 2);
        PlaneBoundary pa, pbWhole;
        pa.assign(a.get(), plane);
        pbWhole.assign(b.get(), plane);
        geom::RingStore store;
        const geom::RingsView pb = store.view(store.add(b.get()));
        ClosestPair pair;
        closestPoints(pa, pb, plane, pair);
        ASSERT_TRUE(pair.found);
        // Brute force over every segment pair of the transformed rings.
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i + 2 < pa.xy.size(); i += 2) {
            for (std::size_t j = 0; j + 2 < pbWhole.xy.size(); j += 2) {
                const double px[2] = {pa.xy[i], pa.xy[i + 2]}, py[2] = {pa.xy[i + 1], pa.xy[i + 3]};
                const double qx[2] = {pbWhole.xy[j], pbWhole.xy[j + 2]}, qy[2] = {pbWhole.xy[j + 1], pbWhole.xy[j + 3]};
                const auto pointSeg = [](double x, double y, const double* sx, const double* sy) {
                    const double dx = sx[1] - sx[0], dy = sy[1] - sy[0];
                    const double l2 = dx * dx + dy * dy;
                    const double t = l2 > 0 ? std::clamp(((x - sx[0]) * dx + (y - sy[0]) * dy) / l2, 0.0, 1.0) : 0;
                    return std::hypot(x - sx[0] - t * dx, y - sy[0] - t * dy);
                };
                best = std::min({best, pointSeg(px[0], py[0], qx, qy), pointSeg(px[1], py[1], qx, qy),
                                 pointSeg(qx[0], qy[0], px, py), pointSeg(qx[1], qy[1], px, py)});
            }
        }
        EXPECT_NEAR(std::sqrt(pair.distance2), best, 1e-12);
        ++compared;
    }
    EXPECT_GT(compared, 100);
}

// The plane's x scale from cos φ0 and sin φ0 and the series of the half difference agrees with
// s((φ + φ0)/2) by std::cos within a few ulps, on both sides of the series' limit, of the equator
// and of the latitude beyond which it is not used.
TEST(PlaneDistance, XScaleFromTheSeriesIsTheCosineScale) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> latitude(-89, 89), near(-3, 3);
    for (int i = 0; i < 100'000; ++i) {
        const double lat0 = latitude(rng), lat = std::clamp(lat0 + near(rng), -90.0, 90.0);
        const NearestPlane series = NearestPlane::about(true, 118, 0.00669438, lat0);
        const NearestPlane plain{true, 118, 0.00669438, lat0};
        const double expected = meridianScaledCos((lat + lat0) / 2, 0.00669438);
        ASSERT_EQ(planeXScale(lat, plain), expected);
        ASSERT_NEAR(planeXScale(lat, series), expected, 4e-15 * expected) << lat0 << " " << lat;
    }
}

}  // namespace
}  // namespace redline::analysis::detail
