// SPDX-License-Identifier: MIT
// A coordinate reference system, always with the traditional GIS axis order (x = easting or
// longitude, y = northing or latitude), whatever the EPSG axis order says: EPSG:4490 is
// lat,lon and the Gauss-Kruger CRSs are northing-first, but every geometry in Redline is x,y.
//
// Not thread-safe for concurrent use of one instance; copies share the same immutable SRS.
#pragma once

#include <memory>
#include <optional>
#include <string>

class OGRSpatialReference;

namespace redline::crs {

struct Ellipsoid {
    double semiMajor = 6378137.0;
    double inverseFlattening = 298.257222101;  // 0 for a sphere
    std::string name;
};

// Datums that need special care in China.
enum class DatumFamily { Cgcs2000, Wgs84, Xian1980, Beijing1954, NewBeijing, Other };

struct AreaOfUse {
    double west = 0, south = 0, east = 0, north = 0;  // degrees
    std::string name;
};

class Crs {
  public:
    // "EPSG:4490", "4490", WKT (also ESRI WKT), a PROJ string or a CRS name. Throws CrsError.
    static Crs fromUserInput(const std::string& text);
    // Clones `srs` and switches it to the traditional GIS axis order.
    explicit Crs(const OGRSpatialReference& srs);

    [[nodiscard]] const OGRSpatialReference& srs() const { return *srs_; }
    [[nodiscard]] std::string name() const;
    // The EPSG code, from the authority or identified by PROJ with high confidence.
    [[nodiscard]] std::optional<int> epsg() const;
    // "EPSG:4549" when identified, else the name.
    [[nodiscard]] std::string label() const;
    [[nodiscard]] bool isGeographic() const;
    [[nodiscard]] bool isProjected() const;
    // The geographic CRS of this CRS's datum (itself when geographic), as EPSG when identified.
    [[nodiscard]] Crs geographic() const;
    [[nodiscard]] Ellipsoid ellipsoid() const;
    [[nodiscard]] std::string datumName() const;
    [[nodiscard]] DatumFamily datumFamily() const;
    [[nodiscard]] std::optional<AreaOfUse> areaOfUse() const;
    [[nodiscard]] bool isSame(const Crs& other) const;
    [[nodiscard]] bool sameDatum(const Crs& other) const;
    [[nodiscard]] std::string wkt() const;  // WKT2
    // Projection parameters of a transverse Mercator CRS (Gauss-Kruger), if it is one.
    struct TransverseMercator {
        double centralMeridian = 0, falseEasting = 0, falseNorthing = 0, scale = 1;
    };
    [[nodiscard]] std::optional<TransverseMercator> transverseMercator() const;

  private:
    std::shared_ptr<OGRSpatialReference> srs_;
};

[[nodiscard]] const char* datumFamilyName(DatumFamily family);

}  // namespace redline::crs
