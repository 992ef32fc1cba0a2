// SPDX-License-Identifier: MIT
#include "redline/io/vector_source.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <tuple>
#include <variant>

#include "boundary_points_csv_p.hpp"
#include "boundary_points_txt_p.hpp"
#include "redline/io/connection_string.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/io/input_files.hpp"
#include "redline/util/error.hpp"
#include "utf8_text_copy_p.hpp"
#include "zip_extract_p.hpp"

namespace redline::io {
namespace fs = std::filesystem;

std::string toText(const FieldValue& v) {
    struct Visitor {
        std::string operator()(std::monostate) const { return {}; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return fmt::format("{}", d); }
        std::string operator()(const std::string& s) const { return s; }
    };
    return std::visit(Visitor{}, v);
}

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// The path of a shapefile's part as it exists on disk (.dbf or .DBF), or empty.
fs::path existingPart(const fs::path& shp, const char* lower, const char* upper) {
    std::error_code ec;
    for (const char* ext : {lower, upper}) {
        const fs::path part = fs::path(shp).replace_extension(ext);
        if (fs::exists(part, ec)) return part;
    }
    return {};
}

// A shapefile is several files; GDAL cannot read one without its .shx and reads one without its
// .dbf as a layer with no attributes, which would surface later as a missing field or ids made
// up from row numbers. Either way the user's fix is to copy the missing file along.
void requireShapefileParts(const std::string& shp) {
    for (const auto& [lower, upper, role] :
         {std::tuple{".shx", ".SHX", "index"}, {".dbf", ".DBF", "attribute table"}}) {
        if (!existingPart(shp, lower, upper).empty()) continue;
        throw InputError(
            fmt::format("{}: its {} {} is missing; copy it along (a shapefile's .shp, .shx, .dbf, .prj "
                        "and .cpg files belong together)",
                        shp, role, fs::path(shp).replace_extension(lower).filename().string()));
    }
}

// What a dBASE header says of its file (bytes 4-7 records, 8-9 header length, 10-11 record
// length, all little-endian), and how many records are marked deleted ('*' in their first byte).
struct DbfLayout {
    std::uint32_t records = 0;
    std::uint32_t headerLength = 0;
    std::uint32_t recordLength = 0;
    std::uint64_t deleted = 0;
};

// The layout of `dbf`, or why it cannot be read: a header cut short, or fewer bytes than its
// records need (GDAL reads such a file as a layer without fields or with records missing).
std::variant<DbfLayout, std::string> readDbfLayout(const fs::path& dbf) {
    std::ifstream in(dbf, std::ios::binary);
    constexpr std::size_t kHeader = 32;
    unsigned char header[kHeader] = {};
    if (!in.read(reinterpret_cast<char*>(header), kHeader)) {
        return std::string("its header is cut short (the file has fewer than 32 bytes)");
    }
    const auto u16 = [&](int at) {
        return static_cast<std::uint32_t>(header[at]) | static_cast<std::uint32_t>(header[at + 1]) << 8u;
    };
    DbfLayout layout;
    layout.records = u16(4) | u16(6) << 16;
    layout.headerLength = u16(8);
    layout.recordLength = u16(10);
    std::error_code ec;
    const std::uint64_t size = fs::file_size(dbf, ec);
    const std::uint64_t needed = layout.headerLength + static_cast<std::uint64_t>(layout.records) * layout.recordLength;
    if (ec || layout.headerLength < kHeader || layout.recordLength == 0 || size < needed) {
        return fmt::format(
            "it is cut short: its header announces {} record{} of {} bytes after {} bytes of header, "
            "{} bytes in all, but the file has {}",
            layout.records, layout.records == 1 ? "" : "s", layout.recordLength, layout.headerLength, needed, size);
    }
    // The field descriptors (32 bytes each, up to a 0x0D) must add up to the record length, less
    // its deletion flag: otherwise every attribute is read from the wrong bytes.
    std::vector<unsigned char> descriptors(layout.headerLength - kHeader);
    if (!in.read(reinterpret_cast<char*>(descriptors.data()), static_cast<std::streamsize>(descriptors.size()))) {
        return std::string("its header is cut short");
    }
    std::uint32_t fieldBytes = 1;
    for (std::size_t at = 0; at + kHeader <= descriptors.size() && descriptors[at] != 0x0D; at += kHeader) {
        fieldBytes += descriptors[at + 16];
    }
    const bool dbase7 = (header[0] & 0x07) == 4;  // 48-byte descriptors: not summed here
    if (!dbase7 && fieldBytes != layout.recordLength) {
        return fmt::format("its header gives records of {} bytes but its fields take {}", layout.recordLength,
                           fieldBytes);
    }
    // Deleted records: GDAL, like ArcGIS and QGIS, leaves them out; they are counted to say so.
    in.seekg(layout.headerLength);
    std::vector<char> chunk;
    const std::uint64_t perChunk = std::max<std::uint64_t>(1, (1u << 20) / layout.recordLength);
    for (std::uint64_t done = 0; done < layout.records;) {
        const std::uint64_t n = std::min<std::uint64_t>(perChunk, layout.records - done);
        chunk.resize(n * layout.recordLength);
        if (!in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()))) break;
        for (std::uint64_t r = 0; r < n; ++r) layout.deleted += chunk[r * layout.recordLength] == '*' ? 1u : 0u;
        done += n;
    }
    return layout;
}

