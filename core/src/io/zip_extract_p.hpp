// SPDX-License-Identifier: MIT
// Shapefiles arrive zipped (sites.zip, sites.shp.zip, /vsizip/…). GDAL reads some of these
// directly, but then the checks on a shapefile's parts (a .dbf of another version, records marked
// deleted, the encoding from the .cpg or the bytes) would look for files beside the .zip and never
// run. The member is extracted with its parts into a private temporary directory instead and
// read like any shapefile there; the directory goes when the copy is destroyed.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "run_directories_p.hpp"

namespace redline::io::detail {

class ExtractedZip {
  public:
    // The vector member of `path` when it is a zip (by extension, or a /vsizip/ path), else
    // null. `layer` names a vector file in a zip of several (its file stem), or a layer of the
    // only one. Throws InputError naming the zip when it holds no vector data, several without
    // `layer`, or is password-protected.
    static std::unique_ptr<ExtractedZip> ifZip(const std::string& path, const std::string& layer);
    ~ExtractedZip();
    ExtractedZip(const ExtractedZip&) = delete;
    ExtractedZip& operator=(const ExtractedZip&) = delete;

    // The extracted member to open; `displayName` is how messages name it ("sites.zip/sites.shp").
    [[nodiscard]] const std::filesystem::path& member() const { return member_; }
    [[nodiscard]] const std::string& displayName() const { return display_; }
    // `message` with the temporary directory replaced by the zip's name.
    [[nodiscard]] std::string inUserTerms(std::string message) const;
    // True when the layer given with the zip named this member (its file stem) rather than a
    // layer inside it.
    [[nodiscard]] bool layerNamesMember() const { return layerNamesMember_; }
    // The zip file itself (for the input-file registry).
    [[nodiscard]] const std::filesystem::path& zip() const { return zip_; }

  private:
    ExtractedZip() = default;
    std::filesystem::path zip_, directory_, member_;
    RunDirectoryClaim claim_;
    std::string display_;
    bool layerNamesMember_ = false;
};

}  // namespace redline::io::detail
