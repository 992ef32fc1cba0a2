// SPDX-License-Identifier: MIT
// A streaming JSON emitter writing compact JSON as nlohmann::json::dump() does ("key":value, no
// spaces, empty containers as {} and []), for result.json's per-subject records, a line each:
// building an nlohmann object per subject and dumping it cost more than the rest of the writing.
#pragma once

#include <cstdint>
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
        literalKey(std::string_view(name, N - 1));
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
    void beforeValue();
    void literalKey(std::string_view name);
    void quoted(std::string_view text);
    void open(char bracket);
    void close(char bracket);

    std::string& out_;
    std::vector<bool> empty_;  // per open object or array: nothing in it yet
    bool afterKey_ = false;
};

}  // namespace redline::report::detail
