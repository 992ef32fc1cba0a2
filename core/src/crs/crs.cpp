// SPDX-License-Identifier: MIT
#include "redline/crs/crs.hpp"

#include <fmt/format.h>
#include <ogr_spatialref.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "redline/io/gdal_env.hpp"
#include "redline/util/error.hpp"

namespace redline::crs {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::optional<int> authorityEpsg(const OGRSpatialReference& srs, const char* node) {
    const char* authority = srs.GetAuthorityName(node);
    const char* code = srs.GetAuthorityCode(node);
    if (authority != nullptr && code != nullptr && EQUAL(authority, "EPSG")) return std::atoi(code);
    return std::nullopt;
}

}  // namespace

Crs::Crs(const OGRSpatialReference& srs) : srs_(srs.Clone(), [](OGRSpatialReference* p) { p->Release(); }) {
    srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
}

Crs Crs::fromUserInput(const std::string& text) {
    OGRSpatialReference srs;
    std::string input = text;
    // A bare number is an EPSG code, as planners write it ("4490").
    if (!input.empty() && std::all_of(input.begin(), input.end(), [](unsigned char c) { return std::isdigit(c); })) {
        input = "EPSG:" + input;
    }
    // GDAL would print its own "ERROR 1: PROJ: … crs not found" above Redline's message.
    const io::GdalErrorCapture quiet;
    if (input.empty() || srs.SetFromUserInput(input.c_str()) != OGRERR_NONE) {
        throw CrsError(
            fmt::format("unknown CRS \"{}\": give an EPSG code (e.g. EPSG:4490), WKT or a PROJ string", text));
    }
    return Crs(srs);
}

std::string Crs::name() const {
    const char* n = srs_->GetName();
    const std::string given = n != nullptr ? n : "";
    if (!given.empty() && given != "unknown") return given;
    // A CRS from a PROJ string (a city's own central meridian) is "unknown" to GDAL, and a 界址点
    // table or a map page saying "Coordinates in unknown" cannot be signed off: describe it.
    const Ellipsoid e = ellipsoid();
    const std::string onEllipsoid = e.name.empty() || e.name == "unknown"
                                        ? fmt::format("a = {:.3f} m, 1/f = {:.9g}", e.semiMajor, e.inverseFlattening)
                                        : e.name;
    if (const auto tm = transverseMercator(); tm && isProjected()) {
        return fmt::format(
            "Transverse Mercator, central meridian {:g}°, scale {:g}, false easting {:g} m, false "
            "northing {:g} m ({})",
            tm->centralMeridian, tm->scale, tm->falseEasting, tm->falseNorthing, onEllipsoid);
    }
    if (isGeographic()) return fmt::format("longitude/latitude ({})", onEllipsoid);
    char* proj4 = nullptr;
    srs_->exportToProj4(&proj4);
    std::string text = proj4 != nullptr ? proj4 : "";
    CPLFree(proj4);
    return text.empty() ? "unnamed CRS" : text;
}

std::optional<int> Crs::epsg() const {
    if (auto code = authorityEpsg(*srs_, nullptr)) return code;
    int count = 0;
    int* confidences = nullptr;
    OGRSpatialReferenceH* matches = srs_->FindMatches(nullptr, &count, &confidences);
    std::optional<int> result;
    // PROJ gives 100 for an exact match, 90 for a match up to names (typical of ESRI WKT).
    if (count > 0 && confidences[0] >= 90) {
        result = authorityEpsg(*OGRSpatialReference::FromHandle(matches[0]), nullptr);
    }
    OSRFreeSRSArray(matches);
    CPLFree(confidences);
    return result;
}

std::string Crs::label() const {
    if (auto code = epsg()) return fmt::format("EPSG:{}", *code);
    return name();
}

bool Crs::isGeographic() const { return srs_->IsGeographic() != 0; }
bool Crs::isProjected() const { return srs_->IsProjected() != 0; }

Crs Crs::geographic() const {
    if (isGeographic()) return *this;
    std::unique_ptr<OGRSpatialReference, void (*)(OGRSpatialReference*)> geog(
        srs_->CloneGeogCS(), [](OGRSpatialReference* p) { p->Release(); });
    if (!geog) throw CrsError(fmt::format("the CRS \"{}\" has no geographic base CRS", name()));
    Crs base(*geog);
    if (auto code = base.epsg()) return fromUserInput(fmt::format("EPSG:{}", *code));
    return base;
}

Ellipsoid Crs::ellipsoid() const {
    OGRErr err = OGRERR_NONE;
    Ellipsoid e;
    e.semiMajor = srs_->GetSemiMajor(&err);
    e.inverseFlattening = srs_->GetInvFlattening(&err);
    const char* spheroid = srs_->GetAttrValue("SPHEROID");
    if (spheroid == nullptr) spheroid = srs_->GetAttrValue("ELLIPSOID");
    e.name = spheroid != nullptr ? spheroid : "";
    return e;
}

std::string Crs::datumName() const {
    const char* datum = srs_->GetAttrValue("DATUM");
    return datum != nullptr ? datum : "";
}

