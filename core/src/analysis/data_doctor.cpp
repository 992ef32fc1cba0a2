// SPDX-License-Identifier: MIT
#include "redline/analysis/data_doctor.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogrsf_frmts.h>

#include <string_view>
#include <unordered_map>

#include "outlying_features_p.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/crs/measure.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/geom/strtree.hpp"
#include "redline/geom/validity.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/util/error.hpp"
#include "ring_closure_p.hpp"

namespace redline::analysis {
namespace {

struct Item {
    std::int64_t fid;
    std::string id, category;
    geom::GeomPtr geometry;  // valid (repaired) polygonal geometry in the layer's CRS
};

void findOverlaps(std::vector<Item>& items, const crs::Measure& measure, const DoctorOptions& options,
                  DoctorReport& report, Feedback& feedback) {
    geom::StrTree tree;
    for (std::size_t i = 0; i < items.size(); ++i) tree.insert(items[i].geometry.get(), i);
    tree.finish();
    // Stacked copies of large redlines make thousands of costly pairs: Ctrl-C is heard between
    // pairs and inside GEOS, not only every 64 features (it took 81 s with 100 copies).
    geom::GeosInterruptScope interrupt(&feedback);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i % 64 == 0) feedback.setProgress(50.0 + 50.0 * static_cast<double>(i) / static_cast<double>(items.size()));
        for (std::size_t j : tree.query(geom::envelope(items[i].geometry.get()))) {
            feedback.throwIfCanceled();
            if (j <= i || !geom::intersects(items[i].geometry.get(), items[j].geometry.get())) continue;
            geom::GeomPtr common =
                geom::polygonalPart(geom::intersection(items[i].geometry.get(), items[j].geometry.get()));
            const double area = measure.area(common.get());
            if (area <= 0) continue;
            ++report.overlapCount;
            report.overlapAreaM2 += area;
            if (report.overlaps.size() < options.maxListed) {
                report.overlaps.push_back(
                    {items[i].fid, items[j].fid, items[i].id, items[j].id, items[i].category, items[j].category, area});
            }
        }
    }
    report.overlapsChecked = true;
}

}  // namespace

