// SPDX-License-Identifier: MIT
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <set>
#include <string_view>
#include <vector>

#include "boundary_points_csv_p.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/gdal_env.hpp"
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

// The files a member needs beside it, by extension: a shapefile's parts, MapInfo's. Only these
// are extracted: a zip may carry a multi-gigabyte spatial index (.sbn) or anything else of the
// same name that GDAL does not read.
std::vector<std::string> partsOf(const std::string& member) {
    const std::string ext = lower(fs::path(member).extension().string());
    if (ext == ".shp") return {".shp", ".shx", ".dbf", ".prj", ".cpg"};
    if (ext == ".tab") return {".tab", ".dat", ".map", ".id", ".ind"};
    if (ext == ".mif") return {".mif", ".mid"};
    if (ext == ".gml") return {".gml", ".xsd", ".gfs"};
    return {ext};
}

std::uint32_t le(const unsigned char* p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = v << 8u | p[i];
    return v;
}

// What the zip's central directory says of its members, read here because GDAL says neither:
// an encrypted member only fails to decompress, and a name in the local code page (GBK, as
// Chinese Windows zip tools write it) is decoded as CP437 into mojibake.
struct ZipDirectory {
    bool encrypted = false;
    bool localNames = false;  // a name neither flagged UTF-8 nor valid UTF-8
};

ZipDirectory inspect(const fs::path& zip) {
    ZipDirectory out;
    std::ifstream in(zip, std::ios::binary);
    std::error_code ec;
    const std::uint64_t size = fs::file_size(zip, ec);
    if (!in || ec || size < 22) return out;
    // The end-of-central-directory record: 22 bytes and a comment of up to 65535.
    const std::uint64_t tail = std::min<std::uint64_t>(size, 22 + 65535);
    std::vector<unsigned char> end(tail);
    in.seekg(static_cast<std::streamoff>(size - tail));
    if (!in.read(reinterpret_cast<char*>(end.data()), static_cast<std::streamsize>(tail))) return out;
    std::size_t at = tail - 22;
    for (;; --at) {
        if (le(&end[at], 4) == 0x06054b50) break;
        if (at == 0) return out;
    }
    const std::uint32_t directorySize = le(&end[at + 12], 4), directoryOffset = le(&end[at + 16], 4);
    if (directoryOffset == 0xFFFFFFFFu || static_cast<std::uint64_t>(directoryOffset) + directorySize > size)
        return out;  // Zip64 or damaged: GDAL's own reading will tell
    std::vector<unsigned char> directory(directorySize);
    in.seekg(directoryOffset);
    if (!in.read(reinterpret_cast<char*>(directory.data()), directorySize)) return out;
    for (std::size_t p = 0; p + 46 <= directory.size() && le(&directory[p], 4) == 0x02014b50;) {
        const std::uint32_t flags = le(&directory[p + 8], 2), nameLength = le(&directory[p + 28], 2);
        const std::uint32_t extra = le(&directory[p + 30], 2), comment = le(&directory[p + 32], 2);
        if (p + 46 + nameLength > directory.size()) break;
        const std::string_view name(reinterpret_cast<const char*>(&directory[p + 46]), nameLength);
        out.encrypted = out.encrypted || (flags & 1u) != 0;
        out.localNames = out.localNames || ((flags & 0x800u) == 0 && !isValidUtf8(name));
        p += 46 + nameLength + extra + comment;
    }
    return out;
}

// A 界址点 list among a zip's members: a TXT whose first line is [属性描述] (UTF-8 or GBK), or a
// CSV whose header names 点号, X and Y columns. GDAL sees no geometry in either.
bool isBoundaryPointsMember(const std::string& vsiPath) {
    const bool txt = endsWith(lower(vsiPath), ".txt"), csv = endsWith(lower(vsiPath), ".csv");
    if (!txt && !csv) return false;
    VSILFILE* f = VSIFOpenL(vsiPath.c_str(), "rb");
    if (f == nullptr) return false;
    char head[4096] = {};
    const std::size_t n = VSIFReadL(head, 1, sizeof head, f);
    VSIFCloseL(f);
    std::string text(head, n);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (csv) return isBoundaryPointsCsvHeader(text.substr(0, text.find_first_of("\r\n")));
    return text.rfind("[属性描述]", 0) == 0 || text.rfind("[\xCA\xF4\xD0\xD4\xC3\xE8\xCA\xF6]", 0) == 0;
}

