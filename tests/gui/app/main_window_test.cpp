// SPDX-License-Identifier: MIT
// The main window offscreen on the sample project, driven as a planner would: open, check,
// click a conflict, draw a site with the mouse, save the project, switch to Chinese, and a
// layer that fails to load.
#include "main_window.hpp"

#include <gtest/gtest.h>

#include <QDockWidget>
#include <QMenuBar>
#include <QProgressBar>
#include <QProgressDialog>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>
#include <algorithm>
#include <set>

#include "conflicts_model.hpp"
#include "gui_test_util.hpp"
#include "language.hpp"
#include "redline/io/gdal_env.hpp"
#include "result_panels.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

using test::waitFor;

class MainWindowTest : public ::testing::Test {
  protected:
    void SetUp() override {
        io::ensureGdalRegistered();
        applyLanguage(QStringLiteral("en"));
        window_ = std::make_unique<MainWindow>();
        window_->resize(1200, 800);
        window_->show();
        QSignalSpy ready(window_.get(), &MainWindow::ready);
        window_->openProject(QString::fromStdString(redline::testing::sampleData("project.json")));
        ASSERT_TRUE(waitFor([&] { return ready.count() > 0; })) << "the sample project never finished drawing";
    }
    std::unique_ptr<MainWindow> window_;
};

TEST_F(MainWindowTest, OpensTheSampleProjectInItsAnalysisCrs) {
    MapDocument* doc = window_->document();
    ASSERT_EQ(doc->layers().size(), 5u);  // 2 zone layers, 2 constraint layers, the sites
    EXPECT_EQ(doc->mapCrs()->label(), "EPSG:4490");
    EXPECT_NEAR(doc->xStretch(), std::cos(31.8 * M_PI / 180), 0.02);
    EXPECT_EQ(doc->layers().back().role, LayerRole::Subjects);  // sites on top
    // The redlines are categorized with the rules' labels in the legend.
    const auto& redlines = doc->layers()[2];
    ASSERT_EQ(redlines.spec.style.kind, render::LayerStyle::Kind::Categorized);
    bool coreLabelled = false;
    for (const auto& c : redlines.spec.style.categories)
        if (c.value == "core") coreLabelled = c.label == "生态保护红线·核心保护区";
    EXPECT_TRUE(coreLabelled);
    EXPECT_GE(window_->canvas()->renderCount(), 1);
    EXPECT_FALSE(window_->canvas()->cachedImage().isNull());
    EXPECT_TRUE(window_->canvas()->scaleDenominator().has_value());
}

