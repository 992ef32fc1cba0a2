// SPDX-License-Identifier: MIT
// Attribute values carried from an input layer to the outputs.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace redline::io {

enum class FieldKind { Integer, Real, String };

struct FieldDef {
    std::string name;
    FieldKind kind = FieldKind::String;
};

// null, integer, real or text (dates and other types as ISO text)
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

[[nodiscard]] std::string toText(const FieldValue& v);

}  // namespace redline::io
