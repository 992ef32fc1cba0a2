// SPDX-License-Identifier: MIT
// Where a run's time goes: CPU seconds per phase, summed over threads. Scopes nest; an inner
// scope's time counts for the inner phase only, so the phases add up to the time spent in
// scopes. Cheap enough to stay on (two clock reads per scope).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>

namespace redline::timing {

// Wait is a thread's time blocked in the write stage for its files' tasks (stolen work that has
// a phase of its own is counted there): thread time, not CPU, so kept apart from the others.
enum class Phase { Read, Validate, Index, Overlay, Nearest, Measure, Write, Wait, Count };

std::string_view phaseName(Phase p);

// Process-wide totals in nanoseconds. Each thread adds to its own slot (a cache line of its own):
// scopes open and close a few million times at benchmark scale L, and one shared counter line
// bounced between the cores on every close.
class PhaseTimes {
  public:
    void add(Phase p, std::int64_t ns) {
        slot().ns[static_cast<std::size_t>(p)].fetch_add(ns, std::memory_order_relaxed);
    }
    // The sum over every thread that has added (threads that have ended included).
    [[nodiscard]] double seconds(Phase p) const;
    void reset();

  private:
    struct alignas(64) Slot {
        std::array<std::atomic<std::int64_t>, static_cast<std::size_t>(Phase::Count)> ns{};
    };
    Slot& slot();

    mutable std::mutex mutex_;
    std::deque<Slot> slots_;  // a deque: slots never move while threads hold them
};

PhaseTimes& totals();

// Counts the time until destruction for `phase`, pausing the enclosing scope of this thread.
class PhaseScope {
  public:
    // The phase this thread's innermost scope counts, if any: for work it hands to other threads.
    [[nodiscard]] static std::optional<Phase> current();

    explicit PhaseScope(Phase phase);
    ~PhaseScope();
    PhaseScope(const PhaseScope&) = delete;
    PhaseScope& operator=(const PhaseScope&) = delete;

  private:
    using Clock = std::chrono::steady_clock;
    void charge(Clock::time_point now);
    Phase phase_;
    Clock::time_point start_;
    PhaseScope* parent_;
};

}  // namespace redline::timing
