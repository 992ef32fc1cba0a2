// SPDX-License-Identifier: MIT
// Numbers for DBF files (Shapefile attributes): fixed-width text with a fixed count of
// decimals. GDAL cuts a number too wide for its field at the field's width, with a warning per
// feature: 2940943097.557 m² in OGR's usual 24 characters with 15 decimals loses its last
// decimals, and 1e308 becomes 1e23. Fields are sized from what a column can hold instead.
#pragma once

namespace redline::report {

struct DbfNumberField {
    int width = 24;
    int decimals = 15;
};

// The field for real numbers of magnitude at most `bound` (0: not known, taken as below 1e14):
// OGR's usual 24 characters, with as many decimals (at most 15) as leave room for the integer
// digits and a sign.
[[nodiscard]] DbfNumberField dbfRealField(double bound);

// Whether `value` written with the field's decimals fits its width (never for NaN or ±∞,
// which DBF numbers cannot hold).
[[nodiscard]] bool fitsDbfNumber(double value, const DbfNumberField& field);

}  // namespace redline::report
