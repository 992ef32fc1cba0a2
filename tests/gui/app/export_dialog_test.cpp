// SPDX-License-Identifier: MIT
// The viewer's export dialog on the sample project: it checks the project in the background,
// previews the map (the conflicts visible in their red), and exports a PDF map atlas and an HTML
// report that are the same documents `redline map` / `redline report` write.
#include "export_dialog.hpp"

#include <gtest/gtest.h>

#include <QFile>
#include <QSignalSpy>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gui_test_util.hpp"
#include "redline/analysis/project.hpp"
#include "redline/render/project_run.hpp"
#include "testing.hpp"

namespace redline::viewer {
namespace {

using test::waitFor;

int countNear(const QImage& img, QColor target, int tolerance) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c = img.pixelColor(x, y);
            if (std::abs(c.red() - target.red()) <= tolerance && std::abs(c.green() - target.green()) <= tolerance &&
                std::abs(c.blue() - target.blue()) <= tolerance)
                ++n;
        }
    return n;
}

TEST(ExportDialog, PreviewsAndExportsMapAndReport) {
    const auto project = analysis::loadProject(redline::testing::sampleData("project.json"));
    ExportDialog dialog(project, std::nullopt, QStringLiteral("zh_CN"));
    QSignalSpy prepared(&dialog, &ExportDialog::prepared);
    QSignalSpy failed(&dialog, &ExportDialog::failed);
    ASSERT_TRUE(waitFor([&] { return prepared.count() > 0 || failed.count() > 0; }, 60000));
    ASSERT_EQ(failed.count(), 0) << failed.front().front().toString().toStdString();
    ASSERT_FALSE(dialog.preview().isNull());
    // A4 landscape at the preview's 45 dpi, with the general-zone light red drawn.
    EXPECT_GT(dialog.preview().width(), dialog.preview().height());
    EXPECT_GT(countNear(dialog.preview(), QColor(0xfb, 0x6a, 0x4a), 40), 200);

    const testing::TempDir dir;
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    dialog.setAtlas(true);
    const QString pdf = QString::fromStdString(dir.file("atlas.pdf"));
    dialog.exportTo(pdf);
    ASSERT_TRUE(waitFor([&] { return exported.count() > 0 || failed.count() > 1; }, 120000));
    ASSERT_EQ(exported.count(), 1);
    QFile file(pdf);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    EXPECT_TRUE(bytes.startsWith("%PDF"));
    // Overview plus one page per subject in conflict, counted by a check of its own.
    redline::Feedback quiet;
    const auto run = render::runProject(project, quiet);
    ASSERT_GT(run.conflicted.size(), 0u);
    EXPECT_EQ(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") + bytes.count("/Type /Page "),
              static_cast<qsizetype>(1 + run.conflicted.size()));

    dialog.setKind(ExportDialog::Kind::Report);
    ASSERT_TRUE(waitFor([&] { return !dialog.preview().isNull(); }));
    // Exports an HTML report and returns its text ("" when the export failed).
    const auto exportHtml = [&](const std::string& name) {
        const int before = static_cast<int>(exported.count());
        dialog.exportTo(QString::fromStdString(dir.file(name)));
        const bool done = waitFor([&] { return exported.count() > before || failed.count() > 1; }, 120000);
        if (!done || exported.count() == before) return std::string();
        std::ifstream in(dir.file(name));
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    const std::string report = exportHtml("report.html");
    EXPECT_NE(report.find("冲突核查报告"), std::string::npos);
    EXPECT_NE(report.find("合计"), std::string::npos);
    // The same report as `redline report`: its 界址点 tables too, unless unticked.
    EXPECT_NE(report.find("界址点坐标"), std::string::npos);

    // Fewer detailed subjects than are in conflict: the most severe and largest, in that order,
    // and the report says that all are in the table.
    ASSERT_GT(run.conflicted.size(), 3u);
    dialog.setSubjectPages(3);
    const std::string page = exportHtml("limited.html");
    std::vector<std::string> detailed;
    for (std::size_t at = page.find("<h3 class=\"pb\">"); at != std::string::npos;
         at = page.find("<h3 class=\"pb\">", at + 1)) {
        const std::size_t begin = at + std::string("<h3 class=\"pb\">").size();
        detailed.push_back(page.substr(begin, page.find(' ', begin) - begin));
    }
    const auto order = run.conflictsBySeverity();
    ASSERT_EQ(detailed.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(detailed[i], order[i]->id);
    EXPECT_NE(page.find("下文列出冲突最严重、面积最大的 3 个地块的详情；全部 " + std::to_string(order.size()) +
                        " 个冲突地块见上表"),
              std::string::npos);
}

}  // namespace
}  // namespace redline::viewer
