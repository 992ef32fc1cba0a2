// SPDX-License-Identifier: MIT
#include "style_dialog.hpp"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "redline/render/styled_layer.hpp"

namespace redline::viewer {

StyleDialog::StyleDialog(const render::VectorLayer& layer, render::LayerStyle style, QWidget* parent)
    : QDialog(parent), layer_(layer), style_(std::move(style)) {
    setWindowTitle(tr("Style of %1").arg(layer.name()));
    kind_ = new QComboBox(this);
    kind_->addItems({tr("Single colour"), tr("Categorized")});
    field_ = new QComboBox(this);
    field_->addItems(layer.fieldNames());
    fill_ = new QPushButton(this);
    stroke_ = new QPushButton(this);
    width_ = new QDoubleSpinBox(this);
    width_->setRange(0, 5);
    width_->setSingleStep(0.1);
    width_->setSuffix(QStringLiteral(" mm"));
    opacity_ = new QSpinBox(this);
    opacity_->setRange(0, 100);
    opacity_->setSuffix(QStringLiteral(" %"));
    label_ = new QComboBox(this);
    label_->addItem(tr("(no labels)"));
    label_->addItems(layer.fieldNames());
    labelSize_ = new QDoubleSpinBox(this);
    labelSize_->setRange(4, 48);
    labelSize_->setSuffix(QStringLiteral(" pt"));
    categories_ = new QTableWidget(0, 2, this);
    categories_->setHorizontalHeaderLabels({tr("Value"), tr("Colour")});
    categories_->horizontalHeader()->setStretchLastSection(true);
    categories_->setEditTriggers(QAbstractItemView::NoEditTriggers);

    kind_->setCurrentIndex(style_.kind == render::LayerStyle::Kind::Categorized ? 1 : 0);
    if (!style_.categoryField.empty()) field_->setCurrentText(QString::fromStdString(style_.categoryField));
    setButtonColor(fill_, render::toQColor(style_.fill));
    setButtonColor(stroke_, render::toQColor(style_.stroke));
    width_->setValue(style_.strokeWidthMm);
    opacity_->setValue(static_cast<int>(std::lround(style_.opacity * 100)));
    if (!style_.labelField.empty()) label_->setCurrentText(QString::fromStdString(style_.labelField));
    labelSize_->setValue(style_.labelSizePt);
    fillCategories();

    auto pickColor = [this](QPushButton* b) {
        const QColor c = QColorDialog::getColor(b->property("color").value<QColor>(), this, QString(),
                                                QColorDialog::ShowAlphaChannel);
        if (c.isValid()) setButtonColor(b, c);
    };
    connect(fill_, &QPushButton::clicked, this, [this, pickColor] { pickColor(fill_); });
    connect(stroke_, &QPushButton::clicked, this, [this, pickColor] { pickColor(stroke_); });
    connect(kind_, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i == 1 && style_.categories.empty())
            style_ = [&] {
                auto s = render::categorizedStyleFor(layer_, field_->currentText());
                s.stroke = style_.stroke;
                s.strokeWidthMm = style_.strokeWidthMm;
                s.opacity = style_.opacity;
                s.labelField = style_.labelField;
                return s;
            }();
        fillCategories();
    });
    connect(field_, &QComboBox::currentTextChanged, this, [this](const QString& f) {
        const auto fresh = render::categorizedStyleFor(layer_, f);
        style_.categoryField = fresh.categoryField;
        style_.categories = fresh.categories;
        fillCategories();
    });
    connect(categories_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        auto& c = style_.categories[static_cast<std::size_t>(row)];
        const QColor color = QColorDialog::getColor(render::toQColor(c.fill), this);
        if (!color.isValid()) return;
        c.fill = render::toRgba(color);
        fillCategories();
    });

    auto* form = new QFormLayout;
    form->addRow(tr("Symbology"), kind_);
    form->addRow(tr("Category field"), field_);
    form->addRow(tr("Fill"), fill_);
    form->addRow(tr("Outline"), stroke_);
    form->addRow(tr("Outline width"), width_);
    form->addRow(tr("Opacity"), opacity_);
    form->addRow(tr("Labels"), label_);
    form->addRow(tr("Label size"), labelSize_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(categories_);
    layout->addWidget(buttons);
    resize(420, 520);
}

void StyleDialog::setButtonColor(QPushButton* button, const QColor& color) {
    button->setProperty("color", color);
    button->setText(color.name(color.alpha() < 255 ? QColor::HexArgb : QColor::HexRgb));
    button->setStyleSheet(
        QStringLiteral("background-color: %1; color: %2")
            .arg(color.name(), color.lightness() < 128 ? QStringLiteral("white") : QStringLiteral("black")));
}

void StyleDialog::fillCategories() {
    const bool categorized = kind_->currentIndex() == 1;
    field_->setEnabled(categorized);
    fill_->setEnabled(!categorized);
    categories_->setEnabled(categorized);
    categories_->setRowCount(categorized ? static_cast<int>(style_.categories.size()) : 0);
    if (!categorized) return;
    for (int r = 0; r < categories_->rowCount(); ++r) {
        const auto& c = style_.categories[static_cast<std::size_t>(r)];
        categories_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(c.label.empty() ? c.value : c.label)));
        auto* swatch = new QTableWidgetItem(render::colorName(c.fill).c_str());
        swatch->setBackground(render::toQColor(c.fill));
        categories_->setItem(r, 1, swatch);
    }
}

render::LayerStyle StyleDialog::style() const {
    render::LayerStyle s = style_;
    s.kind = kind_->currentIndex() == 1 ? render::LayerStyle::Kind::Categorized : render::LayerStyle::Kind::Single;
    if (s.kind == render::LayerStyle::Kind::Single) s.categoryField.clear();
    s.fill = render::toRgba(fill_->property("color").value<QColor>());
    s.stroke = render::toRgba(stroke_->property("color").value<QColor>());
    s.strokeWidthMm = width_->value();
    s.opacity = opacity_->value() / 100.0;
    s.labelField = label_->currentIndex() == 0 ? std::string() : label_->currentText().toStdString();
    s.labelSizePt = labelSize_->value();
    return s;
}

}  // namespace redline::viewer
