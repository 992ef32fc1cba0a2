// SPDX-License-Identifier: MIT
// The GeoPackage spatial index (extension gpkg_rtree_index) of a table, bulk-loaded.
//
// GDAL 3.6 fills a layer's R-tree when the file closes, one SQLite R-tree insert per feature
// (~7 µs each, node splits included): a serial tail of 0.35–0.45 s at benchmark scale M, a tenth
// of the run. Writers instead collect each feature's envelope and, once GDAL has closed the
// file, this packs them sort-tile-recursive into full nodes and writes SQLite's R-tree shadow
// tables directly (the node format of SQLite's rtree.c), with the six triggers GDAL creates, so
// the file is the same GeoPackage GDAL would write and later edits keep the index current.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace redline::report::detail {

class SqliteSession;

// A box as SQLite's R-tree keeps it: float coordinates, rounded outwards so it always holds its
// feature.
struct RTreeBox {
    float minX = 0, maxX = 0, minY = 0, maxY = 0;
};

// One feature of the index. Writers hold one per feature written until the file is closed:
// 24 bytes each, the only part of a check's memory that grows with the subject count.
struct RTreeEntry {
    std::int64_t id = 0;  // the feature's fid (in a node above the leaves: a child's index)
    RTreeBox box;

    [[nodiscard]] static RTreeEntry enclosing(std::int64_t id, double minX, double minY, double maxX, double maxY);
};

struct SpatialIndexSpec {
    std::string table, geometryColumn, fidColumn;
    std::vector<RTreeEntry> entries;
};

// Adds the spatial index of each table to the closed GeoPackage `file`, in one transaction.
// Throws OutputError naming the file on any SQLite failure.
void addSpatialIndexes(const std::filesystem::path& file, std::vector<SpatialIndexSpec> indexes);
// The same, inside the caller's session and transaction.
void addSpatialIndexes(SqliteSession& session, std::vector<SpatialIndexSpec> indexes);

}  // namespace redline::report::detail
