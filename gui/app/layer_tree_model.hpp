// SPDX-License-Identifier: MIT
// The layer panel's model: one row per layer, topmost first (the reverse of drawing order),
// checkable for visibility; a categorized layer's categories are its children, with their
// colour swatch and a check box each: the legend.
#pragma once

#include <QAbstractItemModel>
#include <QTimer>

#include "map_document.hpp"

namespace redline::viewer {

class LayerTreeModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    static constexpr int kLayerIdRole = Qt::UserRole + 1;
    static constexpr int kCategoryRole = Qt::UserRole + 2;  // -1 on layer rows

    explicit LayerTreeModel(MapDocument* document, QObject* parent = nullptr);

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex& child) const override;
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;

    // The layer shown at `row` (topmost is row 0).
    [[nodiscard]] int layerIdAt(int row) const;
    [[nodiscard]] QModelIndex indexOfLayer(int layerId) const;
    // Moves a layer one step up (towards the top of the list) or down.
    void moveUp(int layerId);
    void moveDown(int layerId);

  private:
    [[nodiscard]] const MapLayer* layerAtRow(int row) const;
    MapDocument* document_;
    QTimer loadTimer_;
};

}  // namespace redline::viewer
