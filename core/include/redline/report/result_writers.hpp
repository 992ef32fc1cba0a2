// SPDX-License-Identifier: MIT
// The outputs of `redline check`, each a ResultSink writing one file as results stream in:
//   result.gpkg  (GpkgResultWriter): conflicts, subjects, pairs, errors, layer_styles
//   subjects.csv (CsvResultWriter): UTF-8 with BOM, one row per subject
//   result.json  (JsonResultWriter): the full result (docs/result-format.md)
// CheckOutputs bundles them over a StagedDirectory, so files appear only when all are complete.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "redline/analysis/conflict_check.hpp"
#include "redline/io/staged_directory.hpp"

namespace redline::report {

std::unique_ptr<analysis::ResultSink> makeGpkgWriter(const std::filesystem::path& file);
std::unique_ptr<analysis::ResultSink> makeCsvWriter(const std::filesystem::path& file);
std::unique_ptr<analysis::ResultSink> makeJsonWriter(const std::filesystem::path& file);
// conflicts.shp, subjects.shp and shapefile_fields.csv in `directory`, attributes in `encoding`.
std::unique_ptr<analysis::ResultSink> makeShapefileWriter(const std::filesystem::path& directory,
                                                          const std::string& encoding = "CP936");

struct OutputOptions {
    bool shapefiles = false;  // also write conflicts.shp and subjects.shp
    std::string shapefileEncoding = "CP936";
};

// Writes all outputs into `directory`, staged: finish() moves them into place together.
class CheckOutputs final : public analysis::ResultSink {
  public:
    explicit CheckOutputs(const std::filesystem::path& directory, const OutputOptions& options = {});
    void begin(const analysis::CheckContext& context) override;
    void write(std::vector<analysis::SubjectResult>& batch) override;
    void finish() override;
    [[nodiscard]] std::vector<std::string> warnings() const override { return warnings_; }
    [[nodiscard]] const std::filesystem::path& directory() const { return staged_.finalDirectory(); }

  private:
    io::StagedDirectory staged_;
    std::vector<std::unique_ptr<analysis::ResultSink>> sinks_;
    std::vector<std::string> warnings_;
};

}  // namespace redline::report
