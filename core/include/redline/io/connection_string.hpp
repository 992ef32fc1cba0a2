// SPDX-License-Identifier: MIT
// A layer source that is a database or service rather than a file: a GDAL connection string such as
// `PG:dbname=gis host=db.example user=planner` or `postgresql://planner@db/gis`. Such a source has no
// folder to resolve against, no sibling files and no encoding of its own, and its text may hold a
// password that must never reach a message, result.json or a report.
#pragma once

#include <string>
#include <string_view>

namespace redline::io {

// Whether `path` is a GDAL connection string for a database or web service driver (PG:, postgresql://,
// MySQL:, MSSQL:, OCI:, ODBC:, WFS:, OAPIF:), not a file path.
[[nodiscard]] bool isConnectionString(std::string_view path);

// `connection` with any password replaced by "***": `password=…` (quoted or not) and the
// `user:password@` of a URI.
[[nodiscard]] std::string redactedConnection(std::string_view connection);

// A short name for messages: the driver prefix and the database ("PG:dbname=gis"), or the whole
// redacted string when no database is named.
[[nodiscard]] std::string connectionLabel(std::string_view connection);

}  // namespace redline::io
