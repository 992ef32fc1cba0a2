// SPDX-License-Identifier: MIT
// The viewer's main window: the map canvas in the middle, the layer panel on the left, identify
// and the drawn site's verdict on the right, conflicts, statistics and attribute tables below;
// menus and a toolbar for files, tools, the check and the statistics; a status bar with the
// cursor position (map CRS and lon/lat) and the scale.
#pragma once

#include <QMainWindow>
#include <memory>
#include <optional>

#include "check_outcome.hpp"
#include "map_canvas.hpp"
#include "map_document.hpp"
#include "site_layer_writer.hpp"

class QLabel;
class QAction;
class QActionGroup;
class QDockWidget;
class QMenu;

namespace redline::analysis {
class ConflictCheck;
}
namespace redline::crs {
class LayerTransform;
}

namespace redline::viewer {

class LayerPanel;
class IdentifyPanel;
class ConflictsPanel;
class SitePanel;
class StatsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a project file or adds vector sources; errors go to a message box.
    void openPaths(const QStringList& paths);
    void openProject(const QString& file);
    [[nodiscard]] MapDocument* document() const { return document_; }
    [[nodiscard]] MapCanvas* canvas() const { return canvas_; }
    [[nodiscard]] ConflictsPanel* conflictsPanel() const { return conflicts_; }
    [[nodiscard]] SitePanel* sitePanel() const { return site_; }
    // Runs the check on `project` (from the dialog or a test) in the background.
    void runCheck(const analysis::Project& project);
    // Checks a site ring given in the map CRS (drawn, pasted, or from a test).
    void checkSiteRing(const QPolygonF& ring);
    void setLogRenders(bool on) { logRenders_ = on; }
    [[nodiscard]] bool logRenders() const { return logRenders_; }
    // Runs the check exactly as the project file describes it (no dialog).
    void runProjectCheck();

  signals:
    void checkFinished();
    void siteChecked();
    void ready();  // every layer loaded and drawn once

  protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void createActions();
    void showExportDialog();
    void createMenus();
    void createDocks();
    void retranslate();
    void updateRecentMenu();
    void addRecent(const QString& file);
    void showError(const QString& title, const QString& text);
    void openProjectDialog();
    void addLayerDialog();
    void saveProject(bool askName);
    void showCheckDialog();
    void showCheckOutcome(CheckOutcome outcome);
    void computeStats();
    void pasteCoordinates();
    void saveSites();
    void showStyleDialog(int layerId);
    void openAttributeTable(int layerId);
    void identifyAt(QPointF map, double tolerance);
    void updateStatus(QPointF map);
    void rebuildSitesLayer();
    void setLanguage(const QString& choice);

    MapDocument* document_;
    MapCanvas* canvas_;
    LayerPanel* layers_ = nullptr;
    IdentifyPanel* identify_ = nullptr;
    ConflictsPanel* conflicts_ = nullptr;
    SitePanel* site_ = nullptr;
    StatsPanel* stats_ = nullptr;
    QDockWidget *layersDock_ = nullptr, *identifyDock_ = nullptr, *conflictsDock_ = nullptr, *siteDock_ = nullptr,
                *statsDock_ = nullptr;
    std::vector<QDockWidget*> tableDocks_;
    QLabel *coords_ = nullptr, *scale_ = nullptr, *renderInfo_ = nullptr;
    QMenu *fileMenu_ = nullptr, *recentMenu_ = nullptr, *viewMenu_ = nullptr, *toolsMenu_ = nullptr,
          *analysisMenu_ = nullptr, *languageMenu_ = nullptr, *panelsMenu_ = nullptr;
    QAction *openAct_, *addLayerAct_, *saveAct_, *saveAsAct_, *exportAct_, *quitAct_, *panAct_, *zoomBoxAct_,
        *identifyAct_, *drawSiteAct_, *pasteAct_, *zoomFullAct_, *zoomInAct_, *zoomOutAct_, *zoomSelectionAct_,
        *checkAct_, *statsAct_, *langSystemAct_, *langEnglishAct_, *langChineseAct_;
    QActionGroup* toolGroup_ = nullptr;
    QToolBar* toolbar_ = nullptr;

    std::shared_ptr<analysis::ConflictCheck> check_;     // prepared: draw-a-site reuses it
    std::shared_ptr<const crs::LayerTransform> lonLat_;  // map CRS → lon/lat for the status bar
    int conflictsLayerId_ = -1;
    std::vector<DrawnSite> sites_;
    bool logRenders_ = false;
    bool readyEmitted_ = false;
    bool busy_ = false;
};

}  // namespace redline::viewer
