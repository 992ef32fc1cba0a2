// SPDX-License-Identifier: MIT
#include "site_sketch.hpp"

#include <gtest/gtest.h>

namespace redline::viewer {
namespace {

double signedArea(const QPolygonF& ring) {
    double a = 0;
    for (int i = 1; i < ring.size(); ++i) a += ring[i - 1].x() * ring[i].y() - ring[i].x() * ring[i - 1].y();
    return a / 2;
}

TEST(SiteSketch, ClickedVerticesMakeAClosedCounterClockwiseRing) {
    SiteSketch s;
    // Clockwise clicks, a double-click's repeated point, and a wrong click taken back.
    for (QPointF p : {QPointF(0, 0), QPointF(0, 10), QPointF(5, 5), QPointF(10, 10), QPointF(10, 10)}) s.add(p);
    s.undo();  // removes (10,10); the duplicate was never added
    s.add({10, 10});
    s.add({10, 0});
    const auto ring = s.finish();
    ASSERT_TRUE(ring);
    ASSERT_EQ(ring->size(), 6);  // 5 vertices + closing point
    EXPECT_EQ(ring->front(), ring->back());
    EXPECT_GT(signedArea(*ring), 0);  // counter-clockwise
    // Area by the shoelace formula of the clicked shape: square 100 minus the notch triangle 25.
    EXPECT_DOUBLE_EQ(signedArea(*ring), 75.0);
}

TEST(SiteSketch, TooFewOrCollinearPointsAreNoSite) {
    SiteSketch s;
    s.add({0, 0});
    s.add({1, 1});
    EXPECT_FALSE(s.finish());
    s.add({2, 2});
    EXPECT_FALSE(s.finish());  // a line, not an area
}

TEST(SiteSketch, ASymmetricFigureOfEightIsASite) {
    // A, C, B, D of a square: signed area 0, two triangles of area. It could not be finished,
    // without a word; the check repairs it as it does any bow-tie.
    SiteSketch s;
    for (const QPointF p : {QPointF(0, 0), QPointF(10, 10), QPointF(10, 0), QPointF(0, 10)}) s.add(p);
    const auto ring = s.finish();
    ASSERT_TRUE(ring);
    EXPECT_EQ(ring->size(), 5);
}

TEST(SiteSketch, ParsesPlainAndBoundaryPointLists) {
    QString error;
    const auto plain = SiteSketch::parseCoordinates(
        QStringLiteral("# site\n118.1, 32.0\n118.2 32.0\n118.2\t32.1\n118.1,32.0\n"), error);
    ASSERT_TRUE(plain) << error.toStdString();
    ASSERT_EQ(plain->size(), 3u);  // the closing repeat is dropped
    EXPECT_EQ((*plain)[2], QPointF(118.2, 32.1));

    // 界址点: J-number, ring, X (northing), Y (easting) → x = easting, y = northing.
    const QString jzd = QStringLiteral(
        "[属性描述]\n坐标系=2000国家大地坐标系\n[地块坐标]\n4,0.52,XM-01,试验地块,面,,,,@\n"
        "J1,1,3547200.000,40512300.000\nJ2,1,3547200.000,40512400.000\nJ3,1,3547300.000,40512400.000\n"
        "J1,1,3547200.000,40512300.000\n");
    const auto points = SiteSketch::parseCoordinates(jzd, error);
    ASSERT_TRUE(points) << error.toStdString();
    ASSERT_EQ(points->size(), 3u);
    EXPECT_EQ((*points)[0], QPointF(40512300.0, 3547200.0));
    EXPECT_EQ((*points)[2], QPointF(40512400.0, 3547300.0));
}

TEST(SiteSketch, MalformedLinesAreNamed) {
    QString error;
    EXPECT_FALSE(SiteSketch::parseCoordinates(QStringLiteral("1 2\n3 x\n5 6\n"), error));
    EXPECT_TRUE(error.contains(QStringLiteral("line 2"))) << error.toStdString();
    EXPECT_FALSE(SiteSketch::parseCoordinates(QStringLiteral("1 2\n3 4\n"), error));
    EXPECT_TRUE(error.contains(QStringLiteral("3"))) << error.toStdString();
}

TEST(SiteSketch, WktKeepsFullPrecision) {
    QPolygonF ring;
    ring << QPointF(118.123456789012, 32.1) << QPointF(118.2, 32.1) << QPointF(118.2, 32.2)
         << QPointF(118.123456789012, 32.1);
    const QString wkt = SiteSketch::toWkt(ring);
    ASSERT_TRUE(wkt.startsWith(QStringLiteral("POLYGON((")));
    const QStringList pairs = wkt.mid(9, wkt.size() - 11).split(QStringLiteral(", "));
    ASSERT_EQ(pairs.size(), ring.size());
    for (int i = 0; i < ring.size(); ++i) {
        const QStringList xy = pairs[i].split(' ');
        EXPECT_EQ(xy[0].toDouble(), ring[i].x());  // bit for bit
        EXPECT_EQ(xy[1].toDouble(), ring[i].y());
    }
}

TEST(SiteSketch, ASecondRingIsRefusedNotJoined) {
    // A 1 km square with a 400 m hole (圈号 2) was joined into one ring: 100 ha instead of 84.
    QString error;
    const QString withHole = QStringLiteral(
        "J1,1,3547000,40512000\nJ2,1,3547000,40513000\nJ3,1,3548000,40513000\nJ4,1,3548000,40512000\n"
        "J1,1,3547000,40512000\nJ5,2,3547300,40512300\nJ6,2,3547300,40512700\nJ7,2,3547700,40512700\n"
        "J8,2,3547700,40512300\nJ5,2,3547300,40512300\n");
    EXPECT_FALSE(SiteSketch::parseCoordinates(withHole, error));
    EXPECT_TRUE(error.contains(QStringLiteral("line 6"))) << error.toStdString();
    // Plain coordinates: a ring that closed and goes on.
    EXPECT_FALSE(SiteSketch::parseCoordinates(QStringLiteral("0 0\n10 0\n10 10\n0 0\n2 2\n3 2\n3 3\n"), error));
    EXPECT_TRUE(error.contains(QStringLiteral("line 5"))) << error.toStdString();
    // One ring, closed or not, still reads.
    EXPECT_TRUE(SiteSketch::parseCoordinates(QStringLiteral("0 0\n10 0\n10 10\n0 0\n"), error));
}

}  // namespace
}  // namespace redline::viewer
