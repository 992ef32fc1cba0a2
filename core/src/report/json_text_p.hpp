// SPDX-License-Identifier: MIT
// A streaming JSON emitter laid out as nlohmann::json::dump lays out — indented as dump(2)
// (two-space indent, "key": value, empty containers as {} and []) or on one line as dump()
// ("key":value, no spaces) — for result.json's per-subject records: building an nlohmann object
// per subject and dumping it cost more than the rest of the writing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redline::report::detail {

class JsonText {
  public:
    enum class Layout { Indented, OneLine };

    // Appends to `out`; `level` is the indentation depth of the first value (Indented only).
    JsonText(std::string& out, int level, Layout layout = Layout::Indented)
        : out_(out), level_(level), oneLine_(layout == Layout::OneLine) {}

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

  private:
    void write(const std::string& v) { string(v); }
    void write(std::string_view v) { string(v); }
    void write(const char* v) { string(v); }
    void write(double v) { number(v); }
    void write(std::int64_t v) { integer(v); }
    void write(std::size_t v) { integer(static_cast<std::int64_t>(v)); }
    void write(bool v) { boolean(v); }
    void beforeValue();
    void quoted(std::string_view text);
    void newline(int level);
    void open(char bracket, bool object);
    void close(char bracket);

    struct Frame {
        bool object;
        bool empty;
    };
    std::string& out_;
    int level_;
    bool oneLine_;
    std::vector<Frame> stack_;
    bool afterKey_ = false;
};

}  // namespace redline::report::detail
