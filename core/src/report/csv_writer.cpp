// SPDX-License-Identifier: MIT
// subjects.csv: one row per subject, UTF-8 with BOM so Excel shows Chinese names right.
#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <fstream>
#include <iterator>
#include <string_view>

#include "fixed_decimal_p.hpp"
#include "format_p.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::report {
namespace {

using analysis::CheckContext;
using analysis::SubjectResult;

class CsvResultWriter final : public analysis::ResultSink {
  public:
    explicit CsvResultWriter(std::filesystem::path file) : file_(std::move(file)) {}

    void begin(const CheckContext& ctx) override {
        ctx_ = &ctx;
        out_.open(file_, std::ios::binary);
        if (!out_) throw OutputError(fmt::format("{}: cannot create", file_.string()));
        out_ << "\xEF\xBB\xBF";
        std::vector<std::string> header{"id",      "name",    "status",  "severity",
                                        "area_m2", "area_ha", "area_mu", "conflict_m2"};
        const detail::SubjectColumnNames names = detail::subjectColumnNames(ctx);
        for (const auto& base : names.categoryBases) {
            for (const char* suffix : {"_m2", "_ha", "_mu", "_pct", "_dist_m"}) header.push_back(base + suffix);
        }
        for (const auto& z : names.zones) header.push_back(z);
        for (const char* h : {"repaired", "notes", "error"}) header.emplace_back(h);
        out_ << row(header);
    }

    void write(std::vector<SubjectResult>& batch) override {
        std::vector<std::string> lines(batch.size());
        tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
            timing::PhaseScope timed(timing::Phase::Write);  // on whichever thread formats it
            lines[i] = line(batch[i]);
        });
        for (const std::string& l : lines) out_ << l;
    }

    void finish() override {
        out_.close();
        if (!out_) throw OutputError(fmt::format("{}: writing failed", file_.string()));
    }

  private:
    // Cells are formatted straight into one buffer: a string per cell cost more than the numbers.
    std::string line(const SubjectResult& r) const {
        const CheckContext& ctx = *ctx_;
        const bool ok = r.status != analysis::SubjectStatus::Error;
        fmt::memory_buffer out;
        // Numbers never need quoting; a failed subject leaves them empty.
        const auto number = [&](double v, int decimals) {
            out.push_back(',');
            if (ok) detail::appendFixed(out, v, decimals);
        };
        detail::appendCsvText(out, r.id);
        out.push_back(',');
        detail::appendCsvText(out, r.name);
        out.push_back(',');
        detail::appendCsvCell(out, analysis::statusName(r.status));
        out.push_back(',');
        if (r.severity) detail::appendCsvCell(out, analysis::severityName(*r.severity));
        // As fine as the areas are exact (1e-6, and 1e-3 m² for small ones) in every unit: ha to 6
        // decimals (0.01 m²) and 亩 to 4 (0.07 m²) put a 1,000 m² site 5e-6 and 7e-5 off.
        number(r.areaM2, 3);
        number(hectares(r.areaM2), 8);
        number(mu(r.areaM2), 7);
        number(r.conflictAreaM2, 3);
        for (std::size_t c = 0; c < ctx.categories.size(); ++c) {
            double area = 0;
            for (const auto& o : r.overlaps) {
                if (o.category == c) area = o.areaM2;
            }
            number(area, 3);
            number(hectares(area), 8);
            number(mu(area), 7);
            number(percentOf(area, r.areaM2), 4);
            const analysis::CategoryDistance* nearest = nullptr;
            for (const auto& n : r.nearest) {
                if (n.category == c) nearest = &n;
            }
            out.push_back(',');
            if (nearest != nullptr) detail::appendFixed(out, nearest->distanceM, 3);
        }
        for (std::size_t z = 0; z < ctx.zoneLayers.size(); ++z) {
            out.push_back(',');
            if (z < r.zones.size() && r.zones[z].value) detail::appendCsvText(out, *r.zones[z].value);
        }
        out.push_back(',');
        detail::appendCsvCell(out, r.repaired ? "yes" : "no");
        out.push_back(',');
        detail::appendCsvText(out, detail::joinNotes(r.notes));
        out.push_back(',');
        detail::appendCsvText(out, r.error);
        out.append(std::string_view("\r\n"));
        return fmt::to_string(out);
    }

    static std::string row(const std::vector<std::string>& cells) {
        fmt::memory_buffer out;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out.push_back(',');
            detail::appendCsvCell(out, cells[i]);
        }
        out.append(std::string_view("\r\n"));
        return fmt::to_string(out);
    }

    std::filesystem::path file_;
    const CheckContext* ctx_ = nullptr;
    std::ofstream out_;
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeCsvWriter(const std::filesystem::path& file) {
    return std::make_unique<CsvResultWriter>(file);
}

}  // namespace redline::report