TEST_F(MainWindowTest, CheckListsConflictsMostSevereFirstAndZoomsToThem) {
    QSignalSpy finished(window_.get(), &MainWindow::checkFinished);
    window_->runProjectCheck();
    ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
    ConflictsModel* model = window_->conflictsPanel()->model();
    ASSERT_GT(model->rowCount(), 0);
    const auto& rows = model->rows();
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ASSERT_TRUE(rows[i - 1].severity > rows[i].severity ||
                    (rows[i - 1].severity == rows[i].severity && rows[i - 1].areaM2 >= rows[i].areaM2));
    }
    const MapLayer* conflicts = nullptr;
    for (const auto& l : window_->document()->layers())
        if (l.role == LayerRole::Conflicts) conflicts = &l;
    ASSERT_NE(conflicts, nullptr);
    // Every site in conflict has a row: XM020 by the water sources' 500 m buffer alone, with no
    // polygon (it was left out, and the table named 18 of the 19).
    std::set<QString> inConflict;
    std::size_t withPolygon = 0;
    for (const auto& row : rows) {
        inConflict.insert(row.subjectId);
        withPolygon += row.feature != kNoFeature ? 1 : 0;
    }
    EXPECT_EQ(static_cast<int>(inConflict.size()), window_->conflictsPanel()->inConflict());
    const auto xm020 =
        std::find_if(rows.begin(), rows.end(), [](const ConflictRow& r) { return r.subjectId == "XM020"; });
    ASSERT_NE(xm020, rows.end());
    EXPECT_EQ(xm020->feature, kNoFeature);
    EXPECT_TRUE(xm020->notes.startsWith("within the 500 m buffer")) << xm020->notes.toStdString();
    ASSERT_EQ(conflicts->data->featureCount(), withPolygon);
    // Each row with a polygon points at its own; the layer draws the most severe last, on top.
    const QStringList bySeverity{"info", "review", "restricted", "prohibited"};
    for (const auto& row : rows) {
        if (row.feature != kNoFeature) {
            EXPECT_EQ(conflicts->data->attribute(row.feature, 0), row.subjectId);
        }
    }
    for (std::size_t f = 1; f < withPolygon; ++f) {
        EXPECT_LE(bySeverity.indexOf(conflicts->data->attribute(f - 1, 2)),
                  bySeverity.indexOf(conflicts->data->attribute(f, 2)));
    }
    EXPECT_EQ(conflicts->data->attribute(withPolygon - 1, 2), "prohibited");
    // The sample's XM022 crosses itself: its rows, and only its, say it was repaired.
    int repairedRows = 0;
    for (const auto& row : rows) {
        EXPECT_EQ(row.notes.contains(QStringLiteral("repaired")), row.subjectId == "XM022")
            << row.subjectId.toStdString();
        repairedRows += row.subjectId == "XM022" ? 1 : 0;
    }
    EXPECT_GT(repairedRows, 0);

    // Clicking the last row with a polygon zooms to it.
    QTableView* table = window_->conflictsPanel()->table();
    int lastRow = table->model()->rowCount() - 1;
    while (lastRow > 0 && !table->model()->index(lastRow, 1).data(ConflictsModel::kFeatureRole).isValid()) --lastRow;
    const QModelIndex last = table->model()->index(lastRow, 1);
    table->scrollTo(last);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(last).center());
    const std::uint32_t f = last.data(ConflictsModel::kFeatureRole).toUInt();
    const render::Box box = conflicts->data->box(f);
    const render::Box view = window_->canvas()->viewport().visibleExtent();
    EXPECT_TRUE(view.minX <= box.minX && view.maxX >= box.maxX && view.minY <= box.minY && view.maxY >= box.maxY);
    EXPECT_LT(view.width(), window_->document()->fullExtent().width() / 2);  // zoomed in
}

// The check's progress bar goes once from 0 to 100 %, as `redline check` shows it: preparing
// went to 100 %, then the subjects started again from 0.
TEST_F(MainWindowTest, CheckProgressRisesOnce) {
    QSignalSpy finished(window_.get(), &MainWindow::checkFinished);
    window_->runProjectCheck();
    auto* dialog = window_->findChild<QProgressDialog*>();
    ASSERT_NE(dialog, nullptr);
    auto* bar = dialog->findChild<QProgressBar*>();
    ASSERT_NE(bar, nullptr);
    const int maximum = bar->maximum();  // the dialog is gone when the check has finished
    std::vector<int> values;
    QObject::connect(bar, &QProgressBar::valueChanged, [&](int v) { values.push_back(v); });
    ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
    ASSERT_FALSE(values.empty());
    EXPECT_TRUE(std::is_sorted(values.begin(), values.end()))
        << "progress went back: " << ::testing::PrintToString(values);
    EXPECT_EQ(values.back(), maximum);
}

