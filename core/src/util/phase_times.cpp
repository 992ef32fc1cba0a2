// SPDX-License-Identifier: MIT
#include "redline/util/phase_times.hpp"

namespace redline::timing {
namespace {
thread_local PhaseScope* tCurrent = nullptr;
}  // namespace

std::string_view phaseName(Phase p) {
    switch (p) {
        case Phase::Read:
            return "read";
        case Phase::Validate:
            return "validate";
        case Phase::Index:
            return "index";
        case Phase::Overlay:
            return "overlay";
        case Phase::Nearest:
            return "nearest";
        case Phase::Measure:
            return "measure";
        case Phase::Write:
            return "write";
        case Phase::Wait:
            return "wait";
        case Phase::Count:
            break;
    }
    return "?";
}

PhaseTimes::Slot& PhaseTimes::slot() {
    // The slot this thread last added to, and whose it is (a test may make its own PhaseTimes).
    thread_local const PhaseTimes* owner = nullptr;
    thread_local Slot* cached = nullptr;
    if (owner != this) {
        const std::lock_guard lock(mutex_);
        cached = &slots_.emplace_back();
        owner = this;
    }
    return *cached;
}

double PhaseTimes::seconds(Phase p) const {
    const std::lock_guard lock(mutex_);
    std::int64_t ns = 0;
    for (const Slot& s : slots_) ns += s.ns[static_cast<std::size_t>(p)].load(std::memory_order_relaxed);
    return static_cast<double>(ns) * 1e-9;
}

void PhaseTimes::reset() {
    const std::lock_guard lock(mutex_);
    for (Slot& s : slots_) {
        for (auto& n : s.ns) n.store(0, std::memory_order_relaxed);
    }
}

PhaseTimes& totals() {
    static PhaseTimes times;
    return times;
}

std::optional<Phase> PhaseScope::current() {
    if (tCurrent == nullptr) return std::nullopt;
    return tCurrent->phase_;
}

PhaseScope::PhaseScope(Phase phase) : phase_(phase), start_(Clock::now()), parent_(tCurrent) {
    if (parent_ != nullptr) parent_->charge(start_);
    tCurrent = this;
}

PhaseScope::~PhaseScope() {
    const Clock::time_point now = Clock::now();
    charge(now);
    tCurrent = parent_;
    if (parent_ != nullptr) parent_->start_ = now;
}

void PhaseScope::charge(Clock::time_point now) {
    totals().add(phase_, std::chrono::duration_cast<std::chrono::nanoseconds>(now - start_).count());
    start_ = now;
}

}  // namespace redline::timing
