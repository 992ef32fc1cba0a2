// SPDX-License-Identifier: MIT
// result.json's streaming emitter against nlohmann::json: the same text as dump(), values
// that parse back to the same doubles, escapes, and invalid UTF-8 replaced as nlohmann does.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "json_text_p.hpp"

namespace redline::report::detail {
namespace {

using nlohmann::ordered_json;

TEST(JsonText, WritesWhatNlohmannsCompactDumpWrites) {
    std::string text;
    JsonText j(text);
    j.beginObject();
    j.member("id", std::string("XM01"));
    j.member("fid", std::int64_t{7});
    j.memberNull("severity");
    j.member("area_m2", 500000.0);
    j.member("share", 0.1);
    j.member("tiny", 1.5e-7);
    j.member("repaired", false);
    j.key("notes");
    j.beginArray();
    j.endArray();
    j.key("zones");
    j.beginObject();
    j.member("basin", std::string("太湖"));
    j.endObject();
    j.key("list");
    j.beginArray();
    j.string("a\"b\\c\n\t\x01");
    j.number(-2.0);
    j.endArray();
    j.endObject();

    ordered_json expected;
    expected["id"] = "XM01";
    expected["fid"] = 7;
    expected["severity"] = nullptr;
    expected["area_m2"] = 500000.0;
    expected["share"] = 0.1;
    expected["tiny"] = 1.5e-7;
    expected["repaired"] = false;
    expected["notes"] = ordered_json::array();
    expected["zones"] = {{"basin", "太湖"}};
    expected["list"] = ordered_json::array({"a\"b\\c\n\t\x01", -2.0});
    EXPECT_EQ(text, expected.dump());
}

TEST(JsonText, NestedContainersAsNlohmannWritesThem) {
    std::string text;
    JsonText j(text);
    j.beginObject();
    j.member("id", std::string("XM01"));
    j.key("overlaps");
    j.beginArray();
    j.beginObject();
    j.member("category", std::string("核心"));
    j.member("area_m2", 1200.5);
    j.key("features");
    j.beginArray();
    j.endArray();
    j.endObject();
    j.beginObject();
    j.memberNull("exclusive_m2");
    j.endObject();
    j.endArray();
    j.key("zones");
    j.beginObject();
    j.endObject();
    j.member("repaired", true);
    j.endObject();

    ordered_json expected;
    expected["id"] = "XM01";
    expected["overlaps"] = ordered_json::array(
        {ordered_json{{"category", "核心"}, {"area_m2", 1200.5}, {"features", ordered_json::array()}},
         ordered_json{{"exclusive_m2", nullptr}}});
    expected["zones"] = ordered_json::object();
    expected["repaired"] = true;
    EXPECT_EQ(text, expected.dump());
    EXPECT_EQ(text.find('\n'), std::string::npos);
}

TEST(JsonText, NumbersRoundTrip) {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> mantissa(-1, 1);
    std::uniform_int_distribution<int> exponent(-12, 14);
    for (int i = 0; i < 20000; ++i) {
        const double v = mantissa(rng) * std::pow(10.0, exponent(rng));
        std::string text;
        JsonText j(text);
        j.number(v);
        EXPECT_EQ(ordered_json::parse(text).get<double>(), v) << text;
        EXPECT_TRUE(ordered_json::parse(text).is_number_float()) << text;
    }
    std::string text;
    JsonText j(text);
    j.beginArray();
    j.number(std::numeric_limits<double>::quiet_NaN());
    j.number(std::numeric_limits<double>::infinity());
    j.endArray();
    EXPECT_EQ(ordered_json::parse(text), ordered_json::parse("[null, null]"));
}

TEST(JsonText, InvalidUtf8IsReplacedAsNlohmannDoes) {
    for (const std::string& bad : {std::string("ab\xff"), std::string("\xe5\xa4"), std::string("\xed\xa0\x80x")}) {
        std::string text;
        JsonText j(text);
        j.string(bad);
        EXPECT_EQ(text, ordered_json(bad).dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    }
}

}  // namespace
}  // namespace redline::report::detail
