// SPDX-License-Identifier: MIT
#include "redline/io/input_files.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <string>

#include "redline/io/connection_string.hpp"

namespace redline::io {
namespace fs = std::filesystem;

namespace {

std::mutex& registryMutex() {
    static std::mutex m;
    return m;
}

std::set<fs::path>& registry() {
    static std::set<fs::path> files;
    return files;
}

fs::path key(const fs::path& file) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(file, ec);
    if (ec) p = fs::absolute(file, ec).lexically_normal();
    // Shapefile parts are found case-insensitively, so SITES.DBF is sites.dbf's part.
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return p.replace_extension(ext);
}

}  // namespace

void registerInputFile(const fs::path& file) {
    if (file.empty() || file.string().rfind("/vsi", 0) == 0 || isConnectionString(file.string())) return;
    const std::lock_guard<std::mutex> lock(registryMutex());
    const fs::path k = key(file);
    registry().insert(k);
    if (k.extension() == ".shp") {
        for (const char* part : {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd"}) {
            registry().insert(fs::path(k).replace_extension(part));
        }
    }
}

bool isInputFile(const fs::path& file) {
    const std::lock_guard<std::mutex> lock(registryMutex());
    return registry().count(key(file)) != 0;
}

}  // namespace redline::io
