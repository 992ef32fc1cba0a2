// SPDX-License-Identifier: MIT
// Map layouts: paper sizes, the scale measured on the ground (against the closed-form length of
// a parallel arc), round scale bars, true north in Gauss-Krüger (the meridian convergence), the
// page's parts placed inside the page without overlapping, vector clipping keeping fills, and the
// location inset drawn once for all the pages of an atlas.
#include "redline/render/map_layout.hpp"

#include <gtest/gtest.h>

#include <QFontMetricsF>
#include <QImage>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numeric>

#include "redline/crs/transformer.hpp"
#include "redline/render/layout_fonts.hpp"
#include "redline/render/layout_table.hpp"
#include "redline/render/legend.hpp"
#include "redline/render/map_export.hpp"
#include "redline/render/map_renderer.hpp"
#include "testing.hpp"

namespace redline::render {
namespace {

TEST(PageSetup, IsoAndCustomSizes) {
    EXPECT_EQ(PageSetup::parse("A4", false).sizeMm, QSizeF(210, 297));
    EXPECT_EQ(PageSetup::parse("a4", true).sizeMm, QSizeF(297, 210));
    EXPECT_EQ(PageSetup::parse("A3", true).sizeMm, QSizeF(420, 297));
    EXPECT_EQ(PageSetup::parse("A0", false).sizeMm, QSizeF(841, 1189));
    EXPECT_EQ(PageSetup::parse("400x300mm", false).sizeMm, QSizeF(400, 300));
    EXPECT_EQ(PageSetup::parse("200x300mm", false).sizeMm, QSizeF(200, 300));  // as given
    // --landscape puts the long side across for a custom size too (it was ignored).
    EXPECT_EQ(PageSetup::parse("200x300mm", true).sizeMm, QSizeF(300, 200));
    EXPECT_EQ(PageSetup::parse("400x300mm", true).sizeMm, QSizeF(400, 300));
    EXPECT_THROW((void)PageSetup::parse("B5", false), std::invalid_argument);
    EXPECT_THROW((void)PageSetup::parse("10x10mm", false), std::invalid_argument);
    EXPECT_EQ(PageSetup::parse("A4", true).pixels(254), QSize(2970, 2100));
}

// Ground length of one degree of longitude along parallel φ on CGCS2000: N(φ) cos φ · π/180.
double parallelDegreeMetres(double latDeg) {
    const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f);
    const double phi = latDeg * M_PI / 180;
    return a / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi)) * std::cos(phi) * M_PI / 180;
}

TEST(ScaleBar, GroundScaleOfAGeographicMapIsTheParallelArc) {
    const double lat = 32.0;
    const double xStretch = std::cos(lat * M_PI / 180);
    // 1000 px wide, 1e-4° of latitude per pixel, 10 px per mm.
    const MapViewport viewport(QSize(1000, 800), QPointF(119.0, lat), 1e-4, xStretch);
    const auto metresPerMm = groundMetresPerMm(viewport, crs::Crs::fromUserInput("EPSG:4490"), 10);
    ASSERT_TRUE(metresPerMm);
    const double degreesLonPerMm = 10 * 1e-4 / xStretch;
    EXPECT_NEAR(*metresPerMm / (degreesLonPerMm * parallelDegreeMetres(lat)), 1.0, 1e-6);
}

TEST(ScaleBar, ProjectedMapAwayFromTheCentralMeridianIncludesTheScaleFactor) {
    // EPSG:4549 (CM 120°E) at 121.4°E: the projection's scale factor exceeds 1, so one metre of
    // grid is less than a metre of ground.
    const MapViewport viewport(QSize(1000, 800), QPointF(633000, 3540000), 1.0, 1.0);
    const auto metresPerMm = groundMetresPerMm(viewport, crs::Crs::fromUserInput("EPSG:4549"), 10);
    ASSERT_TRUE(metresPerMm);
    EXPECT_LT(*metresPerMm, 10.0);
    EXPECT_NEAR(*metresPerMm, 10.0 / 1.00025, 0.0005);  // k ≈ 1 + (E-500 km)²/(2R²) ≈ 1.000218
}

