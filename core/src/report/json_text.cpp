// SPDX-License-Identifier: MIT
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "json_text_p.hpp"

namespace redline::report::detail {
namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, surrogates or code
// points above U+10FFFF) that starts with the non-ASCII byte at s[i]; 0 if there is none.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    const auto next = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && next < 0xA0) || (c == 0xED && next >= 0xA0) || (c == 0xF0 && next < 0x90) ||
        (c == 0xF4 && next >= 0x90)) {
        return 0;
    }
    return length;
}

}  // namespace

void JsonText::open(char bracket) {
    beforeValue();
    out_ += bracket;
    empty_.push_back(1);
}

void JsonText::close(char bracket) {
    empty_.pop_back();
    out_ += bracket;
}

void JsonText::beginObject() { open('{'); }
void JsonText::endObject() { close('}'); }
void JsonText::beginArray() { open('['); }
void JsonText::endArray() { close(']'); }

void JsonText::key(std::string_view name) {
    beforeValue();
    quoted(name);
    out_ += ':';
    afterKey_ = true;
}

void JsonText::keyJson(std::string_view quotedName) {
    beforeValue();
    out_.append(quotedName);
    afterKey_ = true;
}

void JsonText::raw(std::string_view json) {
    beforeValue();
    out_.append(json);
}

void JsonText::string(std::string_view text) {
    beforeValue();
    quoted(text);
}

void JsonText::quoted(std::string_view text) {
    // One pass: runs of characters that need no escape are appended whole (most text has none),
    // and multi-byte characters are checked as they come.
    const std::size_t start = out_.size();
    out_ += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8Length(text, i);
            if (length == 0) {
                // Rare (the readers decode to UTF-8): let nlohmann replace the bad bytes as it always has.
                out_.resize(start);
                out_ +=
                    nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                return;
            }
            i += length;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out_.append(text.substr(plain, i - plain));
        plain = ++i;
        switch (c) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\b':
                out_ += "\\b";
                break;
            case '\f':
                out_ += "\\f";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            default:
                out_ += fmt::format("\\u{:04x}", c);
        }
    }
    out_.append(text.substr(plain));
    out_ += '"';
}

void JsonText::number(double value) {
    beforeValue();
    if (!std::isfinite(value)) {
        out_ += "null";
        return;
    }
    // Shortest round-trip digits; a whole number keeps its ".0" as nlohmann writes it.
    // Formatted on the stack: a back_inserter into the string would append a character at a time.
    // The shortest digits of a double take at most 24 characters ("-2.2250738585072014e-308"), so
    // the buffer needs no bound checked per character; the format is compiled, not parsed per number.
    char buffer[64];
    const char* end = fmt::format_to(buffer, FMT_COMPILE("{}"), value);
    const std::string_view digits(buffer, static_cast<std::size_t>(end - buffer));
    out_.append(digits);
    if (std::none_of(digits.begin(), digits.end(), [](char c) { return c == '.' || c == 'e'; })) out_ += ".0";
}

void JsonText::integer(std::int64_t value) {
    beforeValue();
    const fmt::format_int digits(value);
    out_.append(digits.data(), digits.size());
}

void JsonText::boolean(bool value) {
    beforeValue();
    out_ += value ? "true" : "false";
}

void JsonText::null() {
    beforeValue();
    out_ += "null";
}

}  // namespace redline::report::detail
