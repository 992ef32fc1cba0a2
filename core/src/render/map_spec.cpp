// SPDX-License-Identifier: MIT
#include "redline/render/map_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace redline::render {

namespace {

std::optional<int> hexByte(std::string_view text) {
    int v = 0;
    for (char c : text) {
        v *= 16;
        if (c >= '0' && c <= '9')
            v += c - '0';
        else if (c >= 'a' && c <= 'f')
            v += c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v += c - 'A' + 10;
        else
            return std::nullopt;
    }
    return v;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool containsAny(const std::string& text, std::initializer_list<std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view n) { return text.find(n) != std::string::npos; });
}

}  // namespace

std::optional<Rgba> parseColor(const std::string& text) {
    if ((text.size() != 7 && text.size() != 9) || text[0] != '#') return std::nullopt;
    std::array<int, 4> parts{0, 0, 0, 255};
    for (std::size_t i = 0; i < (text.size() - 1) / 2; ++i) {
        auto v = hexByte(std::string_view(text).substr(1 + 2 * i, 2));
        if (!v) return std::nullopt;
        parts[i] = *v;
    }
    return Rgba{static_cast<std::uint8_t>(parts[0]), static_cast<std::uint8_t>(parts[1]),
                static_cast<std::uint8_t>(parts[2]), static_cast<std::uint8_t>(parts[3])};
}

std::string colorName(const Rgba& c) {
    if (c.a == 255) return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    return fmt::format("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a);
}

std::optional<Rgba> conventionalCategoryColor(const std::string& value) {
    const std::string v = lower(value);
    // Order matters: "生态保护红线·一般控制区" names the redline and its general zone.
    if (containsAny(v, {"general", "一般"})) return Rgba{251, 106, 74, 255};                            // light red
    if (containsAny(v, {"core", "核心"})) return Rgba{165, 15, 21, 255};                                // dark red
    if (containsAny(v, {"redline", "红线"})) return Rgba{222, 45, 38, 255};                             // red
    if (containsAny(v, {"water", "水源", "饮用水"})) return Rgba{49, 130, 189, 255};                    // blue
    if (containsAny(v, {"wetland", "湿地"})) return Rgba{65, 182, 196, 255};                            // teal
    if (containsAny(v, {"reserve", "保护区", "自然保护地"})) return Rgba{49, 163, 84, 255};             // green
    if (containsAny(v, {"forest", "林"})) return Rgba{35, 139, 69, 255};                                // dark green
    if (containsAny(v, {"scenic", "风景"})) return Rgba{116, 196, 118, 255};                            // light green
    if (containsAny(v, {"farmland", "cropland", "基本农田", "耕地"})) return Rgba{254, 217, 118, 255};  // yellow
    if (containsAny(v, {"flood", "蓄滞洪"})) return Rgba{158, 154, 200, 255};                           // purple
    if (containsAny(v, {"urban", "built", "城镇", "建设"})) return Rgba{150, 150, 150, 255};            // grey
    return std::nullopt;
}

Rgba paletteColor(std::size_t n) {
    // ColorBrewer Set2 + Paired tones: distinct, print well, none reads as a redline red.
    static constexpr std::array<Rgba, 10> kPalette{{{102, 194, 165, 255},
                                                    {141, 160, 203, 255},
                                                    {231, 138, 195, 255},
                                                    {166, 216, 84, 255},
                                                    {255, 217, 47, 255},
                                                    {229, 196, 148, 255},
                                                    {166, 206, 227, 255},
                                                    {178, 223, 138, 255},
                                                    {202, 178, 214, 255},
                                                    {179, 179, 179, 255}}};
    // Past ten classes the same hues come back darker, then lighter, then darker still, so a
    // legend of thirty categories has no two alike (a province's rules list more than ten).
    const Rgba base = kPalette[n % kPalette.size()];
    static constexpr std::array<double, 4> kShade{1.0, 0.68, 1.35, 0.5};  // <1 darker, >1 towards white
    const double k = kShade[(n / kPalette.size()) % kShade.size()];
    const double cycle = static_cast<double>(n / (kPalette.size() * kShade.size()));
    auto shade = [&](std::uint8_t v) {
        double x = k <= 1 ? v * k : v + (255 - v) * (k - 1);
        x = x * (1 - 0.08 * cycle);  // a fifth round onwards: a little darker each time
        return static_cast<std::uint8_t>(std::clamp(x, 0.0, 255.0) + 0.5);
    };
    return Rgba{shade(base.r), shade(base.g), shade(base.b), 255};
}

LayerStyle categorizedStyle(const std::string& field, const std::vector<std::string>& values,
                            const std::vector<std::string>& labels) {
    LayerStyle style;
    style.kind = LayerStyle::Kind::Categorized;
    style.categoryField = field;
    std::size_t unknown = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        CategoryStyle c;
        c.value = values[i];
        // A code ("k00") says nothing; its rule label (生态保护红线·核心保护区) may.
        auto conventional = conventionalCategoryColor(values[i]);
        if (!conventional && i < labels.size()) conventional = conventionalCategoryColor(labels[i]);
        c.fill = conventional ? *conventional : paletteColor(unknown++);
        style.categories.push_back(std::move(c));
    }
    return style;
}

}  // namespace redline::render
