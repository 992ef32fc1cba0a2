// SPDX-License-Identifier: MIT
// result.json, streamed: the subjects array is written as batches arrive; totals at the end.
#include <fmt/format.h>
#include <geos_c.h>
#include <proj.h>
#include <tbb/parallel_for.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "format_p.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "redline_version.hpp"

namespace redline::report {
namespace {

using analysis::CheckContext;
using analysis::SubjectResult;
using nlohmann::ordered_json;

ordered_json areas(double m2) {
    ordered_json j;
    j["area_m2"] = m2;
    j["area_ha"] = hectares(m2);
    j["area_mu"] = mu(m2);
    return j;
}

std::string indented(const ordered_json& j, int levels) {
    const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string pad(static_cast<std::size_t>(2 * levels), ' ');
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    out += pad;
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
        out.append(text, from, nl + 1 - from);
        out += pad;
        from = nl + 1;
    }
    out.append(text, from, std::string::npos);
    return out;
}

class JsonResultWriter final : public analysis::ResultSink {
  public:
    explicit JsonResultWriter(std::filesystem::path file) : file_(std::move(file)) {}

    void begin(const CheckContext& ctx) override {
        ctx_ = &ctx;
        out_.open(file_, std::ios::binary);
        if (!out_) throw OutputError(fmt::format("{}: cannot create", file_.string()));
        totals_.assign(ctx.categories.size(), {});
        ordered_json head;
        head["redline_version"] = REDLINE_VERSION;
        head["project"] = ctx.projectName;
        head["analysis_crs"] = {{"name", ctx.analysisCrs->name()}, {"code", ctx.analysisCrs->label()}};
        const auto e = ctx.analysisCrs->ellipsoid();
        head["ellipsoid"] = {{"name", e.name}, {"a", e.semiMajor}, {"inv_f", e.inverseFlattening}};
        head["area_method"] = "geodesic polygon area on the ellipsoid (PROJ geod_polygonarea)";
        head["min_area_m2"] = ctx.minAreaM2;
        head["rules"] = {{"name", ctx.rules.name}, {"version", ctx.rules.version}, {"source", ctx.rules.source}};
        ordered_json categories = ordered_json::array();
        for (const auto& c : ctx.categories) {
            categories.push_back({{"category", c.name},
                                  {"label", c.rule.label},
                                  {"severity", analysis::severityName(c.rule.severity)},
                                  {"priority", c.rule.priority ? ordered_json(*c.rule.priority) : ordered_json()},
                                  {"buffer_m", c.rule.bufferM},
                                  {"min_area_m2", c.minAreaM2},
                                  {"features", c.featureCount}});
        }
        head["categories"] = categories;
        head["zone_layers"] = ctx.zoneLayers;
        head["versions"] = {{"gdal", io::gdalVersion()}, {"geos", GEOSversion()}, {"proj", proj_info().version}};
        std::string text = head.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        text.pop_back();  // drop the closing brace: the subjects array follows
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        out_ << text << ",\n  \"subjects\": [";
    }

    void write(std::vector<SubjectResult>& batch) override {
        // Formatting is most of the work and independent per subject.
        std::vector<std::string> texts(batch.size());
        tbb::parallel_for(std::size_t{0}, batch.size(),
                          [&](std::size_t i) { texts[i] = indented(subject(batch[i]), 2); });
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const SubjectResult& r = batch[i];
            out_ << (first_ ? "\n" : ",\n") << texts[i];
            first_ = false;
            ++statusCounts_[analysis::statusName(r.status)];
            if (r.severity) ++severityCounts_[analysis::severityName(*r.severity)];
            for (const auto& o : r.overlaps) {
                totals_[o.category].subjects += 1;
                totals_[o.category].areaM2 += o.areaM2;
            }
            for (const auto& c : r.edgeContacts) totals_[c.category].edgeContacts += 1;
            for (const auto& n : r.nearest) {
                if (n.withinBuffer) totals_[n.category].withinBuffer += 1;
            }
        }
    }

    void finish() override {
        const CheckContext& ctx = *ctx_;
        out_ << (first_ ? "],\n" : "\n  ],\n");
        ordered_json tail;
        ordered_json totals = ordered_json::object();
        for (std::size_t c = 0; c < ctx.categories.size(); ++c) {
            ordered_json t;
            t["subjects"] = totals_[c].subjects;
            t.update(areas(totals_[c].areaM2));
            t["edge_contacts"] = totals_[c].edgeContacts;
            t["within_buffer"] = totals_[c].withinBuffer;
            totals[ctx.categories[c].name] = t;
        }
        tail["totals"] = totals;
        tail["summary"] = {{"subjects", ordered_json(statusCounts_)}, {"severity", ordered_json(severityCounts_)}};
        ordered_json inputs = ordered_json::array();
        for (const auto& in : ctx.inputs) {
            inputs.push_back({{"role", in.role},
                              {"path", in.path},
                              {"layer", in.label},
                              {"driver", in.driver},
                              {"crs", in.crs},
                              {"encoding", in.encoding},
                              {"features", in.features},
                              {"notes", in.notes}});
        }
        tail["inputs"] = inputs;
        ordered_json problems = ordered_json::array();
        for (const auto& p : ctx.problems) {
            problems.push_back(
                {{"layer", p.layer}, {"fid", p.fid}, {"id", p.id}, {"kind", p.kind}, {"message", p.message}});
        }
        tail["problems"] = problems;
        std::string text = tail.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        out_ << text.substr(text.find('\n') + 1);  // drop the opening brace: this continues the object
        out_ << "\n";
        out_.close();
        if (!out_) throw OutputError(fmt::format("{}: writing failed", file_.string()));
    }

