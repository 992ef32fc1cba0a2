// SPDX-License-Identifier: MIT
#include "redline/analysis/project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "json_object_p.hpp"
#include "map_section_p.hpp"
#include "project_paths_p.hpp"
#include "redline/io/connection_string.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis {
namespace fs = std::filesystem;

namespace detail {

std::string resolveProjectPath(const fs::path& base, const std::string& path) {
    // A database (PG:dbname=…) has no folder to be relative to.
    if (io::isConnectionString(path)) return path;
    // A project written on Windows ("红线\\redlines.shp") names folders with backslashes, which
    // are ordinary file-name characters here: a relative path with them and no forward slash is
    // read with forward slashes, as a planner means it.
    std::string portable = path;
    if (portable.find('\\') != std::string::npos && portable.find('/') == std::string::npos &&
        !(portable.size() > 1 && portable[1] == ':'))
        std::replace(portable.begin(), portable.end(), '\\', '/');
    // "/vsizip/data/a.zip/x.gpkg" looks absolute but names data/a.zip relative to the project
    // (GDAL would take it relative to the working directory).
    for (const char* vsi : {"/vsizip/", "/vsitar/", "/vsigzip/"}) {
        if (portable.rfind(vsi, 0) != 0) continue;
        const std::string rest = portable.substr(std::string_view(vsi).size());
        if (rest.rfind("{", 0) == 0 && rest.find('}') != std::string::npos) {
            const auto close = rest.find('}');
            return vsi + ("{" + resolveProjectPath(base, rest.substr(1, close - 1))) + rest.substr(close);
        }
        if (rest.empty() || rest.front() == '/') return portable;
        return vsi + resolveProjectPath(base, rest);
    }
    const fs::path p(portable);
    return p.is_absolute() ? portable : (base / p).lexically_normal().string();
}

}  // namespace detail

