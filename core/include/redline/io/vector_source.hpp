// SPDX-License-Identifier: MIT
// One opened OGR vector layer with what Redline needs to know about it: label for messages,
// encoding, CRS, fields. Owns its dataset. Not thread-safe (OGR layers are not).
//   auto src = io::VectorSource::open(io::SourceSpec::parse("zones.gpkg|basins"));
//   int basinField = src.requireField("basin", "zone field", "$.zones[0].field");
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/field_value.hpp"
#include "redline/io/source_spec.hpp"

namespace redline::io {

// Removes the temporary copies of zipped sources still open, for a process that ends without
// running destructors (std::_Exit); sources opened afterwards are not affected.
void removeExtractedZips();

class VectorSource {
  public:
    // Throws InputError naming the file (missing, unreadable, no such layer, several layers
    // and none chosen) or CrsError (an unknown CRS override).
    static VectorSource open(const SourceSpec& spec);
    // Names of the layers of a source (for `redline info` and messages).
    [[nodiscard]] static std::vector<std::string> layerNames(const std::string& path);
    // Names of the layers with a geometry column (what a map can draw), from the same single
    // opening of the source; a database's other tables are not opened one by one.
    [[nodiscard]] static std::vector<std::string> spatialLayerNames(const std::string& path);

    [[nodiscard]] OGRLayer& layer() const { return *layer_; }
    [[nodiscard]] const SourceSpec& spec() const { return spec_; }
    // "sites.shp", "zones.gpkg|basins", or "PG:dbname=gis|redlines" (no password)
    [[nodiscard]] std::string label() const;
    [[nodiscard]] std::string layerName() const;
    // The GDAL driver ("ESRI Shapefile", "GPKG", "PostgreSQL"), or "界址点 TXT" / "界址点 CSV".
    [[nodiscard]] std::string driverName() const;
    [[nodiscard]] const EncodingInfo& encoding() const { return encoding_; }
    // The override given by the user, else the CRS stored with the data; nullopt when neither.
    [[nodiscard]] const std::optional<crs::Crs>& crs() const { return crs_; }
    [[nodiscard]] bool crsFromOverride() const { return !spec_.crs.empty(); }
    // Why crs() is empty, for a message: "no .prj or CRS metadata", or that a .prj is unreadable.
    [[nodiscard]] std::string whyNoCrs() const;
    // False for an attribute table (a GeoPackage table or CSV without a geometry column).
    [[nodiscard]] bool hasGeometryColumn() const;
    [[nodiscard]] std::vector<FieldDef> fields() const;
    // Index of field `name`; throws InputError listing the fields when absent.
    [[nodiscard]] int requireField(const std::string& name, const std::string& role, const std::string& jsonPath) const;
    [[nodiscard]] std::optional<geom::Envelope> extent() const;
    // Features reading will hand out (a shapefile's records marked deleted are not counted).
    [[nodiscard]] std::int64_t featureCount() const;
    // "1 record marked deleted in the .dbf left out, …", or empty when there are none.
    [[nodiscard]] std::string deletedRecordsNote() const;
    // What reading the source noticed without refusing it (a 界址点 TXT's 面积 or 点数 that its
    // points contradict, a 界址点 CSV's CRS taken from its zone prefix), each naming its line; to
    // be warned of like the note above.
    [[nodiscard]] const std::vector<std::string>& readingWarnings() const { return readingWarnings_; }

    // The value of field `index` of `f` (UTF-8).
    [[nodiscard]] static FieldValue value(const OGRFeature& f, int index);
    // Field `index` of `f` as an id, category or zone value: white space (ASCII and the
    // ideographic U+3000) trimmed, whole numbers without decimals whatever the field's width
    // ("1", not the shapefile Double's "1.00000000000"), bytes that are not UTF-8 replaced by
    // U+FFFD. Empty when the field is null.
    [[nodiscard]] static std::string keyText(const OGRFeature& f, int index);

  private:
    VectorSource() = default;
    SourceSpec spec_;
    // A UTF-8 copy GDAL reads instead of a GBK CSV; declared before the dataset, which must close
    // first.
    std::shared_ptr<const void> utf8Copy_;
    std::shared_ptr<const void> extractedZip_;  // a zipped source's extracted member, kept while open
    std::shared_ptr<const void> converted_;     // a 界址点 TXT or CSV read into a GeoPackage in memory
    std::string convertedFormat_;               // "界址点 TXT" / "界址点 CSV" for such a source
    // Opens `file` (the source itself, or its member extracted from a zip) into `src`;
    // `layerNamesFile` when the spec's layer chose that member of a zip by its name.
    static void openAt(VectorSource& src, const std::string& file, bool layerNamesFile = false);
    // Opens a database or service connection string (PG:…) into `src`: a table must be named
    // when there are several, and text is UTF-8.
    static void openDatabase(VectorSource& src);
    // The CRS: the user's override, else the layer's own (not GeoPackage's "Undefined" SRS).
    void adoptCrs();
    GDALDatasetUniquePtr dataset_;
    OGRLayer* layer_ = nullptr;
    EncodingInfo encoding_;
    std::optional<crs::Crs> crs_;
    std::uint64_t deletedRecords_ = 0;  // a shapefile's records marked deleted in its .dbf
    std::vector<std::string> readingWarnings_;
};

// `text` without leading and trailing white space (ASCII and the ideographic U+3000), as ids,
// categories and zone values are read; also for a category given in a project or on the command line.
[[nodiscard]] std::string trimmedKey(std::string_view text);

}  // namespace redline::io
