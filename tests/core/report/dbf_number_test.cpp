// SPDX-License-Identifier: MIT
#include "redline/report/dbf_number.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace redline::report {
namespace {

TEST(DbfNumber, DecimalsLeaveRoomForTheIntegerDigitsAndASign) {
    // The ellipsoid's surface in m² has 15 integer digits: 24 − 15 − 2 = 7 decimals.
    EXPECT_EQ(dbfRealField(5.11e14).decimals, 7);
    EXPECT_EQ(dbfRealField(5.11e14).width, 24);
    EXPECT_EQ(dbfRealField(100).decimals, 15);  // a percentage: OGR's usual 15, no more
    EXPECT_EQ(dbfRealField(9999999).decimals, 15);
    EXPECT_EQ(dbfRealField(99999999).decimals, 14);
    EXPECT_EQ(dbfRealField(0).decimals, 8);  // unknown: up to 14 integer digits
    EXPECT_EQ(dbfRealField(1e30).decimals, 0);
}

TEST(DbfNumber, EveryValueUpToTheBoundFitsItsField) {
    for (const double bound : {1.0, 100.0, 2.01e7, 5.11e10, 7.665e11, 5.11e14}) {
        const DbfNumberField field = dbfRealField(bound);
        EXPECT_TRUE(fitsDbfNumber(bound, field)) << bound;
        EXPECT_TRUE(fitsDbfNumber(-bound, field)) << bound;
        EXPECT_TRUE(fitsDbfNumber(std::nextafter(bound, 0.0), field)) << bound;
    }
}

TEST(DbfNumber, TooWideAndNonFiniteValuesDoNotFit) {
    const DbfNumberField field = dbfRealField(0);
    EXPECT_TRUE(fitsDbfNumber(1234567890123.456789, field));
    EXPECT_TRUE(fitsDbfNumber(-99999999999999.0, field));    // 14 digits, sign, 8 decimals: 24
    EXPECT_FALSE(fitsDbfNumber(-999999999999999.0, field));  // 25 characters
    EXPECT_FALSE(fitsDbfNumber(1e308, field));
    EXPECT_FALSE(fitsDbfNumber(std::numeric_limits<double>::quiet_NaN(), field));
    EXPECT_FALSE(fitsDbfNumber(std::numeric_limits<double>::infinity(), field));
    // OGR's default field (24, 15) holds nothing from 10⁸ up: why fields are sized per column.
    EXPECT_FALSE(fitsDbfNumber(2940943097.557, DbfNumberField{24, 15}));
}

}  // namespace
}  // namespace redline::report