DatumFamily Crs::datumFamily() const {
    const auto code = authorityEpsg(*srs_, "DATUM");
    const std::string n = lower(datumName());
    if (code == 1043 || n.find("china_2000") != std::string::npos || n.find("china 2000") != std::string::npos ||
        n.find("cgcs") != std::string::npos) {
        return DatumFamily::Cgcs2000;
    }
    if (code == 6610 || n.find("xian") != std::string::npos || n.find("xi'an") != std::string::npos) {
        return DatumFamily::Xian1980;
    }
    if (code == 1045 || n.find("new_beijing") != std::string::npos || n.find("new beijing") != std::string::npos) {
        return DatumFamily::NewBeijing;
    }
    if (code == 6214 || n.find("beijing") != std::string::npos) return DatumFamily::Beijing1954;
    if (code == 6326 || n.find("wgs_1984") != std::string::npos || n.find("wgs 84") != std::string::npos ||
        n.find("world geodetic system 1984") != std::string::npos) {
        return DatumFamily::Wgs84;
    }
    return DatumFamily::Other;
}

std::optional<AreaOfUse> Crs::areaOfUse() const {
    AreaOfUse a;
    const char* areaName = nullptr;
    // A CRS read from a .prj (ESRI WKT) or a GeoJSON "crs" member carries no area of use even
    // when PROJ identifies its EPSG code: take the code's, so that every driver is held alike.
    OGRSpatialReference identified;
    const OGRSpatialReference* withArea = srs_.get();
    if (!srs_->GetAreaOfUse(&a.west, &a.south, &a.east, &a.north, &areaName) || a.west == -1000) {
        const auto code = epsg();
        if (!code || identified.importFromEPSG(*code) != OGRERR_NONE) return std::nullopt;
        withArea = &identified;
    }
    if (withArea != srs_.get() && !withArea->GetAreaOfUse(&a.west, &a.south, &a.east, &a.north, &areaName)) {
        return std::nullopt;
    }
    if (a.west == -1000) return std::nullopt;  // GDAL's "unknown"
    a.name = areaName != nullptr ? areaName : "";
    if (!a.name.empty() && a.name.back() == '.') a.name.pop_back();  // EPSG ends its names with a full stop
    // The EPSG areas of CGCS2000 and its zones stop at the mainland's or Hainan's south coast
    // (16.7°–22.6°N), but the datum serves all of China's territory: the islands of Sansha City
    // in the South China Sea reach 3.9°N (Zengmu Ansha, 112.3°E), between 109.5° and 117.9°E.
    constexpr double kSanshaSouth = 3.5, kSanshaWest = 109.5, kSanshaEast = 117.9, kSouthCoast = 25.0;
    const bool reachesSouthChinaSea = a.south <= kSouthCoast && a.west <= kSanshaEast && a.east >= kSanshaWest;
    if (reachesSouthChinaSea && a.south > kSanshaSouth && datumFamily() == DatumFamily::Cgcs2000) {
        a.south = kSanshaSouth;
        a.name += " (and the islands of the South China Sea)";
    }
    return a;
}

bool Crs::isSame(const Crs& other) const {
    // ESRI WKT names datums differently (D_China_2000), so compare identified codes first.
    const auto mine = epsg(), theirs = other.epsg();
    if (mine && theirs) return *mine == *theirs;
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return srs_->IsSame(other.srs_.get(), options) != 0;
}

bool Crs::sameDatum(const Crs& other) const {
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return geographic().srs_->IsSame(other.geographic().srs_.get(), options) != 0 ||
           (datumFamily() != DatumFamily::Other && datumFamily() == other.datumFamily());
}

std::string Crs::wkt() const {
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", "MULTILINE=NO", nullptr};
    srs_->exportToWkt(&text, options);
    std::string result = text != nullptr ? text : "";
    CPLFree(text);
    return result;
}

std::optional<Crs::TransverseMercator> Crs::transverseMercator() const {
    const char* projection = srs_->GetAttrValue("PROJECTION");
    if (projection == nullptr) return std::nullopt;
    const std::string p = lower(projection);
    if (p.find("transverse_mercator") == std::string::npos && p.find("gauss_kruger") == std::string::npos) {
        return std::nullopt;
    }
    TransverseMercator tm;
    tm.centralMeridian = srs_->GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, 0.0);
    tm.falseEasting = srs_->GetNormProjParm(SRS_PP_FALSE_EASTING, 0.0);
    tm.falseNorthing = srs_->GetNormProjParm(SRS_PP_FALSE_NORTHING, 0.0);
    tm.scale = srs_->GetNormProjParm(SRS_PP_SCALE_FACTOR, 1.0);
    return tm;
}

const char* datumFamilyName(DatumFamily family) {
    switch (family) {
        case DatumFamily::Cgcs2000:
            return "CGCS2000";
        case DatumFamily::Wgs84:
            return "WGS 84";
        case DatumFamily::Xian1980:
            return "Xian 1980";
        case DatumFamily::Beijing1954:
            return "Beijing 1954";
        case DatumFamily::NewBeijing:
            return "New Beijing";
        case DatumFamily::Other:
            return "other";
    }
    return "other";
}

}  // namespace redline::crs
