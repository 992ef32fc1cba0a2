// SPDX-License-Identifier: MIT
// The layer panel: the layer tree with legend, and buttons to reorder, remove, restyle, zoom
// to a layer and open its attribute table.
#pragma once

#include <QWidget>

#include "layer_tree_model.hpp"

class QTreeView;
class QToolButton;

namespace redline::viewer {

class LayerPanel : public QWidget {
    Q_OBJECT
  public:
    LayerPanel(MapDocument* document, QWidget* parent = nullptr);
    [[nodiscard]] int currentLayerId() const;
    [[nodiscard]] LayerTreeModel* model() const { return model_; }
    void retranslate();

  signals:
    void styleRequested(int layerId);
    void zoomRequested(int layerId);
    void tableRequested(int layerId);

  private:
    MapDocument* document_;
    LayerTreeModel* model_;
    QTreeView* view_;
    QToolButton *up_, *down_, *remove_, *style_, *zoom_, *table_;
};

}  // namespace redline::viewer
