// SPDX-License-Identifier: MIT
#include "conflicts_model.hpp"

#include <QColor>
#include <QLocale>
#include <algorithm>

#include "redline/util/area_units.hpp"

namespace redline::viewer {

QString severityText(analysis::Severity s) {
    switch (s) {
        case analysis::Severity::Prohibited:
            return ConflictsModel::tr("prohibited");
        case analysis::Severity::Restricted:
            return ConflictsModel::tr("restricted");
        case analysis::Severity::Review:
            return ConflictsModel::tr("review");
        case analysis::Severity::Info:
            return ConflictsModel::tr("info");
    }
    return {};
}

QColor severityColor(analysis::Severity s) {
    switch (s) {
        case analysis::Severity::Prohibited:
            return {165, 15, 21};
        case analysis::Severity::Restricted:
            return {230, 85, 13};
        case analysis::Severity::Review:
            return {204, 153, 0};
        case analysis::Severity::Info:
            return {90, 90, 90};
    }
    return {};
}

namespace {
// Above every severity, so that sorting by severity keeps the subjects not checked on top.
constexpr int kErrorSortKey = 100;
}  // namespace

QVariant ConflictsModel::errorRowData(const ConflictRow& r, int column, int role) const {
    if (role == kSortRole && column == Severity) return kErrorSortKey;
    if (role == kSortRole) role = Qt::DisplayRole;
    if (role == Qt::DisplayRole) {
        switch (column) {
            case Severity:
                return tr("not checked");
            case Subject:
                return r.subjectId;
            case Name:
                return r.subjectName;
            case Notes:
                return r.notes;
            default:
                return {};
        }
    }
    if (role == Qt::ForegroundRole && column == Severity) return QColor(90, 90, 90);
    if (role == Qt::ToolTipRole) return r.notes;
    return {};
}

ConflictsModel::ConflictsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ConflictsModel::setRows(std::vector<ConflictRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

void ConflictsModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ConflictsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int ConflictsModel::overlapCount() const {
    return static_cast<int>(
        std::count_if(rows_.begin(), rows_.end(), [](const ConflictRow& r) { return r.feature != kNoFeature; }));
}

int ConflictsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConflictsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const auto& r = rows_[static_cast<std::size_t>(index.row())];
    if (role == kFeatureRole) return r.feature == kNoFeature ? QVariant() : QVariant(r.feature);
    if (r.error) return errorRowData(r, index.column(), role);
    if (role == kSortRole) {
        switch (index.column()) {
            case Severity:
                return static_cast<int>(r.severity);
            case Hectares:
            case Mu:
                return r.areaM2;
            case PercentOfSite:
                return r.percentOfSite();
            default:
                break;
        }
        role = Qt::DisplayRole;
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Severity:
                return severityText(r.severity);
            case Subject:
                return r.subjectId;
            case Name:
                return r.subjectName;
            case Category:
                return r.categoryLabel;
            case Hectares:
                return formatHectares(r.areaM2);
            case Mu:
                return formatMu(r.areaM2);
            case PercentOfSite:
                return QLocale().toString(r.percentOfSite(), 'f', 1);
            case Zones:
                return r.zones;
            case Features:
                return r.features;
            case Notes:
                return r.notes;
            default:
                return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Severity) return severityColor(r.severity);
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Hectares || index.column() == Mu || index.column() == PercentOfSite))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) return tr("%1 m² (ellipsoidal)").arg(QLocale().toString(r.areaM2, 'f', 2));
    return {};
}

QVariant ConflictsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
        case Severity:
            return tr("Severity");
        case Subject:
            return tr("Site");
        case Name:
            return tr("Name");
        case Category:
            return tr("Category");
        case Hectares:
            return tr("Area (ha)");
        case Mu:
            return tr("Area (亩)");
        case PercentOfSite:
            return tr("% of site");
        case Zones:
            return tr("Zones");
        case Features:
            return tr("Constraint features");
        case Notes:
            return tr("Notes");
        default:
            return {};
    }
}

}  // namespace redline::viewer
