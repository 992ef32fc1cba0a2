// SPDX-License-Identifier: MIT
#include "redline/render/styled_layer.hpp"

#include <unordered_map>
#include <unordered_set>

namespace redline::render {

std::vector<std::int16_t> classifyFeatures(const VectorLayer& layer, const LayerStyle& style) {
    if (style.kind != LayerStyle::Kind::Categorized) return {};
    std::vector<std::int16_t> classes(layer.featureCount(), -1);
    const int field = layer.fieldIndex(QString::fromStdString(style.categoryField));
    if (field < 0) return classes;
    std::unordered_map<std::string, std::int16_t> lookup;
    for (std::size_t i = 0; i < style.categories.size() && i < 32767; ++i)
        lookup.emplace(style.categories[i].value, static_cast<std::int16_t>(i));
    // Many features share few values: convert each distinct QString once.
    QString lastText;
    std::int16_t lastClass = -1;
    bool haveLast = false;
    for (std::size_t f = 0; f < layer.featureCount(); ++f) {
        const QString text = layer.attribute(f, field);
        if (!haveLast || text != lastText) {
            auto it = lookup.find(text.toStdString());
            lastClass = it == lookup.end() ? std::int16_t{-1} : it->second;
            lastText = text;
            haveLast = true;
        }
        classes[f] = lastClass;
    }
    return classes;
}

StyledLayer makeStyledLayer(std::shared_ptr<const VectorLayer> layer, LayerStyle style, bool visible) {
    StyledLayer s;
    s.classes = classifyFeatures(*layer, style);
    s.layer = std::move(layer);
    s.style = std::move(style);
    s.visible = visible;
    return s;
}

std::vector<std::string> distinctValues(const VectorLayer& layer, int field, std::size_t limit) {
    std::vector<std::string> values;
    if (field < 0) return values;
    std::unordered_set<std::string> seen;
    for (std::size_t f = 0; f < layer.featureCount() && values.size() < limit; ++f) {
        std::string v = layer.attribute(f, field).toStdString();
        if (seen.insert(v).second) values.push_back(std::move(v));
    }
    return values;
}

LayerStyle categorizedStyleFor(const VectorLayer& layer, const QString& field) {
    return categorizedStyle(field.toStdString(), distinctValues(layer, layer.fieldIndex(field)));
}

}  // namespace redline::render
