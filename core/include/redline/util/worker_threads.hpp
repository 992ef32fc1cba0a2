// SPDX-License-Identifier: MIT
// How many threads a run uses: --threads, or every core when 0.
#pragma once

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <memory>

namespace redline {

// The threads asked for (0 = all cores).
[[nodiscard]] inline int requestedThreads(int threads) {
    return threads > 0 ? threads : std::max(1, tbb::info::default_concurrency());
}

// An arena for `threads`, at most the machine's cores: TBB would run no more anyway, and it
// printed "TBB Warning: The number of workers is currently limited…" on stderr, even with -q.
[[nodiscard]] inline std::unique_ptr<tbb::task_arena> makeWorkerArena(int threads) {
    return std::make_unique<tbb::task_arena>(std::min(threads, std::max(1, tbb::info::default_concurrency())));
}

}  // namespace redline