// A .dbf from another version of the layer (or cut short) pairs attributes with the wrong shapes,
// and GDAL then stops at the shorter file without a word: a site silently left out of the check.
// Returns the number of records marked deleted.
std::uint64_t requireMatchingShapefileParts(const std::string& shp, OGRLayer& layer) {
    const fs::path dbf = existingPart(shp, ".dbf", ".DBF");
    if (dbf.empty()) return 0;
    const auto read = readDbfLayout(dbf);
    if (const auto* why = std::get_if<std::string>(&read)) {
        throw InputError(fmt::format("{}: the file is damaged: {}: {}", shp, dbf.filename().string(), *why));
    }
    const DbfLayout& layout = std::get<DbfLayout>(read);
    const GIntBig shapes = layer.GetFeatureCount(FALSE);  // the .shx's count for this driver
    if (shapes < 0 || static_cast<GIntBig>(layout.records) == shapes) return layout.deleted;
    throw InputError(fmt::format(
        "{}: the file is damaged: it holds {} shape{} but {} holds {} record{}; the "
        "two do not belong together (one was replaced or cut short), so no shape can "
        "be trusted to carry its own attributes",
        shp, shapes, shapes == 1 ? "" : "s", dbf.filename().string(), layout.records, layout.records == 1 ? "" : "s"));
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "(none)" : out;
}

// A field name as shown and written: a UTF-8 DBF field name is cut at 10 bytes, often in the
// middle of a Chinese character (生态保护 → "生态保\xE6"); the cut character is dropped, any other
// invalid byte replaced, so that messages and output columns are valid UTF-8.
std::string shownFieldName(std::string_view raw) {
    if (isValidUtf8(raw)) return std::string(raw);
    for (std::size_t cut = 1; cut <= 3 && cut < raw.size(); ++cut) {
        const auto lead = static_cast<unsigned char>(raw[raw.size() - cut]);
        if (lead >= 0xC0 && isValidUtf8(raw.substr(0, raw.size() - cut)))
            return std::string(raw.substr(0, raw.size() - cut));
    }
    return replaceInvalidUtf8(raw);
}

// A table with two geometry columns (a point and a polygon): GDAL would read the first.
void requireOneGeometryColumn(OGRLayer& layer, const std::string& shown) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    if (defn->GetGeomFieldCount() <= 1) return;
    std::vector<std::string> columns;
    for (int i = 0; i < defn->GetGeomFieldCount(); ++i) columns.emplace_back(defn->GetGeomFieldDefn(i)->GetNameRef());
    throw InputError(fmt::format("{}|{}: has {} geometry columns ({}); name one as \"|{}(COLUMN)\", e.g. \"|{}({})\"",
                                 shown, layer.GetName(), columns.size(), joinNames(columns), layer.GetName(),
                                 layer.GetName(), columns.back()));
}

