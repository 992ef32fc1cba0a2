// SPDX-License-Identifier: MIT
// Rows appended through SQLite to tables GDAL created in a GeoPackage and then closed.
//
// Through OGR every row became an OGRFeature (its fields, a geometry converted from GEOS) that
// the GPKG driver serialised and inserted on the one thread SQLite allows: a third of the
// benchmark's serial writing at scale M. Here rows are encoded (GeoPackage geometry blobs) on
// any thread and only bound and stepped on the writing one. The file stays the one GDAL writes:
// finish() brings the feature counts (gpkg_ogr_contents, whose triggers are dropped while rows
// go in, as GDAL does), the extents (gpkg_contents) and the spatial index (gpkg_rtree_p.hpp) up
// to date and commits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "gpkg_geometry_p.hpp"
#include "gpkg_rtree_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/field_value.hpp"
#include "sqlite_session_p.hpp"

namespace redline::report::detail {

struct GpkgTable {
    std::string name, fidColumn;
    std::string geometryColumn;       // empty for an attribute table
    std::vector<std::string> fields;  // the columns rows give values for, in order
};

class GpkgRowWriter {
  public:
    // Opens `file` and begins the transaction finish() commits. The spatial tables must still
    // be empty and without a spatial index (created with SPATIAL_INDEX=NO).
    GpkgRowWriter(const std::filesystem::path& file, const std::vector<GpkgTable>& tables);

    [[nodiscard]] std::int32_t srsId(std::size_t table) const { return tables_[table].srsId; }
    // Appends a row to tables[table]: one value per field, and the geometry of a spatial table.
    // Rows are held until a statement's worth has come (or finish()), so an error may surface
    // at a later call.
    // Taken by value: the writer moves its rows in, a caller that keeps them copies.
    void insert(std::size_t table, std::vector<io::FieldValue> values, GpkgGeometry geometry = {});
    // Counts, extents, spatial indexes; then commits. Throws OutputError naming the file.
    void finish();

  private:
    static constexpr std::size_t kRowsPerStatement = 16;
    struct PendingRow {
        std::vector<io::FieldValue> values;
        GpkgGeometry geometry;
    };
    struct TableState {
        GpkgTable table;
        Statement insert;      // one row
        Statement insertMany;  // perStatement rows, when more than one
        std::size_t perStatement = 1;
        std::vector<PendingRow> pending;
        std::int32_t srsId = 0;
        std::vector<std::string> countTriggers;  // SQL of the feature-count triggers, re-created at finish
        std::int64_t rows = 0;                   // in the table: found at the start, then inserted
        SpatialIndexSpec index;
        geom::Envelope extent;
    };
    // Binds a row's values from parameter `index` on; returns the index after them.
    int bindRow(TableState& state, sqlite3_stmt* s, int index, const PendingRow& row);
    void inserted(TableState& state, std::int64_t fid, const GpkgGeometry& geometry);
    // Inserts the pending rows: a full statement's worth at once, fewer one by one.
    void flush(TableState& state);

    SqliteSession session_;
    std::string file_;        // for messages
    bool hasCounts_ = false;  // the file has GDAL's gpkg_ogr_contents
    std::vector<TableState> tables_;
};

}  // namespace redline::report::detail