TEST_F(MainWindowTest, DrawingASiteWithTheMouseChecksIt) {
    MapCanvas* canvas = window_->canvas();
    canvas->setTool(MapTool::DrawSite);
    QSignalSpy checked(window_.get(), &MainWindow::siteChecked);
    const std::vector<QPoint> clicks{{300, 300}, {360, 300}, {360, 350}};
    std::vector<QPointF> expected;
    for (const auto& p : clicks) {
        expected.push_back(canvas->viewport().toMap(p));
        QTest::mouseClick(canvas, Qt::LeftButton, {}, p);
    }
    EXPECT_EQ(canvas->sketch().vertices().size(), 3u);
    QTest::mouseDClick(canvas, Qt::LeftButton, {}, clicks.back());  // finishes on the last corner
    ASSERT_TRUE(waitFor([&] { return checked.count() > 0; }, 60000));

    const MapLayer* sites = nullptr;
    for (const auto& l : window_->document()->layers())
        if (l.role == LayerRole::Sites) sites = &l;
    ASSERT_NE(sites, nullptr);
    ASSERT_EQ(sites->data->featureCount(), 1u);
    const auto ring = sites->data->ring(0, 0);
    ASSERT_EQ(ring.size(), 4u);  // triangle, closed
    // The ring holds the clicked points (turned counter-clockwise if they were clockwise).
    for (const auto& p : expected) {
        EXPECT_TRUE(std::any_of(ring.begin(), ring.end(), [&](const QPointF& q) { return q == p; }));
    }
    const QString verdict = window_->sitePanel()->text();
    EXPECT_TRUE(verdict.contains(QStringLiteral("Site area"))) << verdict.toStdString();
    EXPECT_TRUE(verdict.startsWith(QStringLiteral("conflict")) || verdict.startsWith(QStringLiteral("clear")))
        << verdict.toStdString();
}

TEST_F(MainWindowTest, SavedProjectReadsBackWithItsMapAndRuns) {
    redline::testing::TempDir dir;
    const QString file = QString::fromStdString(dir.file("saved.json"));
    window_->document()->saveProject(file, window_->canvas()->viewport().visibleExtent());
    const analysis::Project p = analysis::loadProject(file.toStdString());
    EXPECT_EQ(p.map.layers.size(), 5u);
    EXPECT_EQ(p.constraints.size(), 2u);
    EXPECT_EQ(p.zones.size(), 2u);
    ASSERT_TRUE(p.map.extent);
    EXPECT_EQ(p.map.layers[2].style.categoryField, "category");
    // Paths stay valid from the new folder: the check prepares on the saved project.
    analysis::validateProject(p);
    EXPECT_TRUE(std::filesystem::exists(p.subjects.source.path));
}

TEST_F(MainWindowTest, ChineseInterfaceAndBrokenLayer) {
    QSignalSpy finished(window_.get(), &MainWindow::checkFinished);
    window_->runProjectCheck();
    ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
    applyLanguage(QStringLiteral("zh_CN"));
    QCoreApplication::processEvents();
    const QString fileMenu = window_->menuBar()->actions().at(0)->text();
    EXPECT_EQ(fileMenu, QStringLiteral("文件(&F)"));
    // Names the viewer gave change too, not only on a fresh start.
    bool conflictsRenamed = false;
    for (const auto& l : window_->document()->layers())
        if (l.role == LayerRole::Conflicts) conflictsRenamed = l.spec.name == "冲突";
    EXPECT_TRUE(conflictsRenamed);
    const auto* identify = window_->findChild<QTreeWidget*>(QStringLiteral("identifyTree"));
    ASSERT_NE(identify, nullptr);
    EXPECT_EQ(identify->headerItem()->text(0), QStringLiteral("字段"));
    applyLanguage(QStringLiteral("en"));
    QCoreApplication::processEvents();
    EXPECT_EQ(window_->menuBar()->actions().at(0)->text(), QStringLiteral("&File"));

    QSignalSpy failed(window_->document(), &MapDocument::loadFailed);
    const std::size_t before = window_->document()->layers().size();
    window_->openPaths({QStringLiteral("/nonexistent/broken_parks.shp")});
    ASSERT_TRUE(waitFor([&] { return failed.count() > 0; }));
    EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("broken_parks.shp")));
    EXPECT_EQ(window_->document()->layers().size(), before);  // the rest keeps working
}

