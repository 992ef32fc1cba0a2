// SPDX-License-Identifier: MIT
// conflicts.shp and subjects.shp for tools that still want Shapefiles. Chinese text survives:
// the DBF is written in CP936 (GBK) with a .cpg, field names are cut to 10 bytes on character
// boundaries and kept unique, and the mapping to the full names goes to shapefile_fields.csv.
// A value that CP936 cannot represent is refused with a clear message, never turned into '?';
// so is a number too wide for its DBF field, never cut (dbf_number.hpp).
#include <fmt/format.h>
#include <gdal_priv.h>

#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "format_p.hpp"
#include "ogr_table_p.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/report/dbf_number.hpp"
#include "redline/report/dbf_text.hpp"
#include "redline/report/result_writers.hpp"
#include "redline/util/error.hpp"
#include "result_tables_p.hpp"

namespace redline::report {
namespace {

using analysis::CheckContext;
using analysis::SubjectResult;
using detail::Column;
using detail::OgrTable;
using detail::Row;

// Shorter names for our own long columns before they are fitted into 10 bytes.
std::string shortName(const std::string& name) {
    static const std::map<std::string, std::string> kShort{{"subject_id", "subj_id"},
                                                           {"subject_name", "subj_name"},
                                                           {"pct_of_subject", "pct_subj"},
                                                           {"exclusive_m2", "excl_m2"},
                                                           {"conflict_m2", "confl_m2"}};
    auto it = kShort.find(name);
    if (it != kShort.end()) return it->second;
    const std::string distance = "_dist_m";
    if (name.size() > distance.size() && name.compare(name.size() - distance.size(), distance.size(), distance) == 0) {
        return name.substr(0, name.size() - distance.size()) + "_dm";
    }
    return name;
}

class ShapefileResultWriter final : public analysis::ResultSink {
  public:
    ShapefileResultWriter(std::filesystem::path directory, std::string encoding)
        : dir_(std::move(directory)), encoding_(std::move(encoding)) {}

    void begin(const CheckContext& ctx) override {
        tables_.emplace(ctx);
        // dBASE holds at most 255 fields; GDAL writes more with a warning, and readers (QGIS,
        // ArcGIS, dBASE tools) then refuse the file. Refused before anything is written.
        constexpr std::size_t kMaxDbfFields = 255;
        for (const auto& [name, columns] : {std::pair{"conflicts", tables_->conflictColumns().size()},
                                            std::pair{"subjects", tables_->subjectColumns().size()}}) {
            if (columns <= kMaxDbfFields) continue;
            throw OutputError(fmt::format(
                "{}: {} fields, more than the {} a DBF file can hold ({} categories take 3 each: _m2, _pct, "
                "_dist_m); leave out --shapefile (result.gpkg and subjects.csv hold them all) or check fewer "
                "categories at a time",
                (dir_ / (std::string(name) + ".dbf")).string(), columns, kMaxDbfFields, ctx.categories.size()));
        }
        io::ensureGdalRegistered();
        srs_ = ctx.analysisCrs->srs();
        conflicts_ = open("conflicts", tables_->conflictColumns(), conflictTable_);
        subjects_ = open("subjects", tables_->subjectColumns(), subjectTable_);
    }

    void write(std::vector<SubjectResult>& batch) override {
        for (const SubjectResult& r : batch) {
            subjectTable_->write(tables_->subjectRow(r));
            for (const Row& row : tables_->conflictRows(r)) conflictTable_->write(row);
        }
    }

    void finish() override {
        conflictTable_.reset();
        subjectTable_.reset();
        for (auto* ds : {&conflicts_, &subjects_}) {
            io::GdalErrorCapture capture;
            ds->reset();
            if (!capture.lastError().empty())
                throw OutputError(fmt::format("{}: {}", dir_.string(), capture.lastError()));
        }
        std::ofstream mapping(dir_ / "shapefile_fields.csv", std::ios::binary);
        mapping << "\xEF\xBB\xBF"
                << "file,field,full_name\r\n"
                << mapping_;
        if (!mapping) throw OutputError(fmt::format("{}: cannot write shapefile_fields.csv", dir_.string()));
    }

