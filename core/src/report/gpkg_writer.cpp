// SPDX-License-Identifier: MIT
// result.gpkg: conflicts, subjects, pairs, errors and a QGIS style.
#include <cpl_conv.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/parallel_for.h>

#include <optional>

#include "gpkg_rows_p.hpp"
#include "ogr_table_p.hpp"
#include "qgis_style_p.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"
#include "result_tables_p.hpp"

namespace redline::report {
namespace {

// From this many subjects on, the GeoPackage is written in 64 KB pages (see begin()).
constexpr std::int64_t kLargePagesFromSubjects = 20000;

// GDAL's SQLite errors quote the whole failed statement (kilobytes of CREATE TABLE and
// triggers); the reason is what follows it.
std::string withoutStatement(const std::string& error) {
    const std::string marker = ") failed: ";
    const std::size_t at = error.rfind(marker);
    return at == std::string::npos ? error : error.substr(at + marker.size());
}

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

// The layers are created through GDAL (schema, SRS, GeoPackage metadata), which then closes the
// file; rows go in through SQLite (gpkg_rows_p.hpp), encoded on every thread.
class GpkgResultWriter final : public analysis::ResultSink {
  public:
    explicit GpkgResultWriter(std::filesystem::path file) : file_(std::move(file)) {}

    void begin(const CheckContext& ctx) override {
        ctx_ = &ctx;
        tables_.emplace(ctx);
        // SQLite refuses a table of more than 2000 columns (SQLITE_MAX_COLUMN) with the whole
        // CREATE TABLE statement, 40 KB for 700 categories: said in one line before anything is written.
        constexpr std::size_t kMaxColumns = 2000;
        const std::size_t columns = tables_->subjectColumns().size() + 2;  // and fid, geom
        if (columns > kMaxColumns) {
            throw OutputError(fmt::format(
                "{}: the subjects layer would have {} columns, more than the {} a GeoPackage (SQLite) table can "
                "hold: {} categories take 3 columns each (<category>_m2, _pct, _dist_m); check fewer categories "
                "at a time",
                file_.string(), columns, kMaxColumns, ctx.categories.size()));
        }
        io::ensureGdalRegistered();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        if (driver == nullptr) throw OutputError("the GDAL GeoPackage driver is not available");
        io::GdalErrorCapture capture;
        // For many subjects, pages of 64 KB instead of SQLite's 4 KB: each page is a write call of
        // its own (66,000 at benchmark scale L), and the write phase took 0.13–0.2 thread s less
        // there, the system time 0.07–0.17 s (alternating runs). A small project keeps small
        // pages, and its file its size (every table and index takes a page at least). Not set
        // where the user has set SQLite pragmas of their own.
        const CPLConfigOptionSetter pageSize(
            "OGR_SQLITE_PRAGMA", ctx.subjectCount >= kLargePagesFromSubjects ? "page_size=65536" : nullptr, true);
        GDALDatasetUniquePtr ds(driver->Create(file_.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) {
            throw OutputError(
                fmt::format("{}: cannot create: {}", file_.string(), withoutStatement(capture.lastError())));
        }
        const OGRSpatialReference srs = ctx.analysisCrs->srs();
        const std::string label = file_.string();
        const std::vector<std::string> fid{"FID=fid"};
        // The spatial index is bulk-loaded at finish (see gpkg_rtree_p.hpp).
        const std::vector<std::string> spatial{"FID=fid", "SPATIAL_INDEX=NO"};
        const std::vector<Column> errorColumns{
            {"layer"}, {"feature_fid", io::FieldKind::Integer}, {"feature_id"}, {"kind"}, {"message"}};
        // In the order of the Table enum.
        std::vector<OgrTable> created;
        created.reserve(4);
        created.emplace_back(*ds, "conflicts", wkbMultiPolygon, &srs, tables_->conflictColumns(),
                             namesOf(tables_->conflictColumns()), spatial, label);
        created.emplace_back(*ds, "subjects", wkbMultiPolygon, &srs, tables_->subjectColumns(),
                             namesOf(tables_->subjectColumns()), spatial, label);
        created.emplace_back(*ds, "pairs", wkbNone, nullptr, tables_->pairColumns(), namesOf(tables_->pairColumns()),
                             fid, label);
        created.emplace_back(*ds, "errors", wkbNone, nullptr, errorColumns, namesOf(errorColumns), fid, label);
        writeStyle(*ds);
        std::vector<detail::GpkgTable> layout;
        for (const OgrTable& table : created) layout.push_back(layoutOf(*table.layer()));
        ds.reset();  // closing writes the GeoPackage metadata; a failure here must not go unnoticed
        if (!capture.lastError().empty()) throw OutputError(fmt::format("{}: {}", label, capture.lastError()));
        rows_.emplace(file_, layout);
        for (const auto& p : ctx.problems) addError(p.layer, p.fid, p.id, p.kind, p.message);
    }

    void write(std::vector<SubjectResult>& batch) override {
        // Rows and geometry blobs are encoded in parallel; SQLite takes them one at a time.
        struct Encoded {
            Row subject;
            detail::GpkgGeometry subjectGeometry;
            std::vector<Row> conflicts, pairs;
            std::vector<detail::GpkgGeometry> conflictGeometries;
        };
        std::vector<Encoded> encoded(batch.size());
        const std::int32_t subjectSrs = rows_->srsId(Subjects), conflictSrs = rows_->srsId(Conflicts);
        tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
            timing::PhaseScope timed(timing::Phase::Write);  // on whichever thread encodes it
            const SubjectResult& r = batch[i];
            Encoded& e = encoded[i];
            e.subject = tables_->subjectRow(r);
            e.subjectGeometry = detail::encodeGpkgGeometry(e.subject.geometry, subjectSrs);
            e.conflicts = tables_->conflictRows(r);
            for (const Row& row : e.conflicts) {
                e.conflictGeometries.push_back(detail::encodeGpkgGeometry(row.geometry, conflictSrs));
            }
            e.pairs = tables_->pairRows(r);
        });
        const std::string subjectLayer = ctx_->inputs.empty() ? "subjects" : ctx_->inputs.front().label;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const SubjectResult& r = batch[i];
            Encoded& e = encoded[i];
            rows_->insert(Subjects, std::move(e.subject.values), std::move(e.subjectGeometry));
            for (std::size_t c = 0; c < e.conflicts.size(); ++c) {
                rows_->insert(Conflicts, std::move(e.conflicts[c].values), std::move(e.conflictGeometries[c]));
            }
            for (Row& row : e.pairs) rows_->insert(Pairs, std::move(row.values));
            if (r.status == analysis::SubjectStatus::Error) addError(subjectLayer, r.fid, r.id, "error", r.error);
            for (const auto& note : r.notes) {
                addError(subjectLayer, r.fid, r.id, note.rfind("invalid", 0) == 0 ? "repaired" : "note", note);
            }
        }
    }

