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

TEST(DbfText, CharactersTheEncodingLacksBecomeUnderscoresInNames) {
    // 䶮 (CJK Extension A, in place names) and an emoji are not in CP936; GB18030 holds all of Unicode.
    EXPECT_EQ(dbfFieldNames({"\xF0\x9F\x98\x80"}, "CP936"), (std::vector<std::string>{"_"}));
    EXPECT_EQ(dbfFieldNames({"䶮山"}, "CP936"), (std::vector<std::string>{"_山"}));
    EXPECT_EQ(dbfFieldNames({"\xF0\x9F\x98\x80"}, "GB18030"), (std::vector<std::string>{"\xF0\x9F\x98\x80"}));
}

TEST(DbfText, LongValuesEndWithAnEllipsisWithinTheLimit) {
    std::string longText;
    for (int i = 0; i < 200; ++i) longText += "红";
    const RepresentableText fitted = fitDbfValue(longText, "CP936");
    EXPECT_EQ(fitted.replaced, 0u);
    EXPECT_TRUE(fitted.cut);  // the writer warns of it
    EXPECT_LE(encodeAs(fitted.text, "CP936")->size(), 254u);
    EXPECT_GT(encodeAs(fitted.text, "CP936")->size(), 250u);
    EXPECT_EQ(fitted.text.substr(fitted.text.size() - 3), "…");
    EXPECT_EQ(fitDbfValue("短", "CP936").text, "短");
    EXPECT_FALSE(fitDbfValue("短", "CP936").cut);
}

TEST(DbfText, ValuesKeepWhatTheEncodingHoldsAndCountTheRest) {
    // Each character CP936 lacks is one "?": an Extension A and an Extension B character, and
    // U+FFFD, which stands for bytes that were not text in the input.
    const RepresentableText fitted = fitDbfValue("䶮山𠀀村\xEF\xBF\xBD工业园", "CP936");
    EXPECT_EQ(fitted.text, "?山?村?工业园");
    EXPECT_EQ(fitted.replaced, 3u);
    const RepresentableText whole = fitDbfValue("䶮山𠀀村", "GB18030");
    EXPECT_EQ(whole.text, "䶮山𠀀村");
    EXPECT_EQ(whole.replaced, 0u);
}

}  // namespace
}  // namespace redline::report