TEST(ScaleBar, ChoosesTheLongestRoundLengthThatFits) {
    auto bar = chooseScaleBar(26.6, 50);  // 1:26,600, at most 50 mm = 1330 m
    EXPECT_DOUBLE_EQ(bar.lengthM, 1000);
    EXPECT_TRUE(bar.kilometres);
    EXPECT_NEAR(bar.lengthMm, 1000 / 26.6, 1e-9);
    EXPECT_EQ(bar.tickLabel(bar.segments), "1");
    bar = chooseScaleBar(0.5, 40);  // 20 m fits
    EXPECT_DOUBLE_EQ(bar.lengthM, 20);
    EXPECT_FALSE(bar.kilometres);
    bar = chooseScaleBar(1330, 50);  // 66.5 km → 50 km
    EXPECT_DOUBLE_EQ(bar.lengthM, 50000);
    EXPECT_EQ(bar.tickLabel(2), "25");
}

TEST(NorthArrow, PointsToTrueNorthInGaussKruger) {
    const auto crs = crs::Crs::fromUserInput("EPSG:4549");
    // On the central meridian grid north is true north.
    EXPECT_NEAR(trueNorthAngle(MapViewport(QSize(500, 500), QPointF(500000, 3540000), 1, 1), crs), 0, 1e-3);
    // 1.5° east of it at 32°N the meridians converge by atan(tan Δλ sin φ) ≈ 0.795°: true north
    // leans to the left (anticlockwise) of the grid's up.
    const double lon = 121.5, lat = 32.0;
    const double gamma = std::atan(std::tan(1.5 * M_PI / 180) * std::sin(lat * M_PI / 180)) * 180 / M_PI;
    const auto toGk =
        crs::LayerTransform::create(crs::Crs::fromUserInput("EPSG:4490"), crs, std::nullopt, std::nullopt, "test", "");
    std::vector<double> x{lon}, y{lat};
    ASSERT_TRUE(toGk.apply(x, y));
    const MapViewport viewport(QSize(500, 500), QPointF(x[0], y[0]), 1, 1);
    EXPECT_NEAR(trueNorthAngle(viewport, crs), -gamma, 0.002);
    EXPECT_DOUBLE_EQ(trueNorthAngle(viewport, crs::Crs::fromUserInput("EPSG:4490")), 0);
}

std::shared_ptr<const VectorLayer> square(double x0, double y0, double size) {
    VectorLayerBuilder b(QStringLiteral("square"), {QStringLiteral("name")});
    const std::vector<QPointF> ring{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}};
    b.addRing(FeatureType::Polygon, ring);
    b.endFeature(0, {QStringLiteral("核心")});
    return std::move(b).finish();
}

TEST(Legend, ATallLegendIsSetSmallerBeforeEntriesAreLeftOut) {
    // The report's map panel held "Constraints … +4": the redlines' own classes left out.
    std::vector<LegendGroup> groups(4);
    for (int g = 0; g < 4; ++g) {
        groups[static_cast<std::size_t>(g)].title = QStringLiteral("group %1").arg(g);
        groups[static_cast<std::size_t>(g)].entries.resize(
            3, LegendEntry{QStringLiteral("生态保护红线"), Qt::red, Qt::black, 0.2});
    }
    const double pxPerMm = 4;
    const double full = legendHeight(groups, pxPerMm, 1.0);
    EXPECT_DOUBLE_EQ(legendScale(groups, full + 1, pxPerMm), 1.0);  // fits: as designed
    const double scale = legendScale(groups, 0.8 * full, pxPerMm);
    EXPECT_LT(scale, 1.0);
    EXPECT_GE(scale, 0.7);
    EXPECT_LE(legendHeight(groups, pxPerMm, scale), 0.8 * full);
    EXPECT_DOUBLE_EQ(legendScale(groups, 0.2 * full, pxPerMm), 0.7);  // never below legible
}

