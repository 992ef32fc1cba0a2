// SPDX-License-Identifier: MIT
// A SQLite connection to a file GDAL has written and closed, for the steps Redline does faster
// than OGR (GeoPackage rows and R-trees). Every failure throws OutputError naming the file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace redline::report::detail {

struct StatementFinalizer {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// `"name"` with inner quotes doubled.
[[nodiscard]] std::string sqlIdentifier(const std::string& identifier);

class SqliteSession {
  public:
    explicit SqliteSession(const std::filesystem::path& file);

    void exec(const std::string& sql);
    [[nodiscard]] Statement prepare(const std::string& sql);
    // Runs a statement with its bound values, then resets it for the next ones.
    void step(sqlite3_stmt* s);
    // The first column of the first row of `sql`.
    [[nodiscard]] std::int64_t single(const std::string& sql);
    [[nodiscard]] std::int64_t lastInsertRowid() const { return sqlite3_last_insert_rowid(db_.get()); }
    [[nodiscard]] sqlite3* handle() const { return db_.get(); }

    [[noreturn]] void fail(const std::string& what) const;

  private:
    struct DatabaseCloser {
        void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
    };
    std::string file_;
    std::unique_ptr<sqlite3, DatabaseCloser> db_;
};

}  // namespace redline::report::detail
