// SPDX-License-Identifier: MIT
// A Qt-free description of a map: which layers are drawn, in which order, with which style,
// over which extent. The viewer edits it and saves it in the project file's "map" section;
// the drawing itself lives in gui/render. No drawing here.
//
//   render::LayerStyle s = render::categorizedStyle("category", {"core", "general"});
//   s.categories[0].fill  // conventional dark red for "core"
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redline/crs/transformer.hpp"
#include "redline/io/source_spec.hpp"

namespace redline::render {

// A colour as 8-bit red, green, blue and alpha.
struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

// "#rrggbb" or "#rrggbbaa"; nullopt when malformed.
[[nodiscard]] std::optional<Rgba> parseColor(const std::string& text);
[[nodiscard]] std::string colorName(const Rgba& c);  // "#rrggbb", or "#rrggbbaa" when not opaque

struct CategoryStyle {
    std::string value;  // the field's value, as text
    std::string label;  // legend text; empty: the value
    Rgba fill;
    bool visible = true;
};

struct LayerStyle {
    enum class Kind { Single, Categorized };
    Kind kind = Kind::Single;
    Rgba fill{166, 206, 227, 255};
    Rgba stroke{60, 60, 60, 255};
    double strokeWidthMm = 0.26;  // millimetres on paper / on screen at the display's DPI
    double opacity = 1.0;         // of the whole layer, 0..1
    std::string categoryField;    // Categorized: the field whose values pick the colour
    std::vector<CategoryStyle> categories;
    Rgba otherFill{200, 200, 200, 255};  // Categorized: values not listed
    std::string labelField;              // empty: no labels
    double labelSizePt = 8;
    bool showOther = true;
};

// The conventional colour of a planning category (shared/DOMAIN.md control categories): core
// redline dark red, general control light red, water sources blue, nature reserves green, ...;
// nullopt when the value is not a known category.
[[nodiscard]] std::optional<Rgba> conventionalCategoryColor(const std::string& value);

// A distinct colour for the n-th layer or class: a qualitative palette of ten, repeated darker
// and lighter beyond ten (distinct for at least forty).
[[nodiscard]] Rgba paletteColor(std::size_t n);

// A categorized style over `values` (distinct, in the order given): conventional colours for
// known planning categories, by value or else by its label (labels[i], when given, for a code
// like "k00" labelled 生态保护红线·核心保护区), the palette for the rest.
[[nodiscard]] LayerStyle categorizedStyle(const std::string& field, const std::vector<std::string>& values,
                                          const std::vector<std::string>& labels = {});

struct MapLayerSpec {
    io::SourceSpec source;
    std::string name;  // shown in the layer list; empty: the source label
    bool visible = true;
    LayerStyle style;
    // The datum_transform of the project's layer of this source (Xian 1980, Beijing 1954), so
    // the map draws it where the check puts it. Not part of the "map" section: taken from the
    // layer object each time the project is read.
    std::optional<crs::DatumTransform> datumTransform;
};

struct MapSpec {
    std::vector<MapLayerSpec> layers;             // drawing order: first is at the bottom
    std::optional<std::array<double, 4>> extent;  // minX, minY, maxX, maxY in the map CRS
    std::string crs;                              // empty: the project's analysis CRS
};

}  // namespace redline::render