TEST(MapLayout, PartsAreInsideThePageAndApart) {
    MapPage page;
    page.title = QStringLiteral("测试图");
    page.crs = std::make_shared<const crs::Crs>(crs::Crs::fromUserInput("EPSG:4490"));
    page.crsName = QStringLiteral("EPSG:4490");
    LayerStyle style;
    style.fill = {165, 15, 21, 255};
    page.layers.push_back(makeStyledLayer(square(119.0, 32.0, 0.1), style));
    page.layerNames << QStringLiteral("核心保护区");
    page.extent = page.layers.front().layer->extent();
    page.overviewLayers = page.layers;
    page.overviewExtent = page.extent;
    page.date = QStringLiteral("2026-11-25");
    const PageSetup setup = PageSetup::parse("A4", true);
    const QImage image = renderPagePreview(LayoutPage(page), setup, LayoutText::chinese(), 100);
    ASSERT_FALSE(image.isNull());

    QImage scratch(setup.pixels(100), QImage::Format_ARGB32_Premultiplied);
    scratch.fill(Qt::white);
    scratch.setDotsPerMeterX(static_cast<int>(100 / 0.0254));
    scratch.setDotsPerMeterY(static_cast<int>(100 / 0.0254));
    QPainter painter(&scratch);
    const PageGeometry g = drawMapPage(painter, page, setup, LayoutText::chinese(), 100 / 25.4, false);
    painter.end();
    const QRectF pageRect(QPointF(0, 0), setup.sizeMm);
    for (const QRectF& r :
         {g.titleMm, g.mapFrameMm, g.overviewMm, g.legendMm, g.infoMm, g.scaleBarMm, g.northArrowMm}) {
        EXPECT_TRUE(pageRect.contains(r)) << r.x() << "," << r.y() << " " << r.width() << "x" << r.height();
    }
    EXPECT_FALSE(g.mapFrameMm.intersects(g.legendMm));
    EXPECT_FALSE(g.mapFrameMm.intersects(g.overviewMm));
    EXPECT_FALSE(g.legendMm.intersects(g.infoMm));
    EXPECT_TRUE(g.mapFrameMm.contains(g.scaleBarMm));
    EXPECT_TRUE(g.mapFrameMm.contains(g.northArrowMm));
    ASSERT_TRUE(g.metresPerMm);
    // The bar's length on paper times the ground scale is its stated length.
    EXPECT_NEAR(g.scaleBar.lengthMm * *g.metresPerMm, g.scaleBar.lengthM, 1e-6 * g.scaleBar.lengthM);
    EXPECT_LE(g.scaleBar.lengthMm, 50.0);
    // The square is drawn in the frame: its centre pixel is the core red.
    const QPointF centreMap(119.05, 32.05);
    const QPointF centrePx = g.viewport.toPixel(centreMap) + g.mapFrameMm.topLeft() * (100 / 25.4);
    EXPECT_EQ(scratch.pixelColor(centrePx.toPoint()), QColor(165, 15, 21));
}

TEST(MapLayout, RowsOfATableUnderTheMapThatDoNotFitGoOnOnTheNextPage) {
    // A site in 40 categories on A4 portrait: 22 rows showed, the rest and the 合计 were dropped
    // without a word.
    MapPage page;
    page.title = QStringLiteral("ST1 跨带密点地块");
    page.crs = std::make_shared<const crs::Crs>(crs::Crs::fromUserInput("EPSG:4490"));
    LayerStyle style;
    style.fill = {165, 15, 21, 255};
    page.layers.push_back(makeStyledLayer(square(119.0, 32.0, 0.1), style));
    page.extent = page.layers.front().layer->extent();
    LayoutTable table;
    table.header = {"类别", "重叠面积（公顷）"};
    table.numeric = {false, true};
    for (int i = 0; i < 40; ++i) table.rows.push_back({QStringLiteral("管控类别%1").arg(i), QStringLiteral("1.0000")});
    table.rows.push_back({QStringLiteral("合计"), QStringLiteral("40.0000")});
    table.boldLastRow = 1;
    page.tables.push_back(table);
    const testing::TempDir dir;
    const auto pages = exportPages(dir.path() / "atlas.png", {LayoutPage(page)}, PageSetup::parse("A4", false),
                                   LayoutText::chinese(), {});
    ASSERT_EQ(pages.size(), 2u);  // the map page, then the rest of its table
    ASSERT_TRUE(pages[0].geometry);
    ASSERT_EQ(pages[0].geometry->tableRows.size(), 1u);
    const int shown = pages[0].geometry->tableRows[0];
    EXPECT_GT(shown, 10);
    EXPECT_LT(shown, 41);
    EXPECT_FALSE(pages[1].geometry);  // a table page
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "atlas_02.png"));
}

