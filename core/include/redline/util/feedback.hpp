// SPDX-License-Identifier: MIT
// Progress reporting and cancellation for long work, in plain C++ (no Qt).
//
// Thread-safe: workers call setProgress() and isCanceled(); any thread may call cancel().
//   redline::Feedback fb;                       // or a subclass overriding onProgress()
//   engine.run(fb);                             // polls fb.isCanceled() in every loop
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>

namespace redline {

class Feedback {
  public:
    Feedback() = default;
    virtual ~Feedback() = default;
    Feedback(const Feedback&) = delete;
    Feedback& operator=(const Feedback&) = delete;

    void cancel() noexcept { canceled_.store(true, std::memory_order_relaxed); }
    [[nodiscard]] bool isCanceled() const noexcept;
    // Throws redline::Cancelled when cancel() was called.
    void throwIfCanceled() const;

    // percent in [0, 100]; reported to onProgress() only when the 0.1 % bucket changes.
    void setProgress(double percent);
    // Names the current step ("reading constraints"); reported with the next progress.
    void setStep(std::string_view step);

  protected:
    virtual void onProgress(double /*percent*/, std::string_view /*step*/) {}

  private:
    std::atomic<bool> canceled_{false};
    std::atomic<int> lastPermille_{-1};
    std::mutex reportMutex_;  // one report at a time, in rising order
    std::mutex stepMutex_;
    std::string step_;
};

// Maps a child's 0..100 onto [from, to] of its parent, like QgsProcessingMultiStepFeedback.
class SubFeedback final : public Feedback {
  public:
    SubFeedback(Feedback& parent, double from, double to) : parent_(parent), from_(from), to_(to) {}

  protected:
    void onProgress(double percent, std::string_view step) override;

  private:
    Feedback& parent_;
    double from_;
    double to_;
    std::mutex stepMutex_;
    std::string lastStep_;  // only a new step is passed up
};

// A GDAL progress function (GDALProgressFunc) over a Feedback*: returns FALSE once canceled.
int gdalProgress(double done, const char* message, void* feedback);

// A process-wide cancel flag that a signal handler may set (only an atomic store).
void requestGlobalCancel() noexcept;
[[nodiscard]] bool globalCancelRequested() noexcept;

}  // namespace redline