DoctorReport examine(const io::SourceSpec& spec, const DoctorOptions& options, Feedback& feedback) {
    io::VectorSource src = io::VectorSource::open(spec);
    DoctorReport report;
    report.path = spec.path;
    report.layer = src.layerName();
    report.driver = src.driverName();
    report.encoding = src.encoding();
    report.features = src.featureCount();
    if (!report.encoding.warning.empty()) report.warnings.push_back(report.encoding.warning);
    if (const std::string deleted = src.deletedRecordsNote(); !deleted.empty()) report.warnings.push_back(deleted);
    for (const std::string& w : src.readingWarnings()) report.warnings.push_back(w);
    report.geometryColumn = src.hasGeometryColumn();
    if (!report.geometryColumn) report.warnings.emplace_back("the layer has no geometry (an attribute table)");
    report.extent = src.extent();
    const int idField = options.idField.empty() ? -1 : src.requireField(options.idField, "id field", "--id-field");
    const int categoryField = options.categoryField.empty()
                                  ? -1
                                  : src.requireField(options.categoryField, "category field", "--category-field");

    std::unique_ptr<crs::Measure> measure;
    std::optional<geom::Envelope> plausible;  // where a feature can lie in the layer's CRS
    if (src.crs()) {
        report.crsName = src.crs()->name();
        report.epsg = src.crs()->epsg();
        report.datum = src.crs()->datumName();
        const auto family = src.crs()->datumFamily();
        if ((family == crs::DatumFamily::Xian1980 || family == crs::DatumFamily::Beijing1954) &&
            crs::towgs84Of(*src.crs())) {
            report.warnings.push_back(fmt::format(
                "datum {}: the file's TOWGS84 clause gives 7 parameters, and a check uses them to reach CGCS2000; "
                "compare them with the survey's parameter sheet",
                crs::datumFamilyName(family)));
        } else if (family == crs::DatumFamily::Xian1980 || family == crs::DatumFamily::Beijing1954) {
            report.warnings.push_back(fmt::format(
                "datum {}: no official transformation to CGCS2000 exists; a check needs 7- or 4-parameter values "
                "(datum_transform in the project file)",
                crs::datumFamilyName(family)));
        }
        if (report.extent) {
            report.coordinates = crs::diagnoseExtent(*src.crs(), *report.extent);
            if (!report.coordinates.ok()) {
                std::string few = detail::outlyingFeaturesNote(src, *src.crs(), options.idField);
                if (!few.empty()) report.coordinates.message = std::move(few);
            }
            report.extentLonLat = crs::extentInLonLat(*src.crs(), *report.extent);
        }
        measure = std::make_unique<crs::Measure>(*src.crs());
        plausible = crs::plausibleExtent(*src.crs());
    } else {
        report.warnings.emplace_back(
            fmt::format("no CRS ({}): state it with |crs=EPSG:… or \"crs\" in the project", src.whyNoCrs()));
    }

    std::vector<Item> items;
    // Every id with its first FID and, once seen again, its entry in `duplicates`.
    struct Seen {
        std::int64_t firstFid;
        std::size_t duplicate;
    };
    constexpr std::size_t kOnce = static_cast<std::size_t>(-1);
    std::unordered_map<std::string, Seen> seen;
    std::vector<DuplicateId> duplicates;
    OGRLayer& layer = src.layer();
    layer.ResetReading();
    io::GdalErrorCapture capture;
    std::int64_t n = 0, missingIds = 0, notUtf8 = 0, misplacedCount = 0;
    std::vector<std::string> misplaced;  // the first few features lying outside `plausible`
    std::string firstNotUtf8;
    for (;;) {
        capture.reset();
        OGRFeatureUniquePtr f(layer.GetNextFeature());
        if (!f) {
            if (!capture.lastError().empty()) {
                throw InputError(
                    fmt::format("{}: reading failed after {} features: {}", src.label(), n, capture.lastError()));
            }
            break;
        }
        if (++n % 256 == 0) {
            feedback.throwIfCanceled();
            if (report.features > 0)
                feedback.setProgress(50.0 * static_cast<double>(n) / static_cast<double>(report.features));
        }
        // Text that is not UTF-8 in a format that must be (GBK written into a GeoPackage): check
        // reads it with U+FFFD in its place.
        for (int i = 0; i < f->GetFieldCount() && !src.encoding().openOption; ++i) {
            if (f->GetFieldDefnRef(i)->GetType() != OFTString || !f->IsFieldSetAndNotNull(i)) continue;
            if (!io::isValidUtf8(f->GetFieldAsString(i)) && notUtf8++ == 0)
                firstNotUtf8 = fmt::format("fid {}, field {}", f->GetFID(), f->GetFieldDefnRef(i)->GetNameRef());
        }
        // As check reads them: trimmed, and an empty id is none (the fid stands in).
        std::string id = idField >= 0 ? io::VectorSource::keyText(*f, idField) : std::to_string(f->GetFID());
        const bool idMissing = id.empty();
        if (idMissing) {
            ++missingIds;
            id = std::to_string(f->GetFID());
        }
        if (const std::string why = capture.lastError(); !why.empty()) {
            // As FeatureReader: a feature without its geometry is the one that failed.
            if (f->GetGeometryRef() == nullptr) {
                if (report.damaged.size() < options.maxListed) report.damaged.push_back({f->GetFID(), id, why});
                ++report.damagedCount;
                continue;
            }
            if (!report.readError) report.readError = why;
        }
        if (idField >= 0 && !idMissing) {
            const auto [it, added] = seen.try_emplace(id, Seen{f->GetFID(), kOnce});
            if (!added) {
                if (it->second.duplicate == kOnce) {
                    it->second.duplicate = duplicates.size();
                    duplicates.push_back({id, {it->second.firstFid}});
                }
                duplicates[it->second.duplicate].fids.push_back(f->GetFID());
            }
        }
        // As check reads a constraint layer: an empty category leaves the feature out.
        const std::string category = categoryField >= 0 ? io::VectorSource::keyText(*f, categoryField) : "";
        if (categoryField >= 0 && category.empty()) {
            if (report.missingCategories.size() < options.maxListed)
                report.missingCategories.push_back({f->GetFID(), id});
            ++report.missingCategoryCount;
        }
        OGRGeometry* g = f->GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) {
            ++report.nullGeometries;
            continue;
        }
        ++report.geometryTypes[OGRGeometryTypeToName(wkbFlatten(g->getGeometryType()))];
        if (plausible) {
            // As check reads it: a feature far from where the CRS can place anything is an error.
            OGREnvelope e;
            g->getEnvelope(&e);
            if (!plausible->intersects({e.MinX, e.MinY, e.MaxX, e.MaxY})) {
                if (misplaced.size() < 5) misplaced.push_back(detail::placedFeature(id, f->GetFID(), e.MinX, e.MinY));
                ++misplacedCount;
            }
        }
        if (g->Is3D() || g->IsMeasured()) {
            ++report.measuredOr3d;
            g->flattenTo2D();
            g->setMeasured(FALSE);
        }
        if (g->hasCurveGeometry()) {
            // As the check cuts them: GDAL's default 4° chords put overlaps 8e-4 off.
            f->SetGeometryDirectly(g->getLinearGeometry(io::kCurveStepDegrees));
            g = f->GetGeometryRef();
        }
        const auto listInvalid = [&](std::string reason, std::optional<double> x, std::optional<double> y) {
            ++report.invalidCount;
            if (report.invalid.size() < options.maxListed) report.invalid.push_back({f->GetFID(), id, reason, x, y});
        };
        // As check reads it: open rings closed, rings without area dropped (and listed here).
        OGRGeometryUniquePtr owned(f->StealGeometry());
        std::vector<std::string> fixes;
        const std::string fixed = closeOpenRings(owned, fixes) ? fixes.back() : std::string();  // as check notes it
        if (owned->IsEmpty()) {
            listInvalid(fixed + ": no area is left", std::nullopt, std::nullopt);
            continue;
        }
        std::vector<unsigned char> wkb(owned->WkbSize());
        owned->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        geom::GeomPtr geometry;
        try {
            geometry = geom::fromWkb(wkb);
        } catch (const GeosError& e) {
            listInvalid(e.what(), std::nullopt, std::nullopt);
            continue;
        }
        const geom::ValidityReport validity = geom::checkValidity(geometry.get());
        if (!validity.valid) {
            listInvalid(fixed.empty() ? validity.reason : fixed + "; " + validity.reason, validity.x, validity.y);
        } else if (!fixed.empty()) {
            listInvalid(fixed, std::nullopt, std::nullopt);
        }
        if (options.checkOverlaps && measure && report.coordinates.ok() && geom::isPolygonal(geometry.get())) {
            geom::RepairResult repaired = geom::repairPolygonal(std::move(geometry));
            if (!geom::isEmpty(repaired.geometry.get())) {
                items.push_back({f->GetFID(), id, category, std::move(repaired.geometry)});
            }
        }
    }
    report.farFeatures = misplacedCount;
    if (misplacedCount > 0 && report.coordinates.ok()) {
        // A warning, not a problem: a transboundary basin's lower reaches are a fine zone, while a
        // subject there gets an error from check.
        const auto area = src.crs()->areaOfUse();
        report.warnings.push_back(fmt::format(
            "{} feature{} far outside the area of use of {} ({}): {}{}; as subjects, check gives {} an error",
            misplacedCount, misplacedCount == 1 ? " lies" : "s lie", src.crs()->label(), area ? area->name : "",
            fmt::join(misplaced, "; "), misplacedCount > static_cast<std::int64_t>(misplaced.size()) ? "; …" : "",
            misplacedCount == 1 ? "it" : "each"));
    }
    if (report.geometryColumn && !report.anyGeometry()) {
        report.warnings.emplace_back(report.features == 0 ? "the layer holds no features"
                                                          : "no feature has a geometry (all are null or empty)");
    }
    report.categoriesChecked = categoryField >= 0;
    if (report.missingCategoryCount > 0) {
        report.warnings.push_back(fmt::format("{} feature{} without a category: check leaves {} out",
                                              report.missingCategoryCount, report.missingCategoryCount == 1 ? "" : "s",
                                              report.missingCategoryCount == 1 ? "it" : "them"));
    }
    if (notUtf8 > 0) {
        report.warnings.push_back(fmt::format(
            "{} text value{} not valid UTF-8 (first: {}): read with � in place of the bad bytes; was the file "
            "written in GBK by another tool?",
            notUtf8, notUtf8 == 1 ? " is" : "s are", firstNotUtf8));
    }
    if (missingIds > 0) {
        report.warnings.push_back(fmt::format("{} feature{} without an id: check names {} by the fid", missingIds,
                                              missingIds == 1 ? "" : "s", missingIds == 1 ? "it" : "them"));
    }
    if (idField >= 0) {
        report.idsChecked = true;
        report.duplicateIdCount = static_cast<std::int64_t>(duplicates.size());
        if (duplicates.size() > options.maxListed) duplicates.resize(options.maxListed);
        report.duplicateIds = std::move(duplicates);
    }
    // Overlap areas of misplaced coordinates would be meaningless (or NaN beyond the poles).
    if (options.checkOverlaps && measure && report.coordinates.ok() && !items.empty()) {
        findOverlaps(items, *measure, options, report, feedback);
    }
    feedback.setProgress(100);
    return report;
}

}  // namespace redline::analysis
