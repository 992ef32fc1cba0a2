// SPDX-License-Identifier: MIT
// The conflicts panel's table: one row per counted overlap, most severe first, after a row for
// each subject that could not be checked; ha and 亩 from the exact ellipsoidal m². kFeatureRole
// gives the row's feature in the conflicts layer (none for a subject not checked or a conflict
// by a buffer rule, which overlaps nothing).
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "check_outcome.hpp"

namespace redline::viewer {

class ConflictsModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Severity, Subject, Name, Category, Hectares, Mu, PercentOfSite, Zones, Features, Notes, ColumnCount };
    static constexpr int kFeatureRole = Qt::UserRole + 1;
    static constexpr int kSortRole = Qt::UserRole + 2;

    explicit ConflictsModel(QObject* parent = nullptr);
    void setRows(std::vector<ConflictRow> rows);
    [[nodiscard]] const std::vector<ConflictRow>& rows() const { return rows_; }
    // Rows that are overlaps (not subjects that could not be checked, nor conflicts by a buffer).
    [[nodiscard]] int overlapCount() const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void retranslate();

  private:
    [[nodiscard]] QVariant errorRowData(const ConflictRow& r, int column, int role) const;
    std::vector<ConflictRow> rows_;
};

[[nodiscard]] QString severityText(analysis::Severity s);
[[nodiscard]] QColor severityColor(analysis::Severity s);

}  // namespace redline::viewer
