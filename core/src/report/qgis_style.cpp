// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "qgis_style_p.hpp"

namespace redline::report::detail {
namespace {

struct SeverityStyle {
    const char* value;
    const char* label;
    const char* fill;
    const char* outline;
};

// Conventional planning colours: prohibited (core redline) darkest red, restricted lighter,
// review orange, info yellow.
constexpr SeverityStyle kStyles[] = {
    {"prohibited", "禁止 prohibited", "165,0,38,200", "103,0,13,255"},
    {"restricted", "限制 restricted", "239,59,44,180", "165,15,21,255"},
    {"review", "审查 review", "253,141,60,170", "217,72,1,255"},
    {"info", "提示 info", "254,217,118,150", "204,153,0,255"},
};

std::string fillSymbol(int index, const SeverityStyle& s) {
    return fmt::format(R"(      <symbol type="fill" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <prop k="color" v="{}"/>
          <prop k="joinstyle" v="bevel"/>
          <prop k="outline_color" v="{}"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.4"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
)",
                       index, s.fill, s.outline);
}

}  // namespace

std::string conflictStyleQml() {
    std::string categories, symbols;
    int i = 0;
    for (const auto& s : kStyles) {
        categories += fmt::format(R"(      <category symbol="{}" value="{}" label="{}" render="true"/>
)",
                                  i, s.value, s.label);
        symbols += fillSymbol(i, s);
        ++i;
    }
    return fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="severity" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
{}    </categories>
    <symbols>
{}    </symbols>
  </renderer-v2>
  <layerGeometryType>2</layerGeometryType>
</qgis>
)",
                       categories, symbols);
}

}  // namespace redline::report::detail