namespace {

enum class Role { Subjects, Constraints, Zones, Classes };

std::string resolve(const fs::path& base, const std::string& path) { return detail::resolveProjectPath(base, path); }

crs::DatumTransform parseDatumTransform(const detail::JsonObject& o) {
    crs::DatumTransform t;
    const std::string method = o.requiredString("method");
    if (method == "7param" || method == "bursa_wolf" || method == "helmert") {
        o.rejectUnknownKeys({"method", "dx", "dy", "dz", "rx", "ry", "rz", "ds_ppm", "convention"});
        t.method = crs::DatumTransform::Method::SevenParam;
        for (const char* key : {"dx", "dy", "dz", "rx", "ry", "rz", "ds_ppm"}) {
            if (!o.has(key)) o.fail(key, "is required for a 7-parameter transformation");
        }
        t.dx = *o.optionalNumber("dx");
        t.dy = *o.optionalNumber("dy");
        t.dz = *o.optionalNumber("dz");
        t.rx = *o.optionalNumber("rx");
        t.ry = *o.optionalNumber("ry");
        t.rz = *o.optionalNumber("rz");
        t.scalePpm = *o.optionalNumber("ds_ppm");
        const std::string convention = o.optionalString("convention").value_or("position_vector");
        if (convention != "position_vector" && convention != "coordinate_frame") {
            o.fail("convention", "must be \"position_vector\" or \"coordinate_frame\"");
        }
        t.coordinateFrame = convention == "coordinate_frame";
    } else if (method == "4param") {
        o.rejectUnknownKeys({"method", "dx", "dy", "rotation_arcsec", "scale_ppm", "target_crs"});
        t.method = crs::DatumTransform::Method::FourParam;
        for (const char* key : {"dx", "dy", "rotation_arcsec", "scale_ppm"}) {
            if (!o.has(key)) o.fail(key, "is required for a 4-parameter transformation");
        }
        t.dx = *o.optionalNumber("dx");
        t.dy = *o.optionalNumber("dy");
        t.rotationArcsec = *o.optionalNumber("rotation_arcsec");
        t.scalePpm = *o.optionalNumber("scale_ppm");
        t.targetCrs = o.requiredString("target_crs");
    } else {
        o.fail("method", fmt::format("unknown method \"{}\" (7param or 4param)", method));
    }
    return t;
}

LayerSpec parseLayer(const detail::JsonObject& o, Role role, const fs::path& base) {
    std::vector<std::string> known{"path",     "layer", "id_field",        "name_field",
                                   "encoding", "crs",   "datum_transform", "description"};
    if (role == Role::Subjects) known.push_back("buffer_m");
    if (role == Role::Constraints) known.insert(known.end(), {"category_field", "category"});
    if (role == Role::Zones) known.insert(known.end(), {"name", "field"});
    if (role == Role::Classes) known.insert(known.end(), {"name", "class_field", "class"});
    o.rejectUnknownKeys(known);

    LayerSpec spec;
    spec.jsonPath = o.path();
    spec.source.path = resolve(base, o.requiredString("path"));
    spec.source.layer = o.optionalString("layer").value_or("");
    spec.source.encoding = o.optionalString("encoding").value_or("");
    spec.source.crs = o.optionalString("crs").value_or("");
    spec.idField = o.optionalString("id_field").value_or("");
    spec.nameField = o.optionalString("name_field").value_or("");
    if (o.has("datum_transform")) spec.datumTransform = parseDatumTransform(o.object("datum_transform"));
    if (role == Role::Subjects) {
        spec.bufferM = o.optionalNumber("buffer_m").value_or(0.0);
        if (spec.bufferM < 0) o.fail("buffer_m", "must not be negative");
    }
    if (role == Role::Constraints) {
        spec.categoryField = o.optionalString("category_field").value_or("");
        spec.category = o.optionalString("category").value_or("");
        if (spec.categoryField.empty() == spec.category.empty()) {
            o.fail("",
                   "give either \"category_field\" (a field holding the category) or \"category\" (one category "
                   "for the whole layer)");
        }
    }
    if (role == Role::Zones) {
        spec.zoneName = o.requiredString("name");
        spec.zoneField = o.requiredString("field");
    }
    if (role == Role::Classes) {
        spec.className = o.requiredString("name");
        spec.categoryField = o.optionalString("class_field").value_or("");
        spec.category = o.optionalString("class").value_or("");
        if (spec.categoryField.empty() == spec.category.empty()) {
            o.fail("",
                   "give either \"class_field\" (a field holding the class) or \"class\" (one class for the "
                   "whole layer)");
        }
    }
    return spec;
}

RasterSpec parseRaster(const detail::JsonObject& o, const fs::path& base) {
    o.rejectUnknownKeys({"name", "path", "band", "crs", "nodata", "classes", "description"});
    RasterSpec spec;
    spec.jsonPath = o.path();
    spec.name = o.requiredString("name");
    spec.path = resolve(base, o.requiredString("path"));
    spec.band = o.optionalInt("band").value_or(1);
    if (spec.band < 1) o.fail("band", "must be 1 or more");
    spec.crs = o.optionalString("crs").value_or("");
    spec.nodata = o.optionalNumber("nodata");
    if (o.has("classes")) {
        const auto& classes = o.raw("classes");
        if (classes.is_string()) {
            const std::string text = classes.get<std::string>();
            // A file name is resolved against the project; an inline table ("10=water") is not.
            spec.classTable = text.find('=') == std::string::npos ? resolve(base, text) : text;
        } else if (classes.is_object()) {
            spec.classTable = classes.dump();
        } else {
            o.fail("classes", "expected a class table file, \"10=water,20=forest\" or an object {\"10\": \"water\"}");
        }
    }
    return spec;
}

StatsSpec parseStats(const detail::JsonObject& o, const fs::path& base) {
    o.rejectUnknownKeys({"zones", "classes", "rasters", "output", "description"});
    StatsSpec stats;
    stats.present = true;
    std::set<std::string> names;
    for (const auto& z : o.objects("zones")) {
        stats.zones.push_back(parseLayer(z, Role::Zones, base));
        if (!names.insert(stats.zones.back().zoneName).second) {
            z.fail("name", fmt::format("zone name \"{}\" is used twice", stats.zones.back().zoneName));
        }
    }
    // Several layers may feed one class layer (same name); a raster's name must be its own.
    names.clear();
    for (const auto& c : o.objects("classes")) {
        stats.classes.push_back(parseLayer(c, Role::Classes, base));
        names.insert(stats.classes.back().className);
    }
    for (const auto& r : o.objects("rasters")) {
        stats.rasters.push_back(parseRaster(r, base));
        if (!names.insert(stats.rasters.back().name).second) {
            r.fail("name", fmt::format("class layer name \"{}\" is used twice", stats.rasters.back().name));
        }
    }
    if (auto out = o.optionalString("output")) stats.output = resolve(base, *out);
    return stats;
}

}  // namespace

