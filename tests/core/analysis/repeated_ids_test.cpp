// SPDX-License-Identifier: MIT
// Repeated subject ids: each repeat gets a note naming the first holder's fid, however many ids
// come before it (the table grows past what it reserved) and however alike they are.
#include <gtest/gtest.h>

#include <string>

#include "repeated_ids_p.hpp"

namespace redline::analysis::detail {
namespace {

LoadedFeature feature(std::int64_t fid, std::string id) {
    LoadedFeature f;
    f.fid = fid;
    f.id = std::move(id);
    return f;
}

TEST(RepeatedIds, EachRepeatNamesTheFirstHoldersFid) {
    RepeatedIds ids(4);  // far fewer than come: the table grows as ids arrive
    constexpr int kIds = 50000;
    for (int i = 0; i < kIds; ++i) {
        LoadedFeature f = feature(1000 + i, "XM" + std::to_string(i));
        ids.see(f);
        ASSERT_TRUE(f.notes.empty()) << f.id;
    }
    // Ids that share prefixes, an empty id, and ids that differ only in length are distinct.
    for (const std::string id : {"", "XM1", "XM10", "XM100x", "xm1"}) {
        LoadedFeature f = feature(-5, id);
        ids.see(f);
        EXPECT_EQ(f.notes.empty(), id != "XM1" && id != "XM10") << id;
    }
    EXPECT_EQ(ids.summary().count, 2);
    EXPECT_EQ(ids.summary().firstId, "XM1");
    EXPECT_EQ(ids.summary().firstFid, 1001);
    for (int i = 0; i < kIds; i += 997) {
        LoadedFeature f = feature(900000 + i, "XM" + std::to_string(i));
        ids.see(f);
        ASSERT_EQ(f.notes.size(), 1U);
        EXPECT_EQ(f.notes.front(), "id XM" + std::to_string(i) + " repeats that of fid " + std::to_string(1000 + i));
    }
    LoadedFeature empty = feature(7, "");
    ids.see(empty);
    EXPECT_EQ(empty.notes.front(), "id  repeats that of fid -5");
}

}  // namespace
}  // namespace redline::analysis::detail
