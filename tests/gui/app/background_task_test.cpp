// SPDX-License-Identifier: MIT
// Long work runs behind a progress dialog: progress reaches the dialog, Cancel stops the work
// (which sees Feedback::isCanceled and throws Cancelled), errors come back as text.
#include "background_task.hpp"

#include <gtest/gtest.h>

#include <QProgressDialog>
#include <QPushButton>
#include <QThread>
#include <QWidget>

#include "gui_test_util.hpp"
#include "redline/util/error.hpp"

namespace redline::viewer {
namespace {

using test::waitFor;

TEST(BackgroundTask, CancelStopsTheWorkAndReportsIt) {
    QWidget parent;
    bool done = false, canceled = false, failed = false;
    std::atomic<bool> started{false};
    std::atomic<int> steps{0};
    runInBackground(
        &parent, QStringLiteral("work"),
        [&](Feedback& feedback) {
            started = true;
            for (int i = 0; i < 100000; ++i) {
                feedback.throwIfCanceled();
                feedback.setProgress(i / 1000.0);
                ++steps;
                QThread::msleep(1);
            }
        },
        [&] { done = true; }, [&](const QString&) { failed = true; }, [&] { canceled = true; });
    ASSERT_TRUE(waitFor([&] { return started.load() && steps.load() > 20; }));
    auto* dialog = parent.findChild<QProgressDialog*>();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(waitFor([&] { return dialog->value() > 0; }));  // progress arrived
    // The user's click on Cancel.
    auto* button = dialog->findChild<QPushButton*>();
    ASSERT_NE(button, nullptr);
    button->click();
    ASSERT_TRUE(waitFor([&] { return canceled; }));
    EXPECT_FALSE(done);
    EXPECT_FALSE(failed);
    EXPECT_LT(steps.load(), 100000);
}

TEST(BackgroundTask, ErrorsComeBackAsText) {
    QWidget parent;
    QString error;
    bool done = false;
    runInBackground(
        &parent, QStringLiteral("work"), [](Feedback&) { throw InputError("parks.shp: cannot open"); },
        [&] { done = true; }, [&](const QString& e) { error = e; });
    ASSERT_TRUE(waitFor([&] { return !error.isEmpty(); }));
    EXPECT_EQ(error, QStringLiteral("parks.shp: cannot open"));
    EXPECT_FALSE(done);
}

}  // namespace
}  // namespace redline::viewer
