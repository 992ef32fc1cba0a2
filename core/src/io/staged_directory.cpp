// SPDX-License-Identifier: MIT
#include "redline/io/staged_directory.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "redline/io/input_files.hpp"
#include "redline/util/error.hpp"
#include "redline/util/feedback.hpp"
#include "run_directories_p.hpp"

namespace redline::io {
namespace fs = std::filesystem;

namespace {
constexpr const char* kPartial = ".redline-partial-";

// Runs writing into one folder at once move their files in one after the other, so that the
// folder ends with one run's whole set, never a mix of two (flock; released when `fd` closes).
class FolderLock {
  public:
    explicit FolderLock(const fs::path& folder) : fd_(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_ >= 0) {
            while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
            }
        }
    }
    ~FolderLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_;
};
}  // namespace

StagedDirectory::StagedDirectory(fs::path finalDirectory)
    : final_(fs::absolute(std::move(finalDirectory)).lexically_normal()) {
    if (final_.has_filename() == false) final_ = final_.parent_path();
    std::error_code ec;
    if (fs::exists(final_, ec) && !fs::is_directory(final_, ec)) {
        throw OutputError(fmt::format("{}: exists and is not a directory", final_.string()));
    }
    finalExisted_ = fs::exists(final_, ec);
    // Remember which parents we create, to remove them again if the run fails.
    for (fs::path p = final_.parent_path(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        createdParents_.push_back(p);
        if (p == p.parent_path()) break;
    }
    fs::create_directories(final_.parent_path(), ec);
    if (ec)
        throw OutputError(
            fmt::format("{}: cannot create the directory: {}", final_.parent_path().string(), ec.message()));
    // An existing directory stages inside itself: its parent may not be writable (a file written
    // straight into /tmp or a home directory) or may be another file system (a mount point),
    // and commit() then only renames within it. A new one is staged beside it and renamed whole.
    const std::string besidePrefix = fmt::format(".{}{}", final_.filename().string(), kPartial);
    if (finalExisted_) detail::removeAbandonedRunDirectories(final_, kPartial);
    detail::removeAbandonedRunDirectories(final_.parent_path(), besidePrefix);
    staging_ = finalExisted_ ? final_ / fmt::format("{}{}", kPartial, ::getpid())
                             : final_.parent_path() / fmt::format("{}{}", besidePrefix, ::getpid());
    fs::remove_all(staging_, ec);
    fs::create_directory(staging_, ec);
    if (ec) {
        discard();
        throw OutputError(fmt::format("{}: {}: {}", final_.string(),
                                      finalExisted_ ? "cannot write into the directory" : "cannot create the directory",
                                      ec.message()));
    }
    claim_ = std::make_unique<detail::RunDirectoryClaim>(staging_);
}

StagedDirectory::~StagedDirectory() {
    if (!committed_) discard();
}

fs::path StagedDirectory::file(const std::string& name) const { return staging_ / name; }

std::string StagedDirectory::inFinalTerms(std::string message) const {
    const std::string from = staging_.string(), to = final_.string();
    for (std::size_t at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size())) {
        message.replace(at, from.size(), to);
    }
    return message;
}

void StagedDirectory::checkEntries() const {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(staging_)) {
        const fs::path target = final_ / entry.path().filename();
        if (isInputFile(target)) {
            throw OutputError(fmt::format(
                "{}: is an input of this run and would be replaced by an output of the same name; write the "
                "results to another directory or file name",
                target.string()));
        }
        // An output replaces a file, never a folder: remove_all took a folder "x.svg" with
        // everything in it, and the run said it had succeeded.
        if (fs::is_directory(target, ec) && !entry.is_directory(ec)) {
            throw OutputError(fmt::format(
                "{}: exists and is a folder; the output would replace it and everything in it. Choose another "
                "name, or move the folder",
                target.string()));
        }
    }
}

void StagedDirectory::checkCommit() const {
    if (finalExisted_) checkEntries();  // else the staging directory becomes the final one whole
    // A signal only sets the flag; a cancel heard while the files were written (a PDF's pages
    // compressed, a GeoPackage's index built) was ignored and the run replaced the old outputs.
    if (globalCancelRequested()) throw Cancelled();
}

void StagedDirectory::commit() {
    checkCommit();
    moveIntoPlace();
}

void StagedDirectory::commitAll(const std::vector<StagedDirectory*>& directories) {
    for (const auto* d : directories) d->checkCommit();
    for (auto* d : directories) d->moveIntoPlace();
}

void StagedDirectory::moveIntoPlace() {
    std::error_code ec;
    if (!finalExisted_) {
        fs::rename(staging_, final_, ec);
        if (!ec) {
            committed_ = true;
            claim_.reset();  // its lock would now hold the final directory
            return;
        }
        // Another run made the directory since (two runs with the same --out): move the files
        // in as into any existing directory, so that both runs complete.
        if (!fs::is_directory(final_)) {
            throw OutputError(fmt::format("{}: cannot move the results into place: {}", final_.string(), ec.message()));
        }
        finalExisted_ = true;
        checkEntries();
    }
    moveEntriesIntoExisting();
}

void StagedDirectory::moveEntriesIntoExisting() {
    std::error_code ec;
    const FolderLock lock(final_);
    for (const auto& entry : fs::directory_iterator(staging_)) {
        const fs::path target = final_ / entry.path().filename();
        // rename() replaces a file in one step; removing it first left a moment with no file
        // (a reader failed, a kill left neither). Only a staged folder replaces a folder.
        if (entry.is_directory(ec)) fs::remove_all(target, ec);
        fs::rename(entry.path(), target, ec);
        if (ec)
            throw OutputError(fmt::format("{}: cannot move {} into place: {}", final_.string(),
                                          entry.path().filename().string(), ec.message()));
    }
    fs::remove_all(staging_, ec);
    committed_ = true;
    claim_.reset();
}

void StagedDirectory::discard() noexcept {
    std::error_code ec;
    claim_.reset();
    if (!staging_.empty()) fs::remove_all(staging_, ec);
    for (const auto& p : createdParents_) fs::remove(p, ec);  // innermost first; only if empty
}

}  // namespace redline::io
