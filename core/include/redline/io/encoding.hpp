// SPDX-License-Identifier: MIT
// Attribute encoding of a Shapefile's DBF: the user's override, else the .cpg file, else the
// DBF language driver byte when it names a CJK or UTF-8 code page, else detected from the bytes
// (valid UTF-8 → UTF-8; valid GBK/GB18030 → CP936/GB18030). A .cpg or language driver the bytes
// cannot be in (UTF-8 said, GBK written) gives way to the bytes, with a warning. Chinese shapefiles often come
// without a .cpg, and GDAL would then read GBK as ISO-8859-1 and show mojibake.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace redline::io {

struct EncodingInfo {
    std::string encoding;     // name for GDAL/iconv ("UTF-8", "CP936", "GB18030"); empty = not applicable
    std::string how;          // "user override", ".cpg", "DBF language driver 0x4D", "detected", …
    bool openOption = false;  // pass ENCODING=<encoding> when opening (GDAL would not find it itself)
    std::string warning;      // non-empty when the text may be garbled: a guess, or a label the bytes contradict
};

// For a path that is not a shapefile, returns {"UTF-8", "format default"} (GeoPackage,
// GeoJSON, FlatGeobuf and KML are UTF-8 by definition).
[[nodiscard]] EncodingInfo resolveEncoding(const std::filesystem::path& path, const std::string& override);

// A small text file's contents as UTF-8: UTF-8 as it is (a BOM dropped); GBK/GB18030, as Excel on
// a Chinese Windows saves CSV, converted. Throws InputError naming `path` when it is neither.
[[nodiscard]] std::string readTextAsUtf8(const std::filesystem::path& path);
// The same for text already read from `source` (named in the error).
[[nodiscard]] std::string textAsUtf8(std::string text, const std::string& source);
// `text` in encoding `from` (an iconv name) as UTF-8, through GDAL's CPLRecode.
[[nodiscard]] std::string recodeToUtf8(const std::string& text, const std::string& from);

// Byte-level classification used by the detector (exposed for tests).
[[nodiscard]] bool isValidUtf8(std::string_view bytes);
// `bytes` with every invalid UTF-8 sequence replaced by U+FFFD, for messages and JSON.
[[nodiscard]] std::string replaceInvalidUtf8(std::string_view bytes);
// The length in bytes of the well-formed UTF-8 character at `at` of `text`, 0 for a stray byte.
[[nodiscard]] std::size_t utf8CharacterLength(std::string_view text, std::size_t at);
// 0 = not GB18030; 2 = valid using only GBK two-byte sequences; 4 = valid, uses 4-byte sequences.
[[nodiscard]] int gb18030Class(std::string_view bytes);

}  // namespace redline::io
