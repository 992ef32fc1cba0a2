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
    const QString html = QString::fromStdString(dir.file("report.html"));
    dialog.exportTo(html);
    ASSERT_TRUE(waitFor([&] { return exported.count() > 1 || failed.count() > 1; }, 120000));
    ASSERT_EQ(exported.count(), 2);
    std::ifstream in(html.toStdString());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("冲突核查报告"), std::string::npos);
    EXPECT_NE(text.str().find("合计"), std::string::npos);
}

}  // namespace
}  // namespace redline::viewer
