// SPDX-License-Identifier: MIT
// Typed, path-aware access to a JSON object for the project and rules files: every error
// names the file and the JSON path ($.subjects.id_field), and unknown keys are rejected.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace redline::analysis::detail {

class JsonObject {
  public:
    JsonObject(const nlohmann::json& value, std::string path, std::string file);

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] std::string pathOf(const std::string& key) const { return path_ + "." + key; }
    [[nodiscard]] bool has(const std::string& key) const;
    [[nodiscard]] const nlohmann::json& raw(const std::string& key) const;

    [[nodiscard]] std::string requiredString(const std::string& key) const;
    [[nodiscard]] std::optional<std::string> optionalString(const std::string& key) const;
    [[nodiscard]] std::optional<double> optionalNumber(const std::string& key) const;
    [[nodiscard]] std::optional<int> optionalInt(const std::string& key) const;
    [[nodiscard]] JsonObject object(const std::string& key) const;
    // A key whose value is an object or an array of objects.
    [[nodiscard]] std::vector<JsonObject> objects(const std::string& key) const;

    void rejectUnknownKeys(const std::vector<std::string>& known) const;
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;

  private:
    const nlohmann::json& value_;
    std::string path_;
    std::string file_;
};

}  // namespace redline::analysis::detail

namespace redline::analysis {
struct Rules;
namespace detail {
// Rules from a parsed JSON object at `path` of `file`; `source` is recorded in the result.
[[nodiscard]] Rules parseRules(const nlohmann::json& doc, const std::string& path, const std::string& file,
                               const std::string& source);
}  // namespace detail
}  // namespace redline::analysis

namespace redline::analysis::detail {

// Parses JSON text, turning a syntax error into "FILE:LINE:COLUMN: message".
[[nodiscard]] nlohmann::json parseJsonFile(const std::string& file);

}  // namespace redline::analysis::detail
