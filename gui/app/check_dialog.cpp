// SPDX-License-Identifier: MIT
#include "check_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "redline/util/error.hpp"

namespace redline::viewer {

namespace {

QComboBox* fieldCombo(const QStringList& fields, QWidget* parent) {
    auto* c = new QComboBox(parent);
    c->addItem(QString());
    c->addItems(fields);
    return c;
}

bool sameSource(const io::SourceSpec& a, const io::SourceSpec& b) { return a.path == b.path && a.layer == b.layer; }

}  // namespace

CheckDialog::CheckDialog(const MapDocument& document, QWidget* parent)
    : QDialog(parent),
      document_(document),
      table_(new QTableWidget(this)),
      rules_(new QLineEdit(this)),
      minArea_(new QDoubleSpinBox(this)),
      error_(new QLabel(this)) {
    setWindowTitle(tr("Check conflicts"));
    table_->setColumnCount(ColumnCount);
    table_->setHorizontalHeaderLabels({tr("Layer"), tr("Role"), tr("Category / zone field"), tr("ID field"),
                                       tr("Name field"), tr("Zone name / fixed category")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();

    for (const auto& l : document.layers()) {
        if (l.derived || !l.data) continue;
        const int row = table_->rowCount();
        table_->insertRow(row);
        layerIds_.push_back(l.id);
        auto* name = new QTableWidgetItem(QString::fromStdString(l.spec.name));
        name->setFlags(Qt::ItemIsEnabled);
        name->setToolTip(QString::fromStdString(l.spec.source.label()));
        table_->setItem(row, LayerColumn, name);
        auto* role = new QComboBox(table_);
        role->addItem(tr("(not used)"), static_cast<int>(LayerRole::Layer));
        role->addItem(tr("subjects (sites checked)"), static_cast<int>(LayerRole::Subjects));
        role->addItem(tr("constraints (control zones)"), static_cast<int>(LayerRole::Constraints));
        role->addItem(tr("zones (reporting units)"), static_cast<int>(LayerRole::Zones));
        table_->setCellWidget(row, RoleColumn, role);
        const QStringList fields = l.data->fieldNames();
        table_->setCellWidget(row, KeyFieldColumn, fieldCombo(fields, table_));
        table_->setCellWidget(row, IdFieldColumn, fieldCombo(fields, table_));
        table_->setCellWidget(row, NameFieldColumn, fieldCombo(fields, table_));
        table_->setCellWidget(row, ExtraColumn, new QLineEdit(table_));

        // Prefill from the project's roles.
        const auto& p = document.project();
        if (sameSource(p.subjects.source, l.spec.source)) {
            setRow(row, LayerRole::Subjects, {}, QString::fromStdString(p.subjects.idField),
                   QString::fromStdString(p.subjects.nameField), {});
        }
        for (const auto& c : p.constraints) {
            if (sameSource(c.source, l.spec.source))
                setRow(row, LayerRole::Constraints, QString::fromStdString(c.categoryField),
                       QString::fromStdString(c.idField), QString::fromStdString(c.nameField),
                       QString::fromStdString(c.category));
        }
        for (const auto& z : p.zones) {
            if (sameSource(z.source, l.spec.source))
                setRow(row, LayerRole::Zones, QString::fromStdString(z.zoneField), {}, {},
                       QString::fromStdString(z.zoneName));
        }
    }
    table_->resizeColumnsToContents();

    rules_->setText(document.project().rules.source == "inline"
                        ? QString()
                        : QString::fromStdString(document.project().rules.source));
    rules_->setPlaceholderText(document.project().rules.source == "inline"
                                   ? tr("the rules written in the project file")
                                   : tr("no rules file: every overlap is a conflict to review"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Rules file"), rules_->text(), tr("Rules (*.json)"));
        if (!f.isEmpty()) rules_->setText(f);
    });
    minArea_->setRange(0, 1e9);
    minArea_->setDecimals(2);
    minArea_->setSuffix(QStringLiteral(" m²"));
    minArea_->setValue(document.project().minAreaM2);
    shownMinArea_ = minArea_->value();
    auto* rulesRow = new QHBoxLayout;
    rulesRow->addWidget(rules_);
    rulesRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Rules"), rulesRow);
    form->addRow(tr("Minimum overlap"), minArea_);
    error_->setStyleSheet(QStringLiteral("color: #a50f15"));
    error_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run check"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CheckDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Give each layer its role in the check:"), this));
    layout->addWidget(table_);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addWidget(buttons);
    resize(900, 420);
}

