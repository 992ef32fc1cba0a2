// SPDX-License-Identifier: MIT
#include <cpl_vsi.h>
#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "redline/util/error.hpp"
#include "utf8_text_copy_p.hpp"

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

std::unique_ptr<Utf8TextCopy> Utf8TextCopy::ifNeeded(const std::string& file, const std::string& encodingOverride,
                                                     EncodingInfo& info) {
    const std::string bytes = readBytes(file);
    std::string utf8;
    if (!encodingOverride.empty()) {
        if (info.encoding == "UTF-8") return nullptr;
        utf8 = recodeToUtf8(bytes, info.encoding);  // resolveEncoding normalised and checked it
    } else if (isValidUtf8(bytes)) {
        return nullptr;
    } else {
        utf8 = textAsUtf8(bytes, file);  // GBK/GB18030, or refused naming the file
        info = {gb18030Class(bytes) == 4 ? "GB18030" : "CP936",
                "detected from the text bytes; read through a UTF-8 copy",
                false,
                {}};
    }

    static std::atomic<unsigned> next{0};
    const fs::path original(file);
    const std::string folder = fmt::format("/vsimem/redline-utf8-{}/", next++);
    std::unique_ptr<Utf8TextCopy> copy(new Utf8TextCopy);
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

Utf8TextCopy::~Utf8TextCopy() {
    for (const auto& file : files_) VSIUnlink(file.c_str());
}

}  // namespace redline::io::detail
