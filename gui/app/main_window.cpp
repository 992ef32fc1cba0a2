// SPDX-License-Identifier: MIT
#include "main_window.hpp"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <cstdio>

#include "attribute_table_view.hpp"
#include "background_task.hpp"
#include "check_dialog.hpp"
#include "conflicts_model.hpp"
#include "export_dialog.hpp"
#include "file_suffix.hpp"
#include "language.hpp"
#include "layer_panel.hpp"
#include "redline/analysis/conflict_check.hpp"
#include "redline/analysis/zonal_stats.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/render/layer_loading.hpp"
#include "redline/util/feedback.hpp"
#include "result_panels.hpp"
#include "site_check.hpp"
#include "style_dialog.hpp"

namespace redline::viewer {

namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentProjects";

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), document_(new MapDocument(this)), canvas_(new MapCanvas(document_, this)) {
    setObjectName(QStringLiteral("redlineMainWindow"));
    setCentralWidget(canvas_);
    setAcceptDrops(true);
    createActions();
    createMenus();
    createDocks();
    coords_ = new QLabel(this);
    scale_ = new QLabel(this);
    renderInfo_ = new QLabel(this);
    statusBar()->addWidget(coords_, 1);
    statusBar()->addPermanentWidget(scale_);
    statusBar()->addPermanentWidget(renderInfo_);

    connect(canvas_, &MapCanvas::cursorMoved, this, &MainWindow::updateStatus);
    connect(canvas_, &MapCanvas::viewChanged, this, [this] {
        if (auto s = canvas_->scaleDenominator())
            scale_->setText(tr("Scale 1:%1").arg(QLocale().toString(std::round(*s), 'f', 0)));
    });
    connect(canvas_, &MapCanvas::rendered, this, [this](double ms, int features) {
        renderInfo_->setText(tr("%1 features drawn in %2 ms").arg(features).arg(ms, 0, 'f', 0));
        if (logRenders_) std::fprintf(stderr, "redline-viewer: rendered %d features in %.0f ms\n", features, ms);
        if (!readyEmitted_ && !document_->loading() && !document_->layers().empty()) {
            readyEmitted_ = true;
            if (logRenders_) std::fprintf(stderr, "redline-viewer: ready\n");
            emit ready();
        }
    });
    connect(canvas_, &MapCanvas::identified, this, &MainWindow::identifyAt);
    connect(canvas_, &MapCanvas::siteFinished, this, &MainWindow::checkSiteRing);
    connect(document_, &MapDocument::loadFailed, this, [this](const QString& source, const QString& reason) {
        if (logRenders_)
            std::fprintf(stderr, "redline-viewer: cannot load %s: %s\n", qPrintable(source), qPrintable(reason));
        showError(tr("Cannot load a layer"), tr("%1\n\n%2\n\nThe other layers are not affected.").arg(source, reason));
    });
    connect(document_, &MapDocument::projectChanged, this, [this] {
        check_.reset();
        lonLat_.reset();
        readyEmitted_ = false;
        const QString file = document_->projectFile();
        setWindowTitle(file.isEmpty()
                           ? tr("Redline viewer")
                           : tr("%1 – Redline viewer").arg(QString::fromStdString(document_->project().name)));
    });
    connect(document_, &MapDocument::allLoaded, canvas_, &MapCanvas::scheduleRender);
    retranslate();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray())) {
        // First start: most of the screen, the map gets the room.
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        resize(screen.width() * 9 / 10, screen.height() * 9 / 10);
    }
    restoreState(settings.value(QStringLiteral("windowState")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    auto make = [this](QStyle::StandardPixmap icon = QStyle::SP_CustomBase) {
        auto* a = new QAction(this);
        if (icon != QStyle::SP_CustomBase) a->setIcon(style()->standardIcon(icon));
        return a;
    };
    openAct_ = make(QStyle::SP_DialogOpenButton);
    openAct_->setShortcut(QKeySequence::Open);
    connect(openAct_, &QAction::triggered, this, &MainWindow::openProjectDialog);
    addLayerAct_ = make(QStyle::SP_FileDialogNewFolder);
    addLayerAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(addLayerAct_, &QAction::triggered, this, &MainWindow::addLayerDialog);
    saveAct_ = make(QStyle::SP_DialogSaveButton);
    saveAct_->setShortcut(QKeySequence::Save);
    connect(saveAct_, &QAction::triggered, this, [this] { saveProject(false); });
    saveAsAct_ = make();
    saveAsAct_->setShortcut(QKeySequence::SaveAs);
    connect(saveAsAct_, &QAction::triggered, this, [this] { saveProject(true); });
    exportAct_ = make();
    exportAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportAct_, &QAction::triggered, this, &MainWindow::showExportDialog);
    quitAct_ = make();
    quitAct_->setShortcut(QKeySequence::Quit);
    connect(quitAct_, &QAction::triggered, this, &QWidget::close);

    toolGroup_ = new QActionGroup(this);
    auto tool = [this, &make](MapTool t) {
        auto* a = make();
        a->setCheckable(true);
        toolGroup_->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] { canvas_->setTool(t); });
        return a;
    };
    panAct_ = tool(MapTool::Pan);
    panAct_->setChecked(true);
    zoomBoxAct_ = tool(MapTool::ZoomBox);
    identifyAct_ = tool(MapTool::Identify);
    drawSiteAct_ = tool(MapTool::DrawSite);
    pasteAct_ = make();
    connect(pasteAct_, &QAction::triggered, this, &MainWindow::pasteCoordinates);
    zoomFullAct_ = make();
    zoomFullAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(zoomFullAct_, &QAction::triggered, canvas_, &MapCanvas::zoomToFull);
    zoomInAct_ = make();
    zoomInAct_->setShortcut(QKeySequence::ZoomIn);
    connect(zoomInAct_, &QAction::triggered, this, [this] { canvas_->zoomBy(2.0); });
    zoomOutAct_ = make();
    zoomOutAct_->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOutAct_, &QAction::triggered, this, [this] { canvas_->zoomBy(0.5); });
    zoomSelectionAct_ = make();
    connect(zoomSelectionAct_, &QAction::triggered, canvas_, &MapCanvas::zoomToSelection);
    checkAct_ = make(QStyle::SP_MediaPlay);
    checkAct_->setShortcut(QKeySequence(Qt::Key_F5));
    connect(checkAct_, &QAction::triggered, this, &MainWindow::showCheckDialog);
    statsAct_ = make();
    connect(statsAct_, &QAction::triggered, this, &MainWindow::computeStats);

    auto* languages = new QActionGroup(this);
    langSystemAct_ = make();
    langEnglishAct_ = make();
    langChineseAct_ = make();
    const QString saved = savedLanguageChoice();
    for (auto [act, code] : {std::pair{langSystemAct_, QString()},
                             {langEnglishAct_, QStringLiteral("en")},
                             {langChineseAct_, QStringLiteral("zh_CN")}}) {
        act->setCheckable(true);
        act->setChecked(saved == code);
        languages->addAction(act);
        connect(act, &QAction::triggered, this, [this, code = code] { setLanguage(code); });
    }
    langChineseAct_->setText(QStringLiteral("简体中文"));
    langEnglishAct_->setText(QStringLiteral("English"));
}

