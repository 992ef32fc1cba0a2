// SPDX-License-Identifier: MIT
#include "redline/io/source_spec.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "redline/io/connection_string.hpp"
#include "redline/util/error.hpp"

namespace redline::io {

SourceSpec SourceSpec::parse(const std::string& text) {
    SourceSpec spec;
    std::size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        const std::size_t bar = text.find('|', start);
        const std::string part = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (first) {
            spec.path = part;
            first = false;
        } else {
            const std::size_t eq = part.find('=');
            if (eq == std::string::npos) {
                spec.layer = part;
            } else {
                const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
                if (key == "layername" || key == "layer") {
                    spec.layer = value;
                } else if (key == "encoding") {
                    spec.encoding = value;
                } else if (key == "crs") {
                    spec.crs = value;
                } else {
                    throw InputError(fmt::format(
                        "\"{}\": unknown source option \"{}\" (known: layername, encoding, crs)", text, key));
                }
            }
        }
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    if (spec.path.empty()) throw InputError(fmt::format("\"{}\": no file path given", text));
    return spec;
}

std::string SourceSpec::label() const {
    if (isConnectionString(path)) return connectionLabel(path) + (layer.empty() ? "" : "|" + layer);
    const std::string file = std::filesystem::path(path).filename().string();
    return layer.empty() ? file : file + "|" + layer;
}

}  // namespace redline::io
