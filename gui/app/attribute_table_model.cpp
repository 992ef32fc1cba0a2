// SPDX-License-Identifier: MIT
#include "attribute_table_model.hpp"

namespace redline::viewer {

AttributeTableModel::AttributeTableModel(std::shared_ptr<const render::VectorLayer> layer, QObject* parent)
    : QAbstractTableModel(parent), layer_(std::move(layer)) {}

int AttributeTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(layer_->featureCount());
}

int AttributeTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(layer_->fieldNames().size()) + 1;
}

QVariant AttributeTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const auto f = static_cast<std::size_t>(index.row());
    if (index.column() == 0) {
        if (role == Qt::DisplayRole || role == kSortRole) return QVariant::fromValue<qlonglong>(layer_->fid(f));
        return {};
    }
    const QString text = layer_->attribute(f, index.column() - 1);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) return text;
    if (role == kSortRole) {
        // Numbers sort as numbers; text after them in its own order.
        bool ok = false;
        const double v = text.toDouble(&ok);
        return ok ? QVariant(v) : QVariant(text);
    }
    if (role == Qt::TextAlignmentRole) {
        bool ok = false;
        (void)text.toDouble(&ok);
        return ok ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    return {};
}

QVariant AttributeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    return section == 0 ? QStringLiteral("FID") : layer_->fieldNames().value(section - 1);
}

AttributeFilterProxy::AttributeFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(AttributeTableModel::kSortRole);
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

}  // namespace redline::viewer
