// SPDX-License-Identifier: MIT
// subjects.csv: one row per subject, UTF-8 with BOM so Excel shows Chinese names right.
#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <fstream>

#include "format_p.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::report {
namespace {

using analysis::CheckContext;
using analysis::SubjectResult;

std::string quoted(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

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
        for (const auto& c : ctx.categories) {
            for (const char* suffix : {"m2", "ha", "mu", "pct", "dist_m"})
                header.push_back(detail::columnName(c.name, suffix));
        }
        for (const auto& z : ctx.zoneLayers) header.push_back(detail::columnName(z, ""));
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
    std::string line(const SubjectResult& r) const {
        const CheckContext& ctx = *ctx_;
        {
            const bool ok = r.status != analysis::SubjectStatus::Error;
            std::vector<std::string> cells{r.id, r.name, analysis::statusName(r.status),
                                           r.severity ? analysis::severityName(*r.severity) : ""};
            const auto number = [&](double v, int decimals) { return ok ? fmt::format("{:.{}f}", v, decimals) : ""; };
            cells.push_back(number(r.areaM2, 3));
            cells.push_back(number(hectares(r.areaM2), 6));
            cells.push_back(number(mu(r.areaM2), 4));
            cells.push_back(number(r.conflictAreaM2, 3));
            for (std::size_t c = 0; c < ctx.categories.size(); ++c) {
                double area = 0;
                for (const auto& o : r.overlaps) {
                    if (o.category == c) area = o.areaM2;
                }
                std::string distance;
                for (const auto& n : r.nearest) {
                    if (n.category == c) distance = fmt::format("{:.2f}", n.distanceM);
                }
                cells.push_back(number(area, 3));
                cells.push_back(number(hectares(area), 6));
                cells.push_back(number(mu(area), 4));
                cells.push_back(ok ? fmt::format("{:.4f}", 100.0 * area / r.areaM2) : "");
                cells.push_back(distance);
            }
            for (std::size_t z = 0; z < ctx.zoneLayers.size(); ++z) {
                cells.push_back(z < r.zones.size() && r.zones[z].value ? *r.zones[z].value : "");
            }
            cells.push_back(r.repaired ? "yes" : "no");
            cells.push_back(detail::joinNotes(r.notes));
            cells.push_back(r.error);
            return row(cells);
        }
    }

    static std::string row(const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out += ',';
            out += quoted(cells[i]);
        }
        return out + "\r\n";
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
