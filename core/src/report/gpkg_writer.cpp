// SPDX-License-Identifier: MIT
// result.gpkg: all layers in one GeoPackage written in a single transaction.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <set>

#include "format_p.hpp"
#include "qgis_style_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/area_units.hpp"
#include "redline/util/error.hpp"

namespace redline::report {
namespace {

using analysis::CheckContext;
using analysis::SubjectResult;

struct SrsReleaser {
    void operator()(OGRSpatialReference* s) const noexcept { s->Release(); }
};

class GpkgResultWriter final : public analysis::ResultSink {
public:
    explicit GpkgResultWriter(std::filesystem::path file) : file_(std::move(file)) {}

    void begin(const CheckContext& ctx) override {
        ctx_ = &ctx;
        io::ensureGdalRegistered();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (driver == nullptr) throw OutputError("the GDAL GeoPackage driver is not available");
        io::GdalErrorCapture capture;
        ds_.reset(driver->Create(file_.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds_) throw OutputError(fmt::format("{}: cannot create: {}", file_.string(), capture.lastError()));
        srs_.reset(ctx.analysisCrs->srs().Clone());

        conflicts_ = createLayer("conflicts", wkbMultiPolygon);
        addField(conflicts_, "subject_id", OFTString);
        addField(conflicts_, "subject_name", OFTString);
        addField(conflicts_, "category", OFTString);
        addField(conflicts_, "label", OFTString);
        addField(conflicts_, "severity", OFTString);
        for (const char* f : {"area_m2", "area_ha", "area_mu", "pct_of_subject", "exclusive_m2"}) addField(conflicts_, f, OFTReal);
        addField(conflicts_, "features", OFTString);

        subjects_ = createLayer("subjects", wkbMultiPolygon);
        std::set<std::string> used;
        const auto own = [&](const std::string& name, OGRFieldType type) {
            addField(subjects_, name, type);
            used.insert(name);
        };
        own("subject_id", OFTString);
        own("subject_name", OFTString);
        own("status", OFTString);
        own("severity", OFTString);
        for (const char* f : {"area_m2", "area_ha", "area_mu", "conflict_m2"}) own(f, OFTReal);
        for (const auto& c : ctx.categories) {
            own(detail::columnName(c.name, "m2"), OFTReal);
            own(detail::columnName(c.name, "pct"), OFTReal);
            own(detail::columnName(c.name, "dist_m"), OFTReal);
        }
        for (const auto& z : ctx.zoneLayers) own(detail::columnName("zone_" + z, ""), OFTString);
        own("repaired", OFTInteger);
        own("notes", OFTString);
        own("error", OFTString);
        // The subject's own attributes follow, renamed src_<name> only when a name is taken.
        for (const auto& f : ctx.subjectFields) {
            std::string name = used.count(f.name) ? "src_" + f.name : f.name;
            const OGRFieldType type = f.kind == io::FieldKind::Integer ? OFTInteger64
                                      : f.kind == io::FieldKind::Real  ? OFTReal
                                                                       : OFTString;
            addField(subjects_, name, type);
            used.insert(name);
        }

        pairs_ = createLayer("pairs", wkbNone);
        for (const char* f : {"subject_id", "category", "constraint_layer", "constraint_id", "constraint_name"}) {
            addField(pairs_, f, OFTString);
        }
        for (const char* f : {"area_m2", "area_ha", "area_mu"}) addField(pairs_, f, OFTReal);

        errors_ = createLayer("errors", wkbNone);
        addField(errors_, "layer", OFTString);
        addField(errors_, "fid", OFTInteger64);
        addField(errors_, "feature_id", OFTString);
        addField(errors_, "kind", OFTString);
        addField(errors_, "message", OFTString);

        if (ds_->StartTransaction() != OGRERR_NONE) throw OutputError(fmt::format("{}: cannot start a transaction", file_.string()));
        for (const auto& p : ctx.problems) addError(p.layer, p.fid, p.id, p.kind, p.message);
    }

    void write(std::vector<SubjectResult>& batch) override {
        const CheckContext& ctx = *ctx_;
        const std::string subjectLayer = ctx.inputs.empty() ? "subjects" : ctx.inputs.front().label;
        for (const SubjectResult& r : batch) {
            writeSubject(r);
            for (const auto& o : r.overlaps) {
                writeConflict(r, o);
                for (const auto& f : o.features) writePair(r, o.category, f);
            }
            if (r.status == analysis::SubjectStatus::Error) addError(subjectLayer, r.fid, r.id, "error", r.error);
            for (const auto& note : r.notes) {
                addError(subjectLayer, r.fid, r.id, note.rfind("invalid", 0) == 0 ? "repaired" : "note", note);
            }
        }
    }

    void finish() override {
        writeStyle();
        if (ds_->CommitTransaction() != OGRERR_NONE) throw OutputError(fmt::format("{}: cannot commit", file_.string()));
        io::GdalErrorCapture capture;
        ds_.reset();  // closing flushes; a failure here must not go unnoticed
        if (!capture.lastError().empty()) throw OutputError(fmt::format("{}: {}", file_.string(), capture.lastError()));
    }

private:
    OGRLayer* createLayer(const char* name, OGRwkbGeometryType type) {
        const char* options[] = {"FID=fid", nullptr};
        OGRLayer* layer = ds_->CreateLayer(name, type == wkbNone ? nullptr : srs_.get(), type, const_cast<char**>(options));
        if (layer == nullptr) throw OutputError(fmt::format("{}: cannot create layer {}", file_.string(), name));
        return layer;
    }

    void addField(OGRLayer* layer, const std::string& name, OGRFieldType type) {
        OGRFieldDefn defn(name.c_str(), type);
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            throw OutputError(fmt::format("{}: cannot create field {} in {}", file_.string(), name, layer->GetName()));
        }
    }

