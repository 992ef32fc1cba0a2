// SPDX-License-Identifier: MIT
#include "progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <mutex>

namespace redline::cli {
namespace {
std::mutex gDrawMutex;

extern "C" void onInterrupt(int) { requestGlobalCancel(); }
}  // namespace

void installInterruptHandler() {
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    // A closed terminal or ssh session (SIGHUP): cancel cleanly too, or an extracted zip (hundreds
    // of MB in TMPDIR) and the staged outputs were left behind. A signal the parent set to be
    // ignored stays ignored: `nohup redline … &` must outlive the session it was started from.
    for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction inherited {};
        if (sigaction(signal, nullptr, &inherited) == 0 && inherited.sa_handler == SIG_IGN) continue;
        sigaction(signal, &action, nullptr);
    }
}

TerminalProgress::TerminalProgress(bool enabled) : enabled_(enabled), tty_(::isatty(STDERR_FILENO) != 0) {}

// On an error the bar ends where the work stopped, without " done." above the error.
TerminalProgress::~TerminalProgress() { endLine(false); }

void TerminalProgress::done() {
    if (!isCanceled()) setProgress(100.0);
    endLine(true);
}

void TerminalProgress::endLine(bool finished) {
    std::lock_guard lock(gDrawMutex);
    if (open_) std::fputs(tty_ || isCanceled() || !finished ? "\n" : " done.\n", stderr);
    open_ = false;
}

void TerminalProgress::onProgress(double percent, std::string_view step) {
    if (!enabled_) return;
    std::lock_guard lock(gDrawMutex);
    if (tty_) {
        const auto now = std::chrono::steady_clock::now();
        if (percent < 100 && step == lastStep_ && now - lastDraw_ < std::chrono::milliseconds(100)) return;
        lastDraw_ = now;
        lastStep_ = step;
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(percent / 100.0 * kWidth);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(kWidth, '-');
        fmt::print(stderr, "\r[{}] {:5.1f}%  {:<40.40}", bar, percent, step);
        open_ = true;
    } else {
        const int tenth = static_cast<int>(percent / 10.0);
        if (!open_) {
            fmt::print(stderr, "0");
            open_ = true;
            lastTenth_ = 0;
        }
        while (lastTenth_ < tenth) {
            ++lastTenth_;
            fmt::print(stderr, "...{}", lastTenth_ * 10);
        }
    }
    std::fflush(stderr);
}

}  // namespace redline::cli
