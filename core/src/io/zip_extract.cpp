// SPDX-License-Identifier: MIT
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <mutex>
#include <set>
#include <vector>

#include "redline/util/error.hpp"
#include "zip_extract_p.hpp"

namespace redline::io::detail {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Files GDAL opens as vector datasets on their own (a shapefile counts by its .shp).
bool isVectorMember(const std::string& name) {
    for (const char* ext : {".shp", ".gpkg", ".geojson", ".json", ".kml", ".fgb", ".gml", ".tab", ".mif", ".csv"}) {
        if (endsWith(lower(name), ext)) return true;
    }
    return false;
}

std::vector<std::string> members(const std::string& vsiZip) {
    std::vector<std::string> out;
    char** list = VSIReadDirRecursive(vsiZip.c_str());
    for (char** p = list; p != nullptr && *p != nullptr; ++p) out.emplace_back(*p);
    CSLDestroy(list);
    return out;
}

void copyOut(const std::string& from, const fs::path& to, const std::string& zipName) {
    VSILFILE* in = VSIFOpenL(from.c_str(), "rb");
    if (in == nullptr) throw InputError(fmt::format("{}: cannot read {} inside it", zipName, from));
    std::ofstream out(to, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const std::size_t n = VSIFReadL(buffer.data(), 1, buffer.size(), in);
        if (n == 0) break;
        out.write(buffer.data(), static_cast<std::streamsize>(n));
    }
    VSIFCloseL(in);
    if (!out) throw InputError(fmt::format("{}: cannot extract {} (disk full?)", zipName, to.filename().string()));
}

// Directories of live extractions, for removeExtractedZips() on a quick exit.
std::mutex& liveMutex() {
    static std::mutex m;
    return m;
}
std::set<fs::path>& live() {
    static std::set<fs::path> directories;
    return directories;
}

}  // namespace

std::unique_ptr<ExtractedZip> ExtractedZip::ifZip(const std::string& path, const std::string& layer) {
    std::string zipPath, inner;
    if (path.rfind("/vsizip/", 0) == 0) {
        const std::string rest = path.substr(8);
        const auto at = lower(rest).find(".zip/");
        zipPath = at == std::string::npos ? rest : rest.substr(0, at + 4);
        if (at != std::string::npos) inner = rest.substr(at + 5);
    } else if (endsWith(lower(path), ".zip") || endsWith(lower(path), ".shz")) {
        zipPath = path;
    } else {
        return nullptr;
    }
    std::error_code ec;
    if (!fs::is_regular_file(zipPath, ec)) throw InputError(fmt::format("{}: file not found", zipPath));
    const fs::path zip = fs::absolute(zipPath);
    const std::string zipName = zip.filename().string();
    const std::string vsi = "/vsizip/{" + zip.string() + "}";
    const std::vector<std::string> all = members(vsi);
    if (all.empty()) throw InputError(fmt::format("{}: is not a zip archive GDAL can read, or is empty", zipName));

    // The member to read: the one named, else the only vector file (a shapefile by its .shp).
    std::vector<std::string> candidates;
    for (const auto& m : all) {
        if (!inner.empty() ? lower(m) == lower(inner)
                           : isVectorMember(m) && (layer.empty() || lower(fs::path(m).stem().string()) == lower(layer)))
            candidates.push_back(m);
    }
    // A shapefile's own .dbf or a CSV sidecar is not a dataset beside the .shp.
    if (std::any_of(candidates.begin(), candidates.end(),
                    [](const std::string& m) { return endsWith(lower(m), ".shp"); }))
        candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                        [](const std::string& m) { return !endsWith(lower(m), ".shp"); }),
                         candidates.end());
    if (candidates.empty()) {
        throw InputError(fmt::format("{}: holds no {} GDAL can read", zipName,
                                     !inner.empty()   ? "member " + inner
                                     : !layer.empty() ? "vector file named " + layer
                                                      : "vector file (a shapefile, GeoPackage, GeoJSON …)"));
    }
    if (candidates.size() > 1) {
        std::string names;
        for (const auto& c : candidates) names += (names.empty() ? "" : ", ") + c;
        throw InputError(
            fmt::format("{}: holds several vector files ({}); choose one by its name, as "
                        "\"{}|NAME\" (NAME without extension)",
                        zipName, names, zipPath));
    }
    const std::string chosen = candidates.front();

    static std::atomic<unsigned> next{0};
    std::unique_ptr<ExtractedZip> out(new ExtractedZip);
    out->zip_ = zip;
    out->directory_ = fs::temp_directory_path() / fmt::format("redline-zip-{}-{}", ::getpid(), next++);
    fs::create_directories(out->directory_, ec);
    if (ec) throw InputError(fmt::format("{}: cannot extract it: {}", zipName, ec.message()));
    {
        const std::lock_guard<std::mutex> lock(liveMutex());
        live().insert(out->directory_);
    }
    // The member and its sidecars: every file of the same stem in its folder (.shx, .dbf, .prj, .cpg).
    const fs::path chosenPath(chosen);
    const std::string stem = lower(chosenPath.stem().string());
    for (const auto& m : all) {
        const fs::path p(m);
        if (p.parent_path() != chosenPath.parent_path() || lower(p.stem().string()) != stem) continue;
        copyOut(vsi + "/" + m, out->directory_ / p.filename(), zipName);
    }
    out->member_ = out->directory_ / chosenPath.filename();
    out->display_ = zipName + "/" + chosen;
    return out;
}

ExtractedZip::~ExtractedZip() {
    std::error_code ec;
    fs::remove_all(directory_, ec);
    const std::lock_guard<std::mutex> lock(liveMutex());
    live().erase(directory_);
}

std::string ExtractedZip::inUserTerms(std::string message) const {
    const std::string from = member_.string(), to = display_;
    for (std::size_t at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
        message.replace(at, from.size(), to);
    const std::string dir = directory_.string() + "/";
    for (std::size_t at = message.find(dir); at != std::string::npos; at = message.find(dir, at))
        message.replace(at, dir.size(), zip_.filename().string() + "/");
    return message;
}

}  // namespace redline::io::detail

namespace redline::io {

void removeExtractedZips() {
    const std::lock_guard<std::mutex> lock(detail::liveMutex());
    std::error_code ec;
    for (const auto& d : detail::live()) std::filesystem::remove_all(d, ec);
    detail::live().clear();
}

}  // namespace redline::io
