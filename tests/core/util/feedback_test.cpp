// SPDX-License-Identifier: MIT
#include "redline/util/feedback.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "redline/util/error.hpp"

namespace redline {
namespace {

class Recorder final : public Feedback {
  public:
    std::vector<double> seen;

  protected:
    void onProgress(double percent, std::string_view) override { seen.push_back(percent); }
};

TEST(Feedback, ReportsOnlyWhenThePermilleBucketChanges) {
    Recorder r;
    for (int i = 0; i <= 10000; ++i) r.setProgress(i / 100.0);
    // 0.0, 0.1, …, 100.0: exactly 1001 distinct buckets.
    EXPECT_EQ(r.seen.size(), 1001u);
    EXPECT_DOUBLE_EQ(r.seen.front(), 0.0);
    EXPECT_DOUBLE_EQ(r.seen.back(), 100.0);
}

TEST(Feedback, ProgressOnlyRisesWithinAStep) {
    Recorder r;
    r.setStep("checking subjects");
    r.setProgress(100);
    r.setProgress(96.7);  // a worker that counted before the last one reports after it
    EXPECT_EQ(r.seen, (std::vector<double>{100.0}));
    r.setStep("writing");
    r.setProgress(10);
    EXPECT_EQ(r.seen, (std::vector<double>{100.0, 10.0}));
}

// Workers report subjects done from several threads, as the check's do. Two that moved the bucket
// at once reported in either order, and the viewer's bar went back (the first report slowed here,
// as a signal to the GUI thread or a redraw of the CLI's bar may be).
TEST(Feedback, ReportsFromManyThreadsArriveRising) {
    class SlowRecorder final : public Feedback {
      public:
        std::mutex mutex;
        std::vector<double> seen;

      protected:
        void onProgress(double percent, std::string_view) override {
            std::this_thread::yield();
            const std::lock_guard lock(mutex);
            seen.push_back(percent);
        }
    } r;
    constexpr int kDone = 20'000;
    std::atomic<int> done{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t) {
        workers.emplace_back([&] {
            while (true) {
                const int n = ++done;
                if (n > kDone) return;
                r.setProgress(100.0 * n / kDone);
            }
        });
    }
    for (auto& w : workers) w.join();
    EXPECT_TRUE(std::is_sorted(r.seen.begin(), r.seen.end()));
    ASSERT_FALSE(r.seen.empty());
    EXPECT_DOUBLE_EQ(r.seen.back(), 100.0);
}

TEST(Feedback, CancelThrowsCancelled) {
    Feedback fb;
    EXPECT_NO_THROW(fb.throwIfCanceled());
    fb.cancel();
    EXPECT_TRUE(fb.isCanceled());
    EXPECT_THROW(fb.throwIfCanceled(), Cancelled);
}

TEST(Feedback, SubFeedbackMapsOntoTheParentRange) {
    Recorder parent;
    SubFeedback child(parent, 30, 50);
    child.setProgress(50);
    ASSERT_FALSE(parent.seen.empty());
    EXPECT_DOUBLE_EQ(parent.seen.back(), 40.0);
}

TEST(Feedback, GdalProgressReturnsFalseOnceCanceled) {
    Recorder fb;
    EXPECT_EQ(gdalProgress(0.5, "", &fb), 1);
    EXPECT_DOUBLE_EQ(fb.seen.back(), 50.0);
    fb.cancel();
    EXPECT_EQ(gdalProgress(0.6, "", &fb), 0);
}

}  // namespace
}  // namespace redline
