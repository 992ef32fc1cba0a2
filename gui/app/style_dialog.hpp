// SPDX-License-Identifier: MIT
// Edits a layer's symbology: single colour or categorized by a field (conventional planning
// colours for redline categories), outline colour and width, opacity, labels from a field.
#pragma once

#include <QDialog>

#include "redline/render/map_spec.hpp"
#include "redline/render/vector_layer.hpp"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QTableWidget;
class QPushButton;

namespace redline::viewer {

class StyleDialog : public QDialog {
    Q_OBJECT
  public:
    StyleDialog(const render::VectorLayer& layer, render::LayerStyle style, QWidget* parent = nullptr);
    [[nodiscard]] render::LayerStyle style() const;

  private:
    void fillCategories();
    void setButtonColor(QPushButton* button, const QColor& color);

    const render::VectorLayer& layer_;
    render::LayerStyle style_;
    QComboBox* kind_;
    QComboBox* field_;
    QPushButton* fill_;
    QPushButton* stroke_;
    QDoubleSpinBox* width_;
    QSpinBox* opacity_;
    QComboBox* label_;
    QDoubleSpinBox* labelSize_;
    QTableWidget* categories_;
};

}  // namespace redline::viewer
