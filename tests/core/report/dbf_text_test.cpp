// SPDX-License-Identifier: MIT
#include "redline/report/dbf_text.hpp"

#include <gtest/gtest.h>

#include "redline/util/error.hpp"

namespace redline::report {
namespace {

TEST(DbfText, NamesAreCutOnCharacterBoundariesPerEncoding) {
    // 2 bytes per Chinese character in CP936 (5 fit), 3 in UTF-8 (3 fit).
    EXPECT_EQ(dbfFieldNames({"生态保护红线核心区"}, "CP936"), (std::vector<std::string>{"生态保护红"}));
    EXPECT_EQ(dbfFieldNames({"生态保护红线核心区"}, "UTF-8"), (std::vector<std::string>{"生态保"}));
    EXPECT_EQ(dbfFieldNames({"area_m2"}, "CP936"), (std::vector<std::string>{"area_m2"}));
}

TEST(DbfText, UnitSuffixesSurviveAndNamesStayUnique) {
    const auto names =
        dbfFieldNames({"water_source_m2", "water_source_pct", "生态保护红线甲", "生态保护红线乙"}, "CP936");
    EXPECT_EQ(names[0], "water_s_m2");
    EXPECT_EQ(names[1], "water_pct");
    EXPECT_EQ(names[2], "生态保护红");
    EXPECT_EQ(names[3], "生态保护_2");
    for (const auto& n : names) EXPECT_LE(encodeAs(n, "CP936")->size(), 10u) << n;
}

TEST(DbfText, CaseInsensitiveClashesAreResolved) {
    const auto names = dbfFieldNames({"Name", "NAME"}, "CP936");
    EXPECT_EQ(names[0], "Name");
    EXPECT_EQ(names[1], "NAME_2");
}

TEST(DbfText, UnencodableNameIsRefused) {
    EXPECT_THROW(static_cast<void>(dbfFieldNames({"\xF0\x9F\x98\x80"}, "CP936")), OutputError);  // an emoji
    EXPECT_EQ(dbfFieldNames({"\xF0\x9F\x98\x80"}, "GB18030").size(), 1u);  // GB18030 covers all of Unicode
}

TEST(DbfText, LongValuesEndWithAnEllipsisWithinTheLimit) {
    std::string longText;
    for (int i = 0; i < 200; ++i) longText += "红";
    const auto fitted = fitDbfValue(longText, "CP936");
    ASSERT_TRUE(fitted);
    EXPECT_LE(encodeAs(*fitted, "CP936")->size(), 254u);
    EXPECT_EQ(fitted->substr(fitted->size() - 3), "…");
    EXPECT_EQ(fitDbfValue("短", "CP936"), "短");
    EXPECT_FALSE(fitDbfValue("\xF0\x9F\x98\x80", "CP936"));
}

}  // namespace
}  // namespace redline::report