  private:
    ordered_json subject(const SubjectResult& r) const {
        const CheckContext& ctx = *ctx_;
        ordered_json j;
        j["id"] = r.id;
        j["fid"] = r.fid;
        j["name"] = r.name;
        j["status"] = analysis::statusName(r.status);
        j["severity"] = r.severity ? ordered_json(analysis::severityName(*r.severity)) : ordered_json();
        const bool ok = r.status != analysis::SubjectStatus::Error;
        j["area_m2"] = ok ? ordered_json(r.areaM2) : ordered_json();
        j["area_ha"] = ok ? ordered_json(hectares(r.areaM2)) : ordered_json();
        j["area_mu"] = ok ? ordered_json(mu(r.areaM2)) : ordered_json();
        j["repaired"] = r.repaired;
        j["notes"] = r.notes;
        ordered_json overlaps = ordered_json::array();
        for (const auto& o : r.overlaps) {
            const auto& c = ctx.categories[o.category];
            ordered_json item;
            item["category"] = c.name;
            item["label"] = c.rule.label;
            item["severity"] = analysis::severityName(c.rule.severity);
            item.update(areas(o.areaM2));
            item["pct_of_subject"] = 100.0 * o.areaM2 / r.areaM2;
            item["exclusive_m2"] = o.exclusiveM2 ? ordered_json(*o.exclusiveM2) : ordered_json();
            item["features"] = features(o.features);
            overlaps.push_back(item);
        }
        j["overlaps"] = overlaps;
        ordered_json contacts = ordered_json::array();
        for (const auto& o : r.edgeContacts) {
            contacts.push_back({{"category", ctx.categories[o.category].name},
                                {"area_m2", o.areaM2},
                                {"features", features(o.features)}});
        }
        j["edge_contacts"] = contacts;
        j["conflict_area_m2"] = r.conflictAreaM2;
        ordered_json buffers = ordered_json::array();
        ordered_json nearest = ordered_json::array();
        for (const auto& n : r.nearest) {
            const auto& c = ctx.categories[n.category];
            const auto& f = ctx.constraintFeatures[n.feature];
            nearest.push_back(
                {{"category", c.name}, {"distance_m", n.distanceM}, {"feature", f.id}, {"feature_name", f.name}});
            if (n.withinBuffer) {
                buffers.push_back({{"category", c.name},
                                   {"distance_m", n.distanceM},
                                   {"buffer_m", c.rule.bufferM},
                                   {"severity", analysis::severityName(c.rule.severity)}});
            }
        }
        j["within_buffer"] = buffers;
        j["nearest"] = nearest;
        ordered_json zones = ordered_json::object(), shares = ordered_json::object();
        for (std::size_t z = 0; z < ctx.zoneLayers.size(); ++z) {
            const bool has = z < r.zones.size() && r.zones[z].value.has_value();
            zones[ctx.zoneLayers[z]] = has ? ordered_json(*r.zones[z].value) : ordered_json();
            shares[ctx.zoneLayers[z]] = has ? ordered_json(r.zones[z].share) : ordered_json();
        }
        j["zones"] = zones;
        j["zone_shares"] = shares;
        j["error"] = r.error.empty() ? ordered_json() : ordered_json(r.error);
        return j;
    }

    ordered_json features(const std::vector<analysis::FeatureArea>& list) const {
        ordered_json out = ordered_json::array();
        for (const auto& fa : list) {
            const auto& f = ctx_->constraintFeatures[fa.feature];
            out.push_back({{"layer", f.layer}, {"id", f.id}, {"name", f.name}, {"area_m2", fa.areaM2}});
        }
        return out;
    }

    struct CategoryTotal {
        std::int64_t subjects = 0;
        double areaM2 = 0;
        std::int64_t edgeContacts = 0;
        std::int64_t withinBuffer = 0;
    };

    std::filesystem::path file_;
    const CheckContext* ctx_ = nullptr;
    std::ofstream out_;
    bool first_ = true;
    std::vector<CategoryTotal> totals_;
    std::map<std::string, std::int64_t> statusCounts_, severityCounts_;
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeJsonWriter(const std::filesystem::path& file) {
    return std::make_unique<JsonResultWriter>(file);
}

}  // namespace redline::report