    void setGeometry(OGRFeature& feature, const GEOSGeometry* g) {
        if (g == nullptr) return;
        geom::GeomPtr multi = geom::asMultiPolygon(g);
        const std::vector<unsigned char> wkb = geom::toWkb(multi.get());
        OGRGeometry* ogr = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), srs_.get(), &ogr, wkb.size()) == OGRERR_NONE) {
            feature.SetGeometryDirectly(ogr);
        }
    }

    void create(OGRLayer* layer, OGRFeature& feature) {
        if (layer->CreateFeature(&feature) != OGRERR_NONE) {
            throw OutputError(fmt::format("{}: cannot write a feature to {}", file_.string(), layer->GetName()));
        }
    }

    void writeSubject(const SubjectResult& r) {
        const CheckContext& ctx = *ctx_;
        OGRFeature f(subjects_->GetLayerDefn());
        f.SetField("subject_id", r.id.c_str());
        f.SetField("subject_name", r.name.c_str());
        f.SetField("status", analysis::statusName(r.status));
        if (r.severity) f.SetField("severity", analysis::severityName(*r.severity));
        if (r.status != analysis::SubjectStatus::Error) {
            f.SetField("area_m2", r.areaM2);
            f.SetField("area_ha", hectares(r.areaM2));
            f.SetField("area_mu", mu(r.areaM2));
            f.SetField("conflict_m2", r.conflictAreaM2);
            for (std::size_t c = 0; c < ctx.categories.size(); ++c) {
                double area = 0;
                for (const auto& o : r.overlaps) {
                    if (o.category == c) area = o.areaM2;
                }
                f.SetField(detail::columnName(ctx.categories[c].name, "m2").c_str(), area);
                f.SetField(detail::columnName(ctx.categories[c].name, "pct").c_str(), 100.0 * area / r.areaM2);
            }
            for (const auto& n : r.nearest) {
                f.SetField(detail::columnName(ctx.categories[n.category].name, "dist_m").c_str(), n.distanceM);
            }
            for (std::size_t z = 0; z < ctx.zoneLayers.size() && z < r.zones.size(); ++z) {
                if (r.zones[z].value) {
                    f.SetField(detail::columnName("zone_" + ctx.zoneLayers[z], "").c_str(), r.zones[z].value->c_str());
                }
            }
        }
        f.SetField("repaired", r.repaired ? 1 : 0);
        f.SetField("notes", detail::joinNotes(r.notes).c_str());
        if (!r.error.empty()) f.SetField("error", r.error.c_str());
        const int firstSource = f.GetFieldCount() - static_cast<int>(ctx.subjectFields.size());
        for (std::size_t i = 0; i < r.attributes.size() && i < ctx.subjectFields.size(); ++i) {
            const int index = firstSource + static_cast<int>(i);
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::int64_t>) f.SetField(index, static_cast<GIntBig>(v));
                    if constexpr (std::is_same_v<T, double>) f.SetField(index, v);
                    if constexpr (std::is_same_v<T, std::string>) f.SetField(index, v.c_str());
                },
                r.attributes[i]);
        }
        setGeometry(f, r.geometry.get());
        create(subjects_, f);
    }

    void writeConflict(const SubjectResult& r, const analysis::CategoryOverlap& o) {
        const auto& category = ctx_->categories[o.category];
        OGRFeature f(conflicts_->GetLayerDefn());
        f.SetField("subject_id", r.id.c_str());
        f.SetField("subject_name", r.name.c_str());
        f.SetField("category", category.name.c_str());
        f.SetField("label", category.rule.label.c_str());
        f.SetField("severity", analysis::severityName(category.rule.severity));
        f.SetField("area_m2", o.areaM2);
        f.SetField("area_ha", hectares(o.areaM2));
        f.SetField("area_mu", mu(o.areaM2));
        f.SetField("pct_of_subject", 100.0 * o.areaM2 / r.areaM2);
        if (o.exclusiveM2) f.SetField("exclusive_m2", *o.exclusiveM2);
        f.SetField("features", detail::describeFeatures(*ctx_, o.features).c_str());
        setGeometry(f, o.geometry.get());
        create(conflicts_, f);
    }

    void writePair(const SubjectResult& r, std::size_t category, const analysis::FeatureArea& fa) {
        const auto& feature = ctx_->constraintFeatures[fa.feature];
        OGRFeature f(pairs_->GetLayerDefn());
        f.SetField("subject_id", r.id.c_str());
        f.SetField("category", ctx_->categories[category].name.c_str());
        f.SetField("constraint_layer", feature.layer.c_str());
        f.SetField("constraint_id", feature.id.c_str());
        f.SetField("constraint_name", feature.name.c_str());
        f.SetField("area_m2", fa.areaM2);
        f.SetField("area_ha", hectares(fa.areaM2));
        f.SetField("area_mu", mu(fa.areaM2));
        create(pairs_, f);
    }

    void addError(const std::string& layer, std::int64_t fid, const std::string& id, const std::string& kind,
                  const std::string& message) {
        OGRFeature f(errors_->GetLayerDefn());
        f.SetField("layer", layer.c_str());
        f.SetField("fid", static_cast<GIntBig>(fid));
        f.SetField("feature_id", id.c_str());
        f.SetField("kind", kind.c_str());
        f.SetField("message", message.c_str());
        create(errors_, f);
    }

    void writeStyle() {
        const char* options[] = {"FID=id", nullptr};
        OGRLayer* styles = ds_->CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
        if (styles == nullptr) throw OutputError(fmt::format("{}: cannot create layer_styles", file_.string()));
        for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                                 "styleQML", "styleSLD", "description", "owner", "ui", "update_time"}) {
            addField(styles, name, OFTString);
        }
        OGRFieldDefn useAsDefault("useAsDefault", OFTInteger);
        useAsDefault.SetSubType(OFSTBoolean);
        styles->CreateField(&useAsDefault);
        OGRFeature f(styles->GetLayerDefn());
        f.SetField("f_table_catalog", "");
        f.SetField("f_table_schema", "");
        f.SetField("f_table_name", "conflicts");
        f.SetField("f_geometry_column", "geom");
        f.SetField("styleName", "redline severity");
        f.SetField("styleQML", detail::conflictStyleQml().c_str());
        f.SetField("styleSLD", "");
        f.SetField("useAsDefault", 1);
        f.SetField("description", "Conflicts coloured by severity (written by Redline)");
        f.SetField("owner", "");
        f.SetField("ui", "");
        create(styles, f);
    }

    std::filesystem::path file_;
    const CheckContext* ctx_ = nullptr;
    GDALDatasetUniquePtr ds_;
    std::unique_ptr<OGRSpatialReference, SrsReleaser> srs_;
    OGRLayer* conflicts_ = nullptr;
    OGRLayer* subjects_ = nullptr;
    OGRLayer* pairs_ = nullptr;
    OGRLayer* errors_ = nullptr;
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeGpkgWriter(const std::filesystem::path& file) {
    return std::make_unique<GpkgResultWriter>(file);
}

}  // namespace redline::report
