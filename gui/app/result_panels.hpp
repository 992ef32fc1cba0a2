// SPDX-License-Identifier: MIT
// The dock panels that show results: identify (attributes of clicked features), conflicts (the
// check's overlaps, click to zoom and flash), the drawn site's verdict, and the zoning
// statistics (table and chart).
#pragma once

#include <QWidget>
#include <memory>

#include "check_outcome.hpp"
#include "redline/analysis/stats_result.hpp"

class QTreeWidget;
class QTableView;
class QLabel;
class QTextBrowser;
class QPushButton;
class QComboBox;
class QSortFilterProxyModel;
class QTemporaryDir;
class QScrollArea;

namespace redline::viewer {

class ConflictsModel;
class MapDocument;

class IdentifyPanel : public QWidget {
    Q_OBJECT
  public:
    explicit IdentifyPanel(QWidget* parent = nullptr);
    // Shows the attributes of `features` of each layer (layer name → feature → field: value).
    void show(const std::vector<std::pair<const class MapLayer*, std::vector<std::uint32_t>>>& hits);
    [[nodiscard]] QTreeWidget* tree() const { return tree_; }
    void retranslate();

  private:
    QTreeWidget* tree_;
};

class ConflictsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit ConflictsPanel(QWidget* parent = nullptr);
    void setOutcome(const CheckOutcome& outcome);
    // Back to "run the check": a project opened, no check run on it yet.
    void clearOutcome();
    [[nodiscard]] ConflictsModel* model() const { return model_; }
    [[nodiscard]] QTableView* table() const { return table_; }
    [[nodiscard]] int inConflict() const { return inConflict_; }
    void retranslate();

  signals:
    void conflictActivated(std::uint32_t feature);

  private:
    ConflictsModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLabel* summary_;
    QString summaryText_;
    int subjects_ = 0, inConflict_ = 0, clear_ = 0, errors_ = 0;
    bool checked_ = false;  // a check of no subjects still reports its counts
    QStringList unusedFeatures_;
};

class SitePanel : public QWidget {
    Q_OBJECT
  public:
    explicit SitePanel(QWidget* parent = nullptr);
    void showVerdict(const SiteVerdict& verdict);
    void showMessage(const QString& text);
    [[nodiscard]] QString text() const;
    void retranslate();

  signals:
    void pasteRequested();
    void saveRequested();
    void clearRequested();

  private:
    QTextBrowser* browser_;
    QPushButton *paste_, *save_, *clear_;
};

class StatsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit StatsPanel(QWidget* parent = nullptr);
    ~StatsPanel() override;
    void setResult(std::shared_ptr<const analysis::StatsResult> result);
    void retranslate();
    [[nodiscard]] int rowCount() const;

  signals:
    void computeRequested();

  protected:
    void resizeEvent(QResizeEvent* event) override;

  private:
    void showChart(int index);
    std::shared_ptr<const analysis::StatsResult> result_;
    QPushButton* compute_;
    QTableView* table_;
    QComboBox* charts_;
    QLabel* chart_;
    QScrollArea* scroll_ = nullptr;
    QStringList chartFiles_;
    std::unique_ptr<QTemporaryDir> chartDir_;  // the charts, removed with the panel
};

}  // namespace redline::viewer
