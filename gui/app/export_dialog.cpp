// SPDX-License-Identifier: MIT
#include "export_dialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>

#include "background_task.hpp"
#include "file_suffix.hpp"
#include "redline/render/map_export.hpp"
#include "redline/render/map_pages.hpp"
#include "redline/render/project_run.hpp"
#include "redline/render/report_builder.hpp"

namespace redline::viewer {

namespace {
constexpr double kPreviewDpi = 45;
}

ExportDialog::ExportDialog(analysis::Project project, std::optional<render::Box> view, const QString& language,
                           QWidget* parent)
    : QDialog(parent), project_(std::move(project)), view_(view) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export map or report"));
    kind_ = new QComboBox(this);
    kind_->addItem(tr("Conflict map (PDF, PNG, SVG)"));
    kind_->addItem(tr("Report (HTML, PDF, XLSX)"));
    pageSize_ = new QComboBox(this);
    pageSize_->addItems(
        {QStringLiteral("A4"), QStringLiteral("A3"), QStringLiteral("A2"), QStringLiteral("A1"), QStringLiteral("A0")});
    landscape_ = new QCheckBox(tr("Landscape"), this);
    landscape_->setChecked(true);
    title_ = new QLineEdit(this);
    title_->setPlaceholderText(QString::fromStdString(project_.name));
    extent_ = new QComboBox(this);
    extent_->addItem(tr("Whole project"), QStringLiteral("all"));
    extent_->addItem(tr("Conflicts"), QStringLiteral("conflicts"));
    if (view_) extent_->addItem(tr("Current view"), QStringLiteral("view"));
    atlas_ = new QCheckBox(tr("A page per site in conflict (atlas)"), this);
    boundaryPoints_ = new QCheckBox(tr("Boundary point (界址点) tables"), this);
    // A province's check has thousands of subjects in conflict; a section with a map for each
    // would take hours and gigabytes, so the report details the most severe by default.
    subjectPages_ = new QSpinBox(this);
    subjectPages_->setObjectName(QStringLiteral("subjectPages"));
    subjectPages_->setRange(0, 100000);
    subjectPages_->setValue(static_cast<int>(render::kDefaultSubjectPages));
    subjectPages_->setSpecialValueText(tr("none"));
    subjectPages_->setToolTip(
        tr("The subjects with the most severe and largest conflicts get a section with their "
           "own map; all of them are in the report's table."));
    allSubjectPages_ = new QCheckBox(tr("A section for every subject in conflict"), this);
    dpi_ = new QSpinBox(this);
    dpi_->setRange(50, 600);
    dpi_->setValue(200);
    dpi_->setSuffix(QStringLiteral(" dpi"));
    language_ = new QComboBox(this);
    language_->addItem(QStringLiteral("中文"), QStringLiteral("zh_CN"));
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->setCurrentIndex(language.startsWith(QLatin1String("zh")) ? 0 : 1);

    auto* form = new QFormLayout;
    form->addRow(tr("Export"), kind_);
    form->addRow(tr("Paper"), pageSize_);
    form->addRow(QString(), landscape_);
    form->addRow(tr("Title"), title_);
    form->addRow(tr("Extent"), extent_);
    form->addRow(QString(), atlas_);
    form->addRow(QString(), boundaryPoints_);
    form->addRow(tr("Subjects detailed"), subjectPages_);
    form->addRow(QString(), allSubjectPages_);
    form->addRow(tr("PNG resolution"), dpi_);
    form->addRow(tr("Language"), language_);

    previewLabel_ = new QLabel(tr("Preparing the preview…"), this);
    previewLabel_->setObjectName(QStringLiteral("exportPreview"));
    previewLabel_->setMinimumSize(540, 390);
    previewLabel_->setAlignment(Qt::AlignCenter);
    previewLabel_->setFrameShape(QFrame::StyledPanel);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    exportButton_ = buttons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    exportButton_->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton_, &QPushButton::clicked, this, &ExportDialog::chooseFile);

    auto* top = new QHBoxLayout;
    top->addLayout(form);
    top->addWidget(previewLabel_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);

    // Each kind starts from its command's default: `redline report` has the 界址点 tables unless
    // told otherwise, `redline map --atlas` only when asked (the report here left them out).
    connect(kind_, &QComboBox::currentIndexChanged, this,
            [this](int index) { boundaryPoints_->setChecked(index != 0); });
    for (QComboBox* box : {kind_, pageSize_, extent_, language_})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            updatePreview();
        });
    for (QCheckBox* box : {landscape_, atlas_, boundaryPoints_, allSubjectPages_})
        connect(box, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            updatePreview();
        });
    connect(title_, &QLineEdit::editingFinished, this, &ExportDialog::updatePreview);
    updateEnabled();
    // Once the dialog is shown (or at once when never shown, as in tests), check the project.
    QMetaObject::invokeMethod(this, &ExportDialog::prepare, Qt::QueuedConnection);
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setKind(Kind kind) { kind_->setCurrentIndex(kind == Kind::Map ? 0 : 1); }
void ExportDialog::setAtlas(bool atlas) { atlas_->setChecked(atlas); }

