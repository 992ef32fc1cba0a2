// SPDX-License-Identifier: MIT
#include "layer_tree_model.hpp"

#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace redline::viewer {

namespace {

// Internal id of an index: 0 for layer rows, layer row + 1 for category rows.
constexpr quintptr kLayerRow = 0;

QIcon swatch(const QColor& fill, const QColor& stroke) {
    QPixmap pm(16, 16);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setPen(QPen(stroke, 1));
    p.setBrush(fill);
    p.drawRect(1, 1, 13, 13);
    return QIcon(pm);
}

}  // namespace

LayerTreeModel::LayerTreeModel(MapDocument* document, QObject* parent)
    : QAbstractItemModel(parent), document_(document) {
    connect(document_, &MapDocument::layersChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(document_, &MapDocument::appearanceChanged, this, [this] {
        if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, 0));
    });
    // The loading layers' percentages, polled: the reading threads only store a number.
    loadTimer_.setInterval(100);
    connect(&loadTimer_, &QTimer::timeout, this, [this] {
        if (!document_->loading()) {
            loadTimer_.stop();
        } else if (rowCount() > 0) {
            emit dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::DisplayRole});
        }
    });
    connect(document_, &MapDocument::layersChanged, this, [this] {
        if (document_->loading() && !loadTimer_.isActive()) loadTimer_.start();
    });
}

const MapLayer* LayerTreeModel::layerAtRow(int row) const {
    const auto& layers = document_->layers();
    const int n = static_cast<int>(layers.size());
    if (row < 0 || row >= n) return nullptr;
    return &layers[static_cast<std::size_t>(n - 1 - row)];
}

int LayerTreeModel::layerIdAt(int row) const {
    const auto* l = layerAtRow(row);
    return l ? l->id : -1;
}

QModelIndex LayerTreeModel::indexOfLayer(int layerId) const {
    for (int r = 0; r < rowCount(); ++r)
        if (layerIdAt(r) == layerId) return index(r, 0);
    return {};
}

QModelIndex LayerTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (column != 0 || row < 0) return {};
    if (!parent.isValid()) return row < rowCount() ? createIndex(row, 0, kLayerRow) : QModelIndex();
    if (parent.internalId() != kLayerRow) return {};
    return row < rowCount(parent) ? createIndex(row, 0, static_cast<quintptr>(parent.row() + 1)) : QModelIndex();
}

QModelIndex LayerTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kLayerRow) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kLayerRow);
}

int LayerTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(document_->layers().size());
    if (parent.internalId() != kLayerRow) return 0;
    const auto* l = layerAtRow(parent.row());
    if (!l || l->spec.style.kind != render::LayerStyle::Kind::Categorized) return 0;
    return static_cast<int>(l->spec.style.categories.size());
}

int LayerTreeModel::columnCount(const QModelIndex&) const { return 1; }

QVariant LayerTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const bool isLayer = index.internalId() == kLayerRow;
    const auto* l = layerAtRow(isLayer ? index.row() : static_cast<int>(index.internalId() - 1));
    if (!l) return {};
    const auto& style = l->spec.style;
    if (role == kLayerIdRole) return l->id;
    if (role == kCategoryRole) return isLayer ? -1 : index.row();
    if (isLayer) {
        switch (role) {
            case Qt::DisplayRole: {
                QString text = QString::fromStdString(l->spec.name);
                // Some drivers (GeoJSON) read the whole file on opening: no percentage before.
                if (l->loading && l->loadPercent->load() > 0)
                    text += QStringLiteral(" ") + tr("(loading… %1%)").arg(l->loadPercent->load());
                else if (l->loading)
                    text += QStringLiteral(" ") + tr("(loading…)");
                else if (l->data)
                    text += QStringLiteral(" [%1]").arg(l->data->featureCount());
                return text;
            }
            case Qt::CheckStateRole:
                return l->spec.visible ? Qt::Checked : Qt::Unchecked;
            case Qt::DecorationRole:
                if (style.kind == render::LayerStyle::Kind::Categorized) return {};
                return swatch(render::toQColor(style.fill), render::toQColor(style.stroke));
            case Qt::ToolTipRole:
                return tr("%1\nrole: %2\nCRS: %3")
                    .arg(QString::fromStdString(l->spec.source.label()), roleName(l->role),
                         l->data ? l->data->crsLabel() : QString());
            default:
                return {};
        }
    }
    const auto& c = style.categories[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            return QString::fromStdString(c.label.empty() ? (c.value.empty() ? std::string("(empty)") : c.value)
                                                          : c.label);
        case Qt::CheckStateRole:
            return c.visible ? Qt::Checked : Qt::Unchecked;
        case Qt::DecorationRole:
            return swatch(render::toQColor(c.fill), render::toQColor(style.stroke));
        default:
            return {};
    }
}

bool LayerTreeModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::CheckStateRole) return false;
    const bool on = value.toInt() == Qt::Checked;
    if (index.internalId() == kLayerRow) {
        document_->setVisible(layerIdAt(index.row()), on);
    } else {
        document_->setCategoryVisible(layerIdAt(static_cast<int>(index.internalId() - 1)), index.row(), on);
    }
    emit dataChanged(index, index, {Qt::CheckStateRole});
    return true;
}

Qt::ItemFlags LayerTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
}

void LayerTreeModel::moveUp(int layerId) {
    const int i = document_->indexOf(layerId);
    if (i >= 0) document_->moveLayer(layerId, i + 1);
}

void LayerTreeModel::moveDown(int layerId) {
    const int i = document_->indexOf(layerId);
    if (i > 0) document_->moveLayer(layerId, i - 1);
}

}  // namespace redline::viewer