// False for a member GDAL opens as a table without geometry (a CSV of attributes, a JSON of
// metadata beside the data): not a second vector file to choose from.
bool hasGeometry(const std::string& vsiPath) {
    if (endsWith(lower(vsiPath), ".shp") || isBoundaryPointsMember(vsiPath)) return true;
    GDALDatasetUniquePtr ds(GDALDataset::Open(vsiPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return false;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        if (ds->GetLayer(i)->GetLayerDefn()->GetGeomFieldCount() > 0) return true;
    return false;
}

std::vector<std::string> members(const std::string& vsiZip) {
    std::vector<std::string> out;
    char** list = VSIReadDirRecursive(vsiZip.c_str());
    for (char** p = list; p != nullptr && *p != nullptr; ++p) out.emplace_back(*p);
    CSLDestroy(list);
    return out;
}

void copyOut(const std::string& vsiZip, const std::string& member, const fs::path& to, const std::string& zipName) {
    GdalErrorCapture capture;  // GDAL's "decompression failed" is said below in the user's terms
    VSILFILE* in = VSIFOpenL((vsiZip + "/" + member).c_str(), "rb");
    if (in == nullptr) throw InputError(fmt::format("{}: cannot read {} inside it", zipName, member));
    std::ofstream out(to, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const std::size_t n = VSIFReadL(buffer.data(), 1, buffer.size(), in);
        if (n == 0) break;
        out.write(buffer.data(), static_cast<std::streamsize>(n));
    }
    const bool failed = !capture.lastError().empty();
    VSIFCloseL(in);
    if (failed) throw InputError(fmt::format("{}: cannot extract {}: the archive is damaged", zipName, member));
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

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

std::unique_ptr<ExtractedZip> ExtractedZip::ifZip(const std::string& path, const std::string& layer) {
    std::string zipPath, inner;
    if (path.rfind("/vsizip/", 0) == 0) {
        std::string rest = path.substr(8);
        if (rest.rfind('{', 0) == 0 && rest.find('}') != std::string::npos) {  // /vsizip/{a.zip}/member
            inner = rest.substr(rest.find('}') + 1);
            rest = rest.substr(1, rest.find('}') - 1);
            if (!inner.empty() && inner.front() == '/') inner.erase(0, 1);
            zipPath = rest;
        } else {
            const auto at = lower(rest).find(".zip/");
            zipPath = at == std::string::npos ? rest : rest.substr(0, at + 4);
            if (at != std::string::npos) inner = rest.substr(at + 5);
        }
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
    const ZipDirectory directory = inspect(zip);
    if (directory.encrypted) {
        throw InputError(
            fmt::format("{}: is password-protected; unzip it with its password and give the "
                        "unzipped file (or zip it again without a password)",
                        zipName));
    }
    // Names in the local code page: decoded as CP936 (GBK), what Chinese Windows zip tools write.
    // GDAL keeps a zip's listing once read, so the option must be set for the first reading.
    CPLConfigOptionSetter encoding("CPL_ZIP_ENCODING", directory.localNames ? "CP936" : nullptr, true);
    GdalErrorCapture quiet;  // GDAL's own words on a damaged zip name no file; the messages below do
    const std::vector<std::string> all = members(vsi);
    if (all.empty()) throw InputError(fmt::format("{}: is not a zip archive GDAL can read, or is empty", zipName));

    // The vector files: a shapefile by its .shp; a member without geometry beside others (a CSV
    // of attributes, a JSON of metadata) is no choice of its own.
    std::vector<std::string> vectors;
    for (const auto& m : all) {
        if (isVectorMember(m) || isBoundaryPointsMember(vsi + "/" + m)) vectors.push_back(m);
    }
    if (vectors.size() > 1) {
        vectors.erase(std::remove_if(vectors.begin(), vectors.end(),
                                     [&](const std::string& m) { return !hasGeometry(vsi + "/" + m); }),
                      vectors.end());
    }
    // The member to read: the one named; else the vector file whose name `layer` gives; else the
    // only vector file, in which `layer` then names a layer (zones.zip|basins for a GeoPackage).
    std::vector<std::string> candidates;
    bool layerNamesMember = false;
    if (!inner.empty()) {
        for (const auto& m : all)
            if (lower(m) == lower(inner)) candidates.push_back(m);
    } else {
        for (const auto& m : vectors)
            if (!layer.empty() && lower(fs::path(m).stem().string()) == lower(layer)) candidates.push_back(m);
        layerNamesMember = !candidates.empty();
        if (candidates.empty() && (layer.empty() || vectors.size() == 1)) candidates = vectors;
    }
    if (candidates.empty()) {
        throw InputError(fmt::format("{}: holds no {} GDAL can read{}", zipName,
                                     !inner.empty()   ? "member " + inner
                                     : !layer.empty() ? "vector file named " + layer
                                                      : "vector file (a shapefile, GeoPackage, GeoJSON …)",
                                     vectors.empty() ? "" : fmt::format(" (it holds {})", joined(vectors))));
    }
    if (candidates.size() > 1) {
        throw InputError(
            fmt::format("{}: holds several vector files ({}); choose one by its name, as "
                        "\"{}|NAME\" (NAME without extension)",
                        zipName, joined(candidates), zipPath));
    }
    const std::string chosen = candidates.front();

    static std::atomic<unsigned> next{0};
    std::unique_ptr<ExtractedZip> out(new ExtractedZip);
    out->zip_ = zip;
    out->layerNamesMember_ = layerNamesMember;
    // A run killed outright left its extraction behind (a whole unzipped layer): removed here.
    removeAbandonedRunDirectories(fs::temp_directory_path(), "redline-zip-");
    out->directory_ = fs::temp_directory_path() / fmt::format("redline-zip-{}-{}", ::getpid(), next++);
    fs::create_directories(out->directory_, ec);
    if (ec) throw InputError(fmt::format("{}: cannot extract it: {}", zipName, ec.message()));
    out->claim_ = RunDirectoryClaim(out->directory_);
    {
        const std::lock_guard<std::mutex> lock(liveMutex());
        live().insert(out->directory_);
    }
    // The member and the parts GDAL reads with it, of the same stem in its folder.
    const fs::path chosenPath(chosen);
    const std::string stem = lower(chosenPath.stem().string());
    const std::vector<std::string> parts = partsOf(chosen);
    for (const auto& m : all) {
        const fs::path p(m);
        if (p.parent_path() != chosenPath.parent_path() || lower(p.stem().string()) != stem) continue;
        if (std::find(parts.begin(), parts.end(), lower(p.extension().string())) == parts.end()) continue;
        copyOut(vsi, m, out->directory_ / p.filename(), zipName);
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
