// SPDX-License-Identifier: MIT
#include "attribute_table_view.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "attribute_table_model.hpp"

namespace redline::viewer {

AttributeTableView::AttributeTableView(MapDocument* document, int layerId, QWidget* parent)
    : QWidget(parent),
      document_(document),
      layerId_(layerId),
      table_(new QTableView(this)),
      filter_(new QLineEdit(this)),
      count_(new QLabel(this)) {
    const MapLayer* layer = document_->layer(layerId);
    if (layer && layer->data) {
        model_ = new AttributeTableModel(layer->data, this);
        proxy_ = new AttributeFilterProxy(this);
        proxy_->setSourceModel(model_);
        table_->setModel(proxy_);
    }
    table_->setSortingEnabled(true);
    table_->sortByColumn(0, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(20);
    filter_->setPlaceholderText(tr("Filter: text in any column"));
    filter_->setClearButtonEnabled(true);
    auto* zoom = new QPushButton(tr("Zoom to selection"), this);
    connect(zoom, &QPushButton::clicked, this, &AttributeTableView::zoomToSelectionRequested);
    auto updateCount = [this] {
        if (proxy_) count_->setText(tr("%1 of %2 features").arg(proxy_->rowCount()).arg(model_->rowCount()));
    };
    connect(filter_, &QLineEdit::textChanged, this, [this, updateCount](const QString& text) {
        if (proxy_) proxy_->setFilterFixedString(text);
        updateCount();
    });
    if (table_->selectionModel()) {
        connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &AttributeTableView::pushSelection);
    }
    connect(document_, &MapDocument::selectionChanged, this, [this](int id) {
        if (id == layerId_) pullSelection();
    });
    auto* top = new QHBoxLayout;
    top->addWidget(filter_);
    top->addWidget(count_);
    top->addWidget(zoom);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(table_);
    updateCount();
    pullSelection();
}

void AttributeTableView::pushSelection() {
    if (syncing_ || !proxy_) return;
    std::set<std::uint32_t> features;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
        features.insert(static_cast<std::uint32_t>(proxy_->mapToSource(i).row()));
    syncing_ = true;
    document_->setSelection(layerId_, std::move(features));
    syncing_ = false;
}

void AttributeTableView::pullSelection() {
    if (syncing_ || !proxy_) return;
    const MapLayer* layer = document_->layer(layerId_);
    if (!layer) return;
    syncing_ = true;
    QItemSelection selection;
    for (auto f : layer->selection) {
        const QModelIndex i = proxy_->mapFromSource(model_->index(static_cast<int>(f), 0));
        if (i.isValid()) selection.select(i, i);
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty()) table_->scrollTo(selection.indexes().first());
    syncing_ = false;
}

}  // namespace redline::viewer