void CheckDialog::setRow(int row, LayerRole role, const QString& keyField, const QString& idField,
                         const QString& nameField, const QString& extra) {
    auto* roleBox = qobject_cast<QComboBox*>(table_->cellWidget(row, RoleColumn));
    roleBox->setCurrentIndex(roleBox->findData(static_cast<int>(role)));
    qobject_cast<QComboBox*>(table_->cellWidget(row, KeyFieldColumn))->setCurrentText(keyField);
    qobject_cast<QComboBox*>(table_->cellWidget(row, IdFieldColumn))->setCurrentText(idField);
    qobject_cast<QComboBox*>(table_->cellWidget(row, NameFieldColumn))->setCurrentText(nameField);
    qobject_cast<QLineEdit*>(table_->cellWidget(row, ExtraColumn))->setText(extra);
}

analysis::Project CheckDialog::project() const {
    const analysis::Project& original = document_.project();
    // A layer keeps everything the project says of it in that role (buffer_m, datum_transform,
    // encoding and CRS overrides, its JSON path); only what the dialog edits is replaced.
    const auto originalSpec = [&](LayerRole role, const io::SourceSpec& source) {
        const analysis::LayerSpec* found = nullptr;
        if (role == LayerRole::Subjects && sameSource(original.subjects.source, source)) found = &original.subjects;
        for (const auto& c : original.constraints)
            if (role == LayerRole::Constraints && sameSource(c.source, source)) found = &c;
        for (const auto& z : original.zones)
            if (role == LayerRole::Zones && sameSource(z.source, source)) found = &z;
        analysis::LayerSpec spec;
        if (found) {
            spec = *found;
        } else {
            spec.source = source;
        }
        return spec;
    };
    analysis::Project p = original;
    p.subjects = {};
    p.constraints.clear();
    p.zones.clear();
    for (int row = 0; row < table_->rowCount(); ++row) {
        const MapLayer* layer = document_.layer(layerIds_[static_cast<std::size_t>(row)]);
        if (!layer) continue;
        const auto role = static_cast<LayerRole>(
            qobject_cast<QComboBox*>(table_->cellWidget(row, RoleColumn))->currentData().toInt());
        const auto text = [&](int column) {
            if (auto* c = qobject_cast<QComboBox*>(table_->cellWidget(row, column)))
                return c->currentText().toStdString();
            return qobject_cast<QLineEdit*>(table_->cellWidget(row, column))->text().trimmed().toStdString();
        };
        analysis::LayerSpec spec = originalSpec(role, layer->spec.source);
        spec.idField = text(IdFieldColumn);
        spec.nameField = text(NameFieldColumn);
        const std::string label = layer->spec.name;
        switch (role) {
            case LayerRole::Subjects:
                if (!p.subjects.source.path.empty())
                    throw ProjectFileError(
                        tr("only one layer can be the subjects (%1 and %2)")
                            .arg(QString::fromStdString(p.subjects.source.label()), QString::fromStdString(label))
                            .toStdString());
                if (spec.jsonPath.empty()) spec.jsonPath = "$.subjects";
                p.subjects = spec;
                break;
            case LayerRole::Constraints:
                spec.categoryField = text(KeyFieldColumn);
                spec.category = spec.categoryField.empty() ? text(ExtraColumn) : std::string();
                if (spec.categoryField.empty() && spec.category.empty())
                    throw ProjectFileError(tr("%1: choose its category field or type one fixed category")
                                               .arg(QString::fromStdString(label))
                                               .toStdString());
                if (spec.jsonPath.empty()) spec.jsonPath = "$.constraints";
                p.constraints.push_back(spec);
                break;
            case LayerRole::Zones:
                spec.zoneField = text(KeyFieldColumn);
                spec.zoneName = text(ExtraColumn).empty() ? label : text(ExtraColumn);
                if (spec.zoneField.empty())
                    throw ProjectFileError(tr("%1: choose the field that names its zones")
                                               .arg(QString::fromStdString(label))
                                               .toStdString());
                if (spec.jsonPath.empty()) spec.jsonPath = "$.zones";
                p.zones.push_back(spec);
                break;
            default:
                break;
        }
    }
    if (p.subjects.source.path.empty())
        throw ProjectFileError(tr("choose the layer of sites to check (role: subjects)").toStdString());
    if (p.constraints.empty()) throw ProjectFileError(tr("choose at least one constraints layer").toStdString());
    const std::string rules = rules_->text().trimmed().toStdString();
    // An empty box keeps rules written inline in the project (they have no file to show); it
    // dropped them, and every overlap became a conflict to review.
    if (rules.empty() && p.rules.source != "inline")
        p.rules = analysis::Rules{};
    else if (!rules.empty() && rules != p.rules.source)
        p.rules = analysis::loadRules(rules);
    // The box shows two decimals: a project's 0.001 m² stays 0.001 unless the box is edited.
    if (minArea_->value() != shownMinArea_) p.minAreaM2 = minArea_->value();
    return p;
}

void CheckDialog::accept() {
    try {
        (void)project();
        QDialog::accept();
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
    }
}

}  // namespace redline::viewer