std::string quotedIdentifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// PostGIS lets a geometry column without a type constraint hold rows of several SRIDs; GDAL takes
// the first row's for the layer, and the others land hundreds of kilometres off. Refused.
void requireOneSrid(GDALDataset& dataset, OGRLayer& layer, const std::string& shown) {
    const char* column = layer.GetGeometryColumn();
    if (column == nullptr || *column == '\0') return;
    std::string table = layer.GetName();
    if (const std::size_t paren = table.find('('); paren != std::string::npos && table.back() == ')')
        table.resize(paren);  // "sites(geom)": the table, its column chosen
    const std::size_t dot = table.find('.');
    const std::string qualified = dot == std::string::npos ? quotedIdentifier(table)
                                                           : quotedIdentifier(table.substr(0, dot)) + "." +
                                                                 quotedIdentifier(table.substr(dot + 1));
    const std::string sql =
        fmt::format("SELECT DISTINCT ST_SRID({0}) AS srid FROM {1} WHERE {0} IS NOT NULL ORDER BY 1 LIMIT 5",
                    quotedIdentifier(column), qualified);
    GdalErrorCapture quiet;  // a table this cannot query (a name GDAL made up) keeps GDAL's reading
    OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result == nullptr) return;
    std::vector<std::string> srids;
    for (OGRFeatureUniquePtr f(result->GetNextFeature()); f; f.reset(result->GetNextFeature()))
        srids.push_back(f->GetFieldAsString(0));
    dataset.ReleaseResultSet(result);
    if (srids.size() <= 1) return;
    throw InputError(
        fmt::format("{}|{}: its geometry column \"{}\" holds rows of several SRIDs ({}); a layer has one "
                    "CRS: transform them to one in the database (ST_Transform), or read each through "
                    "a view",
                    shown, layer.GetName(), column, joinNames(srids)));
}

}  // namespace

