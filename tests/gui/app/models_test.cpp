// SPDX-License-Identifier: MIT
// The viewer's models: the layer tree (top-first order, visibility, legend children, moves,
// removal), the attribute table (numeric sort, filter, selection sync) and the conflicts table
// (units and severity order, subjects not checked) and its panel's summary.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <QItemSelectionModel>
#include <QLabel>
#include <QRegularExpression>
#include <QTableView>
#include <algorithm>
#include <set>

#include "attribute_table_model.hpp"
#include "attribute_table_view.hpp"
#include "conflicts_model.hpp"
#include "gui_test_util.hpp"
#include "language.hpp"
#include "layer_tree_model.hpp"
#include "map_document.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/render/styled_layer.hpp"
#include "result_panels.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

std::shared_ptr<const render::VectorLayer> makeLayer(const QString& name, const std::vector<QStringList>& rows) {
    render::VectorLayerBuilder b(name, {QStringLiteral("code"), QStringLiteral("category"), QStringLiteral("area")});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double x = static_cast<double>(i) * 10;
        const std::vector<QPointF> ring{{x, 0}, {x + 5, 0}, {x + 5, 5}, {x, 5}, {x, 0}};
        b.addRing(render::FeatureType::Polygon, ring);
        b.endFeature(static_cast<std::int64_t>(i), rows[i]);
    }
    return std::move(b).finish();
}

TEST(LayerTreeModel, TopmostFirstWithLegendAndVisibility) {
    MapDocument doc;
    const auto a = makeLayer(QStringLiteral("bottom"), {{"1", "core", "1"}});
    const auto b = makeLayer(QStringLiteral("top"), {{"1", "core", "1"}, {"2", "general", "2"}});
    const int idA = doc.addDerivedLayer(QStringLiteral("bottom"), LayerRole::Layer, a, {});
    const int idB = doc.addDerivedLayer(QStringLiteral("top"), LayerRole::Constraints, b,
                                        render::categorizedStyleFor(*b, QStringLiteral("category")));
    LayerTreeModel model(&doc);
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.layerIdAt(0), idB);  // drawn last, listed first
    EXPECT_EQ(model.layerIdAt(1), idA);
    EXPECT_TRUE(model.index(0, 0).data().toString().startsWith(QStringLiteral("top [2]")));
    // The categorized layer's legend: one child per category, with its colour.
    const QModelIndex top = model.index(0, 0);
    ASSERT_EQ(model.rowCount(top), 2);
    EXPECT_EQ(model.index(0, 0, top).data().toString(), QStringLiteral("core"));
    EXPECT_EQ(model.index(1, 0, top).data().toString(), QStringLiteral("general"));
    EXPECT_EQ(model.rowCount(model.index(1, 0)), 0);

    // Unchecking hides the layer in the document; unchecking a category hides the category.
    EXPECT_TRUE(model.setData(model.index(1, 0), Qt::Unchecked, Qt::CheckStateRole));
    EXPECT_FALSE(doc.layer(idA)->spec.visible);
    EXPECT_TRUE(model.setData(model.index(0, 0, top), Qt::Unchecked, Qt::CheckStateRole));
    EXPECT_FALSE(doc.layer(idB)->spec.style.categories[0].visible);
    EXPECT_EQ(model.index(0, 0, model.index(0, 0)).data(Qt::CheckStateRole).toInt(), Qt::Unchecked);

    // Moving the bottom layer up puts it on top, in the list and in the drawing order.
    model.moveUp(idA);
    EXPECT_EQ(model.layerIdAt(0), idA);
    EXPECT_EQ(doc.layers().back().id, idA);
    model.moveDown(idA);
    EXPECT_EQ(model.layerIdAt(0), idB);
    doc.removeLayer(idB);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.layerIdAt(0), idA);
}

// A large layer says how far its loading has got, and the panel shows it as it moves: it said
// "(loading…)" for the seconds a layer of 200,000 features takes, as if stuck.
TEST(LayerTreeModel, ALoadingLayerShowsItsPercentage) {
    io::ensureGdalRegistered();
    redline::testing::TempDir dir;
    std::vector<redline::testing::TestFeature> squares;
    squares.reserve(30000);
    for (int i = 0; i < 30000; ++i) {
        const int x = i % 400, y = i / 400;
        squares.push_back({fmt::format("POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))", 118 + x * 0.001,
                                       30 + y * 0.001, 118 + x * 0.001 + 0.0005, 30 + y * 0.001 + 0.0005),
                           {"core"}});
    }
    redline::testing::writeLayer(dir.file("many.gpkg"), {{"category", 'S'}}, squares);
    MapDocument doc;
    LayerTreeModel model(&doc);
    doc.addSources({QString::fromStdString(dir.file("many.gpkg"))});
    const QRegularExpression pattern(QStringLiteral("\\(loading… (\\d+)%\\)"));
    std::set<int> seen;
    ASSERT_TRUE(test::waitFor(
        [&] {
            if (model.rowCount() == 1) {
                const auto m = pattern.match(model.index(0, 0).data().toString());
                if (m.hasMatch()) seen.insert(m.captured(1).toInt());
            }
            return !doc.loading();
        },
        60000));
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](int p) { return p > 0 && p < 100; }))
        << "percentages seen: " << ::testing::PrintToString(seen);
    EXPECT_TRUE(model.index(0, 0).data().toString().endsWith(QStringLiteral("[30000]")));
}

