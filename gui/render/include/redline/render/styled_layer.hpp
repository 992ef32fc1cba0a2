// SPDX-License-Identifier: MIT
// A layer with the style it is drawn in and each feature's category resolved once (so the
// render loop only looks up an index). Value type shared into the render thread.
#pragma once

#include <QColor>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "redline/render/map_spec.hpp"
#include "redline/render/vector_layer.hpp"

namespace redline::render {

struct StyledLayer {
    std::shared_ptr<const VectorLayer> layer;
    LayerStyle style;
    std::vector<std::int16_t> classes;  // per feature: index in style.categories, -1 = other
    // Per category: features of a higher rank are drawn above those of a lower one, others in
    // file order ("other" lowest). Empty: file order. See categoryDrawRanks().
    std::vector<int> categoryRanks;
    bool visible = true;
    bool dashed = false;  // outlines dashed: a buffer ring, not a boundary on the ground
};

// Resolves each feature's category for a categorized style (empty for a single style).
[[nodiscard]] std::vector<std::int16_t> classifyFeatures(const VectorLayer& layer, const LayerStyle& style);
[[nodiscard]] StyledLayer makeStyledLayer(std::shared_ptr<const VectorLayer> layer, LayerStyle style,
                                          bool visible = true);

// The distinct values of a field in first-seen order, at most `limit` of them.
[[nodiscard]] std::vector<std::string> distinctValues(const VectorLayer& layer, int field, std::size_t limit = 256);
// A categorized style over a field's distinct values (conventional planning colours first).
[[nodiscard]] LayerStyle categorizedStyleFor(const VectorLayer& layer, const QString& field);

[[nodiscard]] inline QColor toQColor(const Rgba& c) { return QColor(c.r, c.g, c.b, c.a); }
[[nodiscard]] inline Rgba toRgba(const QColor& c) {
    return Rgba{static_cast<std::uint8_t>(c.red()), static_cast<std::uint8_t>(c.green()),
                static_cast<std::uint8_t>(c.blue()), static_cast<std::uint8_t>(c.alpha())};
}

}  // namespace redline::render
