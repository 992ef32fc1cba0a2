// SPDX-License-Identifier: MIT
#include "result_panels.hpp"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "conflicts_model.hpp"
#include "map_document.hpp"
#include "redline/report/stats_writers.hpp"
#include "redline/util/area_units.hpp"

namespace redline::viewer {

IdentifyPanel::IdentifyPanel(QWidget* parent) : QWidget(parent), tree_(new QTreeWidget(this)) {
    tree_->setColumnCount(2);
    retranslate();
    tree_->setObjectName(QStringLiteral("identifyTree"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(tree_);
}

void IdentifyPanel::retranslate() { tree_->setHeaderLabels({tr("Field"), tr("Value")}); }

void IdentifyPanel::show(const std::vector<std::pair<const MapLayer*, std::vector<std::uint32_t>>>& hits) {
    tree_->clear();
    for (const auto& [layer, features] : hits) {
        auto* layerItem = new QTreeWidgetItem(tree_, {QString::fromStdString(layer->spec.name)});
        for (auto f : features) {
            auto* featureItem = new QTreeWidgetItem(layerItem, {tr("feature %1").arg(layer->data->fid(f))});
            const auto& fields = layer->data->fieldNames();
            for (int i = 0; i < fields.size(); ++i)
                new QTreeWidgetItem(featureItem, {fields[i], layer->data->attribute(f, i)});
        }
    }
    tree_->expandAll();
    tree_->resizeColumnToContents(0);
}

ConflictsPanel::ConflictsPanel(QWidget* parent)
    : QWidget(parent),
      model_(new ConflictsModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      table_(new QTableView(this)),
      summary_(new QLabel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ConflictsModel::kSortRole);
    table_->setModel(proxy_);
    table_->setObjectName(QStringLiteral("conflictsTable"));
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->setDefaultSectionSize(20);
    table_->horizontalHeader()->setSortIndicatorShown(true);
    const auto activate = [this](const QModelIndex& i) {
        const QVariant feature = proxy_->mapToSource(i).data(ConflictsModel::kFeatureRole);
        if (feature.isValid()) emit conflictActivated(feature.toUInt());  // not for a subject not checked
    };
    connect(table_, &QTableView::clicked, this, activate);
    connect(table_, &QTableView::activated, this, activate);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(summary_);
    layout->addWidget(table_);
    retranslate();
}

void ConflictsPanel::setOutcome(const CheckOutcome& outcome) {
    model_->setRows(outcome.rows);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // the model's order: severity, then area
    subjects_ = outcome.subjects;
    inConflict_ = outcome.inConflict;
    clear_ = outcome.clear;
    errors_ = outcome.errors;
    unusedFeatures_ = outcome.unusedFeatures;
    checked_ = true;
    table_->resizeColumnsToContents();
    retranslate();
}

void ConflictsPanel::clearOutcome() {
    setOutcome({});
    checked_ = false;
    retranslate();
}

void ConflictsPanel::retranslate() {
    model_->retranslate();
    summary_->setText(!checked_ ? tr("Run the conflict check (Analysis → Check conflicts) to list conflicts here.")
                                : tr("%1 sites checked: %2 in conflict, %3 clear, %4 errors; %5 overlaps")
                                      .arg(subjects_)
                                      .arg(inConflict_)
                                      .arg(clear_)
                                      .arg(errors_)
                                      .arg(model_->overlapCount()));
    // Features left out can turn a conflict into "clear": said under the counts, listed in the tip.
    if (!unusedFeatures_.isEmpty()) {
        const QString unused = unusedFeatures_.size() == 1
                                   ? tr("1 constraint or zone feature not used: %1").arg(unusedFeatures_.first())
                                   : tr("%1 constraint or zone features not used, the first: %2")
                                         .arg(unusedFeatures_.size())
                                         .arg(unusedFeatures_.first());
        summary_->setText(summary_->text() + QLatin1Char('\n') + unused);
    }
    constexpr int kListed = 20;
    summary_->setToolTip(unusedFeatures_.mid(0, kListed).join(QLatin1Char('\n')));
}

SitePanel::SitePanel(QWidget* parent)
    : QWidget(parent),
      browser_(new QTextBrowser(this)),
      paste_(new QPushButton(this)),
      save_(new QPushButton(this)),
      clear_(new QPushButton(this)) {
    browser_->setObjectName(QStringLiteral("siteVerdict"));
    connect(paste_, &QPushButton::clicked, this, &SitePanel::pasteRequested);
    connect(save_, &QPushButton::clicked, this, &SitePanel::saveRequested);
    connect(clear_, &QPushButton::clicked, this, &SitePanel::clearRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(paste_);
    buttons->addWidget(save_);
    buttons->addWidget(clear_);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(buttons);
    layout->addWidget(browser_);
    retranslate();
    showMessage(
        tr("Choose the draw-a-site tool, click the site's corners on the map and double-click to finish "
           "(right-click or Backspace removes the last corner, Esc starts again). Or paste a coordinate list."));
}

void SitePanel::retranslate() {
    paste_->setText(tr("Paste coordinates…"));
    save_->setText(tr("Save sites as layer…"));
    clear_->setText(tr("Clear"));
}

void SitePanel::showMessage(const QString& text) { browser_->setPlainText(text); }
QString SitePanel::text() const { return browser_->toPlainText(); }

void SitePanel::showVerdict(const SiteVerdict& v) {
    auto list = [](const QString& title, const QStringList& items) {
        if (items.isEmpty()) return QString();
        QString html = QStringLiteral("<h4>%1</h4><ul>").arg(title.toHtmlEscaped());
        for (const auto& i : items) html += QStringLiteral("<li>%1</li>").arg(i.toHtmlEscaped());
        return html + QStringLiteral("</ul>");
    };
    const QString color = v.conflict ? QStringLiteral("#a50f15") : QStringLiteral("#1a7f37");
    QString html = QStringLiteral("<h3 style='color:%1'>%2</h3>").arg(color, v.status.toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("Site area: %1 m² = %2 ha = %3 亩 (ellipsoidal)")
                         .arg(QLocale().toString(v.areaM2, 'f', 1), formatHectares(v.areaM2), formatMu(v.areaM2))
                         .toHtmlEscaped());
    html += list(tr("Overlaps"), v.overlaps);
    html += list(tr("Touches"), v.contacts);
    html += list(tr("Nearest control zones"), v.distances);
    html += list(tr("Lies in"), v.zones);
    html += list(tr("Notes"), v.notes);
    browser_->setHtml(html);
}

StatsPanel::StatsPanel(QWidget* parent)
    : QWidget(parent),
      compute_(new QPushButton(this)),
      table_(new QTableView(this)),
      charts_(new QComboBox(this)),
      chart_(new QLabel(this)) {
    connect(compute_, &QPushButton::clicked, this, &StatsPanel::computeRequested);
    connect(charts_, &QComboBox::currentIndexChanged, this, &StatsPanel::showChart);
    table_->setObjectName(QStringLiteral("statsTable"));
    table_->setSortingEnabled(true);
    table_->verticalHeader()->setDefaultSectionSize(20);
    scroll_ = new QScrollArea(this);
    scroll_->setWidget(chart_);
    scroll_->setWidgetResizable(false);
    auto* scroll = scroll_;
    auto* chartBox = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(charts_);
    chartLayout->addWidget(scroll);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(chartBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* top = new QHBoxLayout;
    top->addWidget(compute_);
    top->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(split);
    retranslate();
}

StatsPanel::~StatsPanel() = default;

void StatsPanel::retranslate() { compute_->setText(tr("Compute zoning statistics")); }

int StatsPanel::rowCount() const { return table_->model() ? table_->model()->rowCount() : 0; }

void StatsPanel::setResult(std::shared_ptr<const analysis::StatsResult> result) {
    result_ = std::move(result);
    auto* model = new QStandardItemModel(this);
    model->setHorizontalHeaderLabels({tr("Zone layer"), tr("Zone"), tr("Class layer"), tr("Class"), tr("Area (ha)"),
                                      tr("Area (亩)"), tr("% of zone")});
    for (const auto& r : result_->rows) {
        if (r.type != analysis::StatsRowType::Cell && r.type != analysis::StatsRowType::ZoneTotal) continue;
        QList<QStandardItem*> items;
        items << new QStandardItem(QString::fromStdString(result_->zoneLayers[r.zoneLayer].name))
              << new QStandardItem(QString::fromStdString(r.zone))
              << new QStandardItem(QString::fromStdString(result_->classLayers[r.classLayer].name))
              << new QStandardItem(QString::fromStdString(r.cls));
        auto number = [](double v, int decimals) {
            auto* item = new QStandardItem(QLocale().toString(v, 'f', decimals));
            item->setData(v, Qt::UserRole);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            return item;
        };
        items << number(hectares(r.areaM2), 4) << number(mu(r.areaM2), 2) << number(r.pctOfZone().value_or(0), 2);
        model->appendRow(items);
    }
    model->setSortRole(Qt::UserRole);
    if (auto* old = table_->model()) old->deleteLater();
    table_->setModel(model);
    table_->resizeColumnsToContents();

    // The charts are the ones `redline stats` writes, drawn into a private folder.
    charts_->clear();
    chartFiles_.clear();
    chart_->clear();
    chartDir_ = std::make_unique<QTemporaryDir>();
    try {
        for (const auto& f :
             report::writeStatsOutputs(*result_, {(chartDir_->path() + QStringLiteral("/stats")).toStdString()})) {
            if (f.extension() == ".png") {
                chartFiles_ << QString::fromStdString(f.string());
                charts_->addItem(QString::fromStdString(f.stem().string()));
            }
        }
    } catch (const std::exception& e) {
        chart_->setText(QString::fromUtf8(e.what()));
    }
    if (!chartFiles_.isEmpty()) showChart(0);
}

void StatsPanel::showChart(int index) {
    if (index < 0 || index >= chartFiles_.size()) return;
    QPixmap chart(chartFiles_[index]);
    // Fitted to the panel's width (charts are drawn for print, wider than a dock).
    const int width = scroll_->viewport()->width() - 4;
    if (width > 100 && chart.width() > width) chart = chart.scaledToWidth(width, Qt::SmoothTransformation);
    chart_->setPixmap(chart);
    chart_->adjustSize();
}

void StatsPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    showChart(charts_->currentIndex());
}

}  // namespace redline::viewer
