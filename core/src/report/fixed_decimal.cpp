// SPDX-License-Identifier: MIT
#include <bit>
#include <cstdint>
#include <iterator>

#include "fixed_decimal_p.hpp"

namespace redline::report::detail {
namespace {
// GCC's and Clang's 128-bit integer (__extension__: not ISO C++, so -Wpedantic would warn).
__extension__ typedef unsigned __int128 Wide;  // NOLINT(modernize-use-using)
}  // namespace

void appendFixed(fmt::memory_buffer& out, double value, int decimals) {
    constexpr std::uint32_t kPowers[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
    // value = ±m / 2^shift exactly.
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const auto biased = static_cast<int>((bits >> 52) & 0x7ff);
    std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
    int shift = 1074;  // subnormal
    if (biased != 0) {
        m |= std::uint64_t{1} << 52;
        shift = 1075 - biased;
    }
    // Infinities, NaN and values from 2^52 on (whole numbers) are left to fmt.
    if (decimals < 0 || decimals > 9 || biased == 0x7ff || shift <= 0) {
        fmt::format_to(std::back_inserter(out), "{:.{}f}", value, decimals);
        return;
    }
    if ((bits >> 63) != 0) out.push_back('-');  // -0.0 too, as fmt writes it
    const std::uint32_t unit = kPowers[decimals];
    std::uint64_t whole = 0;
    std::uint64_t fraction = 0;  // in units of 10^-decimals
    if (shift < 120) {           // beyond, the value rounds to 0 at any 9 decimals
        whole = shift < 64 ? m >> shift : 0;
        const std::uint64_t rest = shift < 64 ? m & ((std::uint64_t{1} << shift) - 1) : m;
        const Wide scaled = static_cast<Wide>(rest) * unit;  // < 2^83
        fraction = static_cast<std::uint64_t>(scaled >> shift);
        const Wide remainder = scaled - (static_cast<Wide>(fraction) << shift);
        const Wide half = static_cast<Wide>(1) << (shift - 1);
        const bool odd = ((whole * unit + fraction) & 1) != 0;
        if (remainder > half || (remainder == half && odd)) ++fraction;
        if (fraction == unit) {
            ++whole;
            fraction = 0;
        }
    }
    const fmt::format_int integer(whole);
    out.append(integer.data(), integer.data() + integer.size());
    if (decimals == 0) return;
    char digits[16];
    digits[0] = '.';
    for (int i = decimals; i >= 1; --i) {
        digits[i] = static_cast<char>('0' + fraction % 10);
        fraction /= 10;
    }
    out.append(digits, digits + decimals + 1);
}

}  // namespace redline::report::detail
