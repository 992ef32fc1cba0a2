// SPDX-License-Identifier: MIT
// Which layers a project's map shows and how: the project's "map" section when it has one,
// else its zones, constraints and subjects in conventional planning styles (core redline dark
// red, general light red, basins as heavy blue outlines). Shared by the viewer and map export
// so that both draw a project the same way.
//
//   for (auto& plan : projectLayers(project)) { auto data = loadVectorLayer(plan.spec.source, …);
//       completeStyle(plan.spec.style, plan.role, *data, project.rules); }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/project.hpp"
#include "redline/crs/crs.hpp"
#include "redline/render/map_spec.hpp"
#include "redline/render/vector_layer.hpp"

namespace redline::render {

enum class LayerRole { Layer, Subjects, Constraints, Zones, Conflicts, Sites };

struct LayerPlan {
    MapLayerSpec spec;  // with the datum_transform of the project's layer of its source
    LayerRole role = LayerRole::Layer;
};

// Bottom layer first.
[[nodiscard]] std::vector<LayerPlan> projectLayers(const analysis::Project& project);
// The map CRS: the map section's, else the CRS the check analyses in
// (analysis::projectAnalysisCrs: CGCS2000 for subjects on Xian 1980 or Beijing 1954); nullopt
// when none is known. Throws CrsError / InputError.
[[nodiscard]] std::optional<crs::Crs> projectMapCrs(const analysis::Project& project);
// East-west drawing factor for a geographic map CRS at an extent (cos φ of its centre), else 1.
[[nodiscard]] double xStretchFor(const crs::Crs& mapCrs, const Box& extent);

// Fills a categorized style's categories from the loaded data (constraints get their rule
// labels and the redline outline).
void completeStyle(LayerStyle& style, LayerRole role, const VectorLayer& data, const analysis::Rules& rules);
// Legend labels of a constraint layer's categories from the rules (生态保护红线·核心保护区 for "core").
void labelCategories(LayerStyle& style, const analysis::Rules& rules);
// Drawing ranks of a constraint layer's categories (StyledLayer::categoryRanks): the stricter
// category on top, by the rules' severity (prohibited above restricted above review above info),
// then priority (lower first; none below any), so a general redline listed after a core one
// does not hide the core where they overlap.
[[nodiscard]] std::vector<int> categoryDrawRanks(const LayerStyle& style, const analysis::Rules& rules);
// Adds the colour each constraint category of a map layer is drawn in (by value, each value
// once) to `colors`: a categorized layer's categories, or a single-style layer's fill under the
// category the project's `constraints` give its source.
void addCategoryColors(std::vector<CategoryStyle>& colors, const LayerStyle& style, const io::SourceSpec& source,
                       const std::vector<analysis::LayerSpec>& constraints);
// The check's conflicts layer (fields of CheckCollector) categorized by category, black outline,
// each category in its colour from `constraintColors` (addCategoryColors), so that a conflict
// has the colour of the constraint it lies on; a category not there gets the colour a
// constraint layer would give it.
[[nodiscard]] LayerStyle conflictsStyle(const VectorLayer& conflicts, const analysis::Rules& rules,
                                        const std::vector<CategoryStyle>& constraintColors = {});

}  // namespace redline::render
