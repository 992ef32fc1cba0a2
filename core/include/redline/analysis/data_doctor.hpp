// SPDX-License-Identifier: MIT
// The data doctor behind `redline validate`: what is wrong with a layer before analysis —
// invalid geometries with reason and location, CRS identification, encoding, Gauss-Kruger
// zone-prefix and swapped-axis mistakes, ids used twice, overlaps between features, counts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "redline/crs/coordinate_check.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/source_spec.hpp"
#include "redline/util/feedback.hpp"

namespace redline::analysis {

struct DoctorOptions {
    std::string idField;        // to name features; FID otherwise
    std::string categoryField;  // to tell same-category overlaps from others
    bool checkOverlaps = true;
    std::size_t maxListed = 50;  // list at most this many invalid features / overlaps
};

struct InvalidFeature {
    std::int64_t fid = -1;
    std::string id;
    std::string reason;
    std::optional<double> x, y;  // in the layer's CRS
};

// A feature GDAL handed out but failed to read (a broken geometry blob, a truncated .shp):
// `check` refuses the file, so the doctor lists them.
struct DamagedFeature {
    std::int64_t fid = -1;
    std::string id;
    std::string reason;
};

// An id (--id-field) that more than one feature carries: results keyed by id become ambiguous.
struct DuplicateId {
    std::string id;
    std::vector<std::int64_t> fids;  // every feature with it, in reading order
};

// A feature named by its FID and id (the --id-field value, else the FID).
struct FeatureRef {
    std::int64_t fid = -1;
    std::string id;
};

struct FeatureOverlap {
    std::int64_t fidA = -1, fidB = -1;
    std::string idA, idB;
    std::string categoryA, categoryB;
    double areaM2 = 0;
};

struct DoctorReport {
    std::string path, layer, driver;
    std::int64_t features = 0;
    std::map<std::string, std::int64_t> geometryTypes;
    std::int64_t nullGeometries = 0;
    bool geometryColumn = true;  // false: an attribute table, nothing to check against
    std::int64_t measuredOr3d = 0;
    io::EncodingInfo encoding;
    std::optional<std::string> crsName;
    std::optional<int> epsg;
    std::optional<std::string> datum;
    crs::CoordinateDiagnosis coordinates;
    std::int64_t farFeatures = 0;  // features far outside the CRS's area of use (a warning names them)
    std::optional<geom::Envelope> extent;
    std::optional<geom::Envelope> extentLonLat;
    std::int64_t damagedCount = 0;
    std::vector<DamagedFeature> damaged;
    // A reading error no feature can be blamed for (GeoJSON parses the whole file at once).
    std::optional<std::string> readError;
    std::int64_t invalidCount = 0;
    std::vector<InvalidFeature> invalid;
    bool idsChecked = false;            // an id field was given
    std::int64_t duplicateIdCount = 0;  // ids carried by more than one feature
    std::vector<DuplicateId> duplicateIds;
    bool categoriesChecked = false;             // a category field was given
    std::int64_t missingCategoryCount = 0;      // features whose category is empty: check skips them
    std::vector<FeatureRef> missingCategories;  // the first of them
    bool overlapsChecked = false;
    std::int64_t overlapCount = 0;
    double overlapAreaM2 = 0;
    std::vector<FeatureOverlap> overlaps;
    std::vector<std::string> warnings;
    // Whether any feature has a geometry (an empty layer, or one of null geometries, has nothing
    // to check).
    [[nodiscard]] bool anyGeometry() const { return !geometryTypes.empty(); }
    // Problems that make the layer unusable as it stands (no geometry, missing CRS, misplaced
    // coordinates, a damaged file).
    [[nodiscard]] bool blocking() const {
        return !geometryColumn || !anyGeometry() || !crsName || !coordinates.ok() || damagedCount > 0 ||
               readError.has_value();
    }
};

// Throws InputError when the source cannot be opened or read.
[[nodiscard]] DoctorReport examine(const io::SourceSpec& source, const DoctorOptions& options, Feedback& feedback);

}  // namespace redline::analysis
