// SPDX-License-Identifier: MIT
// GDAL reads CSV and GeoJSON as UTF-8 and has no option to say otherwise, but a CSV saved by
// Excel on a Chinese Windows is GBK, and so is GeoJSON from some older tools: every Chinese name
// would come out garbled and a Chinese field name would not be found. Such a file is read
// through a UTF-8 copy in GDAL's memory file system (with a CSV's .csvt and .prj sidecars),
// removed when the copy is destroyed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "redline/io/encoding.hpp"

namespace redline::io::detail {

class Utf8TextCopy {
  public:
    // A copy when `file` is not UTF-8 (GBK/GB18030 detected, or `encodingOverride` given), else
    // null. Sets `info` to the encoding read and how it was decided. Throws InputError for text
    // that is neither UTF-8 nor GBK without an override.
    static std::unique_ptr<Utf8TextCopy> ifNeeded(const std::string& file, const std::string& encodingOverride,
                                                  EncodingInfo& info);
    ~Utf8TextCopy();
    Utf8TextCopy(const Utf8TextCopy&) = delete;
    Utf8TextCopy& operator=(const Utf8TextCopy&) = delete;

    // The copy's path, to open instead of the file (the layer keeps the file's name).
    [[nodiscard]] const std::string& path() const { return files_.front(); }

  private:
    Utf8TextCopy() = default;
    std::vector<std::string> files_;  // the file first, then its sidecars
};

}  // namespace redline::io::detail
