// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <variant>

#include "gpkg_rows_p.hpp"
#include "redline/util/error.hpp"

namespace redline::report::detail {
namespace {

void bind(SqliteSession& session, sqlite3_stmt* s, int index, const io::FieldValue& value) {
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(s, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(s, index, *d);
    } else if (const auto* t = std::get_if<std::string>(&value)) {
        rc = sqlite3_bind_text(s, index, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
    } else {
        rc = sqlite3_bind_null(s, index);
    }
    if (rc != SQLITE_OK) session.fail(fmt::format("binding value {} of {}", index, sqlite3_sql(s)));
}

}  // namespace

GpkgRowWriter::GpkgRowWriter(const std::filesystem::path& file, const std::vector<GpkgTable>& tables)
    : session_(file), file_(file.string()) {
    session_.exec("BEGIN");
    hasCounts_ =
        session_.single("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'") > 0;
    for (const GpkgTable& table : tables) {
        TableState state;
        state.table = table;
        const std::string t = sqlIdentifier(table.name);
        // Counted once here, while small; finish() adds the rows inserted.
        state.rows = session_.single(fmt::format("SELECT count(*) FROM {}", t));
        std::vector<std::string> columns;
        if (!table.geometryColumn.empty()) {
            columns.push_back(sqlIdentifier(table.geometryColumn));
            Statement srs =
                session_.prepare("SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)");
            sqlite3_bind_text(srs.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(srs.get()) != SQLITE_ROW) session_.fail("finding the SRS of " + table.name);
            state.srsId = sqlite3_column_int(srs.get(), 0);
            // The R-tree is built from the rows inserted here alone.
            if (state.rows != 0) throw OutputError(fmt::format("{}: {} already has rows", file_, table.name));
            state.index = {table.name, table.geometryColumn, table.fidColumn, {}};
            state.extent = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        }
        for (const std::string& f : table.fields) columns.push_back(sqlIdentifier(f));
        std::string names, marks;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            names += (i ? ", " : "") + columns[i];
            marks += i ? ", ?" : "?";
        }
        state.insert = session_.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", t, names, marks));
        // Rows go in several to a statement: SQLite's work per statement (cursors opened and
        // closed, the AUTOINCREMENT counter read and written back) cost as much as the row's.
        const auto variables =
            static_cast<std::size_t>(sqlite3_limit(session_.handle(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
        state.perStatement = std::clamp<std::size_t>(variables / columns.size(), 1, kRowsPerStatement);
        if (state.perStatement > 1) {
            std::string values;
            for (std::size_t r = 0; r < state.perStatement; ++r) values += fmt::format("{}({})", r ? ", " : "", marks);
            state.insertMany = session_.prepare(fmt::format("INSERT INTO {} ({}) VALUES {}", t, names, values));
        }
        if (hasCounts_) {
            // GDAL's triggers would update gpkg_ogr_contents once per row; finish() counts once.
            Statement triggers = session_.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = lower(?1) AND "
                "(name = 'trigger_insert_feature_count_' || ?1 OR name = 'trigger_delete_feature_count_' || ?1)");
            sqlite3_bind_text(triggers.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
            std::vector<std::string> triggerNames;
            while (sqlite3_step(triggers.get()) == SQLITE_ROW) {
                triggerNames.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(triggers.get(), 0)));
                state.countTriggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(triggers.get(), 1)));
            }
            for (const std::string& name : triggerNames) session_.exec("DROP TRIGGER " + sqlIdentifier(name));
        }
        tables_.push_back(std::move(state));
    }
}

void GpkgRowWriter::insert(std::size_t table, std::vector<io::FieldValue> values, GpkgGeometry geometry) {
    TableState& state = tables_[table];
    if (values.size() != state.table.fields.size()) {
        throw std::logic_error(fmt::format("{} values for the {} fields of {}", values.size(),
                                           state.table.fields.size(), state.table.name));
    }
    state.pending.push_back({std::move(values), std::move(geometry)});
    // A table's first row goes in at once: it adds the table's row to sqlite_sequence, whose
    // order would otherwise follow the statements'.
    if (state.pending.size() == state.perStatement || state.rows == 0) flush(state);
}

