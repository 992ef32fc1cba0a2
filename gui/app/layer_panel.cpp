// SPDX-License-Identifier: MIT
#include "layer_panel.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace redline::viewer {

LayerPanel::LayerPanel(MapDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), model_(new LayerTreeModel(document, this)), view_(new QTreeView(this)) {
    view_->setModel(model_);
    view_->setHeaderHidden(true);
    view_->setObjectName(QStringLiteral("layerTree"));
    view_->setExpandsOnDoubleClick(false);
    connect(model_, &QAbstractItemModel::modelReset, view_, &QTreeView::expandAll);
    connect(view_, &QTreeView::doubleClicked, this,
            [this](const QModelIndex& i) { emit styleRequested(i.data(LayerTreeModel::kLayerIdRole).toInt()); });

    auto button = [this](QStyle::StandardPixmap icon) {
        auto* b = new QToolButton(this);
        b->setIcon(style()->standardIcon(icon));
        b->setAutoRaise(true);
        return b;
    };
    up_ = button(QStyle::SP_ArrowUp);
    down_ = button(QStyle::SP_ArrowDown);
    remove_ = button(QStyle::SP_TrashIcon);
    style_ = new QToolButton(this);
    zoom_ = new QToolButton(this);
    table_ = new QToolButton(this);
    connect(up_, &QToolButton::clicked, this, [this] {
        const int id = currentLayerId();
        model_->moveUp(id);
        view_->setCurrentIndex(model_->indexOfLayer(id));
    });
    connect(down_, &QToolButton::clicked, this, [this] {
        const int id = currentLayerId();
        model_->moveDown(id);
        view_->setCurrentIndex(model_->indexOfLayer(id));
    });
    connect(remove_, &QToolButton::clicked, this, [this] { document_->removeLayer(currentLayerId()); });
    connect(style_, &QToolButton::clicked, this, [this] { emit styleRequested(currentLayerId()); });
    connect(zoom_, &QToolButton::clicked, this, [this] { emit zoomRequested(currentLayerId()); });
    connect(table_, &QToolButton::clicked, this, [this] { emit tableRequested(currentLayerId()); });

    auto* buttons = new QHBoxLayout;
    for (auto* b : {up_, down_, remove_, style_, zoom_, table_}) buttons->addWidget(b);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(buttons);
    layout->addWidget(view_);
    retranslate();
}

void LayerPanel::retranslate() {
    up_->setToolTip(tr("Move up"));
    down_->setToolTip(tr("Move down"));
    remove_->setToolTip(tr("Remove layer"));
    style_->setText(tr("Style…"));
    zoom_->setText(tr("Zoom"));
    zoom_->setToolTip(tr("Zoom to layer"));
    table_->setText(tr("Table"));
    table_->setToolTip(tr("Open attribute table"));
}

int LayerPanel::currentLayerId() const {
    const QModelIndex i = view_->currentIndex();
    return i.isValid() ? i.data(LayerTreeModel::kLayerIdRole).toInt() : -1;
}

}  // namespace redline::viewer
