// SPDX-License-Identifier: MIT
#include "redline/render/project_layers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "redline/analysis/conflict_check.hpp"
#include "redline/render/layer_loading.hpp"
#include "redline/render/styled_layer.hpp"
#include "redline/util/error.hpp"

namespace redline::render {

namespace {

LayerStyle outlineStyle(Rgba stroke, double widthMm) {
    LayerStyle s;
    s.fill = {0, 0, 0, 0};
    s.stroke = stroke;
    s.strokeWidthMm = widthMm;
    return s;
}

void redlineOutline(LayerStyle& s) {
    s.stroke = {103, 0, 13, 255};
    s.strokeWidthMm = 0.2;
    s.opacity = 0.8;
}

LayerStyle roleStyle(const analysis::LayerSpec& spec, LayerRole role) {
    LayerStyle s;
    switch (role) {
        case LayerRole::Constraints:
            if (!spec.categoryField.empty()) {
                s.kind = LayerStyle::Kind::Categorized;
                s.categoryField = spec.categoryField;  // categories filled once the values are known
            } else {
                s.fill = conventionalCategoryColor(spec.category).value_or(Rgba{222, 45, 38, 255});
            }
            redlineOutline(s);
            break;
        case LayerRole::Zones:
            s = outlineStyle({37, 52, 148, 255}, 0.7);
            s.labelField = spec.zoneField;
            s.labelSizePt = 11;
            break;
        case LayerRole::Subjects:
            s.fill = {253, 174, 97, 255};
            s.stroke = {127, 59, 8, 255};
            s.strokeWidthMm = 0.3;
            s.opacity = 0.85;
            s.labelField = spec.nameField;
            break;
        default:
            break;
    }
    return s;
}

bool sameSource(const io::SourceSpec& a, const io::SourceSpec& b) { return a.path == b.path && a.layer == b.layer; }

// The datum_transform the project gives a source in any role.
std::optional<crs::DatumTransform> datumTransformOf(const analysis::Project& project, const io::SourceSpec& source) {
    if (sameSource(project.subjects.source, source) && project.subjects.datumTransform)
        return project.subjects.datumTransform;
    for (const auto* layers : {&project.constraints, &project.zones})
        for (const auto& l : *layers)
            if (sameSource(l.source, source) && l.datumTransform) return l.datumTransform;
    return std::nullopt;
}

}  // namespace

std::vector<LayerPlan> projectLayers(const analysis::Project& project) {
    std::vector<LayerPlan> out;
    if (!project.map.layers.empty()) {
        for (const auto& l : project.map.layers) {
            LayerRole role = LayerRole::Layer;
            if (l.source.path == project.subjects.source.path) role = LayerRole::Subjects;
            for (const auto& c : project.constraints)
                if (sameSource(c.source, l.source)) role = LayerRole::Constraints;
            for (const auto& z : project.zones)
                if (sameSource(z.source, l.source)) role = LayerRole::Zones;
            LayerPlan plan{l, role};
            plan.spec.datumTransform = datumTransformOf(project, l.source);
            out.push_back(std::move(plan));
        }
        return out;
    }
    // Reporting units from coarse to fine: the first zone layer (basins) drawn heaviest.
    for (std::size_t i = 0; i < project.zones.size(); ++i) {
        const auto& z = project.zones[i];
        LayerPlan plan;
        plan.role = LayerRole::Zones;
        plan.spec.source = z.source;
        plan.spec.datumTransform = z.datumTransform;
        plan.spec.name = z.zoneName;
        plan.spec.style = roleStyle(z, LayerRole::Zones);
        if (i > 0) {
            plan.spec.style.stroke = {115, 115, 115, 255};
            plan.spec.style.strokeWidthMm = 0.25;
            plan.spec.style.labelSizePt = 8;
        }
        out.push_back(std::move(plan));
    }
    auto add = [&](const analysis::LayerSpec& spec, LayerRole role) {
        LayerPlan plan;
        plan.role = role;
        plan.spec.source = spec.source;
        plan.spec.datumTransform = spec.datumTransform;
        plan.spec.style = roleStyle(spec, role);
        out.push_back(std::move(plan));
    };
    for (const auto& c : project.constraints) add(c, LayerRole::Constraints);
    if (!project.subjects.source.path.empty()) add(project.subjects, LayerRole::Subjects);
    return out;
}

std::optional<crs::Crs> projectMapCrs(const analysis::Project& project) {
    if (!project.map.crs.empty()) {
        try {
            return crs::Crs::fromUserInput(project.map.crs);
        } catch (const CrsError& e) {
            // Named as $.analysis_crs is: the message alone did not say which file or key.
            throw CrsError(fmt::format("{}: $.map.crs: {}", project.file.string(), e.what()));
        }
    }
    // The check's own choice: subjects on Xian 1980 are drawn in CGCS2000, as the check puts them.
    return analysis::projectAnalysisCrs(project);
}

double xStretchFor(const crs::Crs& mapCrs, const Box& extent) {
    if (!mapCrs.isGeographic() || extent.empty()) return 1.0;
    const double lat = (extent.minY + extent.maxY) / 2;
    return std::max(0.05, std::cos(lat * M_PI / 180.0));
}

void labelCategories(LayerStyle& style, const analysis::Rules& rules) {
    for (auto& c : style.categories) {
        const std::string label = rules.ruleFor(c.value).label;
        if (c.label.empty() && label != c.value) c.label = label;
    }
}

namespace {
std::vector<std::string> ruleLabels(const std::vector<std::string>& values, const analysis::Rules& rules) {
    std::vector<std::string> labels;
    for (const auto& v : values) labels.push_back(rules.ruleFor(v).label);
    return labels;
}
}  // namespace

void completeStyle(LayerStyle& style, LayerRole role, const VectorLayer& data, const analysis::Rules& rules) {
    if (style.kind != LayerStyle::Kind::Categorized || !style.categories.empty()) return;
    const QString field = QString::fromStdString(style.categoryField);
    const auto values = distinctValues(data, data.fieldIndex(field));
    if (role == LayerRole::Constraints) {
        style = categorizedStyle(style.categoryField, values, ruleLabels(values, rules));
        labelCategories(style, rules);
        redlineOutline(style);
    } else {
        style = categorizedStyle(style.categoryField, values);
    }
}

void addCategoryColors(std::vector<CategoryStyle>& colors, const LayerStyle& style, const io::SourceSpec& source,
                       const std::vector<analysis::LayerSpec>& constraints) {
    const auto known = [&](const std::string& value) {
        return std::any_of(colors.begin(), colors.end(), [&](const CategoryStyle& c) { return c.value == value; });
    };
    if (style.kind == LayerStyle::Kind::Categorized) {
        for (const auto& c : style.categories)
            if (!known(c.value)) colors.push_back(c);
        return;
    }
    for (const auto& c : constraints) {
        if (!sameSource(c.source, source) || !c.categoryField.empty() || known(c.category)) continue;
        CategoryStyle one;
        one.value = c.category;
        one.fill = style.fill;
        colors.push_back(std::move(one));
    }
}

std::vector<int> categoryDrawRanks(const LayerStyle& style, const analysis::Rules& rules) {
    if (style.kind != LayerStyle::Kind::Categorized) return {};
    // Larger is stricter: severity first, then a priority (lower is stricter) above none.
    using Key = std::tuple<int, bool, int>;
    std::vector<Key> keys;
    for (const auto& c : style.categories) {
        const analysis::CategoryRule rule = rules.ruleFor(c.value);
        keys.emplace_back(static_cast<int>(rule.severity), rule.priority.has_value(), -rule.priority.value_or(0));
    }
    std::vector<Key> distinct = keys;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (distinct.size() < 2) return {};  // all alike: file order, and no sorting per frame
    std::vector<int> ranks;
    for (const auto& k : keys)
        ranks.push_back(static_cast<int>(std::lower_bound(distinct.begin(), distinct.end(), k) - distinct.begin()));
    return ranks;
}

LayerStyle conflictsStyle(const VectorLayer& conflicts, const analysis::Rules& rules,
                          const std::vector<CategoryStyle>& constraintColors) {
    const auto values = distinctValues(conflicts, conflicts.fieldIndex(QStringLiteral("category")));
    LayerStyle s = categorizedStyle("category", values, ruleLabels(values, rules));
    // A category has one colour on the map: the one its constraint layer is drawn in (a palette
    // colour by first appearance in the conflicts would differ from the constraint's).
    for (auto& c : s.categories) {
        const auto it = std::find_if(constraintColors.begin(), constraintColors.end(),
                                     [&](const CategoryStyle& k) { return k.value == c.value; });
        if (it != constraintColors.end()) c.fill = it->fill;
    }
    s.stroke = {0, 0, 0, 255};
    s.strokeWidthMm = 0.4;
    labelCategories(s, rules);
    return s;
}

}  // namespace redline::render