TEST(OverviewInsets, ThePictureOfAViewIsDrawnOnceAtItsResolution) {
    LayerStyle style;
    style.fill = {165, 15, 21, 255};
    style.strokeWidthMm = 0;
    const std::vector<StyledLayer> layers{makeStyledLayer(square(119.0, 32.0, 0.1), style)};
    const MapViewport view = MapViewport::fitting(layers.front().layer->extent(), QSize(2000, 1500), 1, 0.06);
    RenderOptions options;
    options.dpi = 1200;
    OverviewInsets insets;
    const QImage first = insets.image(view, layers, options, 300);
    EXPECT_EQ(first.size(), QSize(500, 375));  // 300 dpi of a 1200 dpi device
    EXPECT_EQ(first.pixelColor(250, 187), QColor(165, 15, 21));
    EXPECT_EQ(first.pixelColor(2, 2), QColor(Qt::white));
    // The same QImage again: a PDF writes it once and refers to it from every page.
    EXPECT_EQ(insets.image(view, layers, options, 300).cacheKey(), first.cacheKey());
    const MapViewport other = view.pannedBy(QPointF(10, 0));
    EXPECT_NE(insets.image(other, layers, options, 300).cacheKey(), first.cacheKey());
    EXPECT_EQ(insets.image(view, layers, options, 300).cacheKey(), first.cacheKey());  // still kept
}

TEST(MapLayout, AtlasPagesSharingAnInsetHoldItOnceInThePdf) {
    // Two subjects at different latitudes, far apart: their pages' insets show the same overview,
    // drawn once into the PDF; their map frames draw only what is in them.
    LayerStyle style;
    style.fill = {165, 15, 21, 255};
    const auto insets = std::make_shared<OverviewInsets>();
    const StyledLayer project = makeStyledLayer(square(118.0, 29.0, 5), style);
    std::vector<LayoutPage> pages;
    for (const double y : {30.0, 33.0}) {
        MapPage page;
        page.title = QStringLiteral("S %1").arg(y);
        page.crs = std::make_shared<const crs::Crs>(crs::Crs::fromUserInput("EPSG:4490"));
        page.layers.push_back(makeStyledLayer(square(119.0, y, 0.01), style));
        page.extent = page.layers.front().layer->extent();
        page.overviewLayers = {project};
        page.overviewExtent = project.layer->extent();
        page.overviewInsets = insets;
        pages.emplace_back(std::move(page));
    }
    const testing::TempDir dir;
    (void)exportPages(dir.path() / "atlas.pdf", pages, PageSetup::parse("A4", false), LayoutText::english(), {});
    std::ifstream in(dir.path() / "atlas.pdf", std::ios::binary);
    const std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t images = 0;
    for (auto at = pdf.find("/Subtype /Image"); at != std::string::npos; at = pdf.find("/Subtype /Image", at + 1))
        ++images;
    EXPECT_EQ(images, 1u);
}

TEST(MapRenderer, VectorClippingKeepsTheFillOfAHugePolygon) {
    // A polygon 100× larger than the view: clipped for vector output, the view is still filled.
    LayerStyle style;
    style.fill = {0, 0, 255, 255};
    style.strokeWidthMm = 0;
    const std::vector<StyledLayer> layers{makeStyledLayer(square(-5000, -5000, 10000), style)};
    const MapViewport viewport(QSize(100, 100), QPointF(0, 0), 1, 1);
    for (bool vector : {false, true}) {
        RenderOptions options;
        options.vectorOutput = vector;
        options.antialias = false;
        const QImage img = renderImage(viewport, layers, options);
        EXPECT_EQ(img.pixelColor(0, 0), QColor(0, 0, 255)) << vector;
        EXPECT_EQ(img.pixelColor(99, 99), QColor(0, 0, 255)) << vector;
        EXPECT_EQ(img.pixelColor(50, 50), QColor(0, 0, 255)) << vector;
    }
}