TEST(MapDocument, AReplacedDrawnSitesLayerKeepsItsPlaceVisibilityAndStyle) {
    // One more drawn site replaces the drawn-sites layer: a hidden one came back shown, on top, in
    // the default style.
    MapDocument doc;
    const int sites = doc.addDerivedLayer(QStringLiteral("drawn sites"), LayerRole::Sites,
                                          makeLayer(QStringLiteral("drawn sites"), {{"1", "a", "1"}}), {});
    doc.addDerivedLayer(QStringLiteral("top"), LayerRole::Layer, makeLayer(QStringLiteral("top"), {{"1", "a", "1"}}),
                        {});
    doc.setVisible(sites, false);
    render::LayerStyle mine;
    mine.fill = render::toRgba(QColor(10, 20, 30));
    doc.setStyle(sites, mine);
    render::LayerStyle fresh;
    fresh.fill = render::toRgba(QColor(255, 255, 0));
    const int again =
        doc.addDerivedLayer(QStringLiteral("绘制的地块"), LayerRole::Sites,
                            makeLayer(QStringLiteral("绘制的地块"), {{"1", "a", "1"}, {"2", "b", "2"}}), fresh);
    ASSERT_EQ(doc.layers().size(), 2u);
    EXPECT_EQ(doc.layers().front().id, again);  // still below "top"
    EXPECT_FALSE(doc.layer(again)->spec.visible);
    EXPECT_EQ(render::toQColor(doc.layer(again)->spec.style.fill), QColor(10, 20, 30));
    EXPECT_EQ(doc.layer(again)->data->featureCount(), 2u);
}

TEST(AttributeTable, SortsNumbersAsNumbersAndFilters) {
    const auto layer =
        makeLayer(QStringLiteral("parks"),
                  {{"P1", "core", "100"}, {"P2", "general", "9"}, {"P3", "核心区", "25.5"}, {"P4", "general", "1000"}});
    AttributeTableModel model(layer);
    AttributeFilterProxy proxy;
    proxy.setSourceModel(&model);
    ASSERT_EQ(model.columnCount(), 4);  // FID + 3 fields
    EXPECT_EQ(model.headerData(3, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("area"));
    proxy.sort(3, Qt::AscendingOrder);
    QStringList order;
    for (int r = 0; r < proxy.rowCount(); ++r) order << proxy.index(r, 3).data().toString();
    EXPECT_EQ(order, (QStringList{"9", "25.5", "100", "1000"}));  // as text it would be 100, 1000, 25.5, 9
    proxy.setFilterFixedString(QStringLiteral("GENERAL"));
    EXPECT_EQ(proxy.rowCount(), 2);
    proxy.setFilterFixedString(QStringLiteral("核心"));
    ASSERT_EQ(proxy.rowCount(), 1);
    EXPECT_EQ(proxy.index(0, 1).data().toString(), QStringLiteral("P3"));
}

TEST(AttributeTable, SelectionIsSharedWithTheMap) {
    MapDocument doc;
    const auto layer = makeLayer(QStringLiteral("parks"), {{"P1", "a", "1"}, {"P2", "b", "2"}, {"P3", "c", "3"}});
    const int id = doc.addDerivedLayer(QStringLiteral("parks"), LayerRole::Layer, layer, {});
    AttributeTableView view(&doc, id);
    // Map → table: selecting feature 2 selects its row.
    doc.setSelection(id, {2});
    auto rows = view.table()->selectionModel()->selectedRows();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows[0].siblingAtColumn(1).data().toString(), QStringLiteral("P3"));
    // Table → map: selecting the first row selects feature 0.
    view.table()->selectRow(0);
    EXPECT_EQ(doc.layer(id)->selection, (std::set<std::uint32_t>{0}));
}

