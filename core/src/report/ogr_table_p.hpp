// SPDX-License-Identifier: MIT
// One output layer written through OGR from ResultTables rows.
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "result_tables_p.hpp"

namespace redline::report::detail {

class OgrTable {
  public:
    // Sets what the format needs beyond name and type (a DBF number's width and decimals).
    using FieldShaper = std::function<void(OGRFieldDefn& field, const Column& column)>;

    // `fieldNames` are the names in the file (same order as `columns`); `label` names the file in
    // messages.
    OgrTable(GDALDataset& ds, const std::string& layerName, OGRwkbGeometryType type, const OGRSpatialReference* srs,
             const std::vector<Column>& columns, const std::vector<std::string>& fieldNames,
             const std::vector<std::string>& layerOptions, std::string label, const FieldShaper& shaper = {});

    // `textFilter` may rewrite text values before they are written (e.g. to fit a DBF);
    // `realCheck` may refuse a number (by throwing) that the file cannot hold.
    using TextFilter = std::function<std::string(const std::string& value, std::size_t column, const Row& row)>;
    using RealCheck = std::function<void(double value, std::size_t column, const Row& row)>;
    void setTextFilter(TextFilter filter) { textFilter_ = std::move(filter); }
    void setRealCheck(RealCheck check) { realCheck_ = std::move(check); }
    void write(const Row& row);
    // The feature for `row`, detached: may be built on any thread while another writes.
    [[nodiscard]] std::unique_ptr<OGRFeature> feature(const Row& row) const;
    void write(OGRFeature& feature);
    [[nodiscard]] OGRLayer* layer() const { return layer_; }

  private:
    OGRLayer* layer_ = nullptr;
    std::string label_;
    TextFilter textFilter_;
    RealCheck realCheck_;
};

// A new dataset of `driverName` (XLSX, ODS, …) at `file`; throws OutputError naming it.
[[nodiscard]] GDALDatasetUniquePtr createDataset(const char* driverName, const std::filesystem::path& file);
// Closes (and so writes: XLSX is zipped on close) the dataset; a failure is an OutputError.
void closeDataset(GDALDatasetUniquePtr ds, const std::filesystem::path& file);

}  // namespace redline::report::detail
