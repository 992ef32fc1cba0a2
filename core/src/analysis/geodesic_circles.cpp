// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cmath>

#include "geodesic_circles_p.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis::detail {

namespace {
// How far a chord of the circle may fall inside it: a 1 km radius then takes 704 vertices, where
// 64 cut 1.2 m off the circle's edge (a prohibited zone 1 m inside it went unseen).
constexpr double kChordGapMetres = 0.01;
constexpr int kMinVertices = 64, kMaxVertices = 8192;
}  // namespace

int circleVertexCount(double metres) {
    // The gap of a chord spanning 2π/n is r(1 − cos(π/n)) ≈ r π²/(2n²).
    const double n = std::ceil(M_PI * std::sqrt(metres / (2 * kChordGapMetres)));
    const int count = static_cast<int>(std::clamp(n, double{kMinVertices}, double{kMaxVertices}));
    return (count + 3) / 4 * 4;  // symmetric about both axes
}

double equalAreaVertexRadius(double metres, int vertices) {
    // A regular n-gon of circumradius R has area (n/2) R² sin(2π/n); equal to π r² for this R.
    const double step = 2 * M_PI / vertices;
    return metres * std::sqrt(step / std::sin(step));
}

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
    const int n = circleVertexCount(metres);
    const double radius = equalAreaVertexRadius(metres, n);
    const auto count = static_cast<std::size_t>(n);
    std::vector<double> xs(count + 1), ys(count + 1);
    for (std::size_t k = 0; k < count; ++k) {
        // From east, anticlockwise: azimuths are clockwise from north.
        const double azimuth = 90.0 - 360.0 * static_cast<double>(k) / n;
        geod_direct(&geodesic_, lat, lon, azimuth, radius, &ys[k], &xs[k], nullptr);
    }
    xs[count] = xs[0];
    ys[count] = ys[0];
    if (fromLonLat_ && !fromLonLat_->Transform(n + 1, xs.data(), ys.data()))
        throw CrsError("cannot place the buffer around the point");
    auto ring = std::make_unique<OGRLinearRing>();
    ring->setPoints(n + 1, xs.data(), ys.data());
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return OGRGeometryUniquePtr(polygon.release());
}

}  // namespace redline::analysis::detail
