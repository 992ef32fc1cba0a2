// SPDX-License-Identifier: MIT
#include "redline/analysis/class_table.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

void writeText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// The class names of a table file holding `text`, in order.
std::vector<std::string> classNames(const testing::TempDir& dir, const std::string& text) {
    writeText(dir.file("t.csv"), text);
    std::vector<std::string> names;
    const ClassTable table = ClassTable::parse(dir.file("t.csv"), "$.classes");
    for (const auto& entry : table.entries()) names.push_back(entry.name);
    return names;
}

// The InputError a table file holding `text` gives, or "(no error)".
std::string parseError(const testing::TempDir& dir, const std::string& name, const std::string& text) {
    writeText(dir.file(name), text);
    try {
        (void)ClassTable::parse(dir.file(name), "x");
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ClassTable, ReadsCsvWithBomHeaderAndExtraColumns) {
    testing::TempDir dir;
    EXPECT_EQ(classNames(dir, "\xEF\xBB\xBFvalue,class,colour\n10,水体,#0000ff\n20,林地\n\n# comment\n30, 耕地 \n"),
              (std::vector<std::string>{"水体", "林地", "耕地"}));
    const ClassTable t = ClassTable::parse(dir.file("t.csv"), "$.classes");
    EXPECT_EQ(t.indexOf(20), 1);
    EXPECT_EQ(t.indexOf(40), -1);
}

TEST(ClassTable, QuotedClassNamesAreReadAsCsvWritesThem) {
    // Excel quotes a name with the delimiter in it and doubles a quote inside one; "40" as a value too.
    testing::TempDir dir;
    EXPECT_EQ(classNames(dir,
                         "value,class\n\"40\",\"建设用地,城镇\"\n50,\"建设用地,农村\",#ff0000\n"
                         "60,\"建设 \"\"A\"\" 用地\"\n70;林地;草地\n"),
              (std::vector<std::string>{"建设用地,城镇", "建设用地,农村", "建设 \"A\" 用地", "林地"}));
    EXPECT_NE(parseError(dir, "open.csv", "value,class\n10,\"水体\n").find("open.csv:2: a quoted class name has no"),
              std::string::npos);
}

TEST(ClassTable, ACsvSavedByExcelInGbkIsRead) {
    // Excel on a Chinese Windows saves CSV in GBK unless told "CSV UTF-8": 水体, 林地 in GBK bytes.
    testing::TempDir dir;
    EXPECT_EQ(classNames(dir, "value,class\n10,\xCB\xAE\xCC\xE5\n20,\xC1\xD6\xB5\xD8\n"),
              (std::vector<std::string>{"水体", "林地"}));
    // Neither UTF-8 nor GBK: refused, naming the file, not read as garbage names.
    EXPECT_NE(parseError(dir, "junk.csv", "value,class\n10,\xFF\xFE\x80\n")
                  .find("junk.csv: the text is neither UTF-8 nor GBK/GB18030"),
              std::string::npos);
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
    EXPECT_NE(parseError(dir, "dup.csv", "value,class\n10,a\n10,b\n").find("dup.csv:3"), std::string::npos);
    EXPECT_NE(parseError(dir, "bad.csv", "value,class\n10,a\nten,b\n")
                  .find("bad.csv:3: \"ten\" is not a pixel value (a whole number)"),
              std::string::npos);
    EXPECT_NE(parseError(dir, "nosep.csv", "value,class\n10,a\n20\n")
                  .find("nosep.csv:3: expected \"value,class\", found \"20\""),
              std::string::npos);
    EXPECT_THROW((void)ClassTable::parse(dir.file("missing.csv"), "x"), InputError);
    EXPECT_THROW((void)ClassTable::parse("10=a,x=b", "x"), InputError);
    writeText(dir.file("empty.csv"), "value,class\n");
    EXPECT_THROW((void)ClassTable::parse(dir.file("empty.csv"), "x"), InputError);
}

}  // namespace
}  // namespace redline::analysis
