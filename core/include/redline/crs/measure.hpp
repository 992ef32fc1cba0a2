// SPDX-License-Identifier: MIT
// Ellipsoidal areas and distances of geometries given in the analysis CRS.
//
// Areas are geodesic polygon areas (GeographicLib's definition, the one PostGIS uses for
// ST_Area(geography): every edge a geodesic) on the analysis CRS's ellipsoid, in m²; see
// GeodesicRingArea for how short edges are measured. A projected
// analysis CRS is first inverse-projected vertex by vertex. Distances are geodesic, in m.
//
// Thread-safe: one Measure may be used from any number of threads at once.
//   crs::Measure measure(analysisCrs);
//   double m2 = measure.area(polygon);
#pragma once

#include <geodesic.h>
#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/crs/geodesic_ring_area.hpp"
#include "redline/crs/short_geodesic.hpp"
#include "redline/geom/geometry.hpp"

namespace redline::crs {

class Measure {
  public:
    explicit Measure(const Crs& analysisCrs);
    ~Measure();
    Measure(const Measure&) = delete;
    Measure& operator=(const Measure&) = delete;

    // Area in m² of a Polygon/MultiPolygon/collection (outer rings minus holes); 0 for
    // non-areal or empty geometries.
    [[nodiscard]] double area(const GEOSGeometry* g) const;
    // Absolute area in m² of one closed ring of lon/lat degrees, interleaved x,y.
    [[nodiscard]] double ringAreaLonLat(std::span<const double> lonLat) const;
    // Absolute area in m² of one closed ring in the analysis CRS, interleaved x,y (consumed).
    [[nodiscard]] double ringArea(std::vector<double> xy) const;
    // Area in m² of the cell between two meridians and two parallels (degrees, on this CRS's
    // ellipsoid): a geographic raster's pixel. Closed form, exact.
    [[nodiscard]] double graticuleCellArea(double lon0, double lat0, double lon1, double lat1) const;
    // Adds vertices to a closed ring (analysis CRS, x,y interleaved) so that no edge is longer
    // than `maxMetres`: along the geodesic for a geographic CRS (so the ring's shape is the one
    // its geodesic area describes), along the straight line for a projected one.
    void densifyRing(std::vector<double>& xy, double maxMetres) const;
    // Geodesic distance in m between two points in the analysis CRS (up to 20 km from the chord
    // through the ellipsoid, see ShortGeodesic; longer by PROJ's geod_inverse).
    [[nodiscard]] double distance(double x1, double y1, double x2, double y2) const;
    // The point `fraction` (0–1) of the way along the edge from (x1, y1) to (x2, y2), the edge as
    // the overlay takes it: straight in the analysis CRS (in lon/lat too), so that a distance is
    // measured to the same boundary that decides whether a subject overlaps.
    void alongEdge(double x1, double y1, double x2, double y2, double fraction, double& x, double& y) const;

    // For a projected CRS, the fewest metres one unit of the CRS spans anywhere in the CRS's area
    // of use and in the boxes given to coverLonLat (with a margin): what a search that prunes by
    // CRS distances may take a unit for. 0.98 when neither is known; 1 for a geographic CRS (not a
    // length unit). Computed on first use (a few milliseconds).
    [[nodiscard]] double leastMetresPerUnit() const;
    // Data lie in this lon/lat box: leastMetresPerUnit() must hold there too, in or out of the
    // CRS's area of use (a PROJ string has none; Mercator stretches 1.19× at 33°N). Call before
    // the measure is shared between threads.
    void coverLonLat(const geom::Envelope& lonLat);
    [[nodiscard]] bool geographic() const { return geographic_; }
    [[nodiscard]] const Ellipsoid& ellipsoid() const { return ellipsoid_; }
    // The ellipsoid's first eccentricity squared (0 for a sphere).
    [[nodiscard]] double eccentricitySquared() const { return geodesic_.e2; }

  private:
    void toLonLat(std::vector<double>& xy) const;
    double areaOf(const GEOSGeometry* g) const;

    Crs crs_;
    Ellipsoid ellipsoid_;
    geod_geodesic geodesic_{};
    GeodesicRingArea ringArea_;  // reads geodesic_: declared after it
    ShortGeodesic shortGeodesic_;
    bool geographic_;
    std::optional<geom::Envelope> dataLonLat_;  // the union of the boxes given to coverLonLat
    mutable std::once_flag leastMetresPerUnitOnce_;
    mutable double leastMetresPerUnit_ = 1.0;
    std::uint64_t instanceId_;
};

}  // namespace redline::crs