void ExportDialog::setSubjectPages(std::size_t pages) {
    allSubjectPages_->setChecked(pages == render::kAllSubjectPages);
    if (pages != render::kAllSubjectPages)
        subjectPages_->setValue(static_cast<int>(std::min(pages, static_cast<std::size_t>(subjectPages_->maximum()))));
}

void ExportDialog::updateEnabled() {
    const bool map = kind_->currentIndex() == 0;
    pageSize_->setEnabled(map);
    landscape_->setEnabled(map);
    extent_->setEnabled(map);
    atlas_->setEnabled(map);
    dpi_->setEnabled(map);
    boundaryPoints_->setEnabled(!map || atlas_->isChecked());
    allSubjectPages_->setEnabled(!map);
    subjectPages_->setEnabled(!map && !allSubjectPages_->isChecked());
}

void ExportDialog::prepare() {
    auto run = std::make_shared<render::ProjectRun>();
    const analysis::Project project = project_;
    runInBackground(
        this, tr("Preparing the export"),
        [run, project](Feedback& feedback) { *run = render::runProject(project, feedback); },
        [this, run] {
            run_ = run;
            exportButton_->setEnabled(true);
            emit prepared();
            updatePreview();
        },
        [this](const QString& error) {
            previewLabel_->setText(tr("The project cannot be exported:\n%1").arg(error));
            emit failed(error);
        },
        [this] { previewLabel_->setText(tr("Cancelled")); });
}

namespace {

render::MapRequest mapRequest(const QString& title, const QString& extent, const std::optional<render::Box>& view,
                              bool atlas, bool points, const QString& language) {
    render::MapRequest r;
    r.title = title;
    r.extent = extent == QLatin1String("view") ? QStringLiteral("all") : extent;
    if (extent == QLatin1String("view")) r.box = view;
    r.atlas = atlas;
    r.boundaryPoints = atlas && points;
    r.language = language;
    return r;
}

}  // namespace

void ExportDialog::updatePreview() {
    if (!run_) return;
    const QString language = language_->currentData().toString();
    try {
        render::MapRequest request =
            mapRequest(title_->text(), extent_->currentData().toString(), view_, false, false, language);
        render::PageSetup setup =
            render::PageSetup::parse(pageSize_->currentText().toStdString(), landscape_->isChecked());
        if (kind_->currentIndex() == 1) {
            // The report's first map: the overview on an A4 landscape page.
            setup = render::PageSetup::parse("A4", true);
            request.extent = QStringLiteral("all");
            request.box.reset();
        }
        const auto pages = render::buildMapPages(*run_, request);
        preview_ =
            render::renderPagePreview(pages.front(), setup, render::LayoutText::forLanguage(language), kPreviewDpi);
        previewLabel_->setPixmap(
            QPixmap::fromImage(preview_).scaled(previewLabel_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
        emit previewUpdated();
    } catch (const std::exception& e) {
        previewLabel_->setText(QString::fromUtf8(e.what()));
    }
}

void ExportDialog::chooseFile() {
    const bool map = kind_->currentIndex() == 0;
    const QString filters = map ? tr("PDF (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)")
                                : tr("Web page (*.html);;PDF (*.pdf);;Excel workbook (*.xlsx)");
    const QString base = QFileInfo(QString::fromStdString(project_.file.string())).absolutePath();
    QString filter;
    const QString file = QFileDialog::getSaveFileName(this, tr("Export"), base, filters, &filter);
    if (!file.isEmpty()) exportTo(withChosenSuffix(file, filter, filters));
}

void ExportDialog::exportTo(const QString& file) {
    if (!run_) return;
    auto run = run_;
    const bool map = kind_->currentIndex() == 0;
    const QString language = language_->currentData().toString();
    const render::MapRequest request = mapRequest(title_->text(), extent_->currentData().toString(), view_,
                                                  atlas_->isChecked(), boundaryPoints_->isChecked(), language);
    render::PageSetup setup = render::PageSetup::parse(pageSize_->currentText().toStdString(), landscape_->isChecked());
    setup.dpi = dpi_->value();
    render::ReportRequest report;
    report.title = title_->text();
    report.language = language;
    report.boundaryPoints = boundaryPoints_->isChecked();
    report.subjectPages =
        allSubjectPages_->isChecked() ? render::kAllSubjectPages : static_cast<std::size_t>(subjectPages_->value());
    const std::filesystem::path path = file.toStdString();
    runInBackground(
        this, tr("Exporting"),
        [=](Feedback& feedback) {
            if (map) {
                render::ExportOptions options;
                options.progress = [&feedback](int done, int total) {
                    feedback.setProgress(100.0 * done / total);
                    feedback.throwIfCanceled();
                };
                const auto pages = render::buildMapPages(*run, request);
                render::exportPages(path, pages, setup, render::LayoutText::forLanguage(language), options);
            } else {
                const auto document = render::buildReport(*run, report, feedback);
                render::writeReport(document, path);
            }
        },
        [this, file] { emit exported(file); },
        [this](const QString& error) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();  // not exec(): the dialog stays responsive (and testable)
            emit failed(error);
        });
}

}  // namespace redline::viewer
