// SPDX-License-Identifier: MIT
// The open map: the project (roles, rules, statistics), the map CRS, and the layers in drawing
// order with their styles, visibility and selection. Layers load on worker threads; a layer
// that fails to load is removed with loadFailed(file, reason) and the rest keep working.
// Lives on the GUI thread; the layer data it hands out is immutable and safe to share.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "redline/analysis/project.hpp"
#include "redline/crs/crs.hpp"
#include "redline/render/project_layers.hpp"
#include "redline/render/styled_layer.hpp"

namespace redline::viewer {

using render::LayerRole;

struct MapLayer {
    int id = 0;                 // stable across reordering
    render::MapLayerSpec spec;  // source, name, visibility, style
    LayerRole role = LayerRole::Layer;
    std::shared_ptr<const render::VectorLayer> data;  // null while loading
    std::vector<std::int16_t> classes;                // resolved categories of spec.style
    std::set<std::uint32_t> selection;                // selected feature numbers
    bool loading = false;
    // Percent read while loading, written by the reading thread: a layer of 200,000 features
    // takes seconds, and "loading…" alone did not say whether it moved.
    std::shared_ptr<std::atomic<int>> loadPercent = std::make_shared<std::atomic<int>>(0);
    bool derived = false;  // made by Redline (conflicts, drawn sites): not saved with the project
};

class MapDocument : public QObject {
    Q_OBJECT
  public:
    explicit MapDocument(QObject* parent = nullptr);
    ~MapDocument() override;

    // Opens a project file: its "map" layers, or its subjects, constraints and zones with
    // conventional styles. Throws redline::Error (the project file itself is bad).
    void openProject(const QString& file);
    // Adds vector sources ("path" or "path|layer"); the first one fixes the map CRS when there
    // is none yet. A source with several layers adds each of them.
    void addSources(const QStringList& sources);
    // Adds a layer built in memory (conflicts, drawn sites), above the others; it replaces the
    // one made before with the same role.
    int addDerivedLayer(const QString& name, LayerRole role, std::shared_ptr<const render::VectorLayer> data,
                        render::LayerStyle style);
    void clear();

    [[nodiscard]] const std::vector<MapLayer>& layers() const { return layers_; }  // bottom first
    [[nodiscard]] const MapLayer* layer(int id) const;
    [[nodiscard]] int indexOf(int id) const;
    [[nodiscard]] std::vector<render::StyledLayer> styledLayers() const;
    [[nodiscard]] render::Box fullExtent() const;
    [[nodiscard]] bool loading() const;

    void setVisible(int id, bool visible);
    void rename(int id, const QString& name);  // the legend's name (a derived layer's, on a language change)
    void setCategoryVisible(int id, int category, bool visible);
    void setStyle(int id, render::LayerStyle style);
    void moveLayer(int id, int newIndex);  // index in drawing order
    void removeLayer(int id);
    void setSelection(int id, std::set<std::uint32_t> features);

    [[nodiscard]] const std::optional<crs::Crs>& mapCrs() const { return mapCrs_; }
    // Horizontal drawing factor for a geographic map CRS (cos φ of the data's centre).
    [[nodiscard]] double xStretch() const { return xStretch_; }
    [[nodiscard]] const analysis::Project& project() const { return project_; }
    [[nodiscard]] analysis::Project& project() { return project_; }
    [[nodiscard]] const QString& projectFile() const { return projectFile_; }
    // The project with its "map" section taken from the layers (styles, order, visibility).
    [[nodiscard]] analysis::Project projectWithMap(const std::optional<render::Box>& extent) const;
    // The project with its "map" section taken from the layers; saved to `file`.
    void saveProject(const QString& file, const std::optional<render::Box>& extent);

  signals:
    void layersChanged();      // added, removed, reordered, loaded
    void appearanceChanged();  // style or visibility: redraw
    void selectionChanged(int layerId);
    void layerLoaded(int layerId);
    void loadFailed(const QString& source, const QString& reason);
    void allLoaded();
    void projectChanged();

  private:
    int startLoad(render::MapLayerSpec spec, LayerRole role);
    void finishLoad(int id, std::shared_ptr<const render::VectorLayer> data, const QString& error);
    void setMapCrs(const crs::Crs& crs);
    [[nodiscard]] MapLayer* find(int id);

    analysis::Project project_;
    QString projectFile_;
    std::optional<crs::Crs> mapCrs_;
    double xStretch_ = 1.0;
    std::vector<MapLayer> layers_;
    int nextId_ = 1;
    int generation_ = 0;  // loads from a cleared document are dropped
    // Set when the document is cleared, so loads still reading a large file stop at once.
    std::shared_ptr<std::atomic<bool>> loadCancel_ = std::make_shared<std::atomic<bool>>(false);
};

[[nodiscard]] QString roleName(LayerRole role);
using render::labelCategories;

}  // namespace redline::viewer
