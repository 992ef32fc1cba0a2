// SPDX-License-Identifier: MIT
#include "geodesic_circles_p.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis::detail {

namespace {
constexpr int kVertices = 64;  // GEOS's 16 segments a quadrant, as the buffers of lines
}  // namespace

GeodesicCircles::GeodesicCircles(const crs::Crs& analysisCrs) {
    const crs::Ellipsoid e = analysisCrs.ellipsoid();
    geod_init(&geodesic_, e.semiMajor, e.inverseFlattening > 0 ? 1 / e.inverseFlattening : 0);
    if (analysisCrs.isGeographic()) return;
    const crs::Crs lonLat = analysisCrs.geographic();
    toLonLat_.reset(OGRCreateCoordinateTransformation(&analysisCrs.srs(), &lonLat.srs()));
    fromLonLat_.reset(OGRCreateCoordinateTransformation(&lonLat.srs(), &analysisCrs.srs()));
    if (!toLonLat_ || !fromLonLat_) throw CrsError("cannot set up the transformation to buffer points");
}

OGRGeometryUniquePtr GeodesicCircles::around(const OGRPoint& p, double metres) const {
    double lon = p.getX(), lat = p.getY();
    if (toLonLat_ && !toLonLat_->Transform(1, &lon, &lat)) throw CrsError("cannot locate the point to buffer it");
    std::vector<double> xs(kVertices + 1), ys(kVertices + 1);
    for (int k = 0; k < kVertices; ++k) {
        // From east, anticlockwise: azimuths are clockwise from north.
        const double azimuth = 90.0 - 360.0 * k / kVertices;
        geod_direct(&geodesic_, lat, lon, azimuth, metres, &ys[static_cast<std::size_t>(k)],
                    &xs[static_cast<std::size_t>(k)], nullptr);
    }
    xs[kVertices] = xs[0];
    ys[kVertices] = ys[0];
    if (fromLonLat_ && !fromLonLat_->Transform(kVertices + 1, xs.data(), ys.data()))
        throw CrsError("cannot place the buffer around the point");
    auto ring = std::make_unique<OGRLinearRing>();
    ring->setPoints(kVertices + 1, xs.data(), ys.data());
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return OGRGeometryUniquePtr(polygon.release());
}

}  // namespace redline::analysis::detail
