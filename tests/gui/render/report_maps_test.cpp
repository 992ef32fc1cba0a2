// SPDX-License-Identifier: MIT
// A report's maps speak the report's language: the side panel's fixed words (N, Location, Legend)
// were always Chinese, and a constraint layer's legend group was titled with its file name.
#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <cmath>

#include "redline/analysis/project.hpp"
#include "redline/render/map_pages.hpp"
#include "redline/render/report_builder.hpp"
#include "redline/render/report_pdf.hpp"
#include "testing.hpp"

namespace redline::render {
namespace {

const ProjectRun& sampleRun() {
    static const ProjectRun run = [] {
        Feedback quiet;
        return runProject(analysis::loadProject(testing::sampleData("project.json")), quiet);
    }();
    return run;
}

TEST(ReportMaps, TheLegendTitlesAConstraintLayerByItsRoleInTheMapsLanguage) {
    for (const auto& [language, title] : {std::pair<QString, QString>{"en", "Constraints"}, {"zh_CN", "管控要素"}}) {
        MapRequest request;
        request.language = language;
        const auto pages = buildMapPages(sampleRun(), request);
        const auto& names = std::get<MapPage>(pages.front()).layerNames;
        EXPECT_TRUE(names.contains(title)) << names.join(", ").toStdString();
        for (const auto& name : names) EXPECT_FALSE(name.endsWith(".shp")) << name.toStdString();
    }
}

TEST(ReportMaps, AnEnglishReportsMapIsTheEnglishLayout) {
    constexpr double dpi = 50;
    ReportRequest request;
    request.language = "en";
    request.subjectPages = 0;
    request.statistics = false;
    request.mapDpi = dpi;
    request.date = "2026-12-04";
    Feedback quiet;
    const auto document = buildReport(sampleRun(), request, quiet);
    QImage overview;
    for (const auto& section : document.sections)
        for (const auto& block : section.blocks)
            if (const auto* image = std::get_if<report::ReportImage>(&block); image && overview.isNull())
                overview =
                    QImage::fromData(QByteArray::fromStdString(image->bytes)).convertToFormat(QImage::Format_RGB32);
    ASSERT_FALSE(overview.isNull());

    // The same page drawn with each language's fixed words: the report's legend (its heading and
    // group titles) is the English one. (The maps themselves may differ by a few antialiased
    // pixels from one drawing to the next.)
    MapRequest mapRequest;
    mapRequest.language = request.language;
    mapRequest.date = request.date;
    mapRequest.title = QString::fromStdString(document.title);
    const MapPage page = std::get<MapPage>(buildMapPages(sampleRun(), mapRequest).front());
    QRectF legendMm;
    const auto draw = [&](const LayoutText& text) {
        PageSetup setup;
        setup.sizeMm = QSizeF(kReportTextWidthMm, std::round(overview.height() / dpi * kMmPerInch));
        QImage image(setup.pixels(dpi), QImage::Format_ARGB32_Premultiplied);
        image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
        image.setDotsPerMeterY(static_cast<int>(std::lround(dpi / 0.0254)));
        image.fill(Qt::white);
        QPainter painter(&image);
        legendMm = drawMapPage(painter, page, setup, text, dpi / kMmPerInch, false).legendMm;
        painter.end();
        return image.convertToFormat(QImage::Format_RGB32);
    };
    const auto legendPixelsApart = [&](const QImage& image) {
        EXPECT_EQ(image.size(), overview.size());
        const QRect legend(QPointF(legendMm.topLeft() * dpi / kMmPerInch).toPoint(),
                           QPointF(legendMm.bottomRight() * dpi / kMmPerInch).toPoint());
        int apart = 0;
        for (int y = legend.top(); y < legend.bottom(); ++y)
            for (int x = legend.left(); x < legend.right(); ++x) apart += image.pixel(x, y) != overview.pixel(x, y);
        return apart;
    };
    EXPECT_EQ(legendPixelsApart(draw(LayoutText::english())), 0);
    EXPECT_GT(legendPixelsApart(draw(LayoutText::chinese())), 50);
}

}  // namespace
}  // namespace redline::render
