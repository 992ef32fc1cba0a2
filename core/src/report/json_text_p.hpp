// SPDX-License-Identifier: MIT
// A streaming JSON emitter writing compact JSON as nlohmann::json::dump() does ("key":value, no
// spaces, empty containers as {} and []), for result.json's per-subject records, a line each:
// building an nlohmann object per subject and dumping it cost more than the rest of the writing.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace redline::report::detail {

class JsonText {
  public:
    // Appends to `out`.
    explicit JsonText(std::string& out) : out_(out) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view name);

    void string(std::string_view text);
    // A key already written as JSON, with its quotes and the colon: "name":
    void keyJson(std::string_view quotedName);
    // A value already written as JSON (by string(), once for texts that recur).
    void raw(std::string_view json);
    void number(double value);  // null when not finite, as nlohmann writes it
    void integer(std::int64_t value);
    void boolean(bool value);
    void null();

    template <typename T>
    void member(std::string_view name, const T& value) {
        key(name);
        write(value);
    }
    void memberNull(std::string_view name) {
        key(name);
        null();
    }

    // The same for a name written in the code, such as "area_m2", which must need no escape
    // (plain ASCII): it is copied as it is, not checked a character at a time per subject.
    template <std::size_t N>
    void key(const char (&name)[N]) {
        char text[N + 2];  // "name": in one append
        text[0] = '"';
        std::memcpy(text + 1, name, N - 1);
        text[N] = '"';
        text[N + 1] = ':';
        keyJson(std::string_view(text, N + 2));
    }
    template <std::size_t N, typename T>
    void member(const char (&name)[N], const T& value) {
        key(name);
        write(value);
    }
    template <std::size_t N>
    void memberNull(const char (&name)[N]) {
        key(name);
        null();
    }

  private:
    void write(const std::string& v) { string(v); }
    void write(std::string_view v) { string(v); }
    void write(const char* v) { string(v); }
    void write(double v) { number(v); }
    void write(std::int64_t v) { integer(v); }
    void write(std::size_t v) { integer(static_cast<std::int64_t>(v)); }
    void write(bool v) { boolean(v); }
    // Inline: it runs before every key and value.
    void beforeValue() {
        if (afterKey_) {
            afterKey_ = false;
            return;
        }
        if (empty_.empty()) return;
        if (empty_.back() == 0) out_ += ',';
        empty_.back() = 0;
    }
    void quoted(std::string_view text);
    void open(char bracket);
    void close(char bracket);

    std::string& out_;
    std::vector<unsigned char> empty_;  // per open object or array: nothing in it yet (1)
    bool afterKey_ = false;
};

}  // namespace redline::report::detail
