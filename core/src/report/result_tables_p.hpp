// SPDX-License-Identifier: MIT
// The rows of the conflicts, subjects and pairs tables, independent of the file format, so the
// GeoPackage and Shapefile writers lay out the same columns with the same values.
#pragma once

#include <string>
#include <vector>

#include "redline/analysis/check_context.hpp"
#include "redline/analysis/result.hpp"
#include "redline/io/field_value.hpp"

namespace redline::report::detail {

struct Column {
    std::string name;
    io::FieldKind kind = io::FieldKind::String;
    // Real columns: the largest magnitude a value can have, for files of fixed-width numbers
    // (DBF) to choose their decimals; 0 where it is not known.
    double bound = 0;
};

struct Row {
    std::vector<io::FieldValue> values;  // one per column
    const GEOSGeometry* geometry = nullptr;
};

class ResultTables {
  public:
    explicit ResultTables(const analysis::CheckContext& context);

    [[nodiscard]] const std::vector<Column>& conflictColumns() const { return conflictColumns_; }
    [[nodiscard]] const std::vector<Column>& subjectColumns() const { return subjectColumns_; }
    [[nodiscard]] const std::vector<Column>& pairColumns() const { return pairColumns_; }

    [[nodiscard]] Row subjectRow(const analysis::SubjectResult& r) const;
    [[nodiscard]] std::vector<Row> conflictRows(const analysis::SubjectResult& r) const;
    [[nodiscard]] std::vector<Row> pairRows(const analysis::SubjectResult& r) const;

  private:
    const analysis::CheckContext& ctx_;
    std::vector<Column> conflictColumns_, subjectColumns_, pairColumns_;
};

}  // namespace redline::report::detail