TEST(LayoutTable, ATableTooWideIsSetSmallerBeforeAnyCellIsCut) {
    const double pxPerMm = 10;
    LayoutTable table;
    table.header = {"类别", "管控", "重叠面积（m²）", "重叠面积（公顷）", "重叠面积（亩）", "占地块比例（%）"};
    table.rows = {{"生态保护红线·核心保护区", "prohibited", "116245.45", "11.6245", "174.37", "46.5"},
                  {"生态保护红线·一般控制区", "restricted", "249806.53", "24.9807", "374.71", "100.0"}};
    // The columns' widest texts at `points`, in mm, and whether they fit a box `mm` wide whole.
    const auto needed = [&](double points) {
        const QFontMetricsF fm(layoutFont(points, pxPerMm, true));
        double total = 0;
        for (int c = 0; c < table.header.size(); ++c) {
            double w = fm.horizontalAdvance(table.header[c]) * 0.6;
            for (const auto& r : table.rows) w = std::max(w, fm.horizontalAdvance(r[c]));
            total += w;
        }
        return total / pxPerMm;
    };
    const double natural = needed(7);
    EXPECT_EQ(fittedTablePoints(table, 2 * natural * pxPerMm, pxPerMm, 7), 7.0);  // room: as asked
    // A box 15 % too narrow at 7 pt: the table is set smaller, and then its texts fit whole.
    const double narrow = fittedTablePoints(table, 0.85 * natural * pxPerMm, pxPerMm, 7);
    EXPECT_LT(narrow, 7.0);
    EXPECT_GE(narrow, 5.0);
    EXPECT_LE(needed(narrow), 0.85 * natural);
    EXPECT_EQ(fittedTablePoints(table, 20 * pxPerMm, pxPerMm, 7), 5.0);  // never below 5 pt
}

TEST(LayoutTable, NumbersKeepTheirWidthWhenTheTextColumnsMustGiveWay) {
    // At 5 pt every column was scaled by box/natural: "150000.00" printed "15…".
    const double pxPerMm = 10;
    LayoutTable table;
    table.header = {"类别", "管控", "重叠面积（m²）", "重叠面积（公顷）", "涉及管控要素"};
    table.numeric = {false, false, true, true, false};
    table.rows = {{"第1类江苏省生态空间管控区域", "禁止", "150000.00", "15.0000",
                   "HX-10 10号南京市江宁区牛首山祖堂山风景名胜区、HX-11 11号南京市江宁区牛首山祖堂山风景名胜区"}};
    const auto natural = tableColumnWidths(table, 5, pxPerMm);
    const double width = 0.6 * std::accumulate(natural.begin(), natural.end(), 0.0);
    const auto widths = fittedColumnWidths(table, 5, width, pxPerMm);
    ASSERT_EQ(widths.size(), 5u);
    EXPECT_LE(std::accumulate(widths.begin(), widths.end(), 0.0), width + 1e-6);
    EXPECT_DOUBLE_EQ(widths[2], natural[2]);
    EXPECT_DOUBLE_EQ(widths[3], natural[3]);
    EXPECT_DOUBLE_EQ(widths[1], natural[1]);  // "禁止" is narrow: the widest text columns give way
    EXPECT_LT(widths[4], natural[4]);
    // Room enough: as asked.
    EXPECT_EQ(fittedColumnWidths(table, 5, 2 * width, pxPerMm), natural);
}

TEST(LayoutTable, AHeaderIsNeverNarrowerThanItsLongestWord) {
    // "Counted (亩)" over short numbers printed as "Countec", and 界址点's "Ring" over "1" as "Rin".
    const double pxPerMm = 10, pad = 1.2 * pxPerMm;
    LayoutTable table;
    table.header = {"Point", "Ring", "X (north, m)", "Y (east, m)", "Counted (亩)", "计入面积（亩）"};
    table.rows = {{"J1", "1", "3552478.734", "363436.141", "1.5", "1.5"}};
    for (double points : {7.0, 5.0}) {
        const QFontMetricsF fm(layoutFont(points, pxPerMm, true));
        const auto widths = tableColumnWidths(table, points, pxPerMm);
        ASSERT_EQ(widths.size(), 6u);
        for (const char* word : {"Point", "Ring", "(north,", "Counted"}) {
            const int c = static_cast<int>(std::find_if(table.header.begin(), table.header.end(),
                                                        [&](const QString& h) { return h.contains(word); }) -
                                           table.header.begin());
            EXPECT_GE(widths[static_cast<std::size_t>(c)] - 2 * pad, fm.horizontalAdvance(QString(word))) << word;
        }
        // A CJK header may still wrap between characters: about half its width is enough.
        EXPECT_LT(widths[5], fm.horizontalAdvance(table.header[5]));
    }
}

}  // namespace
}  // namespace redline::render
