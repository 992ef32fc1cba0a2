// SPDX-License-Identifier: MIT
// File → Export: the conflict map (PDF, PNG, SVG; optionally an atlas) or the report (HTML,
// PDF, XLSX) of the open project, with a live preview of the first page. The same drawing and
// report code as `redline map` / `redline report`: the project (with the viewer's styles) is
// checked once on a worker thread when the dialog opens, then each option change redraws the
// preview, and Export writes the file on a worker thread with progress and Cancel.
#pragma once

#include <QDialog>
#include <QImage>
#include <cstddef>
#include <memory>
#include <optional>

#include "redline/analysis/project.hpp"
#include "redline/render/box_index.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace redline::render {
struct ProjectRun;
}

namespace redline::viewer {

class ExportDialog : public QDialog {
    Q_OBJECT
  public:
    enum class Kind { Map, Report };
    // `view`: the map's current view (for "current view"); `language`: "zh_CN" or "en".
    ExportDialog(analysis::Project project, std::optional<render::Box> view, const QString& language,
                 QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setKind(Kind kind);
    void setAtlas(bool atlas);
    // How many subjects in conflict the report details (render::ReportRequest::subjectPages).
    void setSubjectPages(std::size_t pages);
    // Writes `file` (format by extension) in the background; emits exported() or failed().
    void exportTo(const QString& file);
    [[nodiscard]] const QImage& preview() const { return preview_; }
    [[nodiscard]] bool isPrepared() const { return run_ != nullptr; }

  signals:
    void prepared();
    void previewUpdated();
    void exported(const QString& file);
    void failed(const QString& message);

  private:
    void prepare();
    void updatePreview();
    void chooseFile();
    void updateEnabled();

    analysis::Project project_;
    std::optional<render::Box> view_;
    std::shared_ptr<render::ProjectRun> run_;
    QImage preview_;
    QComboBox *kind_, *pageSize_, *extent_, *language_;
    QCheckBox *landscape_, *atlas_, *boundaryPoints_, *allSubjectPages_;
    QLineEdit* title_;
    QSpinBox *dpi_, *subjectPages_;
    QLabel* previewLabel_;
    QPushButton* exportButton_;
};

}  // namespace redline::viewer
