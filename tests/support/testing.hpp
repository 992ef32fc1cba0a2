// SPDX-License-Identifier: MIT
// Test fixtures: temporary directories, small layers written with GDAL, analytic shapes.
#pragma once

#include <geos_c.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace redline::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

struct Field {
    std::string name;
    char type = 'S';  // 'S' text, 'I' integer, 'R' real
};

struct TestFeature {
    std::string wkt;
    std::vector<std::string> values;  // one per field, as text
};

struct LayerOptions {
    std::string driver = "GPKG";
    std::string layer = "layer";
    std::string crs = "EPSG:4490";             // empty: no CRS
    std::vector<std::string> creationOptions;  // e.g. "ENCODING=CP936" for shapefiles
    bool append = false;                       // add a layer to an existing dataset
    bool attributesOnly = false;               // a table without a geometry column
};

// A shapefile without a .prj, as planners are often sent them.
inline LayerOptions shapefileWithoutCrs(const std::string& layer) {
    LayerOptions options;
    options.driver = "ESRI Shapefile";
    options.layer = layer;
    options.crs = "";
    return options;
}

// Writes a layer with GDAL; throws std::runtime_error on failure.
void writeLayer(const std::string& path, const std::vector<Field>& fields, const std::vector<TestFeature>& features,
                const LayerOptions& options = {});

// WKT of an axis-aligned square [x0, x0+size] × [y0, y0+size] with vertices every `step`
// along its edges, so its edges stay straight lines of its CRS after reprojection.
std::string denseSquare(double x0, double y0, double size, double step = 10.0);
// WKT of a densified rectangle (optionally with a rectangular hole).
std::string denseRectangle(double minX, double minY, double maxX, double maxY, double step = 10.0);
std::string denseRectangleWithHole(double minX, double minY, double maxX, double maxY, double hMinX, double hMinY,
                                   double hMaxX, double hMaxY, double step = 10.0);

std::string sampleData(const std::string& name);

// GRS 80 (CGCS2000's ellipsoid).
inline constexpr double kGrs80A = 6378137.0;
inline constexpr double kGrs80InvF = 298.257222101;
// Area on the GRS 80 ellipsoid of the cell between two meridians and two parallels (degrees):
// dλ · b² · [sinφ / (2(1 − e² sin²φ)) + ln((1 + e sinφ)/(1 − e sinφ)) / (4e)] from φ1 to φ2.
double ellipsoidalCellArea(double lon1, double lat1, double lon2, double lat2);
// WKT ring "(x y, ...)" of a lon/lat cell with `perEdge` vertices along each parallel, so its
// geodesic edges follow the parallels.
std::string denseCell(double lon1, double lat1, double lon2, double lat2, int perEdge, bool clockwise = false);

// Planar (Cartesian) area of a GEOS geometry, for shapes whose area is known on paper.
double planarArea(const GEOSGeometry* g);

}  // namespace redline::testing
