// SPDX-License-Identifier: MIT
// Text for DBF files (Shapefile attributes), whose limits break Chinese text in other tools:
// field names of at most 10 bytes and values of at most 254 bytes, in the file's encoding.
// Names and values are cut on character boundaries, never inside a multi-byte character.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace redline::report {

// Bytes of `utf8` in `encoding` (iconv name, e.g. "CP936"), or nullopt when some character
// has no representation there.
[[nodiscard]] std::optional<std::string> encodeAs(const std::string& utf8, const std::string& encoding);

// `utf8` with each character that `encoding` cannot hold replaced by `replacement` (which it
// can), and how many were replaced. CP936 lacks CJK Extension A/B characters of place names.
struct RepresentableText {
    std::string text;
    std::size_t replaced = 0;
    bool cut = false;  // fitDbfValue: too long for the field, cut and ended with "…"
};
[[nodiscard]] RepresentableText representableIn(const std::string& utf8, const std::string& encoding,
                                                const std::string& replacement);

// Shapefile field names for `names`, each at most 10 bytes in `encoding`, unique (case-
// insensitively, as DBF readers compare them), cut on character boundaries. A character the
// encoding cannot hold becomes "_" (the full name is in shapefile_fields.csv).
[[nodiscard]] std::vector<std::string> dbfFieldNames(const std::vector<std::string>& names,
                                                     const std::string& encoding);

// `utf8` cut so that it takes at most `maxBytes` in `encoding` (values longer than a DBF text
// field allows end with "…"), characters the encoding cannot hold written as "?".
[[nodiscard]] RepresentableText fitDbfValue(const std::string& utf8, const std::string& encoding,
                                            std::size_t maxBytes = 254);

}  // namespace redline::report
