// SPDX-License-Identifier: MIT
#include "redline/io/staged_directory.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "redline/io/input_files.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::io {
namespace {

namespace fs = std::filesystem;

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

TEST(StagedDirectory, NothingAppearsUntilCommit) {
    testing::TempDir tmp;
    const fs::path out = tmp.path() / "runs" / "out";
    {
        StagedDirectory staged(out);
        std::ofstream(staged.file("result.json")) << "{}";
        EXPECT_FALSE(fs::exists(out));
        staged.commit();
    }
    EXPECT_TRUE(fs::exists(out / "result.json"));
    EXPECT_EQ(entries(tmp.path() / "runs"), 1u);  // no staging directory left behind
}

TEST(StagedDirectory, AnInputIsNeverReplaced) {
    // A project whose output directory is its own folder, with an input called subjects.csv and
    // a shapefile whose .dbf an output shares a name with.
    testing::TempDir tmp;
    std::ofstream(tmp.file("subjects.csv")) << "input";
    std::ofstream(tmp.file("result.json")) << "old result";
    registerInputFile(tmp.path() / "subjects.csv");
    registerInputFile(tmp.path() / "zones.SHP");
    {
        StagedDirectory staged(tmp.path());
        std::ofstream(staged.file("result.json")) << "{}";
        std::ofstream(staged.file("subjects.csv")) << "output";
        EXPECT_THROW(staged.commit(), OutputError);
    }
    std::ifstream in(tmp.file("subjects.csv"));
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "input");
    std::ifstream old(tmp.file("result.json"));
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(old), {}), "old result");  // nothing moved at all
    EXPECT_TRUE(isInputFile(tmp.path() / "zones.dbf"));
    EXPECT_FALSE(isInputFile(tmp.path() / "result.json"));
}

TEST(StagedDirectory, AFolderWhereAnOutputFileGoesIsNeverReplaced) {
    // `map --out x.svg` where x.svg is a folder, or `check --out DIR` with a folder DIR/subjects.csv:
    // the folder and everything in it were removed, and the run reported success.
    testing::TempDir tmp;
    fs::create_directories(tmp.path() / "x.svg" / "sub");
    std::ofstream(tmp.path() / "x.svg" / "sub" / "keep.txt") << "precious";
    std::ofstream(tmp.file("result.json")) << "old result";
    {
        StagedDirectory staged(tmp.path());
        std::ofstream(staged.file("result.json")) << "{}";
        std::ofstream(staged.file("x.svg")) << "<svg/>";
        try {
            staged.commit();
            FAIL() << "the folder was replaced";
        } catch (const OutputError& e) {
            EXPECT_NE(std::string(e.what()).find("x.svg: exists and is a folder"), std::string::npos) << e.what();
        }
    }
    EXPECT_TRUE(fs::exists(tmp.path() / "x.svg" / "sub" / "keep.txt"));
    std::ifstream old(tmp.file("result.json"));
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(old), {}), "old result");  // nothing moved at all
}

TEST(StagedDirectory, AnAbandonedRunLeavesNothing) {
    testing::TempDir tmp;
    {
        StagedDirectory staged(tmp.path() / "a" / "b" / "out");
        std::ofstream(staged.file("result.gpkg")) << "partial";
    }
    EXPECT_EQ(entries(tmp.path()), 0u);  // even the parents it created are gone
}

TEST(StagedDirectory, CommitIntoAnExistingDirectoryReplacesOnlyItsFiles) {
    testing::TempDir tmp;
    const fs::path out = tmp.path() / "out";
    fs::create_directory(out);
    std::ofstream(out / "notes.txt") << "mine";
    std::ofstream(out / "result.json") << "old";
    {
        StagedDirectory staged(out);
        std::ofstream(staged.file("result.json")) << "new";
        staged.commit();
    }
    std::ifstream in(out / "result.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "new");
    EXPECT_TRUE(fs::exists(out / "notes.txt"));
    EXPECT_EQ(entries(tmp.path()), 1u);
}

TEST(StagedDirectory, AnExistingDirectoryIsStagedInsideItself) {
    // Its parent may be unwritable (a map written straight into /tmp as another user) or another
    // file system (the output directory is a mount point): nothing may be needed from it.
    testing::TempDir tmp;
    const fs::path out = tmp.path() / "out";
    fs::create_directory(out);
    std::ofstream(out / "old.txt") << "mine";
    {
        StagedDirectory staged(out);
        EXPECT_EQ(staged.file("map.png").parent_path().parent_path(), out);
        std::ofstream(staged.file("map.png")) << "partial";
        EXPECT_EQ(entries(tmp.path()), 1u);  // nothing beside it
    }
    EXPECT_EQ(entries(out), 1u);  // abandoned: only what was there
    {
        StagedDirectory staged(out);
        std::ofstream(staged.file("map.png")) << "done";
        staged.commit();
    }
    EXPECT_TRUE(fs::exists(out / "map.png"));
    EXPECT_EQ(entries(out), 2u);  // the staging directory is gone
}

TEST(StagedDirectory, ErrorsNameTheFinalFiles) {
    testing::TempDir tmp;
    const fs::path out = tmp.path() / "out";
    StagedDirectory staged(out);
    const std::string staging = staged.file("result.gpkg").string();
    EXPECT_EQ(staged.inFinalTerms(staging + ": disk full; " + staging),
              (out / "result.gpkg").string() + ": disk full; " + (out / "result.gpkg").string());
    try {
        staged.reportingFinalPaths([&] { throw OutputError(staging + ": SQLite failed"); });
        FAIL() << "the error was swallowed";
    } catch (const OutputError& e) {
        EXPECT_EQ(std::string(e.what()), (out / "result.gpkg").string() + ": SQLite failed");
    }
    EXPECT_EQ(staged.inFinalTerms("no path here"), "no path here");
}

}  // namespace
}  // namespace redline::io
