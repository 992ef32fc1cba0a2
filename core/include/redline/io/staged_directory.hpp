// SPDX-License-Identifier: MIT
// Output files are written into a hidden staging directory (inside the output directory when
// it exists, beside it when it does not) and moved into the output directory only by commit();
// a failed or cancelled run (the destructor without commit) removes the staging directory and
// any parent directories it had to create, so nothing is left behind. A staging directory left by
// a run that was killed outright is removed by the next run that stages in the same place.
//   io::StagedDirectory out("out/sites");
//   writeGpkg(out.file("result.gpkg"));
//   out.commit();
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "redline/util/error.hpp"

namespace redline::io {
namespace detail {
class RunDirectoryClaim;
}

class StagedDirectory {
  public:
    explicit StagedDirectory(std::filesystem::path finalDirectory);
    ~StagedDirectory();
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;

    // Path of `name` inside the staging directory.
    [[nodiscard]] std::filesystem::path file(const std::string& name) const;
    [[nodiscard]] const std::filesystem::path& finalDirectory() const { return final_; }
    // Moves every staged file into the final directory (replacing files of the same name, each
    // at once: a reader sees the old file or the new one). The point of no return: a cancel
    // (Ctrl-C, SIGTERM, SIGHUP) that arrived while the files were written throws Cancelled here.
    void commit();
    // Throws the OutputError commit() would throw before moving anything (a staged name that is an
    // input, or a folder), or Cancelled.
    void checkCommit() const;
    // Throws the OutputError a run writing into `folder` would meet at its end (a folder that
    // cannot be made or written into), before the run; leaves nothing behind. Minutes of work
    // then never end in "cannot write".
    static void probe(const std::filesystem::path& folder) { const StagedDirectory trial(folder); }
    // The folder an output file named `file` is written into ("." for a bare name).
    [[nodiscard]] static std::filesystem::path folderOf(const std::filesystem::path& file) {
        return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    }
    // Commits several directories as one set: every one is checked (and the cancel flag read)
    // before the first moves, and none is abandoned half-way for a cancel.
    static void commitAll(const std::vector<StagedDirectory*>& directories);
    // `message` with the staging directory's path replaced by the final directory's: an error
    // names a file where the user will look for it, not in the hidden directory removed on failure.
    [[nodiscard]] std::string inFinalTerms(std::string message) const;
    // Runs `write`; an OutputError from it is rethrown in final terms.
    template <class Write>
    void reportingFinalPaths(Write&& write) const {
        try {
            std::forward<Write>(write)();
        } catch (const OutputError& e) {
            throw OutputError(inFinalTerms(e.what()));
        }
    }

  private:
    void moveIntoPlace();
    void moveEntriesIntoExisting();
    void checkEntries() const;
    void discard() noexcept;
    std::filesystem::path final_;
    std::filesystem::path staging_;
    std::vector<std::filesystem::path> createdParents_;
    bool finalExisted_ = false;
    bool committed_ = false;
    std::unique_ptr<detail::RunDirectoryClaim> claim_;  // held while staging: the directory is in use
};

}  // namespace redline::io
