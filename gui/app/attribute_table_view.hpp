// SPDX-License-Identifier: MIT
// A layer's attribute table with a filter box; its selection and the map's are one (selecting
// rows selects the features on the map, identify or zoom selects rows here).
#pragma once

#include <QWidget>

#include "map_document.hpp"

class QTableView;
class QLineEdit;
class QLabel;

namespace redline::viewer {

class AttributeTableModel;
class AttributeFilterProxy;

class AttributeTableView : public QWidget {
    Q_OBJECT
  public:
    AttributeTableView(MapDocument* document, int layerId, QWidget* parent = nullptr);
    [[nodiscard]] int layerId() const { return layerId_; }
    [[nodiscard]] QTableView* table() const { return table_; }
    [[nodiscard]] AttributeFilterProxy* proxy() const { return proxy_; }

  signals:
    void zoomToSelectionRequested();

  private:
    void pushSelection();
    void pullSelection();
    MapDocument* document_;
    int layerId_;
    AttributeTableModel* model_ = nullptr;
    AttributeFilterProxy* proxy_ = nullptr;
    QTableView* table_;
    QLineEdit* filter_;
    QLabel* count_;
    bool syncing_ = false;
};

}  // namespace redline::viewer
