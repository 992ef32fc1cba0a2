// SPDX-License-Identifier: MIT
// saveProject(): the inverse of loadProject(), for the viewer's File → Save.
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "map_section_p.hpp"
#include "redline/analysis/project.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis {
namespace fs = std::filesystem;

namespace {

nlohmann::json datumTransformToJson(const crs::DatumTransform& t) {
    if (t.method == crs::DatumTransform::Method::SevenParam) {
        return {{"method", "7param"},
                {"dx", t.dx},
                {"dy", t.dy},
                {"dz", t.dz},
                {"rx", t.rx},
                {"ry", t.ry},
                {"rz", t.rz},
                {"ds_ppm", t.scalePpm},
                {"convention", t.coordinateFrame ? "coordinate_frame" : "position_vector"}};
    }
    return {{"method", "4param"},
            {"dx", t.dx},
            {"dy", t.dy},
            {"rotation_arcsec", t.rotationArcsec},
            {"scale_ppm", t.scalePpm},
            {"target_crs", t.targetCrs}};
}

enum class Role { Subjects, Constraints, Zones, Classes };

nlohmann::json layerToJson(const LayerSpec& l, Role role, const fs::path& base) {
    nlohmann::json j{{"path", detail::relativePath(l.source.path, base)}};
    if (!l.source.layer.empty()) j["layer"] = l.source.layer;
    if (!l.source.encoding.empty()) j["encoding"] = l.source.encoding;
    if (!l.source.crs.empty()) j["crs"] = l.source.crs;
    if (!l.idField.empty()) j["id_field"] = l.idField;
    if (!l.nameField.empty()) j["name_field"] = l.nameField;
    if (l.datumTransform) j["datum_transform"] = datumTransformToJson(*l.datumTransform);
    switch (role) {
        case Role::Subjects:
            if (l.bufferM > 0) j["buffer_m"] = l.bufferM;
            break;
        case Role::Constraints:
            if (!l.categoryField.empty())
                j["category_field"] = l.categoryField;
            else
                j["category"] = l.category;
            break;
        case Role::Zones:
            j["name"] = l.zoneName;
            j["field"] = l.zoneField;
            break;
        case Role::Classes:
            j["name"] = l.className;
            if (!l.categoryField.empty())
                j["class_field"] = l.categoryField;
            else
                j["class"] = l.category;
            break;
    }
    return j;
}

nlohmann::json ruleToJson(const CategoryRule& r, bool withPriority) {
    nlohmann::json j{{"severity", severityName(r.severity)}};
    if (!r.label.empty()) j["label"] = r.label;
    if (withPriority && r.priority) j["priority"] = *r.priority;
    if (r.bufferM > 0) j["buffer_m"] = r.bufferM;
    if (r.minAreaM2) j["min_area_m2"] = *r.minAreaM2;
    return j;
}

nlohmann::json rulesToJson(const Rules& rules) {
    nlohmann::json j;
    if (!rules.name.empty()) j["name"] = rules.name;
    if (!rules.version.empty()) j["version"] = rules.version;
    j["default"] = ruleToJson(rules.defaults, false);
    nlohmann::json cats = nlohmann::json::object();
    for (const auto& [name, rule] : rules.categories) cats[name] = ruleToJson(rule, true);
    j["categories"] = std::move(cats);
    return j;
}

nlohmann::json projectToJson(const Project& p, const fs::path& base) {
    nlohmann::json j;
    j["version"] = 1;
    if (!p.name.empty()) j["name"] = p.name;
    if (!p.analysisCrs.empty()) j["analysis_crs"] = p.analysisCrs;
    j["min_area_m2"] = p.minAreaM2;
    j["threads"] = p.threads;
    if (!p.subjects.source.path.empty()) j["subjects"] = layerToJson(p.subjects, Role::Subjects, base);
    if (!p.constraints.empty()) {
        j["constraints"] = nlohmann::json::array();
        for (const auto& c : p.constraints) j["constraints"].push_back(layerToJson(c, Role::Constraints, base));
    }
    if (!p.zones.empty()) {
        j["zones"] = nlohmann::json::array();
        for (const auto& z : p.zones) j["zones"].push_back(layerToJson(z, Role::Zones, base));
    }
    // A rules file stays a reference to that file; inline or edited rules are written out.
    if (!p.rules.source.empty() && p.rules.source != "inline" && fs::exists(p.rules.source)) {
        j["rules"] = detail::relativePath(p.rules.source, base);
    } else if (!p.rules.source.empty() || !p.rules.categories.empty()) {
        j["rules"] = rulesToJson(p.rules);
    }
    if (!p.output.empty()) j["output"] = detail::relativePath(p.output.string(), base);
    if (p.stats.present) {
        nlohmann::json s = nlohmann::json::object();
        for (const auto& z : p.stats.zones) s["zones"].push_back(layerToJson(z, Role::Zones, base));
        for (const auto& c : p.stats.classes) s["classes"].push_back(layerToJson(c, Role::Classes, base));
        for (const auto& r : p.stats.rasters) {
            nlohmann::json jr{{"name", r.name}, {"path", detail::relativePath(r.path, base)}, {"band", r.band}};
            if (!r.crs.empty()) jr["crs"] = r.crs;
            if (r.nodata) jr["nodata"] = *r.nodata;
            if (!r.classTable.empty()) {
                if (r.classTable.front() == '{')
                    jr["classes"] = nlohmann::json::parse(r.classTable);
                else if (r.classTable.find('=') != std::string::npos)
                    jr["classes"] = r.classTable;
                else
                    jr["classes"] = detail::relativePath(r.classTable, base);
            }
            s["rasters"].push_back(std::move(jr));
        }
        if (!p.stats.output.empty()) s["output"] = detail::relativePath(p.stats.output.string(), base);
        j["stats"] = std::move(s);
    }
    if (!p.map.layers.empty() || p.map.extent || !p.map.crs.empty()) j["map"] = detail::mapSectionToJson(p.map, base);
    return j;
}

}  // namespace

void saveProject(const Project& project, const fs::path& file) {
    const fs::path base = fs::absolute(file).parent_path();
    const std::string text = projectToJson(project, base).dump(2) + "\n";
    const fs::path temp = file.string() + ".saving";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw OutputError(fmt::format("{}: cannot write the project file", file.string()));
        out << text;
        out.close();
        if (!out) {
            std::error_code ec;
            fs::remove(temp, ec);
            throw OutputError(fmt::format("{}: cannot write the project file", file.string()));
        }
    }
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw OutputError(fmt::format("{}: cannot write the project file ({})", file.string(), ec.message()));
    }
}

}  // namespace redline::analysis
