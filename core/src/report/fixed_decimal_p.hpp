// SPDX-License-Identifier: MIT
// A double with a fixed number of decimals, the same text as fmt's "{:.Nf}" (the exact binary
// value rounded to nearest, ties to even) at a third of its cost: subjects.csv writes 18 numbers
// a subject, and formatting them was most of its writing.
#pragma once

#include <fmt/format.h>

namespace redline::report::detail {

void appendFixed(fmt::memory_buffer& out, double value, int decimals);

}  // namespace redline::report::detail
