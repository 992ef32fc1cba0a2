// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>

#include "redline/util/error.hpp"
#include "sqlite_session_p.hpp"

namespace redline::report::detail {

std::string sqlIdentifier(const std::string& identifier) {
    std::string out = "\"";
    for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

SqliteSession::SqliteSession(const std::filesystem::path& file) : file_(file.string()) {
    sqlite3* db = nullptr;
    // One thread at a time uses the connection (the writing stage is serial), so SQLite's lock
    // around every call is not needed: taking and releasing it was a fifth of the inserts' time.
    const int rc = sqlite3_open_v2(file_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(db);
    if (rc != SQLITE_OK) fail("opening it");
    // The file is written inside a staging directory that is renamed into place only when the
    // run completes and removed when it fails: a crash never leaves a half-written file in view,
    // so SQLite's flush to disk at each commit (the run's only fsync; result.json and
    // subjects.csv have none) and its journal file buy nothing. The journal stays in memory so a
    // failed statement still rolls back.
    exec("PRAGMA synchronous = OFF");
    exec("PRAGMA journal_mode = MEMORY");
}

void SqliteSession::exec(const std::string& sql) {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
}

Statement SqliteSession::prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK) fail(sql);
    return Statement(s);
}

void SqliteSession::step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail(sqlite3_sql(s));
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

std::int64_t SqliteSession::single(const std::string& sql) {
    Statement s = prepare(sql);
    if (sqlite3_step(s.get()) != SQLITE_ROW) fail(sql);
    return sqlite3_column_int64(s.get(), 0);
}

void SqliteSession::fail(const std::string& what) const {
    // The reason first ("database or disk is full"), and of the statement only its start: an INSERT
    // names every column of the subjects table.
    std::size_t cut = std::min<std::size_t>(what.size(), 60);
    while (cut < what.size() && cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    const std::string statement = cut < what.size() ? what.substr(0, cut) + "…" : what;
    throw OutputError(fmt::format("{}: cannot write: {} (SQLite, in {})", file_,
                                  db_ ? sqlite3_errmsg(db_.get()) : "no database", statement));
}

}  // namespace redline::report::detail