TEST(ConflictsModel, AreasInHectaresAndMuMostSevereFirst) {
    ConflictsModel model;
    ConflictRow review{"S2", "b", "x", "x", analysis::Severity::Review, 3000, 6000, {}, {}, 1, {}, false};
    ConflictRow prohibited{"S1", "a", "core", "核心保护区", analysis::Severity::Prohibited, 12345.678, 50000, {},
                           {},   0,   {},     false};
    model.setRows({prohibited, review});
    ASSERT_EQ(model.rowCount(), 2);
    // 12345.678 m² = 1.2345678 ha = 18.518517 亩 (1 亩 = 10000/15 m²).
    QLocale::setDefault(QLocale::c());
    EXPECT_EQ(model.index(0, ConflictsModel::Hectares).data().toString(), QStringLiteral("1.2346"));
    EXPECT_EQ(model.index(0, ConflictsModel::Mu).data().toString(), QStringLiteral("18.52"));
    EXPECT_EQ(model.index(0, ConflictsModel::PercentOfSite).data().toString(), QStringLiteral("24.7"));
    EXPECT_EQ(model.index(0, ConflictsModel::Category).data().toString(), QStringLiteral("核心保护区"));
    EXPECT_EQ(model.index(0, ConflictsModel::Severity).data(ConflictsModel::kSortRole).toInt(),
              static_cast<int>(analysis::Severity::Prohibited));
    EXPECT_EQ(model.index(1, 0).data(ConflictsModel::kFeatureRole).toUInt(), 1u);
}

TEST(ConflictsModel, ASubjectNotCheckedShowsItsReasonAndHasNoPolygon) {
    ConflictsModel model;
    const ConflictRow repaired{"S1",
                               "a",
                               "core",
                               "核心保护区",
                               analysis::Severity::Prohibited,
                               1000,
                               2000,
                               {},
                               {},
                               0,
                               QStringLiteral("invalid geometry repaired"),
                               false};
    const ConflictRow broken{"S2",
                             "b",
                             {},
                             {},
                             analysis::Severity::Review,
                             0,
                             0,
                             {},
                             {},
                             render::kNoFeature,
                             QStringLiteral("empty geometry"),
                             true};
    model.setRows({broken, repaired});
    EXPECT_EQ(model.overlapCount(), 1);
    EXPECT_EQ(model.index(0, ConflictsModel::Severity).data().toString(), QStringLiteral("not checked"));
    EXPECT_EQ(model.index(0, ConflictsModel::Notes).data().toString(), QStringLiteral("empty geometry"));
    EXPECT_FALSE(model.index(0, ConflictsModel::Hectares).data().isValid());
    EXPECT_FALSE(model.index(0, 0).data(ConflictsModel::kFeatureRole).isValid());
    // Sorting by severity keeps it above the most severe overlap.
    EXPECT_GT(model.index(0, ConflictsModel::Severity).data(ConflictsModel::kSortRole).toInt(),
              model.index(1, ConflictsModel::Severity).data(ConflictsModel::kSortRole).toInt());
    EXPECT_EQ(model.index(1, ConflictsModel::Notes).data().toString(), QStringLiteral("invalid geometry repaired"));
}

TEST(ConflictsPanel, SaysWhichConstraintFeaturesWereNotUsed) {
    applyLanguage(QStringLiteral("en"));
    ConflictsPanel panel;
    CheckOutcome outcome;
    outcome.subjects = 1;
    outcome.clear = 1;
    outcome.unusedFeatures = {QStringLiteral("redlines.shp fid 2 (HX-3): the category field is empty")};
    panel.setOutcome(outcome);
    const auto* summary = panel.findChild<QLabel*>();
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->text().endsWith(QStringLiteral(
        "\n1 constraint or zone feature not used: redlines.shp fid 2 (HX-3): the category field is empty")))
        << summary->text().toStdString();
    outcome.unusedFeatures.clear();
    panel.setOutcome(outcome);
    EXPECT_FALSE(summary->text().contains(QStringLiteral("not used")));
}

// A check of a subjects layer with no features says so in the panel: it kept saying "Run the
// conflict check…" as if none had run.
TEST(ConflictsPanel, ACheckOfNoSubjectsReportsItsCounts) {
    applyLanguage(QStringLiteral("en"));
    ConflictsPanel panel;
    const auto* summary = panel.findChild<QLabel*>();
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->text().startsWith(QStringLiteral("Run the conflict check")));
    panel.setOutcome(CheckOutcome{});  // 0 subjects
    EXPECT_TRUE(summary->text().startsWith(QStringLiteral("0 sites checked: 0 in conflict")))
        << summary->text().toStdString();
    panel.clearOutcome();
    EXPECT_TRUE(summary->text().startsWith(QStringLiteral("Run the conflict check")));
}

}  // namespace
}  // namespace redline::viewer
