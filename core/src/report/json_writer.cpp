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
#include "json_text_p.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"
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

class JsonResultWriter final : public analysis::ResultSink {
  public:
    explicit JsonResultWriter(std::filesystem::path file) : file_(std::move(file)) {}

    void begin(const CheckContext& ctx) override {
        ctx_ = &ctx;
        out_.open(file_, std::ios::binary);
        if (!out_) throw OutputError(fmt::format("{}: cannot create", file_.string()));
        totals_.assign(ctx.categories.size(), {});
        // The texts of the categories and the zone layers' names recur in every subject's record:
        // escaped once here. (Constraint features' texts are escaped where they are written: a
        // byte per feature saying which need no escape bought nothing measurable at M or L.)
        const auto quoted = [](std::string_view text) {
            std::string json;
            detail::JsonText(json).string(text);
            return json;
        };
        categoryText_.clear();
        for (const auto& c : ctx.categories) categoryText_.push_back({quoted(c.name), quoted(c.rule.label)});
        zoneKeys_.clear();
        for (const auto& z : ctx.zoneLayers) zoneKeys_.push_back(quoted(z) + ':');
        ordered_json head;
        head["redline_version"] = REDLINE_VERSION;
        head["project"] = ctx.projectName;
        // A CRS given as a PROJ string or bare WKT has no code: its WKT says what it was.
        const auto code = ctx.analysisCrs->epsg();
        head["analysis_crs"] = {{"name", ctx.analysisCrs->name()},
                                {"code", code ? nlohmann::json(fmt::format("EPSG:{}", *code)) : nlohmann::json()}};
        if (!code) head["analysis_crs"]["wkt"] = ctx.analysisCrs->wkt();
        const auto e = ctx.analysisCrs->ellipsoid();
        head["ellipsoid"] = {{"name", e.name}, {"a", e.semiMajor}, {"inv_f", e.inverseFlattening}};
        head["area_method"] =
            "geodesic polygon area on the ellipsoid (GeographicLib's definition, as PostGIS geography)";
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
        tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
            timing::PhaseScope timed(timing::Phase::Write);  // on whichever thread formats it
            texts[i] = subjectText(batch[i]);
        });
        // One write per batch: libstdc++'s file stream passes each text of 1 KB or more
        // straight to the kernel, a system call per subject.
        std::size_t size = 0;
        for (const std::string& t : texts) size += t.size() + 2;
        std::string chunk;
        chunk.reserve(size);
        for (const std::string& t : texts) {
            chunk += first_ ? "\n" : ",\n";
            chunk += t;
            first_ = false;
        }
        out_ << chunk;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const SubjectResult& r = batch[i];
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
    // One subject as a JSON object on one line of the subjects array: a file of a line per
    // subject greps and diffs well, and indenting it made the file half as large again (35 →
    // 53 MB for 50,000 subjects), the largest of the outputs.
    std::string subjectText(const SubjectResult& r) const {
        const CheckContext& ctx = *ctx_;
        std::string text;
        text.reserve(1024);  // most records fit: no copies as it grows
        text.assign(4, ' ');
        detail::JsonText j(text);
        j.beginObject();
        j.member("id", r.id);
        j.member("fid", static_cast<std::int64_t>(r.fid));
        j.member("name", r.name);
        j.member("status", analysis::statusName(r.status));
        if (r.severity) {
            j.member("severity", analysis::severityName(*r.severity));
        } else {
            j.memberNull("severity");
        }
        const bool ok = r.status != analysis::SubjectStatus::Error;
        if (ok) {
            j.member("area_m2", r.areaM2);
            j.member("area_ha", hectares(r.areaM2));
            j.member("area_mu", mu(r.areaM2));
        } else {
            j.memberNull("area_m2");
            j.memberNull("area_ha");
            j.memberNull("area_mu");
        }
        j.member("repaired", r.repaired);
        j.key("notes");
        j.beginArray();
        for (const auto& note : r.notes) j.string(note);
        j.endArray();
        j.key("overlaps");
        j.beginArray();
        for (const auto& o : r.overlaps) {
            const auto& c = ctx.categories[o.category];
            j.beginObject();
            j.key("category");
            j.raw(categoryText_[o.category].name);
            j.key("label");
            j.raw(categoryText_[o.category].label);
            j.member("severity", analysis::severityName(c.rule.severity));
            j.member("area_m2", o.areaM2);
            j.member("area_ha", hectares(o.areaM2));
            j.member("area_mu", mu(o.areaM2));
            j.member("pct_of_subject", percentOf(o.areaM2, r.areaM2));
            if (o.exclusiveM2) {
                j.member("exclusive_m2", *o.exclusiveM2);
            } else {
                j.memberNull("exclusive_m2");
            }
            features(j, o.features);
            j.endObject();
        }
        j.endArray();
        j.key("edge_contacts");
        j.beginArray();
        for (const auto& o : r.edgeContacts) {
            j.beginObject();
            j.key("category");
            j.raw(categoryText_[o.category].name);
            j.member("area_m2", o.areaM2);
            features(j, o.features);
            j.endObject();
        }
        j.endArray();
        j.member("conflict_area_m2", r.conflictAreaM2);
        j.key("within_buffer");
        j.beginArray();
        for (const auto& n : r.nearest) {
            if (!n.withinBuffer) continue;
            const auto& c = ctx.categories[n.category];
            j.beginObject();
            j.key("category");
            j.raw(categoryText_[n.category].name);
            j.member("distance_m", n.distanceM);
            j.member("buffer_m", c.rule.bufferM);
            j.member("severity", analysis::severityName(c.rule.severity));
            j.endObject();
        }
        j.endArray();
        j.key("nearest");
        j.beginArray();
        for (const auto& n : r.nearest) {
            const auto& f = ctx.constraintFeatures[n.feature];
            j.beginObject();
            j.key("category");
            j.raw(categoryText_[n.category].name);
            j.member("distance_m", n.distanceM);
            j.member("feature", f.id);
            j.member("feature_name", f.name);
            j.endObject();
        }
        j.endArray();
        for (const bool shares : {false, true}) {
            if (shares) {
                j.key("zone_shares");
            } else {
                j.key("zones");
            }
            j.beginObject();
            for (std::size_t z = 0; z < ctx.zoneLayers.size(); ++z) {
                j.keyJson(zoneKeys_[z]);
                const bool has = z < r.zones.size() && r.zones[z].value.has_value();
                if (!has) {
                    j.null();
                } else if (shares) {
                    j.number(r.zones[z].share);
                } else {
                    j.string(*r.zones[z].value);
                }
            }
            j.endObject();
        }
        if (r.error.empty()) {
            j.memberNull("error");
        } else {
            j.member("error", r.error);
        }
        j.endObject();
        return text;
    }

    void features(detail::JsonText& j, const std::vector<analysis::FeatureArea>& list) const {
        j.key("features");
        j.beginArray();
        for (const auto& fa : list) {
            const auto& f = ctx_->constraintFeatures[fa.feature];
            j.beginObject();
            j.member("layer", f.layer);
            j.member("id", f.id);
            j.member("name", f.name);
            j.member("area_m2", fa.areaM2);
            j.endObject();
        }
        j.endArray();
    }

    struct CategoryText {
        std::string name, label;  // as JSON
    };
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
    std::vector<CategoryText> categoryText_;
    std::vector<std::string> zoneKeys_;  // "name": per zone layer
    std::map<std::string, std::int64_t> statusCounts_, severityCounts_;
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeJsonWriter(const std::filesystem::path& file) {
    return std::make_unique<JsonResultWriter>(file);
}

}  // namespace redline::report
