// SPDX-License-Identifier: MIT
// result.gpkg: conflicts, subjects, pairs, errors and a QGIS style, in one transaction.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/parallel_for.h>

#include <optional>

#include "gpkg_rtree_p.hpp"
#include "ogr_table_p.hpp"
#include "qgis_style_p.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"
#include "result_tables_p.hpp"

namespace redline::report {
namespace {

using analysis::CheckContext;
using analysis::SubjectResult;
using detail::Column;
using detail::OgrTable;
using detail::Row;

std::vector<std::string> namesOf(const std::vector<Column>& columns) {
    std::vector<std::string> names;
    for (const auto& c : columns) names.push_back(c.name);
    return names;
}

class GpkgResultWriter final : public analysis::ResultSink {
  public:
    explicit GpkgResultWriter(std::filesystem::path file) : file_(std::move(file)) {}

    void begin(const CheckContext& ctx) override {
        ctx_ = &ctx;
        tables_.emplace(ctx);
        io::ensureGdalRegistered();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (driver == nullptr) throw OutputError("the GDAL GeoPackage driver is not available");
        io::GdalErrorCapture capture;
        ds_.reset(driver->Create(file_.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds_) throw OutputError(fmt::format("{}: cannot create: {}", file_.string(), capture.lastError()));
        srs_ = ctx.analysisCrs->srs();
        const std::string label = file_.string();
        const std::vector<std::string> fid{"FID=fid"};
        // Spatial layers get their R-tree from us once GDAL has closed the file (see gpkg_rtree_p.hpp).
        const std::vector<std::string> spatial{"FID=fid", "SPATIAL_INDEX=NO"};
        conflicts_.emplace(*ds_, "conflicts", wkbMultiPolygon, &srs_, tables_->conflictColumns(),
                           namesOf(tables_->conflictColumns()), spatial, label);
        subjects_.emplace(*ds_, "subjects", wkbMultiPolygon, &srs_, tables_->subjectColumns(),
                          namesOf(tables_->subjectColumns()), spatial, label);
        const auto indexOf = [](const OgrTable& table) {
            OGRLayer* layer = table.layer();
            return detail::SpatialIndexSpec{layer->GetName(), layer->GetGeometryColumn(), layer->GetFIDColumn(), {}};
        };
        conflictIndex_ = indexOf(*conflicts_);
        subjectIndex_ = indexOf(*subjects_);
        pairs_.emplace(*ds_, "pairs", wkbNone, nullptr, tables_->pairColumns(), namesOf(tables_->pairColumns()), fid,
                       label);
        const std::vector<Column> errorColumns{
            {"layer"}, {"fid", io::FieldKind::Integer}, {"feature_id"}, {"kind"}, {"message"}};
        errors_.emplace(*ds_, "errors", wkbNone, nullptr, errorColumns, namesOf(errorColumns), fid, label);
        if (ds_->StartTransaction() != OGRERR_NONE)
            throw OutputError(fmt::format("{}: cannot start a transaction", label));
        for (const auto& p : ctx.problems) addError(p.layer, p.fid, p.id, p.kind, p.message);
    }

    void write(std::vector<SubjectResult>& batch) override {
        // Features (fields and geometry) are built in parallel; SQLite takes them one at a time.
        struct Features {
            std::unique_ptr<OGRFeature> subject;
            std::vector<std::unique_ptr<OGRFeature>> conflicts, pairs;
        };
        std::vector<Features> features(batch.size());
        tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
            timing::PhaseScope timed(timing::Phase::Write);  // on whichever thread formats it
            const SubjectResult& r = batch[i];
            features[i].subject = subjects_->feature(tables_->subjectRow(r));
            for (const Row& row : tables_->conflictRows(r)) features[i].conflicts.push_back(conflicts_->feature(row));
            for (const Row& row : tables_->pairRows(r)) features[i].pairs.push_back(pairs_->feature(row));
        });
        const std::string subjectLayer = ctx_->inputs.empty() ? "subjects" : ctx_->inputs.front().label;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const SubjectResult& r = batch[i];
            subjects_->write(*features[i].subject);
            addToIndex(subjectIndex_, *features[i].subject);
            for (auto& f : features[i].conflicts) {
                conflicts_->write(*f);
                addToIndex(conflictIndex_, *f);
            }
            for (auto& f : features[i].pairs) pairs_->write(*f);
            if (r.status == analysis::SubjectStatus::Error) addError(subjectLayer, r.fid, r.id, "error", r.error);
            for (const auto& note : r.notes) {
                addError(subjectLayer, r.fid, r.id, note.rfind("invalid", 0) == 0 ? "repaired" : "note", note);
            }
        }
    }

    void finish() override {
        writeStyle();
        if (ds_->CommitTransaction() != OGRERR_NONE)
            throw OutputError(fmt::format("{}: cannot commit", file_.string()));
        io::GdalErrorCapture capture;
        ds_.reset();  // closing flushes; a failure here must not go unnoticed
        if (!capture.lastError().empty()) throw OutputError(fmt::format("{}: {}", file_.string(), capture.lastError()));
        detail::addSpatialIndexes(file_, {std::move(conflictIndex_), std::move(subjectIndex_)});
    }

  private:
    static void addToIndex(detail::SpatialIndexSpec& index, OGRFeature& f) {
        const OGRGeometry* g = f.GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) return;
        OGREnvelope e;
        g->getEnvelope(&e);
        index.entries.push_back({f.GetFID(), e.MinX, e.MinY, e.MaxX, e.MaxY});
    }

    void addError(const std::string& layer, std::int64_t fid, const std::string& id, const std::string& kind,
                  const std::string& message) {
        errors_->write(Row{{layer, fid, id, kind, message}, nullptr});
    }

    void writeStyle() {
        // The table QGIS reads styles from (its own schema), so conflicts open coloured.
        const std::vector<Column> columns{
            {"f_table_catalog"}, {"f_table_schema"}, {"f_table_name"}, {"f_geometry_column"},
            {"styleName"},       {"styleQML"},       {"styleSLD"},     {"useAsDefault", io::FieldKind::Integer},
            {"description"},     {"owner"},          {"ui"},           {"update_time"}};
        OgrTable styles(*ds_, "layer_styles", wkbNone, nullptr, columns, namesOf(columns), {"FID=id"}, file_.string());
        styles.write(
            Row{{"", "", "conflicts", "geom", "redline severity", detail::conflictStyleQml(), "", std::int64_t{1},
                 "Conflicts coloured by severity (written by Redline)", "", "", io::FieldValue()},
                nullptr});
    }

    std::filesystem::path file_;
    const CheckContext* ctx_ = nullptr;
    std::optional<detail::ResultTables> tables_;
    GDALDatasetUniquePtr ds_;
    OGRSpatialReference srs_;
    std::optional<OgrTable> conflicts_, subjects_, pairs_, errors_;
    detail::SpatialIndexSpec conflictIndex_, subjectIndex_;  // envelopes as written
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeGpkgWriter(const std::filesystem::path& file) {
    return std::make_unique<GpkgResultWriter>(file);
}

}  // namespace redline::report
