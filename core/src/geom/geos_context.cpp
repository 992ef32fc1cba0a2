// SPDX-License-Identifier: MIT
#include "redline/geom/geos_context.hpp"

#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "redline/util/error.hpp"

namespace redline::geom {
namespace {

class ThreadContext {
  public:
    ThreadContext() : handle_(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(handle_, &ThreadContext::onError, this);
    }
    ~ThreadContext() { GEOS_finish_r(handle_); }
    ThreadContext(const ThreadContext&) = delete;
    ThreadContext& operator=(const ThreadContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    const std::string& lastError() const { return lastError_; }

  private:
    static void onError(const char* message, void* self) {
        static_cast<ThreadContext*>(self)->lastError_ = message != nullptr ? message : "";
    }
    GEOSContextHandle_t handle_;
    std::string lastError_;
};

ThreadContext& threadContext() {
    thread_local ThreadContext context;
    return context;
}

thread_local const Feedback* tInterruptFeedback = nullptr;

void onGeosInterruptCheck() {
    if (tInterruptFeedback != nullptr && tInterruptFeedback->isCanceled()) GEOS_interruptRequest();
}

void registerInterruptCallbackOnce() {
    static std::once_flag once;
    std::call_once(once, [] { GEOS_interruptRegisterCallback(&onGeosInterruptCheck); });
}

}  // namespace

GEOSContextHandle_t geosHandle() { return threadContext().handle(); }

const Feedback* currentInterruptFeedback() { return tInterruptFeedback; }

const std::string& lastGeosError() { return threadContext().lastError(); }

void throwGeosError(const char* what) {
    if (tInterruptFeedback != nullptr && tInterruptFeedback->isCanceled()) throw Cancelled();
    const std::string& message = lastGeosError();
    throw GeosError(std::string(what) + ": " + (message.empty() ? "GEOS reported an error" : message));
}

GeosInterruptScope::GeosInterruptScope(const Feedback* feedback) : previous_(tInterruptFeedback) {
    registerInterruptCallbackOnce();
    tInterruptFeedback = feedback;
}

GeosInterruptScope::~GeosInterruptScope() { tInterruptFeedback = previous_; }

}  // namespace redline::geom
