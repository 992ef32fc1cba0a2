// SPDX-License-Identifier: MIT
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>
#include <utility>

#include "run_directories_p.hpp"

namespace redline::io::detail {
namespace fs = std::filesystem;

namespace {

int openDirectory(const fs::path& directory) {
    return ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

bool processIsGone(pid_t pid) { return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH; }

// The process id right after `prefix` in `name`, or 0 when there is none.
pid_t pidAfter(const std::string& name, std::string_view prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
    long pid = 0;
    for (std::size_t i = prefix.size(); i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) {
        pid = pid * 10 + (name[i] - '0');
        if (pid > 1 << 30) return 0;
    }
    return static_cast<pid_t>(pid);
}

}  // namespace

RunDirectoryClaim::RunDirectoryClaim(const fs::path& directory) : fd_(openDirectory(directory)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

RunDirectoryClaim::~RunDirectoryClaim() {
    if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

RunDirectoryClaim::RunDirectoryClaim(RunDirectoryClaim&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

RunDirectoryClaim& RunDirectoryClaim::operator=(RunDirectoryClaim&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

void removeAbandonedRunDirectories(const fs::path& parent, std::string_view prefix) noexcept {
    try {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(parent, ec)) {
            const pid_t pid = pidAfter(entry.path().filename().string(), prefix);
            if (pid == 0 || pid == ::getpid() || !processIsGone(pid)) continue;
            if (!entry.is_directory(ec) || entry.is_symlink(ec)) continue;
            const int fd = openDirectory(entry.path());
            if (fd < 0) continue;
            // A run that holds it is alive, whatever its process id says.
            if (::flock(fd, LOCK_EX | LOCK_NB) == 0) fs::remove_all(entry.path(), ec);
            ::close(fd);
        }
    } catch (...) {
        // Housekeeping only: a folder that cannot be listed (or memory) is no reason to fail a run.
    }
}

}  // namespace redline::io::detail
