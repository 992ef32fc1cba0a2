// SPDX-License-Identifier: MIT
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "redline/util/error.hpp"
#include "utf8_csv_copy_p.hpp"

namespace redline::io::detail {
namespace {

namespace fs = std::filesystem;

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Places `bytes` at `path` in GDAL's memory file system.
void writeMemoryFile(const std::string& path, const std::string& bytes) {
    auto* buffer = static_cast<GByte*>(VSIMalloc(bytes.size() + 1));
    if (buffer == nullptr) throw InputError(fmt::format("{}: out of memory copying the file", path));
    std::copy(bytes.begin(), bytes.end(), buffer);
    VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), buffer, bytes.size(), TRUE);  // takes the buffer
    if (file == nullptr) throw InputError(fmt::format("{}: cannot create the memory copy", path));
    VSIFCloseL(file);
}

}  // namespace

std::unique_ptr<Utf8CsvCopy> Utf8CsvCopy::ifNeeded(const std::string& csv, const std::string& encodingOverride,
                                                   EncodingInfo& info) {
    const std::string bytes = readBytes(csv);
    std::string from;
    if (!encodingOverride.empty()) {
        from = info.encoding;  // resolveEncoding normalised and checked it
        if (from == "UTF-8") return nullptr;
    } else if (isValidUtf8(bytes)) {
        return nullptr;
    } else if (const int gb = gb18030Class(bytes); gb != 0) {
        from = "GB18030";  // decodes GBK too
        info = {gb == 4 ? "GB18030" : "CP936", "detected from the text bytes; read through a UTF-8 copy", false};
    } else {
        throw InputError(
            fmt::format("{}: the text is neither UTF-8 nor GBK/GB18030; state its encoding after the "
                        "path (\"|encoding=…\")",
                        csv));
    }
    char* converted = CPLRecode(bytes.c_str(), from.c_str(), CPL_ENC_UTF8);
    const std::string utf8(converted);
    CPLFree(converted);

    static std::atomic<unsigned> next{0};
    const fs::path original(csv);
    const std::string folder = fmt::format("/vsimem/redline-utf8-csv-{}/", next++);
    std::unique_ptr<Utf8CsvCopy> copy(new Utf8CsvCopy);
    copy->files_.push_back(folder + original.filename().string());
    writeMemoryFile(copy->files_.back(), utf8);
    for (const char* sidecar : {".csvt", ".prj"}) {
        const fs::path path = fs::path(original).replace_extension(sidecar);
        std::error_code ec;
        if (!fs::exists(path, ec)) continue;
        copy->files_.push_back(folder + path.filename().string());
        writeMemoryFile(copy->files_.back(), readBytes(path));
    }
    return copy;
}

Utf8CsvCopy::~Utf8CsvCopy() {
    for (const auto& file : files_) VSIUnlink(file.c_str());
}

}  // namespace redline::io::detail
