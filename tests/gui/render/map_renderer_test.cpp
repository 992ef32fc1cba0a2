// SPDX-License-Identifier: MIT
// The renderer against pictures known on paper: a square of 100 × 100 map units at one unit per
// pixel fills exactly 100 × 100 pixels (without antialiasing a pixel is filled when its centre
// is inside), a hole leaves its pixels alone, categories get their colours, sub-pixel features
// become single dots, only what is in view is visited, and vector output keeps only the part of a
// long line in view.
#include "redline/render/map_renderer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "redline/render/project_layers.hpp"
#include "redline/util/error.hpp"

namespace redline::render {
namespace {

std::vector<QPointF> rect(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

std::shared_ptr<const VectorLayer> squares(
    const std::vector<std::pair<std::vector<std::vector<QPointF>>, QString>>& features) {
    VectorLayerBuilder b(QStringLiteral("test"), {QStringLiteral("category")});
    std::int64_t fid = 0;
    for (const auto& [rings, category] : features) {
        for (const auto& r : rings) b.addRing(FeatureType::Polygon, r);
        b.endFeature(fid++, {category});
    }
    return std::move(b).finish();
}

int countColor(const QImage& img, QRgb color) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            if ((img.pixel(x, y) & 0xffffff) == (color & 0xffffff)) ++n;
    return n;
}

RenderOptions crisp() {
    RenderOptions o;
    o.antialias = false;
    o.labels = false;
    return o;
}

LayerStyle solid(Rgba fill) {
    LayerStyle s;
    s.fill = fill;
    s.strokeWidthMm = 0;  // no outline: the fill alone is measured
    return s;
}

const MapViewport kView({200, 200}, {50, 50}, 1.0);  // map x 0..100 → pixels 50..150

TEST(MapRenderer, SquareFillsItsPixelsExactly) {
    const auto layer = squares({{{rect(0, 0, 100, 100)}, QStringLiteral("a")}});
    RenderStats stats;
    const QImage img = renderImage(kView, {makeStyledLayer(layer, solid({255, 0, 0, 255}))}, crisp(), nullptr, &stats);
    EXPECT_EQ(countColor(img, qRgb(255, 0, 0)), 100 * 100);
    EXPECT_EQ(img.pixel(50, 50) & 0xffffff, 0xff0000u);    // top-left pixel of the square
    EXPECT_EQ(img.pixel(149, 149) & 0xffffff, 0xff0000u);  // bottom-right
    EXPECT_EQ(img.pixel(49, 100) & 0xffffff, 0xffffffu);   // just outside
    EXPECT_EQ(stats.features, 1u);
    EXPECT_EQ(stats.dots, 0u);
}

TEST(MapRenderer, HoleStaysEmptyAndMapNorthIsUp) {
    // Square with a 40 × 40 hole; a second square in the upper half of the map (y 60..100).
    const auto layer = squares({{{rect(0, 0, 100, 100), rect(30, 30, 70, 70)}, QStringLiteral("a")}});
    const QImage img = renderImage(kView, {makeStyledLayer(layer, solid({0, 0, 255, 255}))}, crisp());
    EXPECT_EQ(countColor(img, qRgb(0, 0, 255)), 100 * 100 - 40 * 40);
    EXPECT_EQ(img.pixel(100, 100) & 0xffffff, 0xffffffu);  // centre of the hole

    const auto top = squares({{{rect(0, 60, 100, 100)}, QStringLiteral("a")}});
    const QImage north = renderImage(kView, {makeStyledLayer(top, solid({0, 0, 255, 255}))}, crisp());
    EXPECT_EQ(north.pixel(100, 60) & 0xffffff, 0x0000ffu);   // map y 90: near the top of the image
    EXPECT_EQ(north.pixel(100, 140) & 0xffffff, 0xffffffu);  // map y 10: empty
}

TEST(MapRenderer, CategoriesTakeTheirConventionalColours) {
    const auto layer = squares(
        {{{rect(0, 0, 40, 100)}, QStringLiteral("core")}, {{rect(60, 0, 100, 100)}, QStringLiteral("general")}});
    LayerStyle style = categorizedStyleFor(*layer, QStringLiteral("category"));
    style.strokeWidthMm = 0;
    const QImage img = renderImage(kView, {makeStyledLayer(layer, style)}, crisp());
    const QColor core = toQColor(*conventionalCategoryColor("core"));
    const QColor general = toQColor(*conventionalCategoryColor("general"));
    EXPECT_EQ(QColor(img.pixel(70, 100)), core);
    EXPECT_EQ(QColor(img.pixel(130, 100)), general);
    EXPECT_EQ(countColor(img, core.rgb()), 40 * 100);
    // A hidden category is not drawn.
    style.categories[0].visible = false;
    const QImage hidden = renderImage(kView, {makeStyledLayer(layer, style)}, crisp());
    EXPECT_EQ(countColor(hidden, core.rgb()), 0);
    EXPECT_EQ(countColor(hidden, general.rgb()), 40 * 100);
}

TEST(MapRenderer, PaletteColoursStayDistinctPastTen) {
    // A province's rules list more than ten categories: each needs its own colour in the legend.
    std::set<std::tuple<int, int, int>> seen;
    for (std::size_t n = 0; n < 40; ++n) {
        const Rgba c = paletteColor(n);
        EXPECT_TRUE(seen.emplace(c.r, c.g, c.b).second) << n;
    }
    const LayerStyle s = categorizedStyle("c", {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "core"});
    EXPECT_NE(s.categories[10].fill, s.categories[0].fill);
    EXPECT_EQ(s.categories[11].fill, *conventionalCategoryColor("core"));
}

TEST(MapRenderer, ACodedCategoryTakesTheConventionalColourOfItsLabel) {
    const LayerStyle s =
        categorizedStyle("c", {"k00", "k01", "k02"}, {"生态保护红线·核心保护区", "甲类", "饮用水水源保护区"});
    EXPECT_EQ(s.categories[0].fill, *conventionalCategoryColor("core"));
    EXPECT_EQ(s.categories[1].fill, paletteColor(0));
    EXPECT_EQ(s.categories[2].fill, *conventionalCategoryColor("water"));
}

TEST(MapRenderer, ConflictsTakeTheColoursOfTheirConstraints) {
    // The constraints list beta before alpha, the conflicts alpha first: by first appearance each
    // layer gave alpha a different palette colour (a green conflict on a blue constraint).
    const auto constraints =
        squares({{{rect(0, 0, 10, 10)}, QStringLiteral("beta")}, {{rect(20, 0, 30, 10)}, QStringLiteral("alpha")}});
    const auto conflicts = squares({{{rect(20, 0, 25, 10)}, QStringLiteral("alpha")},
                                    {{rect(0, 0, 5, 10)}, QStringLiteral("beta")},
                                    {{rect(40, 0, 45, 10)}, QStringLiteral("gamma")}});
    analysis::Rules rules;
    LayerStyle drawn;
    drawn.kind = LayerStyle::Kind::Categorized;
    drawn.categoryField = "category";
    completeStyle(drawn, LayerRole::Constraints, *constraints, rules);
    std::vector<CategoryStyle> colors;
    addCategoryColors(colors, drawn, {}, {});
    // A single-style layer of one category gives its fill to that category.
    analysis::LayerSpec single;
    single.source.path = "water.shp";
    single.category = "gamma";
    LayerStyle water;
    water.fill = {1, 2, 3, 255};
    addCategoryColors(colors, water, single.source, {single});
    const LayerStyle s = conflictsStyle(*conflicts, rules, colors);
    ASSERT_EQ(s.categories.size(), 3u);
    for (const auto& c : s.categories) {
        const auto it = std::find_if(colors.begin(), colors.end(), [&](const auto& k) { return k.value == c.value; });
        ASSERT_NE(it, colors.end()) << c.value;
        EXPECT_EQ(c.fill, it->fill) << c.value;
    }
    EXPECT_NE(drawn.categories[0].fill, drawn.categories[1].fill);
}

TEST(MapRenderer, SubPixelFeaturesBecomeDotsAndOnlyTheViewIsVisited) {
    VectorLayerBuilder b(QStringLiteral("tiny"), {});
    int inView = 0;
    for (int i = 0; i < 3000; ++i) {
        const double x = (i % 60) * 5.0 - 97.5, y = (i / 60) * 5.0 - 97.5;  // never on the view's edge
        b.addRing(FeatureType::Polygon, rect(x, y, x + 0.2, y + 0.2));
        b.endFeature(i, {});
        if (x + 0.2 >= -50 && x <= 150 && y + 0.2 >= -50 && y <= 150) ++inView;
    }
    const auto layer = std::move(b).finish();
    RenderStats stats;
    const QImage img = renderImage(kView, {makeStyledLayer(layer, solid({0, 128, 0, 255}))}, crisp(), nullptr, &stats);
    EXPECT_EQ(stats.features, 0u);
    EXPECT_EQ(stats.dots, static_cast<std::size_t>(inView));
    EXPECT_EQ(countColor(img, qRgb(0, 128, 0)), inView);  // one pixel each, none merged (5 px apart)
}

TEST(MapRenderer, VectorOutputKeepsOnlyThePartOfALongLineInView) {
    // A river of 100,000 vertices across a view 200 units wide: a PDF page of it wrote them all.
    VectorLayerBuilder b(QStringLiteral("river"), {});
    std::vector<QPointF> river;
    for (int i = 0; i <= 100000; ++i) river.emplace_back(-100000.0 + 2 * i, 50.0 + (i % 2 == 0 ? -1 : 1));
    b.addRing(FeatureType::Line, river);
    b.endFeature(0, {});
    const auto layer = std::move(b).finish();
    for (const bool vector : {false, true}) {
        RenderOptions options = crisp();
        options.vectorOutput = vector;
        RenderStats stats;
        const QImage img =
            renderImage(kView, {makeStyledLayer(layer, solid({0, 0, 255, 255}))}, options, nullptr, &stats);
        EXPECT_GE(countColor(img, qRgb(0, 0, 255)), 200) << vector;  // one in every column at least
        if (vector) {
            EXPECT_LT(stats.vertices, 200u);  // 110 in the view and its margin
        }
    }
}

TEST(MapRenderer, LayerOpacityBlendsWithWhatIsBelow) {
    const auto layer = squares({{{rect(0, 0, 100, 100)}, QStringLiteral("a")}});
    LayerStyle s = solid({255, 0, 0, 255});
    s.opacity = 0.5;
    const QImage img = renderImage(kView, {makeStyledLayer(layer, s)}, crisp());
    const QColor c(img.pixel(100, 100));
    EXPECT_EQ(c.red(), 255);
    EXPECT_NEAR(c.green(), 128, 1);  // half of white shows through
    EXPECT_NEAR(c.blue(), 128, 1);
}

TEST(MapRenderer, LabelsAreDrawnWhereTheyFit) {
    const auto layer = squares({{{rect(0, 0, 100, 100)}, QStringLiteral("核心区")}});
    LayerStyle s = solid({200, 200, 200, 255});
    s.labelField = "category";
    RenderStats stats;
    RenderOptions o = crisp();
    o.labels = true;
    const QImage img = renderImage(kView, {makeStyledLayer(layer, s)}, o, nullptr, &stats);
    EXPECT_EQ(stats.labels, 1u);
    EXPECT_GT(countColor(img, qRgb(30, 30, 30)), 10);  // the dark text
}

TEST(MapRenderer, CancelStopsTheRender) {
    VectorLayerBuilder b(QStringLiteral("many"), {});
    for (int i = 0; i < 5000; ++i) {
        b.addRing(FeatureType::Polygon, rect(i % 100, i / 100, i % 100 + 0.9, i / 100 + 0.9));
        b.endFeature(i, {});
    }
    const auto layer = std::move(b).finish();
    std::atomic<bool> cancel{true};
    RenderStats stats;
    (void)renderImage(kView, {makeStyledLayer(layer, solid({1, 2, 3, 255}))}, crisp(), &cancel, &stats);
    EXPECT_TRUE(stats.canceled);
}

// A bad map CRS in a project file is named with the file and its key, as $.analysis_crs is
// (the viewer showed only 'unknown CRS "EPSG:999999"').
TEST(ProjectLayers, ABadMapCrsNamesTheFileAndKey) {
    analysis::Project project;
    project.file = "/data/规划/project.json";
    project.map.crs = "EPSG:999999";
    try {
        (void)projectMapCrs(project);
        FAIL() << "no error";
    } catch (const CrsError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("/data/规划/project.json: $.map.crs: "), std::string::npos) << what;
        EXPECT_NE(what.find("EPSG:999999"), std::string::npos) << what;
    }
}

}  // namespace
}  // namespace redline::render
