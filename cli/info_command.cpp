// SPDX-License-Identifier: MIT
// `redline info SRC`: what a source holds — layers, geometry, CRS, fields, encoding.
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "redline/io/connection_string.hpp"
#include "redline/io/vector_source.hpp"

namespace redline::cli {
namespace {

const char* kindName(io::FieldKind k) {
    switch (k) {
        case io::FieldKind::Integer:
            return "integer";
        case io::FieldKind::Real:
            return "real";
        case io::FieldKind::String:
            return "text";
    }
    return "text";
}

}  // namespace

Runner addInfoCommand(CLI::App& app) {
    auto source = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("info", "Describe a vector source: layers, geometry, CRS, fields, encoding");
    cmd->add_option("source", *source, "Vector source: PATH or PATH|LAYER")->required();
    cmd->add_flag("--json", *json, "Print as JSON");
    return [source, json]() {
        io::SourceSpec spec = io::SourceSpec::parse(*source);
        std::vector<std::string> layers{spec.layer};
        if (spec.layer.empty()) {
            layers = io::VectorSource::layerNames(spec.path);
            if (layers.empty()) layers.emplace_back();  // let open() report why
        }
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const auto& layerName : layers) {
            spec.layer = layers.size() > 1 || !layerName.empty() ? layerName : "";
            const io::VectorSource src = io::VectorSource::open(spec);
            nlohmann::ordered_json j;
            j["path"] = io::isConnectionString(spec.path) ? io::redactedConnection(spec.path) : spec.path;
            j["layer"] = src.layerName();
            j["driver"] = src.driverName();
            j["geometry_type"] = OGRGeometryTypeToName(src.layer().GetGeomType());
            j["features"] = src.featureCount();
            j["crs"] = src.crs() ? nlohmann::ordered_json(src.crs()->label()) : nlohmann::ordered_json();
            j["crs_name"] = src.crs() ? nlohmann::ordered_json(src.crs()->name()) : nlohmann::ordered_json();
            j["encoding"] = src.encoding().encoding;
            j["encoding_source"] = src.encoding().how;
            if (auto e = src.extent()) j["extent"] = {e->minX, e->minY, e->maxX, e->maxY};
            nlohmann::ordered_json fields = nlohmann::ordered_json::array();
            for (const auto& f : src.fields()) fields.push_back({{"name", f.name}, {"type", kindName(f.kind)}});
            j["fields"] = fields;
            out.push_back(j);
        }
        if (*json) {
            fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
            return kExitOk;
        }
        for (const auto& j : out) {
            fmt::print("{} | layer {} ({})\n", j["path"].get<std::string>(), j["layer"].get<std::string>(),
                       j["driver"].get<std::string>());
            fmt::print("  geometry: {}, {} features\n", j["geometry_type"].get<std::string>(),
                       j["features"].get<std::int64_t>());
            fmt::print("  CRS:      {}\n", j["crs"].is_null() ? "none"
                                                              : j["crs"].get<std::string>() + " (" +
                                                                    j["crs_name"].get<std::string>() + ")");
            fmt::print("  encoding: {} ({})\n", j["encoding"].get<std::string>(),
                       j["encoding_source"].get<std::string>());
            if (j.contains("extent")) {
                fmt::print("  extent:   {:.6f}, {:.6f} … {:.6f}, {:.6f}\n", j["extent"][0].get<double>(),
                           j["extent"][1].get<double>(), j["extent"][2].get<double>(), j["extent"][3].get<double>());
            }
            fmt::print("  fields:  ");
            for (const auto& f : j["fields"])
                fmt::print(" {} ({})", f["name"].get<std::string>(), f["type"].get<std::string>());
            fmt::print("\n");
        }
        return kExitOk;
    };
}

}  // namespace redline::cli
