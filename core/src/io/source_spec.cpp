// SPDX-License-Identifier: MIT
#include "redline/io/source_spec.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <vector>

#include "redline/io/connection_string.hpp"
#include "redline/util/error.hpp"

namespace redline::io {

namespace {

// The parts between '|'. In a database connection string a '|' inside a quoted value
// (password='a|b') is the value's, as libpq reads it.
std::vector<std::string> splitParts(const std::string& text) {
    std::vector<std::string> parts(1);
    bool quoted = false;
    const bool connection = isConnectionString(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (connection && c == '\\' && quoted && i + 1 < text.size()) {
            parts.back() += c;
            parts.back() += text[++i];
            continue;
        }
        if (connection && c == '\'') quoted = !quoted;
        if (c == '|' && !quoted) {
            parts.emplace_back();
        } else {
            parts.back() += c;
        }
    }
    return parts;
}

}  // namespace

SourceSpec SourceSpec::parse(const std::string& text) {
    SourceSpec spec;
    // A message shows no password.
    const std::string shown = isConnectionString(text) ? redactedConnection(text) : text;
    const std::vector<std::string> parts = splitParts(text);
    spec.path = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string& part = parts[i];
        const std::size_t eq = part.find('=');
        if (eq == std::string::npos) {
            spec.layer = part;
            continue;
        }
        const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
        if (key == "layername" || key == "layer") {
            spec.layer = value;
        } else if (key == "encoding") {
            spec.encoding = value;
        } else if (key == "crs") {
            spec.crs = value;
        } else {
            throw InputError(
                fmt::format("\"{}\": unknown source option \"{}\" (known: layername, encoding, crs)", shown, key));
        }
    }
    if (spec.path.empty()) throw InputError(fmt::format("\"{}\": no file path given", shown));
    return spec;
}

std::string SourceSpec::label() const {
    if (isConnectionString(path)) return connectionLabel(path) + (layer.empty() ? "" : "|" + layer);
    const std::string file = std::filesystem::path(path).filename().string();
    return layer.empty() ? file : file + "|" + layer;
}

}  // namespace redline::io
