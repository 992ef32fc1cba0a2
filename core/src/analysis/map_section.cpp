// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <algorithm>

#include "map_section_p.hpp"
#include "project_paths_p.hpp"
#include "redline/io/connection_string.hpp"

namespace redline::analysis::detail {
namespace fs = std::filesystem;

namespace {

render::Rgba colorAt(const JsonObject& o, const std::string& key, const render::Rgba& fallback) {
    const auto text = o.optionalString(key);
    if (!text) return fallback;
    const auto color = render::parseColor(*text);
    if (!color) o.fail(key, fmt::format("\"{}\" is not a colour (#rrggbb or #rrggbbaa)", *text));
    return *color;
}

render::LayerStyle parseStyle(const JsonObject& o) {
    o.rejectUnknownKeys({"fill", "stroke", "stroke_width_mm", "opacity", "category_field", "categories", "other_fill",
                         "show_other", "label_field", "label_size_pt"});
    render::LayerStyle s;
    s.fill = colorAt(o, "fill", s.fill);
    s.stroke = colorAt(o, "stroke", s.stroke);
    s.strokeWidthMm = o.optionalNumber("stroke_width_mm").value_or(s.strokeWidthMm);
    if (s.strokeWidthMm < 0) o.fail("stroke_width_mm", "must not be negative");
    s.opacity = o.optionalNumber("opacity").value_or(1.0);
    if (s.opacity < 0 || s.opacity > 1) o.fail("opacity", "must be between 0 and 1");
    s.categoryField = o.optionalString("category_field").value_or("");
    s.otherFill = colorAt(o, "other_fill", s.otherFill);
    if (o.has("show_other")) s.showOther = o.raw("show_other").is_boolean() ? o.raw("show_other").get<bool>() : true;
    s.labelField = o.optionalString("label_field").value_or("");
    s.labelSizePt = o.optionalNumber("label_size_pt").value_or(s.labelSizePt);
    if (!s.categoryField.empty()) {
        s.kind = render::LayerStyle::Kind::Categorized;
        if (o.has("categories")) {
            for (const auto& c : o.objects("categories")) {
                c.rejectUnknownKeys({"value", "label", "fill", "visible"});
                render::CategoryStyle cat;
                cat.value = c.requiredString("value");
                cat.label = c.optionalString("label").value_or("");
                cat.fill = colorAt(c, "fill", render::conventionalCategoryColor(cat.value).value_or(s.otherFill));
                if (c.has("visible")) {
                    if (!c.raw("visible").is_boolean()) c.fail("visible", "expected true or false");
                    cat.visible = c.raw("visible").get<bool>();
                }
                s.categories.push_back(std::move(cat));
            }
        }
    }
    return s;
}

nlohmann::json styleToJson(const render::LayerStyle& s) {
    nlohmann::json j;
    j["fill"] = render::colorName(s.fill);
    j["stroke"] = render::colorName(s.stroke);
    j["stroke_width_mm"] = s.strokeWidthMm;
    j["opacity"] = s.opacity;
    if (s.kind == render::LayerStyle::Kind::Categorized) {
        j["category_field"] = s.categoryField;
        nlohmann::json cats = nlohmann::json::array();
        for (const auto& c : s.categories) {
            nlohmann::json jc{{"value", c.value}, {"fill", render::colorName(c.fill)}};
            if (!c.label.empty()) jc["label"] = c.label;
            if (!c.visible) jc["visible"] = false;
            cats.push_back(std::move(jc));
        }
        j["categories"] = std::move(cats);
        j["other_fill"] = render::colorName(s.otherFill);
        if (!s.showOther) j["show_other"] = false;
    }
    if (!s.labelField.empty()) {
        j["label_field"] = s.labelField;
        j["label_size_pt"] = s.labelSizePt;
    }
    return j;
}

}  // namespace

std::string relativePath(const std::string& path, const fs::path& base) {
    if (path.empty() || io::isConnectionString(path)) return path;
    const fs::path p = fs::absolute(path).lexically_normal();
    const fs::path rel = p.lexically_relative(fs::absolute(base).lexically_normal());
    // Far-away files keep their absolute path: "../../../../data" helps nobody.
    const std::string r = rel.generic_string();
    if (rel.empty() || r.rfind("../../../", 0) == 0) return p.string();
    return r;
}

render::MapSpec parseMapSection(const JsonObject& o, const fs::path& base) {
    o.rejectUnknownKeys({"crs", "extent", "layers", "description"});
    render::MapSpec map;
    map.crs = o.optionalString("crs").value_or("");
    if (o.has("extent")) {
        const auto& e = o.raw("extent");
        if (!e.is_array() || e.size() != 4 ||
            !std::all_of(e.begin(), e.end(), [](const auto& v) { return v.is_number(); }))
            o.fail("extent", "expected [min_x, min_y, max_x, max_y]");
        std::array<double, 4> ext{e[0].get<double>(), e[1].get<double>(), e[2].get<double>(), e[3].get<double>()};
        if (!(ext[0] < ext[2] && ext[1] < ext[3])) o.fail("extent", "min must be below max");
        map.extent = ext;
    }
    if (o.has("layers")) {
        for (const auto& l : o.objects("layers")) {
            l.rejectUnknownKeys({"path", "layer", "encoding", "crs", "name", "visible", "style"});
            render::MapLayerSpec layer;
            const std::string path = l.requiredString("path");
            layer.source.path = resolveProjectPath(base, path);
            layer.source.layer = l.optionalString("layer").value_or("");
            layer.source.encoding = l.optionalString("encoding").value_or("");
            layer.source.crs = l.optionalString("crs").value_or("");
            layer.name = l.optionalString("name").value_or("");
            if (l.has("visible")) {
                if (!l.raw("visible").is_boolean()) l.fail("visible", "expected true or false");
                layer.visible = l.raw("visible").get<bool>();
            }
            if (l.has("style")) layer.style = parseStyle(l.object("style"));
            map.layers.push_back(std::move(layer));
        }
    }
    return map;
}

nlohmann::json mapSectionToJson(const render::MapSpec& map, const fs::path& base) {
    nlohmann::json j = nlohmann::json::object();
    if (!map.crs.empty()) j["crs"] = map.crs;
    if (map.extent) j["extent"] = *map.extent;
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : map.layers) {
        nlohmann::json jl{{"path", relativePath(l.source.path, base)}};
        if (!l.source.layer.empty()) jl["layer"] = l.source.layer;
        if (!l.source.encoding.empty()) jl["encoding"] = l.source.encoding;
        if (!l.source.crs.empty()) jl["crs"] = l.source.crs;
        if (!l.name.empty()) jl["name"] = l.name;
        if (!l.visible) jl["visible"] = false;
        jl["style"] = styleToJson(l.style);
        layers.push_back(std::move(jl));
    }
    j["layers"] = std::move(layers);
    return j;
}

}  // namespace redline::analysis::detail