// `text` without leading and trailing white space: ASCII, and the ideographic space U+3000 that
// Excel data typed on a Chinese Windows carries.
std::string trimmedKey(std::string_view text) {
    constexpr std::string_view kIdeographic = "\xE3\x80\x80";
    for (;;) {
        if (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
            text.remove_prefix(1);
        else if (text.starts_with(kIdeographic))
            text.remove_prefix(kIdeographic.size());
        else
            break;
    }
    for (;;) {
        if (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
            text.remove_suffix(1);
        else if (text.ends_with(kIdeographic))
            text.remove_suffix(kIdeographic.size());
        else
            break;
    }
    return std::string(text);
}

VectorSource VectorSource::open(const SourceSpec& spec) {
    ensureGdalRegistered();
    VectorSource src;
    src.spec_ = spec;
    if (isConnectionString(spec.path)) {
        openDatabase(src);
        return src;
    }
    std::shared_ptr<detail::ExtractedZip> zip = detail::ExtractedZip::ifZip(spec.path, spec.layer);
    if (!zip) {
        std::error_code ec;
        if (!fs::exists(spec.path, ec)) throw InputError(fmt::format("{}: file not found", spec.path));
        registerInputFile(spec.path);
        openAt(src, spec.path);
        return src;
    }
    registerInputFile(zip->zip());
    src.extractedZip_ = zip;
    try {
        openAt(src, zip->member().string(), zip->layerNamesMember());
    } catch (const CrsError& e) {
        throw CrsError(zip->inUserTerms(e.what()));
    } catch (const InputError& e) {
        throw InputError(zip->inUserTerms(e.what()));
    }
    return src;
}

void VectorSource::openDatabase(VectorSource& src) {
    const SourceSpec& spec = src.spec_;
    const std::string shown = connectionLabel(spec.path);
    if (!spec.encoding.empty()) {
        throw InputError(fmt::format("{}: encoding={} applies to files; a database hands its text over as UTF-8", shown,
                                     spec.encoding));
    }
    src.encoding_ = {"UTF-8", "database", false, {}};
    GdalErrorCapture capture;
    src.dataset_.reset(GDALDataset::Open(spec.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!src.dataset_) {
        std::string why = capture.lastError();
        // libpq does not echo a password, but a driver may echo the connection string it was given.
        const std::string redacted = redactedConnection(spec.path);  // the same text when it has no password
        for (std::size_t at = why.find(spec.path); at != std::string::npos;
             at = why.find(spec.path, at + redacted.size()))
            why.replace(at, spec.path.size(), redacted);
        // libpq's message spans lines ("PQconnectdb failed.\nconnection to server … failed: …").
        std::replace_if(
            why.begin(), why.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
        while (!why.empty() && why.back() == ' ') why.pop_back();
        throw InputError(
            fmt::format("{}: cannot connect or open it as a vector source{}", shown, why.empty() ? "" : ": " + why));
    }
    const int layerCount = src.dataset_->GetLayerCount();
    if (layerCount == 0) throw InputError(fmt::format("{}: has no table with geometry", shown));
    if (spec.layer.empty()) {
        if (layerCount > 1) {
            throw InputError(
                fmt::format("{}: has {} tables with geometry ({}); choose one (\"|TABLE\" after the "
                            "connection string, or \"layer\" in the project)",
                            shown, layerCount, joinNames(layerNames(spec.path))));
        }
        src.layer_ = src.dataset_->GetLayer(0);
    } else {
        src.layer_ = src.dataset_->GetLayerByName(spec.layer.c_str());
        if (src.layer_ == nullptr) {
            throw InputError(fmt::format("{}: no table named \"{}\" with geometry; tables are: {}", shown, spec.layer,
                                         joinNames(layerNames(spec.path))));
        }
    }
    requireOneGeometryColumn(*src.layer_, shown);
    if (src.driverName() == "PostgreSQL") requireOneSrid(*src.dataset_, *src.layer_, shown);
    src.adoptCrs();
}

void VectorSource::openAt(VectorSource& src, const std::string& file, bool layerNamesFile) {
    const SourceSpec& spec = src.spec_;
    const std::string ext = lowerExtension(file);
    if (ext == ".shp") requireShapefileParts(file);
    src.encoding_ = resolveEncoding(file, spec.encoding);
    CPLStringList options;
    if (src.encoding_.openOption && !src.encoding_.encoding.empty()) {
        // Decoded as GB18030, GBK's superset: a file labelled GBK may still carry its four-byte
        // characters beyond the sample the label was checked on.
        const std::string& e = src.encoding_.encoding;
        options.SetNameValue("ENCODING", e == "CP936" ? "GB18030" : e.c_str());
    }
    std::string openPath = file;
    // A 界址点 list (the national TXT, or a CSV of 点号,圈号,X,Y) is read into a GeoPackage in memory.
    std::shared_ptr<detail::BoundaryParcels> parcels;
    if (ext == ".txt") parcels = detail::readBoundaryPointsTxt(file, spec.crs);
    if (ext == ".csv")
        parcels = detail::readBoundaryPointsCsv(file, spec.crs, spec.encoding.empty() ? "" : src.encoding_.encoding);
    if (parcels) {
        openPath = parcels->path();
        src.readingWarnings_ = parcels->warnings();
        src.convertedFormat_ = ext == ".txt" ? "界址点 TXT" : "界址点 CSV";
        src.encoding_ = {parcels->encoding(), src.convertedFormat_, false, {}};
        src.converted_ = std::move(parcels);
    }
    // An N(19,0) DBF field (a parcel code) would otherwise be read as a double, its digits rounded.
    if (ext == ".shp" || ext == ".dbf") options.SetNameValue("ADJUST_TYPE", "YES");
    if (ext == ".csv" && !src.converted_) {
        options.SetNameValue("GEOM_POSSIBLE_NAMES", "WKT,wkt,geometry,geom,the_geom,WKT_GEOMETRY");
        options.SetNameValue("KEEP_GEOM_COLUMNS", "NO");
    }
    // Text formats GDAL reads only as UTF-8: a GBK file (or a stated encoding) is read through a
    // UTF-8 copy, where an encoding= option would otherwise be reported and ignored.
    const bool text = ext == ".csv" || ext == ".geojson" || ext == ".json" || ext == ".geojsonl" || ext == ".geojsons";
    if (text && !src.converted_) {
        if (std::shared_ptr<detail::Utf8TextCopy> copy =
                detail::Utf8TextCopy::ifNeeded(file, spec.encoding, src.encoding_)) {
            openPath = copy->path();
            src.utf8Copy_ = std::move(copy);
        }
    }

    GdalErrorCapture capture;
    src.dataset_.reset(GDALDataset::Open(openPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List()));
    if (!src.dataset_) {
        const std::string why = capture.lastError();
        throw InputError(fmt::format("{}: cannot be opened as a vector dataset{}", file,
                                     why.empty() ? " (unknown or corrupt format)" : ": " + why));
    }
    // A GeoJSON "crs" member PROJ cannot resolve: GDAL says so and reads the data as WGS 84,
    // which only looks right for lon/lat on a WGS 84-like datum.
    if (const std::string why = capture.lastError();
        !why.empty() && src.driverName() == "GeoJSON" && why.find("crs") != std::string::npos && spec.crs.empty()) {
        throw CrsError(
            fmt::format("{}: its \"crs\" member names a CRS that is not known ({}); correct it, or "
                        "state the CRS after the path (\"|crs=EPSG:4490\") or in the project",
                        file, why));
    }
    const int layerCount = src.dataset_->GetLayerCount();
    if (layerCount == 0) throw InputError(fmt::format("{}: contains no vector layer", file));
    if (spec.layer.empty()) {
        if (layerCount > 1) {
            // The path as the user gave it: a zip's extracted member is no path to give.
            throw InputError(
                fmt::format("{}: has {} layers ({}); choose one (\"{}|LAYER\" or \"layer\" in the project)", file,
                            layerCount, joinNames(layerNames(file)), spec.path));
        }
        src.layer_ = src.dataset_->GetLayer(0);
    } else {
        src.layer_ = src.dataset_->GetLayerByName(spec.layer.c_str());
        // "zones.zip|zones" chose the member zones.gpkg; its one layer may be named otherwise.
        if (src.layer_ == nullptr && layerNamesFile && layerCount == 1) src.layer_ = src.dataset_->GetLayer(0);
        if (src.layer_ == nullptr) {
            throw InputError(fmt::format("{}: no layer named \"{}\"; layers are: {}", file, spec.layer,
                                         joinNames(layerNames(file))));
        }
    }

    if (src.driverName() == "ESRI Shapefile") src.deletedRecords_ = requireMatchingShapefileParts(file, *src.layer_);

    src.adoptCrs();
}

void VectorSource::adoptCrs() {
    if (!spec_.crs.empty()) {
        try {
            crs_ = crs::Crs::fromUserInput(spec_.crs);
        } catch (const CrsError& e) {
            throw CrsError(fmt::format("{}: {}", label(), e.what()));
        }
    } else if (const OGRSpatialReference* srs = layer_->GetSpatialRef()) {
        // GeoPackage gives layers without a CRS an "Undefined geographic/Cartesian SRS":
        // that is no CRS at all, not one to transform from.
        const char* name = srs->GetName();
        const bool undefined = srs->IsLocal() || (name != nullptr && std::string(name).rfind("Undefined", 0) == 0);
        if (!undefined) crs_ = crs::Crs(*srs);
    }
}

namespace {
std::vector<std::string> listLayers(const std::string& path, bool spatialOnly) {
    ensureGdalRegistered();
    GdalErrorCapture capture;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::vector<std::string> names;
    if (!ds) return names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* layer = ds->GetLayer(i);
        if (!spatialOnly || layer->GetLayerDefn()->GetGeomFieldCount() > 0) names.emplace_back(layer->GetName());
    }
    return names;
}
}  // namespace

std::vector<std::string> VectorSource::layerNames(const std::string& path) { return listLayers(path, false); }

std::vector<std::string> VectorSource::spatialLayerNames(const std::string& path) { return listLayers(path, true); }

std::string VectorSource::label() const {
    // A database holds many tables: its label always names the one read.
    if (isConnectionString(spec_.path)) return connectionLabel(spec_.path) + "|" + (layer_ ? layerName() : spec_.layer);
    const std::string file = fs::path(spec_.path).filename().string();
    if (dataset_ && dataset_->GetLayerCount() > 1) return file + "|" + layerName();
    return file;
}

std::string VectorSource::layerName() const { return layer_->GetName(); }

std::string VectorSource::whyNoCrs() const {
    if (driverName() == "ESRI Shapefile") {
        if (const fs::path prj = existingPart(spec_.path, ".prj", ".PRJ"); !prj.empty())
            return fmt::format("its {} is not a CRS GDAL can read", prj.filename().string());
    }
    if (isConnectionString(spec_.path)) return "its geometry column has no SRID";
    return "no .prj or CRS metadata";
}

bool VectorSource::hasGeometryColumn() const { return layer_->GetLayerDefn()->GetGeomFieldCount() > 0; }

std::string VectorSource::driverName() const {
    // A 界址点 list is read through a GeoPackage in memory: the format is the file's, not that one's.
    if (!convertedFormat_.empty()) return convertedFormat_;
    return dataset_->GetDriver()->GetDescription();
}

std::vector<FieldDef> VectorSource::fields() const {
    std::vector<FieldDef> defs;
    OGRFeatureDefn* defn = layer_->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(i);
        FieldKind kind = FieldKind::String;
        if (f->GetType() == OFTInteger || f->GetType() == OFTInteger64) kind = FieldKind::Integer;
        if (f->GetType() == OFTReal) kind = FieldKind::Real;
        defs.push_back({shownFieldName(f->GetNameRef()), kind, f->GetWidth(), f->GetPrecision()});
    }
    return defs;
}

int VectorSource::requireField(const std::string& name, const std::string& role, const std::string& jsonPath) const {
    const int index = layer_->GetLayerDefn()->GetFieldIndex(name.c_str());
    if (index >= 0) return index;
    // A name cut mid-character is found by what is shown of it (the whole characters).
    const std::vector<FieldDef> shown = fields();
    for (std::size_t i = 0; i < shown.size(); ++i)
        if (shown[i].name == name) return static_cast<int>(i);
    std::vector<std::string> names;
    for (const auto& f : fields()) names.push_back(f.name);
    throw InputError(fmt::format("{}: {} \"{}\" not found{}; the fields are: {}", label(), role, name,
                                 jsonPath.empty() ? "" : " (" + jsonPath + ")", joinNames(names)));
}

std::optional<geom::Envelope> VectorSource::extent() const {
    // Drivers that scan for the extent (GeoJSON) report a damaged file here too; reading then
    // fails with Redline's own message (the file, how far it got), so GDAL's is kept off stderr.
    GdalErrorCapture quiet;
    // An empty Shapefile's header says 0,0,0,0: no extent, not one at the origin.
    if (layer_->GetFeatureCount(FALSE) == 0) return std::nullopt;
    OGREnvelope e;
    if (layer_->GetExtent(&e, TRUE) != OGRERR_NONE) return std::nullopt;
    return geom::Envelope{e.MinX, e.MinY, e.MaxX, e.MaxY};
}

std::int64_t VectorSource::featureCount() const {
    GdalErrorCapture quiet;  // as in extent(): reading reports a damaged file
    const GIntBig count = layer_->GetFeatureCount(TRUE);
    // A shapefile's count includes the records marked deleted, which reading leaves out.
    return count < 0 ? count : count - static_cast<std::int64_t>(deletedRecords_);
}

std::string VectorSource::deletedRecordsNote() const {
    if (deletedRecords_ == 0) return {};
    return fmt::format("{} record{} marked deleted in the .dbf left out, as GIS software leaves {} out",
                       deletedRecords_, deletedRecords_ == 1 ? "" : "s", deletedRecords_ == 1 ? "it" : "them");
}

std::string VectorSource::keyText(const OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) return {};
    if (f.GetFieldDefnRef(index)->GetType() == OFTReal) {
        const double v = f.GetFieldAsDouble(index);
        // Below 2^53 every whole number is exact; wider DBF codes come as Integer64 (ADJUST_TYPE).
        if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9007199254740992.0)
            return fmt::format("{:.0f}", v);
        return fmt::format("{}", v);
    }
    std::string text = f.GetFieldAsString(index);
    if (!isValidUtf8(text)) text = replaceInvalidUtf8(text);
    return trimmedKey(text);
}

FieldValue VectorSource::value(const OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) return std::monostate{};
    switch (f.GetFieldDefnRef(index)->GetType()) {
        case OFTInteger:
        case OFTInteger64:
            return static_cast<std::int64_t>(f.GetFieldAsInteger64(index));
        case OFTReal:
            return f.GetFieldAsDouble(index);
        default: {
            // A GeoPackage or GeoJSON may hold bytes that are not UTF-8 (GBK written by a careless
            // tool): replaced here, so that every output carries the same valid text.
            std::string text = f.GetFieldAsString(index);
            if (!isValidUtf8(text)) text = replaceInvalidUtf8(text);
            return text;
        }
    }
}

}  // namespace redline::io
