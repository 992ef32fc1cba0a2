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
    // As the source declares them (a DBF's N(19,11)); 0 where the format declares none.
    int width = 0;
    int precision = 0;
};

// null, integer, real or text (dates and other types as ISO text)
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

[[nodiscard]] std::string toText(const FieldValue& v);

}  // namespace redline::io
