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

bool isUri(std::string_view s) { return s.find("://") != std::string_view::npos && s.find("://") < s.find(' '); }

// The value of `key=` in a libpq-style "key=value key='quoted value'" string, with the span it takes.
struct KeyValue {
    std::size_t valueBegin = 0, valueEnd = 0;
    std::string value;
};

bool isSeparator(char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; }

// Keys are matched without regard to case: ODBC and MSSQL strings write PWD or Pwd.
std::optional<KeyValue> findKey(std::string_view s, std::string_view key) {
    for (std::size_t at = 0; at + key.size() <= s.size(); ++at) {
        if (!startsWithNoCase(s.substr(at), key)) continue;
        const bool startOfWord = at == 0 || isSeparator(s[at - 1]) || s[at - 1] == ':';
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
            while (e < s.size() && !isSeparator(s[e])) ++e;
            kv.value = std::string(s.substr(v, e - v));
            kv.valueEnd = e;
        }
        return kv;
    }
    return std::nullopt;
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
    if (isUri(out)) {
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
    for (std::string_view key : {"password", "pwd"}) {
        for (std::size_t from = 0;;) {
            const auto kv = findKey(std::string_view(out).substr(from), key);
            if (!kv) break;
            out.replace(from + kv->valueBegin, kv->valueEnd - kv->valueBegin, "***");
            from += kv->valueBegin + 3;
        }
    }
    return out;
}

std::string connectionLabel(std::string_view connection) {
    const std::string redacted = redactedConnection(connection);
    if (isUri(redacted)) return redacted;
    const std::size_t colon = redacted.find(':');
    const std::string prefix = redacted.substr(0, colon + 1);
    const std::string_view rest = std::string_view(redacted).substr(colon + 1);
    for (std::string_view key : {"dbname", "database"}) {
        if (auto kv = findKey(rest, key)) return prefix + std::string(key) + "=" + kv->value;
    }
    return redacted;
}

}  // namespace redline::io
