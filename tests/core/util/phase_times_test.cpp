// SPDX-License-Identifier: MIT
// Phase accounting: nested scopes charge their own phase only, so the phases add up to the time
// spent inside the outermost scope, on every thread.
#include "redline/util/phase_times.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace redline::timing {
namespace {

using namespace std::chrono_literals;

TEST(PhaseTimes, NestedScopesAreChargedExclusively) {
    totals().reset();
    const auto start = std::chrono::steady_clock::now();
    {
        PhaseScope outer(Phase::Overlay);
        std::this_thread::sleep_for(20ms);
        {
            PhaseScope inner(Phase::Measure);
            std::this_thread::sleep_for(30ms);
        }
        std::this_thread::sleep_for(10ms);
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double overlay = totals().seconds(Phase::Overlay), measure = totals().seconds(Phase::Measure);
    EXPECT_GE(measure, 0.030);
    EXPECT_GE(overlay, 0.030);
    // Charged once: the two add up to the outer scope's time, not more.
    EXPECT_LE(overlay + measure, elapsed + 1e-6);
    EXPECT_GE(overlay + measure, elapsed - 0.005);
    EXPECT_EQ(totals().seconds(Phase::Write), 0.0);
}

TEST(PhaseTimes, ThreadsAddUp) {
    totals().reset();
    std::thread a([] {
        PhaseScope s(Phase::Read);
        std::this_thread::sleep_for(20ms);
    });
    std::thread b([] {
        PhaseScope s(Phase::Read);
        std::this_thread::sleep_for(20ms);
    });
    a.join();
    b.join();
    EXPECT_GE(totals().seconds(Phase::Read), 0.040);
}

TEST(PhaseTimes, TheCurrentPhaseIsTheInnermostScopes) {
    // Work handed to another thread takes this phase along (geom::unionComponents).
    EXPECT_FALSE(PhaseScope::current().has_value());
    {
        PhaseScope outer(Phase::Overlay);
        EXPECT_EQ(PhaseScope::current(), Phase::Overlay);
        {
            PhaseScope inner(Phase::Measure);
            EXPECT_EQ(PhaseScope::current(), Phase::Measure);
        }
        EXPECT_EQ(PhaseScope::current(), Phase::Overlay);
        std::thread other([] { EXPECT_FALSE(PhaseScope::current().has_value()); });
        other.join();
    }
    EXPECT_FALSE(PhaseScope::current().has_value());
}

TEST(PhaseTimes, EveryPhaseHasAName) {
    for (int p = 0; p < static_cast<int>(Phase::Count); ++p) {
        EXPECT_NE(phaseName(static_cast<Phase>(p)), "?");
    }
}

}  // namespace
}  // namespace redline::timing
