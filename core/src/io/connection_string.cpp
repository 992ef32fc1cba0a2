// SPDX-License-Identifier: MIT
#include "redline/io/connection_string.hpp"

#include <array>
#include <cctype>
#include <optional>

namespace redline::io {
namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

constexpr std::array<std::string_view, 10> kPrefixes{
    "PG:", "postgresql://", "postgres://", "MySQL:", "MSSQL:", "OCI:", "ODBC:", "WFS:", "OAPIF:", "MONGODBV3:"};

bool isUri(std::string_view s) {
    const std::size_t scheme = s.find("://");
    return scheme != std::string_view::npos && s.find_first_of(" \t\n\r\f\v") > scheme;
}

// How a driver's "key=value" pairs are separated: libpq (PG:) by white space only, a value
// otherwise running on through commas and semicolons; MySQL by commas; MSSQL and ODBC by
// semicolons, their values holding spaces ("Server=my server").
enum class Separators { WhiteSpace, Commas, Semicolons };

Separators separatorsOf(std::string_view connection) {
    if (startsWithNoCase(connection, "MySQL:")) return Separators::Commas;
    if (startsWithNoCase(connection, "MSSQL:") || startsWithNoCase(connection, "ODBC:")) return Separators::Semicolons;
    return Separators::WhiteSpace;
}

bool isSeparator(char c, Separators style) {
    switch (style) {
        case Separators::Commas:
            return c == ',' || std::isspace(static_cast<unsigned char>(c)) != 0;
        case Separators::Semicolons:
            return c == ';';
        case Separators::WhiteSpace:
            break;
    }
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The value of `key=` in a "key=value key='quoted value'" string, with the span it takes.
struct KeyValue {
    std::size_t valueBegin = 0, valueEnd = 0;
    std::string value;
};

// Keys are matched without regard to case: ODBC and MSSQL strings write PWD or Pwd.
std::optional<KeyValue> findKey(std::string_view s, std::string_view key, Separators style) {
    for (std::size_t at = 0; at + key.size() <= s.size(); ++at) {
        if (!startsWithNoCase(s.substr(at), key)) continue;
        const bool startOfWord = at == 0 || isSeparator(s[at - 1], style) || s[at - 1] == ':' ||
                                 std::isspace(static_cast<unsigned char>(s[at - 1])) != 0;
        std::size_t eq = at + key.size();
        while (eq < s.size() && s[eq] == ' ') ++eq;
        if (!startOfWord || eq >= s.size() || s[eq] != '=') continue;
        std::size_t v = eq + 1;
        while (v < s.size() && s[v] == ' ') ++v;
        KeyValue kv;
        kv.valueBegin = v;
        if (v < s.size() && s[v] == '\'') {
            std::size_t e = v + 1;
            for (; e < s.size() && s[e] != '\''; ++e) {
                if (s[e] == '\\' && e + 1 < s.size()) ++e;
                kv.value += s[e];
            }
            kv.valueEnd = e < s.size() ? e + 1 : e;
        } else {
            std::size_t e = v;
            while (e < s.size() && !isSeparator(s[e], style)) ++e;
            kv.value = std::string(s.substr(v, e - v));
            kv.valueEnd = e;
        }
        return kv;
    }
    return std::nullopt;
}

std::string redactedUri(std::string out) {
    // scheme://user:password@host/db
    const std::size_t authority = out.find("://") + 3;
    const std::size_t at = out.find('@', authority);
    const std::size_t slash = out.find('/', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
        const std::size_t colon = out.find(':', authority);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    // ?password=… in the query
    for (std::size_t q = out.find("password="); q != std::string::npos; q = out.find("password=", q + 1)) {
        const std::size_t begin = q + 9;
        std::size_t end = out.find('&', begin);
        if (end == std::string::npos) end = out.size();
        out.replace(begin, end - begin, "***");
    }
    return out;
}

// "OCI:user/password@db" and "ODBC:user/password@dsn": the part between the first '/' and '@'.
void redactSlashForm(std::string& out) {
    if (!startsWithNoCase(out, "OCI:") && !startsWithNoCase(out, "ODBC:")) return;
    const std::size_t colon = out.find(':');
    const std::size_t at = out.find('@', colon);
    const std::size_t slash = out.find('/', colon);
    if (slash != std::string::npos && at != std::string::npos && slash < at && out.find('=', colon) > at)
        out.replace(slash + 1, at - slash - 1, "***");
}

}  // namespace

bool isConnectionString(std::string_view path) {
    for (std::string_view p : kPrefixes) {
        if (startsWithNoCase(path, p)) return true;
    }
    return false;
}

std::string redactedConnection(std::string_view connection) {
    std::string out(connection);
    if (isUri(out)) return redactedUri(std::move(out));
    redactSlashForm(out);
    const Separators style = separatorsOf(out);
    for (std::string_view key : {"password", "pwd"}) {
        for (std::size_t from = 0;;) {
            const auto kv = findKey(std::string_view(out).substr(from), key, style);
            if (!kv) break;
            out.replace(from + kv->valueBegin, kv->valueEnd - kv->valueBegin, "***");
            from += kv->valueBegin + 3;
        }
    }
    return out;
}

std::string connectionLabel(std::string_view connection) {
    const std::string redacted = redactedConnection(connection);
    if (isUri(redacted)) {
        // postgresql://user@host:5432/gis?sslmode=… → PG:dbname=gis
        const std::size_t authority = redacted.find("://") + 3;
        const std::size_t slash = redacted.find('/', authority);
        const std::size_t query = redacted.find('?', authority);
        std::string db =
            slash == std::string::npos
                ? ""
                : redacted.substr(slash + 1, query == std::string::npos ? std::string::npos : query - slash - 1);
        if (db.empty() && query != std::string::npos) {
            const std::size_t key = redacted.find("dbname=", query);
            if (key != std::string::npos) db = redacted.substr(key + 7, redacted.find('&', key) - key - 7);
        }
        const bool postgres = startsWithNoCase(redacted, "postgres");
        if (postgres && !db.empty()) return "PG:dbname=" + db;
        return redacted;
    }
    const std::size_t colon = redacted.find(':');
    const std::string prefix = redacted.substr(0, colon + 1);
    const std::string_view rest = std::string_view(redacted).substr(colon + 1);
    for (std::string_view key : {"dbname", "database"}) {
        if (auto kv = findKey(rest, key, separatorsOf(redacted))) return prefix + std::string(key) + "=" + kv->value;
    }
    return redacted;
}

}  // namespace redline::io
