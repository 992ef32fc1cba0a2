// SPDX-License-Identifier: MIT
#include "redline/analysis/rules.hpp"

#include <fmt/format.h>

#include "json_object_p.hpp"

namespace redline::analysis {

CategoryRule Rules::ruleFor(const std::string& category) const {
    auto it = categories.find(category);
    CategoryRule rule = it != categories.end() ? it->second : defaults;
    if (rule.label.empty()) rule.label = category;
    return rule;
}

namespace {

CategoryRule parseRule(const detail::JsonObject& o, const CategoryRule& base) {
    o.rejectUnknownKeys({"label", "severity", "priority", "buffer_m", "min_area_m2", "description", "basis"});
    CategoryRule rule = base;
    rule.label = o.optionalString("label").value_or("");
    if (auto s = o.optionalString("severity")) {
        auto severity = parseSeverity(*s);
        if (!severity)
            o.fail("severity", fmt::format("unknown severity \"{}\" (prohibited, restricted, review, info)", *s));
        rule.severity = *severity;
    }
    if (auto p = o.optionalInt("priority")) rule.priority = *p;
    if (auto b = o.optionalNumber("buffer_m")) {
        if (*b < 0) o.fail("buffer_m", "must not be negative");
        rule.bufferM = *b;
    }
    if (auto m = o.optionalNumber("min_area_m2")) {
        if (*m < 0) o.fail("min_area_m2", "must not be negative");
        rule.minAreaM2 = *m;
    }
    return rule;
}

}  // namespace

namespace detail {
Rules parseRules(const nlohmann::json& doc, const std::string& path, const std::string& file,
                 const std::string& source) {
    const detail::JsonObject root(doc, path, file);
    root.rejectUnknownKeys({"name", "version", "default", "categories", "description"});
    Rules rules;
    rules.source = source;
    rules.name = root.optionalString("name").value_or("");
    rules.version = root.optionalString("version").value_or("");
    if (root.has("default")) rules.defaults = parseRule(root.object("default"), rules.defaults);
    rules.defaults.priority.reset();
    rules.defaults.label.clear();
    if (root.has("categories")) {
        const detail::JsonObject categories = root.object("categories");
        // A listed category takes nothing from "default", which is for the categories not listed
        // (as documented): "core" without a severity under a default of info became info, and
        // every core conflict vanished; a default buffer_m or min_area_m2 spread to every category.
        for (const auto& [name, value] : doc.at("categories").items()) {
            rules.categories[name] = parseRule(detail::JsonObject(value, categories.pathOf(name), file), {});
        }
    }
    return rules;
}
}  // namespace detail

Rules loadRules(const std::string& file) { return detail::parseRules(detail::parseJsonFile(file), "$", file, file); }

}  // namespace redline::analysis