    void finish() override { rows_->finish(); }

  private:
    enum Table : std::size_t { Conflicts, Subjects, Pairs, Errors };

    static detail::GpkgTable layoutOf(OGRLayer& layer) {
        detail::GpkgTable t{layer.GetName(), layer.GetFIDColumn(), {}, {}};
        if (layer.GetGeomType() != wkbNone) t.geometryColumn = layer.GetGeometryColumn();
        const OGRFeatureDefn* defn = layer.GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) t.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        return t;
    }

    void addError(const std::string& layer, std::int64_t fid, const std::string& id, const std::string& kind,
                  const std::string& message) {
        rows_->insert(Errors, {layer, fid, id, kind, message});
    }

    void writeStyle(GDALDataset& ds) const {
        // The table QGIS reads styles from (its own schema), so conflicts open coloured.
        const std::vector<Column> columns{
            {"f_table_catalog"}, {"f_table_schema"}, {"f_table_name"}, {"f_geometry_column"},
            {"styleName"},       {"styleQML"},       {"styleSLD"},     {"useAsDefault", io::FieldKind::Integer},
            {"description"},     {"owner"},          {"ui"},           {"update_time"}};
        OgrTable styles(ds, "layer_styles", wkbNone, nullptr, columns, namesOf(columns), {"FID=id"}, file_.string());
        styles.write(
            Row{{"", "", "conflicts", "geom", "redline severity", detail::conflictStyleQml(), "", std::int64_t{1},
                 "Conflicts coloured by severity (written by Redline)", "", "", io::FieldValue()},
                nullptr});
    }

    std::filesystem::path file_;
    const CheckContext* ctx_ = nullptr;
    std::optional<detail::ResultTables> tables_;
    std::optional<detail::GpkgRowWriter> rows_;
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeGpkgWriter(const std::filesystem::path& file) {
    return std::make_unique<GpkgResultWriter>(file);
}

}  // namespace redline::report
