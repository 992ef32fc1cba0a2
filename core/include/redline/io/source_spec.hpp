// SPDX-License-Identifier: MIT
// How a user names a vector source: a path, optionally a layer inside it, and overrides.
// Command-line form: `PATH`, `PATH|LAYER`, or `PATH|layername=LAYER|encoding=CP936|crs=EPSG:4490`.
#pragma once

#include <string>

namespace redline::io {

struct SourceSpec {
    std::string path;
    std::string layer;     // empty: the only layer of the source
    std::string encoding;  // empty: .cpg, DBF language driver, else detected
    std::string crs;       // empty: the CRS stored with the data

    // Parses the command-line form; throws InputError on an unknown option.
    static SourceSpec parse(const std::string& text);
    // "sites.shp" or "zones.gpkg|basins", for messages.
    [[nodiscard]] std::string label() const;
};

}  // namespace redline::io
