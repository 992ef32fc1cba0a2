// SPDX-License-Identifier: MIT
// What a 界址点 (boundary point) list becomes, whichever file it came in (the national TXT
// exchange format, a surveyor's CSV): parcels of points "J1, 圈号, X, Y" (X north, Y east),
// checked to lie in one Gauss–Krüger zone, built into polygons by 圈号 and written to a
// GeoPackage in GDAL's memory file system, which is then opened like any layer.
#pragma once

#include <ogr_geometry.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redline/crs/crs.hpp"

namespace redline::io::detail {

struct BoundaryPoint {
    int ring = 0;  // 圈号
    double east = 0, north = 0;
    int line = 0;      // of the file, for messages
    std::string name;  // J1, J2 …
};

struct BoundaryParcel {
    std::vector<std::string> fields;  // the values of the layer's fields, in their order
    std::string id;                   // for messages ("parcel JZ001")
    std::vector<BoundaryPoint> points;
    int line = 0;  // where the parcel starts
};

// The zone prefix of an easting (40 for 40367847.6), 0 without one.
[[nodiscard]] int zonePrefix(double east);

// Every point's easting must agree with the others (all with the same zone prefix, or none) and,
// when `statedZone` is given, carry that zone's prefix; X and Y must not look swapped. Throws
// InputError naming `file`, the line and the point.
void requireOneZone(const std::vector<BoundaryParcel>& parcels, const std::string& file, std::optional<int> statedZone);

// What to do when the CRS cannot be known from the file.
inline constexpr const char* kStateCrs =
    "state the CRS after the path (\"|crs=EPSG:4528\") or as \"crs\" in the project";

// `stated` (a "|crs=" or the project's "crs"), once the points are found to lie in one zone.
// Throws CrsError naming `file` for a CRS that is not known.
[[nodiscard]] crs::Crs readStatedCrs(const std::vector<BoundaryParcel>& parcels, const std::string& file,
                                     const std::string& stated);

// The parcel's polygon (or multipolygon): a new 圈号 starts a ring, and so does a point after a
// ring has closed on its first point; holes and parts are told apart by containment. Throws
// InputError naming `file` and the line of a ring with fewer than 3 points.
[[nodiscard]] OGRGeometryUniquePtr parcelPolygon(const BoundaryParcel& parcel, const std::string& file);

// The parcels converted, held in memory while the layer is open.
class BoundaryParcels {
  public:
    // Called with each parcel and its polygon: to compare it with what the file states of it.
    using Check = std::function<void(const BoundaryParcel&, const OGRGeometry&)>;
    // Writes one multipolygon feature per parcel, with string fields `fieldNames`, in `crs`, to a
    // GeoPackage whose layer is named after `file`'s stem. `shown` names the file in messages;
    // `encoding` is the one the file was read in.
    static std::unique_ptr<BoundaryParcels> write(const std::string& file, const std::string& shown,
                                                  const crs::Crs& crs, const std::vector<std::string>& fieldNames,
                                                  const std::vector<BoundaryParcel>& parcels,
                                                  const std::string& encoding, const Check& check = {});
    ~BoundaryParcels();
    BoundaryParcels(const BoundaryParcels&) = delete;
    BoundaryParcels& operator=(const BoundaryParcels&) = delete;

    [[nodiscard]] const std::string& path() const { return path_; }  // the GeoPackage to open
    [[nodiscard]] const std::string& encoding() const { return encoding_; }
    // What the reading noticed but did not refuse; each names the line (the reader of the layer
    // names the file).
    [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }
    void setWarnings(std::vector<std::string> warnings) { warnings_ = std::move(warnings); }

  private:
    BoundaryParcels() = default;
    std::string path_, encoding_;
    std::vector<std::string> warnings_;
};

}  // namespace redline::io::detail
