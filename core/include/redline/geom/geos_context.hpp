// SPDX-License-Identifier: MIT
// One reentrant GEOS context per thread (thread_local RAII owner), with an error handler that
// records GEOS's message so wrappers can throw GeosError with it.
//
// Geometries are not tied to the context that made them (they use GEOS's default factory), so a
// geometry may be created on one thread and read or destroyed on another; it must never be
// used by two threads at once unless both only read it.
#pragma once

#include <geos_c.h>

#include <string>

#include "redline/util/feedback.hpp"

namespace redline::geom {

// The calling thread's GEOS context handle (created on first use).
[[nodiscard]] GEOSContextHandle_t geosHandle();

// The last error message GEOS reported on this thread.
[[nodiscard]] const std::string& lastGeosError();

// Throws GeosError("<what>: <GEOS message>") — for wrappers after a failed GEOS call.
[[noreturn]] void throwGeosError(const char* what);

// While alive, long GEOS operations on this thread are interrupted when `feedback` is
// canceled (GEOS's interrupt callback; GEOS 3.11's request flag is process-wide, which is
// acceptable since a cancel applies to the whole run). The interrupted call then fails and
// its wrapper throws Cancelled.
// The feedback of the innermost GeosInterruptScope on this thread, or null: to pass it on to
// work the thread hands to others.
[[nodiscard]] const Feedback* currentInterruptFeedback();

class GeosInterruptScope {
  public:
    explicit GeosInterruptScope(const Feedback* feedback);
    ~GeosInterruptScope();
    GeosInterruptScope(const GeosInterruptScope&) = delete;
    GeosInterruptScope& operator=(const GeosInterruptScope&) = delete;

  private:
    const Feedback* previous_;
};

}  // namespace redline::geom
