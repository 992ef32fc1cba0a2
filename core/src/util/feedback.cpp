// SPDX-License-Identifier: MIT
#include "redline/util/feedback.hpp"

#include <algorithm>
#include <cmath>

#include "redline/util/error.hpp"

namespace redline {
namespace {
std::atomic<bool> gGlobalCancel{false};
}

void requestGlobalCancel() noexcept { gGlobalCancel.store(true, std::memory_order_relaxed); }
bool globalCancelRequested() noexcept { return gGlobalCancel.load(std::memory_order_relaxed); }

bool Feedback::isCanceled() const noexcept {
    return canceled_.load(std::memory_order_relaxed) || globalCancelRequested();
}

void Feedback::throwIfCanceled() const {
    if (isCanceled()) throw Cancelled();
}

void Feedback::setStep(std::string_view step) {
    {
        std::lock_guard lock(stepMutex_);
        step_ = step;
    }
    lastPermille_.store(-1);  // force the next setProgress to report the new step
}

void Feedback::setProgress(double percent) {
    const int permille = static_cast<int>(std::lround(std::clamp(percent, 0.0, 100.0) * 10.0));
    // Most calls (a worker per subject) fall in the bucket already reported: no lock for them.
    if (permille <= lastPermille_.load(std::memory_order_relaxed)) return;
    // Within a step progress only rises, and reports go out one at a time: workers count
    // subjects in any order, and two that moved the bucket at once reported in either order (the
    // viewer's bar went back). Reports are throttled to the 0.1 % buckets, so the lock is rare.
    const std::lock_guard report(reportMutex_);
    if (permille <= lastPermille_.load(std::memory_order_relaxed)) return;
    lastPermille_.store(permille, std::memory_order_relaxed);
    std::string step;
    {
        std::lock_guard lock(stepMutex_);
        step = step_;
    }
    onProgress(permille / 10.0, step);
}

void SubFeedback::onProgress(double percent, std::string_view step) {
    if (!step.empty()) {
        std::lock_guard lock(stepMutex_);
        if (step != lastStep_) {
            lastStep_ = step;
            parent_.setStep(step);
        }
    }
    parent_.setProgress(from_ + (to_ - from_) * percent / 100.0);
}

int gdalProgress(double done, const char* /*message*/, void* feedback) {
    auto* fb = static_cast<Feedback*>(feedback);
    if (fb == nullptr) return 1;
    fb->setProgress(done * 100.0);
    return fb->isCanceled() ? 0 : 1;
}

}  // namespace redline
