// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "json_object_p.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/input_files.hpp"
#include "redline/util/error.hpp"

namespace redline::analysis::detail {

namespace {
const char* typeName(const nlohmann::json& j) { return j.type_name(); }
}  // namespace

JsonObject::JsonObject(const nlohmann::json& value, std::string path, std::string file)
    : value_(value), path_(std::move(path)), file_(std::move(file)) {
    if (!value_.is_object()) {
        throw ProjectFileError(fmt::format("{}: {}: expected an object, got {}", file_, path_, typeName(value_)));
    }
}

bool JsonObject::has(const std::string& key) const { return value_.contains(key) && !value_.at(key).is_null(); }

const nlohmann::json& JsonObject::raw(const std::string& key) const { return value_.at(key); }

void JsonObject::fail(const std::string& key, const std::string& message) const {
    throw ProjectFileError(fmt::format("{}: {}: {}", file_, key.empty() ? path_ : pathOf(key), message));
}

std::string JsonObject::requiredString(const std::string& key) const {
    if (!has(key)) fail(key, "is required");
    auto s = optionalString(key);
    if (s->empty()) fail(key, "must not be empty");
    return *s;
}

std::optional<std::string> JsonObject::optionalString(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    const auto& v = value_.at(key);
    if (!v.is_string()) fail(key, fmt::format("expected a string, got {}", typeName(v)));
    return v.get<std::string>();
}

std::optional<double> JsonObject::optionalNumber(const std::string& key) const {
    if (!has(key)) return std::nullopt;
    const auto& v = value_.at(key);
    if (!v.is_number()) fail(key, fmt::format("expected a number, got {}", typeName(v)));
    return v.get<double>();
}

std::optional<int> JsonObject::optionalInt(const std::string& key) const {
    auto n = optionalNumber(key);
    if (!n) return std::nullopt;
    if (std::floor(*n) != *n || std::fabs(*n) > 1e9) fail(key, "expected an integer");
    return static_cast<int>(*n);
}

JsonObject JsonObject::object(const std::string& key) const {
    if (!has(key)) fail(key, "is required");
    const auto& v = value_.at(key);
    if (!v.is_object()) fail(key, fmt::format("expected an object, got {}", typeName(v)));
    return JsonObject(v, pathOf(key), file_);
}

std::vector<JsonObject> JsonObject::objects(const std::string& key) const {
    std::vector<JsonObject> result;
    if (!has(key)) return result;
    const auto& v = value_.at(key);
    if (v.is_object()) {
        result.emplace_back(v, pathOf(key), file_);
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string p = fmt::format("{}[{}]", pathOf(key), i);
            if (!v[i].is_object()) {
                throw ProjectFileError(fmt::format("{}: {}: expected an object, got {}", file_, p, typeName(v[i])));
            }
            result.emplace_back(v[i], p, file_);
        }
    } else {
        fail(key, fmt::format("expected an object or a list of objects, got {}", typeName(v)));
    }
    return result;
}

void JsonObject::rejectUnknownKeys(const std::vector<std::string>& known) const {
    for (const auto& [key, _] : value_.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            fail(key, fmt::format("unknown key (known keys here: {})", list));
        }
    }
}

nlohmann::json parseJsonFile(const std::string& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        throw ProjectFileError(fmt::format("{}: is a directory, not a JSON file", file));
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ProjectFileError(fmt::format("{}: cannot be read (missing or not accessible)", file));
    io::registerInputFile(file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    // JSON is UTF-8, but Notepad on a Chinese Windows saved GBK ("ANSI") for years.
    const std::string text = io::textAsUtf8(buffer.str(), file);
    try {
        // The parser keeps the last of two equal keys without a word: a second "constraints"
        // would silently drop the first layers from the check.
        // The open objects and arrays, for the JSON path of a repeated key ("$.constraints[1]").
        struct Open {
            bool array = false;
            long index = -1;  // an array's current item
            std::string key;  // an object's current key
            std::set<std::string> keys;
        };
        std::vector<Open> open;
        const auto itemStarts = [&] {
            if (!open.empty() && open.back().array) ++open.back().index;
        };
        const auto refuseRepeats = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            using Event = nlohmann::json::parse_event_t;
            if (event == Event::object_start || event == Event::array_start) {
                itemStarts();
                Open item;
                item.array = event == Event::array_start;
                open.push_back(std::move(item));
            } else if (event == Event::object_end || event == Event::array_end) {
                open.pop_back();
            } else if (event == Event::value) {
                itemStarts();
            } else if (event == Event::key) {
                Open& object = open.back();
                object.key = parsed.get<std::string>();
                if (!object.keys.insert(object.key).second) {
                    std::string path = "$";
                    for (const Open& o : open) path += o.array ? fmt::format("[{}]", o.index) : "." + o.key;
                    throw ProjectFileError(
                        fmt::format("{}: {}: the key \"{}\" appears twice; the second would replace the first, so "
                                    "give it once (a list where several are meant)",
                                    file, path, object.key));
                }
            }
            return true;
        };
        return nlohmann::json::parse(text, refuseRepeats);
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann gives a byte offset; planners need line and column.
        std::size_t line = 1, column = 1;
        const std::size_t end = std::min(e.byte == 0 ? 0 : e.byte - 1, text.size());
        for (std::size_t i = 0; i < end; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string what = e.what();
        const auto pos = what.find("syntax error");
        if (pos != std::string::npos) what = what.substr(pos);
        throw ProjectFileError(fmt::format("{}:{}:{}: invalid JSON: {}", file, line, column, what));
    } catch (const nlohmann::json::out_of_range&) {
        // The parser says no more than "number overflow" here, without a place.
        throw ProjectFileError(
            fmt::format("{}: invalid JSON: a number is beyond the range of a double (such as 1e999)", file));
    }
}

}  // namespace redline::analysis::detail
