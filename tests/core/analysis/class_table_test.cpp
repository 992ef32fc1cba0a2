// SPDX-License-Identifier: MIT
#include "redline/analysis/class_table.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

void writeText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(ClassTable, ReadsCsvWithBomHeaderAndExtraColumns) {
    testing::TempDir dir;
    writeText(dir.file("t.csv"), "\xEF\xBB\xBFvalue,class,colour\n10,水体,#0000ff\n20,林地\n\n# comment\n30, 耕地 \n");
    const ClassTable t = ClassTable::parse(dir.file("t.csv"), "$.classes");
    ASSERT_EQ(t.entries().size(), 3u);
    EXPECT_EQ(t.entries()[0].name, "水体");
    EXPECT_EQ(t.entries()[2].name, "耕地");
    EXPECT_EQ(t.indexOf(20), 1);
    EXPECT_EQ(t.indexOf(40), -1);
}

TEST(ClassTable, ACsvSavedByExcelInGbkIsRead) {
    // Excel on a Chinese Windows saves CSV in GBK unless told "CSV UTF-8": 水体, 林地 in GBK bytes.
    testing::TempDir dir;
    writeText(dir.file("gbk.csv"), "value,class\n10,\xCB\xAE\xCC\xE5\n20,\xC1\xD6\xB5\xD8\n");
    const ClassTable t = ClassTable::parse(dir.file("gbk.csv"), "$.classes");
    ASSERT_EQ(t.entries().size(), 2u);
    EXPECT_EQ(t.entries()[0].name, "水体");
    EXPECT_EQ(t.entries()[1].name, "林地");
    // Neither UTF-8 nor GBK: refused, naming the file, not read as garbage names.
    writeText(dir.file("junk.csv"), "value,class\n10,\xFF\xFE\x80\n");
    try {
        (void)ClassTable::parse(dir.file("junk.csv"), "$.classes");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("junk.csv: the text is neither UTF-8 nor GBK/GB18030"), std::string::npos)
            << e.what();
    }
}

TEST(ClassTable, ReadsInlineAndJson) {
    const ClassTable inline_ = ClassTable::parse("10=water, 20=forest", "--raster-classes");
    ASSERT_EQ(inline_.entries().size(), 2u);
    EXPECT_EQ(inline_.entries()[1].name, "forest");
    const ClassTable json = ClassTable::parse(R"({"5": "wetland", "-1": "unknown"})", "$.rasters[0].classes");
    ASSERT_GE(json.indexOf(-1), 0);
    EXPECT_EQ(json.entries()[static_cast<std::size_t>(json.indexOf(-1))].name, "unknown");
}

TEST(ClassTable, RejectsBrokenTablesNamingWhere) {
    testing::TempDir dir;
    writeText(dir.file("dup.csv"), "value,class\n10,a\n10,b\n");
    try {
        (void)ClassTable::parse(dir.file("dup.csv"), "x");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("dup.csv:3"), std::string::npos) << e.what();
    }
    writeText(dir.file("bad.csv"), "value,class\n10,a\nten,b\n");
    try {
        (void)ClassTable::parse(dir.file("bad.csv"), "x");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.csv:3: \"ten\" is not a pixel value (a whole number)"),
                  std::string::npos)
            << e.what();
    }
    writeText(dir.file("nosep.csv"), "value,class\n10,a\n20\n");
    try {
        (void)ClassTable::parse(dir.file("nosep.csv"), "x");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("nosep.csv:3: expected \"value,class\", found \"20\""), std::string::npos)
            << e.what();
    }
    EXPECT_THROW((void)ClassTable::parse(dir.file("missing.csv"), "x"), InputError);
    EXPECT_THROW((void)ClassTable::parse("10=a,x=b", "x"), InputError);
    writeText(dir.file("empty.csv"), "value,class\n");
    EXPECT_THROW((void)ClassTable::parse(dir.file("empty.csv"), "x"), InputError);
}

}  // namespace
}  // namespace redline::analysis
