// SPDX-License-Identifier: MIT
// Sets up the conflict check from the layers on the map: which layer is the subjects, which
// are constraints (with their category field or one fixed category) and which are zones (with
// their field and name), the rules file and the minimum overlap. Prefilled from the project.
#pragma once

#include <QDialog>

#include "map_document.hpp"

class QTableWidget;
class QLineEdit;
class QDoubleSpinBox;
class QLabel;

namespace redline::viewer {

class CheckDialog : public QDialog {
    Q_OBJECT
  public:
    CheckDialog(const MapDocument& document, QWidget* parent = nullptr);
    // The project to check: the document's project with roles, rules and minimum area from the
    // dialog. Throws ProjectFileError naming what is missing.
    [[nodiscard]] analysis::Project project() const;

    enum Column { LayerColumn, RoleColumn, KeyFieldColumn, IdFieldColumn, NameFieldColumn, ExtraColumn, ColumnCount };
    [[nodiscard]] QTableWidget* table() const { return table_; }
    // Sets a row's role and fields (used by tests and by the prefill).
    void setRow(int row, LayerRole role, const QString& keyField, const QString& idField, const QString& nameField,
                const QString& extra);

  private:
    void accept() override;
    const MapDocument& document_;
    std::vector<int> layerIds_;
    QTableWidget* table_;
    QLineEdit* rules_;
    QDoubleSpinBox* minArea_;
    double shownMinArea_ = 0;  // the project's minimum as the box rounds it, to tell an edit
    QLabel* error_;
};

}  // namespace redline::viewer
