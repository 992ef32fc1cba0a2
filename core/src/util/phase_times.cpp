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