TEST_F(MainWindowTest, ARerunWithoutOverlapsTakesTheOldConflictsOffTheMap) {
    const auto conflictLayers = [&] {
        return std::count_if(window_->document()->layers().begin(), window_->document()->layers().end(),
                             [](const MapLayer& l) { return l.role == LayerRole::Conflicts; });
    };
    QSignalSpy finished(window_.get(), &MainWindow::checkFinished);
    window_->runProjectCheck();
    ASSERT_TRUE(waitFor([&] { return finished.count() > 0; }, 60000));
    ASSERT_EQ(conflictLayers(), 1);
    // The constraints moved far from every site: the re-run counts no overlap, and the old layer goes.
    redline::testing::TempDir tmp;
    redline::testing::writeLayer(tmp.file("far.gpkg"), {{"category"}},
                                 {{"POLYGON((100 20,100.1 20,100.1 20.1,100 20.1,100 20))", {"core"}}});
    auto& constraints = window_->document()->project().constraints;
    constraints.resize(1);
    constraints[0].source = redline::io::SourceSpec::parse(tmp.file("far.gpkg"));
    constraints[0].categoryField = "category";
    constraints[0].category.clear();
    constraints[0].idField.clear();
    constraints[0].nameField.clear();
    window_->runProjectCheck();
    ASSERT_TRUE(waitFor([&] { return finished.count() > 1; }, 60000));
    EXPECT_EQ(conflictLayers(), 0);
    for (int i = 0; i < window_->conflictsPanel()->model()->rowCount(); ++i)
        EXPECT_EQ(window_->conflictsPanel()->model()->rows()[static_cast<std::size_t>(i)].feature, kNoFeature);
}

TEST_F(MainWindowTest, DrawnSitesStayOneLayerAcrossALanguageSwitch) {
    MapCanvas* canvas = window_->canvas();
    canvas->setTool(MapTool::DrawSite);
    QSignalSpy checked(window_.get(), &MainWindow::siteChecked);
    const auto draw = [&](int x) {
        for (const QPoint p : {QPoint(x, 300), QPoint(x + 60, 300), QPoint(x + 60, 350)})
            QTest::mouseClick(canvas, Qt::LeftButton, {}, p);
        QTest::mouseDClick(canvas, Qt::LeftButton, {}, QPoint(x + 60, 350));
    };
    draw(300);
    ASSERT_TRUE(waitFor([&] { return checked.count() > 0; }, 60000));
    applyLanguage(QStringLiteral("zh_CN"));
    QCoreApplication::processEvents();
    draw(500);
    ASSERT_TRUE(waitFor([&] { return checked.count() > 1; }, 60000));
    std::vector<const MapLayer*> sites;
    for (const auto& l : window_->document()->layers())
        if (l.role == LayerRole::Sites) sites.push_back(&l);
    ASSERT_EQ(sites.size(), 1u);  // the English-named layer was left beside the Chinese one
    EXPECT_EQ(sites[0]->data->featureCount(), 2u);
    EXPECT_EQ(sites[0]->spec.name, "绘制的地块");
    applyLanguage(QStringLiteral("en"));
    QCoreApplication::processEvents();
    for (const auto& l : window_->document()->layers()) {
        if (l.role == LayerRole::Sites) {
            EXPECT_EQ(l.spec.name, "drawn sites");  // renamed with the language
        }
    }
}

TEST_F(MainWindowTest, OpeningAnotherProjectWhileLoadingDropsTheOldLoads) {
    QSignalSpy failed(window_->document(), &MapDocument::loadFailed);
    QSignalSpy loaded(window_->document(), &MapDocument::allLoaded);
    window_->openProject(QString::fromStdString(redline::testing::sampleData("project.json")));
    const std::string parks = redline::testing::sampleData("parks_project.json");
    window_->openProject(QString::fromStdString(parks));  // the first project's reads are cancelled
    ASSERT_TRUE(waitFor([&] { return loaded.count() > 0 && !window_->document()->loading(); }));
    const analysis::Project p = analysis::loadProject(parks);
    const std::size_t expected = p.map.layers.empty() ? p.zones.size() + p.constraints.size() + 1 : p.map.layers.size();
    EXPECT_EQ(window_->document()->layers().size(), expected);
    for (const auto& l : window_->document()->layers()) EXPECT_TRUE(l.data) << l.spec.name;
    EXPECT_EQ(failed.count(), 0);  // a cancelled read is not reported as a failure
}

}  // namespace
}  // namespace redline::viewer