    // Not an error: the run's other outputs hold the text, and a planner asked for shapefiles.
    [[nodiscard]] std::vector<std::string> warnings() const override {
        std::vector<std::string> out;
        for (const auto& [where, u] : unwritable_) {
            const auto& [file, loss] = where;
            std::string fields;
            for (const std::string& f : u.fields) fields += (fields.empty() ? "" : ", ") + f;
            const std::string which = fmt::format("{} {} (field{} {})", u.values, u.values == 1 ? "value" : "values",
                                                  u.fields.size() == 1 ? "" : "s", fields);
            if (loss == Loss::Characters) {
                out.push_back(fmt::format(
                    "{}: {} {} characters that {} cannot hold, written as \"?\" (first: {}); result.gpkg and "
                    "subjects.csv have them whole, and --shapefile-encoding GB18030 writes them",
                    file, which, u.values == 1 ? "has" : "have", encoding_, u.first));
            } else {
                out.push_back(fmt::format(
                    "{}: {} longer than the 254 bytes a DBF text holds, cut and ended with \"…\" (first: {}); "
                    "result.gpkg and subjects.csv have them whole",
                    file, which, u.first));
            }
        }
        return out;
    }

  private:
    GDALDatasetUniquePtr open(const std::string& name, const std::vector<Column>& columns,
                              std::optional<OgrTable>& table) {
        const std::string file = (dir_ / (name + ".shp")).string();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        GDALDatasetUniquePtr ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw OutputError(fmt::format("{}: cannot create", file));
        std::vector<std::string> full;
        for (const auto& c : columns) full.push_back(shortName(c.name));
        const std::vector<std::string> names = dbfFieldNames(full, encoding_);
        const std::string shp = name + ".shp";
        for (std::size_t i = 0; i < columns.size(); ++i) {
            // Quoted as CSV: a source field may be called "面积,公顷".
            fmt::memory_buffer line;
            detail::appendCsvCell(line, shp);
            line.push_back(',');
            detail::appendCsvCell(line, names[i]);
            line.push_back(',');
            detail::appendCsvCell(line, columns[i].name);
            mapping_.append(line.data(), line.size());
            mapping_ += "\r\n";
        }
        const auto shapeNumber = [](OGRFieldDefn& field, const Column& column) {
            if (column.kind != io::FieldKind::Real) return;
            const DbfNumberField number = dbfRealField(column.bound);
            field.SetWidth(number.width);
            field.SetPrecision(number.decimals);
        };
        table.emplace(*ds, name, wkbMultiPolygon, &srs_, columns, names,
                      std::vector<std::string>{"ENCODING=" + encoding_}, file, shapeNumber);
        std::vector<DbfNumberField> numbers;  // per column, as declared above
        for (const auto& c : columns) numbers.push_back(dbfRealField(c.bound));
        table->setRealCheck([file, columns, numbers](double value, std::size_t column, const Row& row) {
            const DbfNumberField& number = numbers[column];
            if (fitsDbfNumber(value, number)) return;
            throw OutputError(fmt::format(
                "{}: the value {} of field {} (subject {}) does not fit a DBF number of {} characters with {} "
                "decimals; use the GeoPackage output",
                file, value, columns[column].name, io::toText(row.values.front()), number.width, number.decimals));
        });
        table->setTextFilter([this, shp, columns](const std::string& value, std::size_t column, const Row& row) {
            RepresentableText fitted = fitDbfValue(value, encoding_);
            const auto note = [&](Loss loss) {
                Unwritable& u = unwritable_[{shp, loss}];
                if (u.values++ == 0) u.first = fmt::format("subject {}: \"{}\"", io::toText(row.values.front()), value);
                u.fields.insert(columns[column].name);
            };
            if (fitted.replaced > 0) note(Loss::Characters);
            if (fitted.cut) note(Loss::Length);
            return std::move(fitted.text);
        });
        return ds;
    }

    std::filesystem::path dir_;
    std::string encoding_;
    std::optional<detail::ResultTables> tables_;
    OGRSpatialReference srs_;
    GDALDatasetUniquePtr conflicts_, subjects_;
    std::optional<OgrTable> conflictTable_, subjectTable_;
    std::string mapping_;
    struct Unwritable {
        std::size_t values = 0;
        std::string first;
        std::set<std::string> fields;
    };
    enum class Loss { Characters, Length };
    std::map<std::pair<std::string, Loss>, Unwritable> unwritable_;  // by file and what was lost
};

}  // namespace

std::unique_ptr<analysis::ResultSink> makeShapefileWriter(const std::filesystem::path& directory,
                                                          const std::string& encoding) {
    return std::make_unique<ShapefileResultWriter>(directory, encoding);
}

}  // namespace redline::report
