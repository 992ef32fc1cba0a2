// SPDX-License-Identifier: MIT
// Private working directories of a run (the outputs' staging folder, an extracted zip) carry the
// run's process id in their name. A run killed outright (SIGKILL, the OOM killer, a power cut)
// cannot remove its own: the next run that makes one in the same place removes those whose
// process is gone, so leftovers of hundreds of MB do not pile up beside the outputs or in TMPDIR.
//   RunDirectoryClaim claim(staging);                       // held while the run uses it
//   removeAbandonedRunDirectories(parent, ".redline-partial-");
#pragma once

#include <filesystem>
#include <string_view>

namespace redline::io::detail {

// An advisory lock (flock) on a directory for as long as this object lives. The kernel drops it
// when the process ends, however it ends: a locked directory belongs to a live run, even one
// whose process id means nothing here (another container sharing the folder).
class RunDirectoryClaim {
  public:
    RunDirectoryClaim() = default;
    explicit RunDirectoryClaim(const std::filesystem::path& directory);
    ~RunDirectoryClaim();
    RunDirectoryClaim(const RunDirectoryClaim&) = delete;
    RunDirectoryClaim& operator=(const RunDirectoryClaim&) = delete;
    RunDirectoryClaim(RunDirectoryClaim&& other) noexcept;
    RunDirectoryClaim& operator=(RunDirectoryClaim&& other) noexcept;

  private:
    int fd_ = -1;
};

// Removes the directories in `parent` named `prefix` followed by a process id (and anything
// after it) whose process no longer exists and that no live run has claimed. Errors are ignored:
// this is housekeeping, never a reason to fail a run.
void removeAbandonedRunDirectories(const std::filesystem::path& parent, std::string_view prefix) noexcept;

}  // namespace redline::io::detail
