// SPDX-License-Identifier: MIT
// A layer's attributes as a table (FID, then the fields) and the proxy that sorts numbers as
// numbers and filters on any column. Rows are feature numbers of the layer.
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <memory>

#include "redline/render/vector_layer.hpp"

namespace redline::viewer {

class AttributeTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    static constexpr int kSortRole = Qt::UserRole + 1;
    explicit AttributeTableModel(std::shared_ptr<const render::VectorLayer> layer, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] const render::VectorLayer& layer() const { return *layer_; }

  private:
    std::shared_ptr<const render::VectorLayer> layer_;
};

// Sorts by AttributeTableModel::kSortRole; filters rows containing a text in any column.
class AttributeFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    explicit AttributeFilterProxy(QObject* parent = nullptr);
};

}  // namespace redline::viewer