Project loadProject(const fs::path& file) {
    const std::string fileName = file.string();
    const nlohmann::json doc = detail::parseJsonFile(fileName);
    const detail::JsonObject root(doc, "$", fileName);
    root.rejectUnknownKeys({"version", "name", "analysis_crs", "min_area_m2", "threads", "subjects", "constraints",
                            "zones", "rules", "output", "stats", "map", "description"});
    const fs::path base = fs::absolute(file).parent_path();

    Project project;
    project.file = file;
    const auto version = root.optionalInt("version");
    if (!version) root.fail("version", "is required (1)");
    if (*version != 1)
        root.fail("version", fmt::format("unsupported version {} (this Redline reads version 1)", *version));
    project.name = root.optionalString("name").value_or(file.stem().string());
    project.analysisCrs = root.optionalString("analysis_crs").value_or("");
    project.minAreaM2 = root.optionalNumber("min_area_m2").value_or(1.0);
    if (project.minAreaM2 < 0) root.fail("min_area_m2", "must not be negative");
    project.threads = root.optionalInt("threads").value_or(0);
    if (project.threads < 0) root.fail("threads", "must not be negative");

    if (root.has("stats")) project.stats = parseStats(root.object("stats"), base);
    // A project for statistics alone needs no subjects or constraints.
    const bool checkRequired = !project.stats.present;
    if (root.has("subjects") || checkRequired) {
        project.subjects = parseLayer(root.object("subjects"), Role::Subjects, base);
    }
    if (!root.has("constraints") && checkRequired) {
        root.fail("constraints", "is required (one layer object or a list of them)");
    }
    for (const auto& c : root.objects("constraints"))
        project.constraints.push_back(parseLayer(c, Role::Constraints, base));
    if (project.constraints.empty() && root.has("constraints"))
        root.fail("constraints", "must name at least one layer");
    std::set<std::string> zoneNames;
    for (const auto& z : root.objects("zones")) {
        project.zones.push_back(parseLayer(z, Role::Zones, base));
        if (!zoneNames.insert(project.zones.back().zoneName).second) {
            z.fail("name", fmt::format("zone name \"{}\" is used twice", project.zones.back().zoneName));
        }
    }
    if (root.has("rules")) {
        const auto& rules = root.raw("rules");
        if (rules.is_string()) {
            // Named with the JSON path, as every project error is ("nope.json: cannot be read" said
            // neither where it was written nor that it was the rules).
            if (rules.get<std::string>().empty())
                root.fail("rules", "is empty; give a rules file, or leave the key out");
            const std::string rulesFile = resolve(base, rules.get<std::string>());
            std::error_code ec;
            if (!fs::is_regular_file(rulesFile, ec)) {
                root.fail("rules", fmt::format("{}: {}", rulesFile,
                                               fs::exists(rulesFile, ec) ? "is not a file" : "no such rules file"));
            }
            project.rules = loadRules(rulesFile);
        } else if (rules.is_object()) {
            project.rules = detail::parseRules(rules, "$.rules", fileName, "inline");
        } else {
            root.fail("rules", "expected a rules file path or a rules object");
        }
    }
    if (auto out = root.optionalString("output")) project.output = resolve(base, *out);
    if (root.has("map")) project.map = detail::parseMapSection(root.object("map"), base);
    return project;
}

void validateProject(const Project& project) {
    const bool fromFile = !project.file.empty();
    if (project.subjects.source.path.empty()) {
        throw ProjectFileError(fromFile ? project.file.string() + ": $.subjects is required for the conflict check"
                                        : "no subjects layer given (--subjects)");
    }
    if (project.constraints.empty()) {
        throw ProjectFileError(fromFile ? project.file.string() + ": $.constraints is required for the conflict check"
                                        : "no constraint layer given (--constraints)");
    }
    for (const auto& c : project.constraints) {
        if (c.categoryField.empty() && c.category.empty()) {
            throw ProjectFileError(fmt::format("{}: no category field given (--category-field)", c.source.label()));
        }
    }
    for (const auto& z : project.zones) {
        if (z.zoneField.empty())
            throw ProjectFileError(fmt::format("{}: no zone field given (--zone-field)", z.source.label()));
    }
    if (project.minAreaM2 < 0) throw ProjectFileError("the minimum overlap area must not be negative");
    // A geodesic circle of more than a quarter of the Earth's circumference folds over the poles
    // and comes apart; no site is that size.
    constexpr double kMaxBufferM = 1e6;
    if (project.subjects.bufferM > kMaxBufferM) {
        throw ProjectFileError(
            fmt::format("the subjects' buffer of {:g} m is over 1,000 km: no site is that large; "
                        "is the unit metres?",
                        project.subjects.bufferM));
    }
}

StatsSpec resolvedStats(const Project& project) {
    StatsSpec stats = project.stats;
    if (stats.zones.empty()) stats.zones = project.zones;
    if (stats.classes.empty() && stats.rasters.empty()) {
        for (LayerSpec c : project.constraints) {
            c.className = "constraints";
            stats.classes.push_back(std::move(c));
        }
        // Constraint layers all feed one class layer "constraints": one column per category.
    }
    if (stats.output.empty() && !project.output.empty()) stats.output = project.output.parent_path() / "stats";
    const std::string where = project.file.empty() ? std::string("the command line") : project.file.string();
    if (stats.zones.empty()) {
        throw ProjectFileError(
            fmt::format("{}: no zone layer for the statistics (give $.stats.zones or $.zones, or "
                        "--zones)",
                        where));
    }
    if (stats.classes.empty() && stats.rasters.empty()) {
        throw ProjectFileError(fmt::format(
            "{}: no class layer for the statistics (give $.stats.classes, $.stats.rasters or $.constraints, or "
            "--classes/--raster)",
            where));
    }
    for (const auto& z : stats.zones) {
        if (z.zoneField.empty())
            throw ProjectFileError(fmt::format("{}: no zone field given (--zone-field)", z.source.label()));
    }
    return stats;
}

}  // namespace redline::analysis