void MainWindow::createMenus() {
    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->addAction(openAct_);
    fileMenu_->addAction(addLayerAct_);
    recentMenu_ = fileMenu_->addMenu(QString());
    fileMenu_->addSeparator();
    fileMenu_->addAction(saveAct_);
    fileMenu_->addAction(saveAsAct_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(exportAct_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(quitAct_);
    viewMenu_ = menuBar()->addMenu(QString());
    for (auto* a : {zoomFullAct_, zoomInAct_, zoomOutAct_, zoomSelectionAct_}) viewMenu_->addAction(a);
    viewMenu_->addSeparator();
    panelsMenu_ = viewMenu_->addMenu(QString());
    languageMenu_ = viewMenu_->addMenu(QString());
    languageMenu_->addAction(langSystemAct_);
    languageMenu_->addAction(langEnglishAct_);
    languageMenu_->addAction(langChineseAct_);
    toolsMenu_ = menuBar()->addMenu(QString());
    for (auto* a : {panAct_, zoomBoxAct_, identifyAct_, drawSiteAct_}) toolsMenu_->addAction(a);
    toolsMenu_->addAction(pasteAct_);
    analysisMenu_ = menuBar()->addMenu(QString());
    analysisMenu_->addAction(checkAct_);
    analysisMenu_->addAction(statsAct_);
    updateRecentMenu();

    toolbar_ = addToolBar(QString());
    toolbar_->setObjectName(QStringLiteral("mainToolbar"));
    toolbar_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (auto* a : {openAct_, addLayerAct_, saveAct_}) toolbar_->addAction(a);
    toolbar_->addSeparator();
    for (auto* a : {panAct_, zoomBoxAct_, identifyAct_, drawSiteAct_, zoomFullAct_}) toolbar_->addAction(a);
    toolbar_->addSeparator();
    toolbar_->addAction(checkAct_);
    toolbar_->addAction(statsAct_);
}

void MainWindow::createDocks() {
    auto dock = [this](const char* name, QWidget* content, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(this);
        d->setObjectName(QString::fromLatin1(name));
        d->setWidget(content);
        addDockWidget(area, d);
        panelsMenu_->addAction(d->toggleViewAction());
        return d;
    };
    layers_ = new LayerPanel(document_, this);
    layersDock_ = dock("layersDock", layers_, Qt::LeftDockWidgetArea);
    identify_ = new IdentifyPanel(this);
    identifyDock_ = dock("identifyDock", identify_, Qt::RightDockWidgetArea);
    site_ = new SitePanel(this);
    siteDock_ = dock("siteDock", site_, Qt::RightDockWidgetArea);
    tabifyDockWidget(identifyDock_, siteDock_);
    conflicts_ = new ConflictsPanel(this);
    conflictsDock_ = dock("conflictsDock", conflicts_, Qt::BottomDockWidgetArea);
    stats_ = new StatsPanel(this);
    statsDock_ = dock("statsDock", stats_, Qt::BottomDockWidgetArea);
    tabifyDockWidget(conflictsDock_, statsDock_);
    conflictsDock_->raise();
    identifyDock_->raise();

    connect(layers_, &LayerPanel::styleRequested, this, &MainWindow::showStyleDialog);
    connect(layers_, &LayerPanel::zoomRequested, canvas_, &MapCanvas::zoomToLayer);
    connect(layers_, &LayerPanel::tableRequested, this, &MainWindow::openAttributeTable);
    connect(conflicts_, &ConflictsPanel::conflictActivated, this, [this](std::uint32_t feature) {
        const MapLayer* layer = document_->layer(conflictsLayerId_);
        if (!layer || !layer->data || feature >= layer->data->featureCount()) return;
        render::Box box = layer->data->box(feature);
        const double grow = std::max(box.width(), box.height()) * 1.5;
        canvas_->zoomToExtent({box.minX - grow, box.minY - grow, box.maxX + grow, box.maxY + grow});
        canvas_->flashFeature(conflictsLayerId_, feature);
    });
    connect(site_, &SitePanel::pasteRequested, this, &MainWindow::pasteCoordinates);
    connect(site_, &SitePanel::saveRequested, this, &MainWindow::saveSites);
    connect(site_, &SitePanel::clearRequested, this, [this] {
        sites_.clear();
        rebuildSitesLayer();
    });
    connect(stats_, &StatsPanel::computeRequested, this, &MainWindow::computeStats);
}

void MainWindow::retranslate() {
    fileMenu_->setTitle(tr("&File"));
    recentMenu_->setTitle(tr("Recent projects"));
    viewMenu_->setTitle(tr("&View"));
    panelsMenu_->setTitle(tr("Panels"));
    languageMenu_->setTitle(tr("Language"));
    toolsMenu_->setTitle(tr("&Tools"));
    analysisMenu_->setTitle(tr("&Analysis"));
    toolbar_->setWindowTitle(tr("Main toolbar"));
    openAct_->setText(tr("Open project…"));
    addLayerAct_->setText(tr("Add layer…"));
    saveAct_->setText(tr("Save project"));
    saveAsAct_->setText(tr("Save project as…"));
    exportAct_->setText(tr("Export map or report…"));
    quitAct_->setText(tr("Quit"));
    panAct_->setText(tr("Pan"));
    zoomBoxAct_->setText(tr("Zoom box"));
    identifyAct_->setText(tr("Identify"));
    drawSiteAct_->setText(tr("Draw site"));
    drawSiteAct_->setToolTip(tr("Click the site's corners, double-click to finish: the site is checked at once"));
    pasteAct_->setText(tr("Paste site coordinates…"));
    zoomFullAct_->setText(tr("Zoom to all"));
    zoomInAct_->setText(tr("Zoom in"));
    zoomOutAct_->setText(tr("Zoom out"));
    zoomSelectionAct_->setText(tr("Zoom to selection"));
    checkAct_->setText(tr("Check conflicts…"));
    statsAct_->setText(tr("Zoning statistics"));
    langSystemAct_->setText(tr("System language"));
    layersDock_->setWindowTitle(tr("Layers"));
    identifyDock_->setWindowTitle(tr("Identify"));
    siteDock_->setWindowTitle(tr("Site verdict"));
    conflictsDock_->setWindowTitle(tr("Conflicts"));
    statsDock_->setWindowTitle(tr("Statistics"));
    // Names the viewer gave: the conflicts layer, the identify panel's columns.
    std::vector<std::pair<int, LayerRole>> derived;
    for (const auto& l : document_->layers())
        if (l.derived) derived.emplace_back(l.id, l.role);
    for (const auto& [id, role] : derived) {
        if (role == LayerRole::Conflicts) document_->rename(id, tr("conflicts"));
        if (role == LayerRole::Sites) document_->rename(id, tr("drawn sites"));
    }
    identify_->retranslate();
    layers_->retranslate();
    conflicts_->retranslate();
    site_->retranslate();
    stats_->retranslate();
    if (document_->projectFile().isEmpty())
        setWindowTitle(tr("Redline viewer"));
    else
        setWindowTitle(tr("%1 – Redline viewer").arg(QString::fromStdString(document_->project().name)));
    coords_->setText(tr("Drop shapefiles, GeoPackages or a project file here"));
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setLanguage(const QString& choice) {
    saveLanguageChoice(choice);
    applyLanguage(choice);  // LanguageChange reaches every widget
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    openPaths(paths);
    event->acceptProposedAction();
}

void MainWindow::showError(const QString& title, const QString& text) {
    // Not modal-blocking: loads and renders go on while the message is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::openPaths(const QStringList& paths) {
    QStringList sources;
    for (const QString& p : paths) {
        if (p.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) &&
            !p.endsWith(QStringLiteral(".geojson"), Qt::CaseInsensitive))
            openProject(p);
        else
            sources << p;
    }
    if (!sources.isEmpty()) document_->addSources(sources);
}

void MainWindow::openProject(const QString& file) {
    try {
        document_->openProject(file);
        addRecent(QFileInfo(file).absoluteFilePath());
        conflicts_->clearOutcome();
        conflictsLayerId_ = -1;
        sites_.clear();
    } catch (const std::exception& e) {
        showError(tr("Cannot open the project"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::openProjectDialog() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Open project"), QString(), tr("Redline projects (*.json)"));
    if (!file.isEmpty()) openProject(file);
}

void MainWindow::addLayerDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add layers"), QString(),
        tr("Vector data (*.shp *.gpkg *.geojson *.json *.fgb *.kml *.gml *.csv *.tab *.mif *.sqlite);;All files (*)"));
    if (!files.isEmpty()) document_->addSources(files);
}

void MainWindow::saveProject(bool askName) {
    QString file = document_->projectFile();
    if (askName || file.isEmpty()) {
        file = QFileDialog::getSaveFileName(this, tr("Save project"), file, tr("Redline projects (*.json)"));
        if (file.isEmpty()) return;
        if (!file.endsWith(QStringLiteral(".json"))) file += QStringLiteral(".json");
    }
    try {
        document_->saveProject(file, canvas_->viewport().visibleExtent());
        addRecent(file);
        statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    } catch (const std::exception& e) {
        showError(tr("Cannot save the project"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::addRecent(const QString& file) {
    QSettings settings;
    QStringList recent = settings.value(QString::fromLatin1(kRecentKey)).toStringList();
    recent.removeAll(file);
    recent.prepend(file);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(QString::fromLatin1(kRecentKey), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(QString::fromLatin1(kRecentKey)).toStringList();
    for (const QString& file : recent) {
        auto* a = recentMenu_->addAction(file);
        connect(a, &QAction::triggered, this, [this, file] { openProject(file); });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::updateStatus(QPointF map) {
    if (!document_->mapCrs()) {
        coords_->setText(QStringLiteral("%1, %2").arg(map.x(), 0, 'f', 3).arg(map.y(), 0, 'f', 3));
        return;
    }
    const auto& crs = *document_->mapCrs();
    const bool geographic = crs.isGeographic();
    QString text = QStringLiteral("%1, %2 (%3)")
                       .arg(map.x(), 0, 'f', geographic ? 6 : 2)
                       .arg(map.y(), 0, 'f', geographic ? 6 : 2)
                       .arg(QString::fromStdString(crs.label()));
    if (!geographic) {
        try {
            if (!lonLat_) {
                lonLat_ = std::make_shared<crs::LayerTransform>(
                    crs::LayerTransform::create(crs, crs.geographic(), std::nullopt, std::nullopt, "map", ""));
            }
            std::vector<double> x{map.x()}, y{map.y()};
            if (lonLat_->apply(x, y)) text += QStringLiteral("   %1°E %2°N").arg(x[0], 0, 'f', 6).arg(y[0], 0, 'f', 6);
        } catch (const std::exception&) {
        }
    } else {
        text = QStringLiteral("%1°E %2°N (%3)")
                   .arg(map.x(), 0, 'f', 6)
                   .arg(map.y(), 0, 'f', 6)
                   .arg(QString::fromStdString(crs.label()));
    }
    coords_->setText(text);
}

void MainWindow::identifyAt(QPointF map, double tolerance) {
    std::vector<std::pair<const MapLayer*, std::vector<std::uint32_t>>> hits;
    const auto& layers = document_->layers();
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
        if (!it->data || !it->spec.visible) continue;
        auto features = it->data->featuresAt(map, tolerance);
        if (features.empty()) continue;
        document_->setSelection(it->id, {features.begin(), features.end()});
        hits.emplace_back(&*it, std::move(features));
    }
    for (const auto& l : layers) {
        if (std::none_of(hits.begin(), hits.end(), [&](const auto& h) { return h.first->id == l.id; }))
            document_->setSelection(l.id, {});
    }
    identify_->show(hits);
    identifyDock_->raise();
}

void MainWindow::showStyleDialog(int layerId) {
    const MapLayer* layer = document_->layer(layerId);
    if (!layer || !layer->data) return;
    StyleDialog dialog(*layer->data, layer->spec.style, this);
    if (dialog.exec() == QDialog::Accepted) document_->setStyle(layerId, dialog.style());
}

void MainWindow::openAttributeTable(int layerId) {
    const MapLayer* layer = document_->layer(layerId);
    if (!layer || !layer->data) return;
    auto* view = new AttributeTableView(document_, layerId, this);
    connect(view, &AttributeTableView::zoomToSelectionRequested, canvas_, &MapCanvas::zoomToSelection);
    auto* d = new QDockWidget(tr("Attributes: %1").arg(QString::fromStdString(layer->spec.name)), this);
    d->setObjectName(QStringLiteral("attributes%1").arg(layerId));
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWidget(view);
    addDockWidget(Qt::BottomDockWidgetArea, d);
    tabifyDockWidget(conflictsDock_, d);
    d->show();
    d->raise();
    connect(document_, &MapDocument::layersChanged, d, [this, d, layerId] {
        if (!document_->layer(layerId)) d->close();
    });
}

void MainWindow::showCheckDialog() {
    if (document_->loading()) {
        statusBar()->showMessage(tr("Layers are still loading"), 3000);
        return;
    }
    CheckDialog dialog(*document_, this);
    if (dialog.exec() != QDialog::Accepted) return;
    try {
        runCheck(dialog.project());
    } catch (const std::exception& e) {
        showError(tr("Cannot run the check"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::showExportDialog() {
    try {
        analysis::Project project = document_->projectWithMap(std::nullopt);
        analysis::validateProject(project);
        std::optional<render::Box> view;
        if (canvas_->viewport().valid()) view = canvas_->viewport().visibleExtent();
        auto* dialog = new ExportDialog(std::move(project), view, QLocale().name(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ExportDialog::exported, this,
                [this](const QString& file) { statusBar()->showMessage(tr("Exported %1").arg(file), 8000); });
        dialog->open();
    } catch (const std::exception& e) {
        showError(tr("Cannot export"),
                  tr("Export needs a project with subjects and constraints: %1").arg(QString::fromUtf8(e.what())));
    }
}

void MainWindow::runProjectCheck() {
    try {
        analysis::validateProject(document_->project());
        runCheck(document_->project());
    } catch (const std::exception& e) {
        showError(tr("Cannot run the check"), QString::fromUtf8(e.what()));
        emit checkFinished();
    }
}

void MainWindow::runCheck(const analysis::Project& project) {
    if (busy_) return;
    busy_ = true;
    auto check = std::make_shared<analysis::ConflictCheck>(project);
    auto outcome = std::make_shared<CheckOutcome>();
    // shared_ptr, not optional: GCC 12 warns falsely about an optional<Crs> captured by value.
    const auto mapCrs = document_->mapCrs() ? std::make_shared<const crs::Crs>(*document_->mapCrs()) : nullptr;
    runInBackground(
        this, tr("Checking conflicts"),
        [check, outcome, mapCrs](Feedback& feedback) {
            // One bar from 0 to 100 as `redline check` shows it: reading and indexing to 30 %,
            // the subjects the rest (it went to 100 % twice, the second time from 0).
            SubFeedback preparing(feedback, 0, 30);
            check->prepare(preparing);
            std::shared_ptr<const crs::LayerTransform> toMap;
            const auto& analysisCrs = *check->context().analysisCrs;
            if (mapCrs && !mapCrs->isSame(analysisCrs)) {
                toMap = std::make_shared<crs::LayerTransform>(
                    crs::LayerTransform::create(analysisCrs, *mapCrs, std::nullopt, std::nullopt, "conflicts", ""));
            }
            CheckCollector collector(toMap);
            SubFeedback checking(feedback, 30, 100);
            check->run(collector, checking);
            *outcome = collector.take();
        },
        [this, check, outcome] {
            busy_ = false;
            check_ = check;
            showCheckOutcome(std::move(*outcome));
            emit checkFinished();
        },
        [this](const QString& error) {
            busy_ = false;
            showError(tr("The check failed"), error);
            emit checkFinished();
        },
        [this] {
            busy_ = false;
            statusBar()->showMessage(tr("Check cancelled"), 5000);
            emit checkFinished();
        });
}

void MainWindow::showCheckOutcome(CheckOutcome outcome) {
    if (outcome.conflicts && outcome.conflicts->featureCount() > 0) {
        std::vector<render::CategoryStyle> constraintColors;
        for (const auto& l : document_->layers())
            if (l.role == LayerRole::Constraints)
                render::addCategoryColors(constraintColors, l.spec.style, l.spec.source,
                                          document_->project().constraints);
        render::LayerStyle style = render::conflictsStyle(
            *outcome.conflicts, check_ ? check_->context().rules : analysis::Rules{}, constraintColors);
        conflictsLayerId_ =
            document_->addDerivedLayer(tr("conflicts"), LayerRole::Conflicts, outcome.conflicts, std::move(style));
    } else if (conflictsLayerId_ >= 0) {
        // No overlaps this time: the last run's conflicts must not stay on the map.
        document_->removeLayer(conflictsLayerId_);
        conflictsLayerId_ = -1;
    }
    conflicts_->setOutcome(outcome);
    conflictsDock_->show();
    conflictsDock_->raise();
    statusBar()->showMessage(tr("%1 sites checked: %2 in conflict").arg(outcome.subjects).arg(outcome.inConflict),
                             8000);
}

void MainWindow::checkSiteRing(const QPolygonF& ring) {
    if (!document_->mapCrs()) {
        showError(tr("Cannot check the site"), tr("The map has no coordinate reference system."));
        return;
    }
    const auto mapCrs = std::make_shared<const crs::Crs>(*document_->mapCrs());
    auto report = [this, ring](const analysis::SubjectResult& result, const analysis::CheckContext& context) {
        DrawnSite site;
        site.name = tr("site %1").arg(sites_.size() + 1);
        site.ring = ring;
        site.status = QString::fromUtf8(analysis::statusName(result.status));
        site.areaM2 = result.areaM2;
        site.conflictAreaM2 = result.conflictAreaM2;
        sites_.push_back(site);
        rebuildSitesLayer();
        site_->showVerdict(describeVerdict(result, context));
        siteDock_->show();
        siteDock_->raise();
        emit siteChecked();
    };
    if (check_) {
        try {
            report(checkSite(*check_, ring, *mapCrs), check_->context());
        } catch (const std::exception& e) {
            showError(tr("Cannot check the site"), QString::fromUtf8(e.what()));
        }
        return;
    }
    // No check has run yet: prepare one from the project (constraints and zones are indexed once).
    analysis::Project project = document_->project();
    if (project.constraints.empty()) {
        showError(tr("Cannot check the site"),
                  tr("Open a project with constraint layers, or run Analysis → Check conflicts first to choose them."));
        return;
    }
    auto check = std::make_shared<analysis::ConflictCheck>(project);
    auto result = std::make_shared<analysis::SubjectResult>();
    runInBackground(
        this, tr("Preparing the check"),
        [check, result, ring, mapCrs](Feedback& feedback) {
            check->prepare(feedback);
            *result = checkSite(*check, ring, *mapCrs);
        },
        [this, check, result, report] {
            check_ = check;
            report(*result, check->context());
        },
        [this](const QString& error) { showError(tr("Cannot check the site"), error); });
}

void MainWindow::rebuildSitesLayer() {
    render::VectorLayerBuilder builder(tr("drawn sites"),
                                       {QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("area_ha")});
    for (std::size_t i = 0; i < sites_.size(); ++i) {
        const auto& s = sites_[i];
        std::vector<QPointF> pts(s.ring.begin(), s.ring.end());
        builder.addRing(render::FeatureType::Polygon, pts);
        builder.endFeature(static_cast<std::int64_t>(i),
                           {s.name, s.status, QString::number(s.areaM2 / 10000.0, 'f', 4)});
    }
    render::LayerStyle style;
    style.fill = {255, 221, 0, 150};
    style.stroke = {200, 90, 0, 255};
    style.strokeWidthMm = 0.6;
    style.labelField = "name";
    document_->addDerivedLayer(tr("drawn sites"), LayerRole::Sites, std::move(builder).finish(), style);
}

void MainWindow::pasteCoordinates() {
    bool ok = false;
    const QString crsLabel = document_->mapCrs() ? QString::fromStdString(document_->mapCrs()->label()) : QString();
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Paste site coordinates"),
        tr("One point per line in the map CRS (%1): \"x, y\", or 界址点 lines \"J1,1,X,Y\" (X north, Y east).")
            .arg(crsLabel),
        QString(), &ok);
    if (!ok || text.trimmed().isEmpty()) return;
    QString error;
    auto points = SiteSketch::parseCoordinates(text, error);
    if (!points) {
        showError(tr("Cannot read the coordinates"), error);
        return;
    }
    SiteSketch sketch;
    for (const auto& p : *points) sketch.add(p);
    auto ring = sketch.finish();
    if (!ring) {
        showError(tr("Cannot read the coordinates"), tr("the points do not make a polygon"));
        return;
    }
    render::Box box;
    for (const auto& p : *ring) box.expand(p.x(), p.y());
    canvas_->zoomToExtent(
        {box.minX - box.width(), box.minY - box.height(), box.maxX + box.width(), box.maxY + box.height()});
    checkSiteRing(*ring);
}

void MainWindow::saveSites() {
    if (sites_.empty() || !document_->mapCrs()) {
        statusBar()->showMessage(tr("No drawn sites to save"), 4000);
        return;
    }
    const QString filters = tr("GeoPackage (*.gpkg);;Shapefile (*.shp);;GeoJSON (*.geojson)");
    QString filter;
    QString file = QFileDialog::getSaveFileName(this, tr("Save drawn sites"), QStringLiteral("drawn_sites.gpkg"),
                                                filters, &filter);
    if (file.isEmpty()) return;
    file = withChosenSuffix(file, filter, filters);
    try {
        writeSites(sites_, *document_->mapCrs(), file);
        statusBar()->showMessage(tr("Saved %1 sites to %2").arg(sites_.size()).arg(file), 5000);
    } catch (const std::exception& e) {
        showError(tr("Cannot save the sites"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::computeStats() {
    if (busy_) return;
    analysis::Project project = document_->project();
    try {
        (void)analysis::resolvedStats(project);
    } catch (const std::exception& e) {
        showError(tr("No statistics to compute"), QString::fromUtf8(e.what()));
        return;
    }
    busy_ = true;
    auto result = std::make_shared<analysis::StatsResult>();
    runInBackground(
        this, tr("Computing zoning statistics"),
        [project, result](Feedback& feedback) { *result = analysis::computeZonalStats(project, feedback); },
        [this, result] {
            busy_ = false;
            stats_->setResult(result);
            statsDock_->show();
            statsDock_->raise();
        },
        [this](const QString& error) {
            busy_ = false;
            showError(tr("The statistics failed"), error);
        },
        [this] { busy_ = false; });
}

}  // namespace redline::viewer
