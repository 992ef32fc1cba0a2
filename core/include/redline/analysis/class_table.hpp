// SPDX-License-Identifier: MIT
// The names of a class raster's values: read from a CSV file ("value,class", a header row
// allowed), a JSON file or object ({"10": "water"}), or inline text ("10=water,20=forest").
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace redline::analysis {

class ClassTable {
  public:
    struct Entry {
        std::int64_t value = 0;
        std::string name;
    };

    // Parses `spec` (see above); `label` names where it came from in messages. Throws
    // InputError naming the file and line, or the inline text, for anything malformed.
    static ClassTable parse(const std::string& spec, const std::string& label);
    static ClassTable fromEntries(std::vector<Entry> entries, std::string source);

    [[nodiscard]] const std::vector<Entry>& entries() const { return entries_; }
    // Index of `value` in entries(), or -1.
    [[nodiscard]] int indexOf(std::int64_t value) const;
    [[nodiscard]] const std::string& source() const { return source_; }
    [[nodiscard]] bool empty() const { return entries_.empty(); }

  private:
    void add(std::int64_t value, std::string name, const std::string& where);
    std::vector<Entry> entries_;
    std::unordered_map<std::int64_t, int> index_;
    std::string source_;
};

}  // namespace redline::analysis
