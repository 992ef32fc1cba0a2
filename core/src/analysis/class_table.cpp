// SPDX-License-Identifier: MIT
#include "redline/analysis/class_table.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "json_object_p.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/input_files.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis {
namespace {

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n\"");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n\"");
    return s.substr(first, last - first + 1);
}

// The first field of `rest` as CSV writes it (Excel quotes a class name with a comma in it:
// "建设用地,城镇", and doubles a quote inside one), trimmed.
std::string firstCsvField(std::string_view rest, char delimiter, const std::string& where) {
    const auto start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos || rest[start] != '"') {
        return trim(std::string(rest.substr(0, rest.find(delimiter))));
    }
    std::string field;
    for (std::size_t i = start + 1; i < rest.size(); ++i) {
        if (rest[i] != '"') {
            field += rest[i];
        } else if (i + 1 < rest.size() && rest[i + 1] == '"') {
            field += '"';
            ++i;
        } else {
            // Only white space is trimmed: quotes inside a quoted name are its own.
            const auto first = field.find_first_not_of(" \t");
            return first == std::string::npos ? "" : field.substr(first, field.find_last_not_of(" \t") - first + 1);
        }
    }
    throw InputError(fmt::format("{}: a quoted class name has no closing quote", where));
}

bool parseValue(const std::string& text, std::int64_t& value) {
    const std::string t = trim(text);
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    return ec == std::errc() && end == t.data() + t.size() && !t.empty();
}

}  // namespace

void ClassTable::add(std::int64_t value, std::string name, const std::string& where) {
    if (name.empty()) throw InputError(fmt::format("{}: value {} has no class name", where, value));
    if (index_.count(value) != 0) {
        throw InputError(fmt::format("{}: value {} is listed twice (\"{}\" and \"{}\")", where, value,
                                     entries_[static_cast<std::size_t>(index_[value])].name, name));
    }
    index_[value] = static_cast<int>(entries_.size());
    entries_.push_back({value, std::move(name)});
}

int ClassTable::indexOf(std::int64_t value) const {
    const auto it = index_.find(value);
    return it == index_.end() ? -1 : it->second;
}

ClassTable ClassTable::fromEntries(std::vector<Entry> entries, std::string source) {
    ClassTable table;
    table.source_ = std::move(source);
    for (auto& e : entries) table.add(e.value, std::move(e.name), table.source_);
    return table;
}

ClassTable ClassTable::parse(const std::string& spec, const std::string& label) {
    ClassTable table;
    const auto first = spec.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && spec[first] == '{') {
        // Inline JSON object (from a project file).
        table.source_ = label;
        const nlohmann::json doc = nlohmann::json::parse(spec, nullptr, false);
        if (!doc.is_object()) throw InputError(fmt::format("{}: the class table is not a JSON object", label));
        for (const auto& [key, name] : doc.items()) {
            std::int64_t value = 0;
            if (!parseValue(key, value) || !name.is_string()) {
                throw InputError(
                    fmt::format("{}: \"{}\": expected an integer pixel value mapped to a class name", label, key));
            }
            table.add(value, name.get<std::string>(), label);
        }
    } else if (spec.find('=') != std::string::npos) {
        table.source_ = "inline class table";
        std::stringstream items(spec);
        std::string item;
        while (std::getline(items, item, ',')) {
            if (trim(item).empty()) continue;
            const auto eq = item.find('=');
            std::int64_t value = 0;
            if (eq == std::string::npos || !parseValue(item.substr(0, eq), value)) {
                throw InputError(fmt::format("{}: \"{}\" is not VALUE=CLASS", label, trim(item)));
            }
            table.add(value, trim(item.substr(eq + 1)), label);
        }
    } else {
        const std::filesystem::path file(spec);
        table.source_ = file.string();
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
            throw InputError(fmt::format("{}: the class table file does not exist ({})", file.string(), label));
        }
        std::string ext = file.extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext == ".json") {
            const nlohmann::json doc = detail::parseJsonFile(file.string());
            return parse(doc.dump(), file.string());
        }
        io::registerInputFile(file);
        std::istringstream in(io::readTextAsUtf8(file));
        std::string line;
        int lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            if (trim(line).empty() || trim(line)[0] == '#') continue;
            const auto sep = line.find_first_of(",;\t");
            std::int64_t value = 0;
            const bool ok = sep != std::string::npos && parseValue(line.substr(0, sep), value);
            if (!ok) {
                if (lineNo == 1) continue;  // a header row
                if (sep == std::string::npos) {
                    throw InputError(fmt::format("{}:{}: expected \"value,class\", found \"{}\"", file.string(), lineNo,
                                                 trim(line)));
                }
                throw InputError(
                    fmt::format("{}:{}: \"{}\" is not a pixel value (a whole number); each line is "
                                "\"value,class\"",
                                file.string(), lineNo, trim(line.substr(0, sep))));
            }
            // The class is the next field, in the line's own delimiter; further columns (colours
            // etc.) are ignored.
            const std::string where = fmt::format("{}:{}", file.string(), lineNo);
            table.add(value, firstCsvField(std::string_view(line).substr(sep + 1), line[sep], where), where);
        }
    }
    if (table.entries_.empty()) throw InputError(fmt::format("{}: the class table is empty", table.source_));
    return table;
}

}  // namespace redline::analysis