int GpkgRowWriter::bindRow(TableState& state, sqlite3_stmt* s, int index, const PendingRow& row) {
    if (!state.table.geometryColumn.empty()) {
        const std::vector<unsigned char>& blob = row.geometry.blob;
        const int rc = blob.empty()
                           ? sqlite3_bind_null(s, index)
                           : sqlite3_bind_blob(s, index, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
        if (rc != SQLITE_OK) session_.fail("binding a geometry of " + state.table.name);
        ++index;
    }
    for (const io::FieldValue& v : row.values) bind(session_, s, index++, v);
    return index;
}

void GpkgRowWriter::inserted(TableState& state, std::int64_t fid, const GpkgGeometry& geometry) {
    ++state.rows;
    if (state.table.geometryColumn.empty() || !geometry.indexed) return;
    const geom::Envelope& e = geometry.envelope;
    state.index.entries.push_back(RTreeEntry::enclosing(fid, e.minX, e.minY, e.maxX, e.maxY));
    state.extent = {std::min(state.extent.minX, e.minX), std::min(state.extent.minY, e.minY),
                    std::max(state.extent.maxX, e.maxX), std::max(state.extent.maxY, e.maxY)};
}

void GpkgRowWriter::flush(TableState& state) {
    std::vector<PendingRow>& rows = state.pending;
    if (rows.size() == state.perStatement && state.insertMany) {
        sqlite3_stmt* s = state.insertMany.get();
        int index = 1;
        for (const PendingRow& row : rows) index = bindRow(state, s, index, row);
        session_.step(s);
        // The rows of one statement take consecutive fids (AUTOINCREMENT, nothing in between).
        const std::int64_t first = session_.lastInsertRowid() - static_cast<std::int64_t>(rows.size()) + 1;
        for (std::size_t r = 0; r < rows.size(); ++r)
            inserted(state, first + static_cast<std::int64_t>(r), rows[r].geometry);
    } else {
        for (const PendingRow& row : rows) {
            bindRow(state, state.insert.get(), 1, row);
            session_.step(state.insert.get());
            inserted(state, session_.lastInsertRowid(), row.geometry);
        }
    }
    rows.clear();
}

void GpkgRowWriter::finish() {
    Statement count = hasCounts_ ? session_.prepare(
                                       "UPDATE gpkg_ogr_contents SET feature_count = ?1 WHERE lower(table_name) = "
                                       "lower(?2)")
                                 : Statement();
    Statement extent = session_.prepare(
        "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4, "
        "last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE lower(table_name) = lower(?5)");
    for (TableState& state : tables_) flush(state);
    std::vector<SpatialIndexSpec> indexes;
    for (TableState& state : tables_) {
        const std::string& name = state.table.name;
        if (hasCounts_) {
            sqlite3_bind_int64(count.get(), 1, state.rows);
            sqlite3_bind_text(count.get(), 2, name.c_str(), -1, SQLITE_TRANSIENT);
            session_.step(count.get());
            for (const std::string& sql : state.countTriggers) session_.exec(sql);
        }
        if (state.table.geometryColumn.empty()) continue;
        if (!state.index.entries.empty()) {
            sqlite3_bind_double(extent.get(), 1, state.extent.minX);
            sqlite3_bind_double(extent.get(), 2, state.extent.minY);
            sqlite3_bind_double(extent.get(), 3, state.extent.maxX);
            sqlite3_bind_double(extent.get(), 4, state.extent.maxY);
            sqlite3_bind_text(extent.get(), 5, name.c_str(), -1, SQLITE_TRANSIENT);
            session_.step(extent.get());
        }
        indexes.push_back(std::move(state.index));
    }
    for (TableState& state : tables_) {
        state.insert.reset();
        state.insertMany.reset();
    }
    addSpatialIndexes(session_, std::move(indexes));
    session_.exec("COMMIT");
}

}  // namespace redline::report::detail
