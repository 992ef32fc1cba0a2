// SPDX-License-Identifier: MIT
#include "redline/crs/coordinate_check.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

#include "redline/crs/transformer.hpp"

namespace redline::crs {
namespace {

bool insideAreaOfUse(const AreaOfUse& a, const geom::Envelope& lonLat) {
    geom::Envelope area{a.west - kAreaOfUseMarginDegrees, a.south - kAreaOfUseMarginDegrees,
                        a.east + kAreaOfUseMarginDegrees, a.north + kAreaOfUseMarginDegrees};
    if (a.west > a.east) area.maxX += 360;  // area crossing the antimeridian
    return area.intersects(lonLat);
}

std::optional<geom::Envelope> lonLatExtent(const Crs& crs, const geom::Envelope& e) {
    if (crs.isGeographic()) return e;
    return extentInLonLat(crs, e);
}

std::string suggestion(std::optional<int> epsg) {
    return epsg ? fmt::format("; the coordinates fit EPSG:{}", *epsg) : "";
}

// `epsg` when the extent lies in its area of use: a prefix of 13 from Web Mercator metres
// (x = 13,000,000 at 117°E) named zone 13 (75°E), which the run then refused anyway.
std::optional<int> ifItFits(std::optional<int> epsg, const geom::Envelope& e) {
    if (!epsg) return std::nullopt;
    const Crs candidate = Crs::fromUserInput(fmt::format("EPSG:{}", *epsg));
    const auto area = candidate.areaOfUse();
    const auto lonLat = lonLatExtent(candidate, e);
    return area && lonLat && insideAreaOfUse(*area, *lonLat) ? epsg : std::nullopt;
}

}  // namespace

std::optional<int> gaussKrugerEpsg(DatumFamily datum, int width, int zone, bool zonePrefixed) {
    struct Table {
        int zone6First, cm6First, zone3First, cm3First;
    };
    // First EPSG code of each family: 6° zones 13–23, 3° zones 25–45 (shared/DOMAIN.md).
    std::optional<Table> t;
    if (datum == DatumFamily::Cgcs2000) t = Table{4491, 4502, 4513, 4534};
    if (datum == DatumFamily::Xian1980) t = Table{2327, 2338, 2349, 2370};
    if (datum == DatumFamily::Beijing1954) t = Table{21413, 21453, 2401, 2422};
    if (!t) return std::nullopt;
    if (width == 6 && zone >= 13 && zone <= 23) return (zonePrefixed ? t->zone6First : t->cm6First) + zone - 13;
    if (width == 3 && zone >= 25 && zone <= 45) return (zonePrefixed ? t->zone3First : t->cm3First) + zone - 25;
    return std::nullopt;
}

CoordinateDiagnosis diagnoseExtent(const Crs& crs, const geom::Envelope& e) {
    using Kind = CoordinateDiagnosis::Kind;
    CoordinateDiagnosis d;
    const auto tm = crs.transverseMercator();
    if (tm && crs.isProjected()) {
        const bool crsZonePrefixed = tm->falseEasting >= 1e6;
        // A prefix names a Chinese zone (6°: 13–23, 3°: 25–45), the same at both ends; an easting of
        // 1.19 million m is data 700 km east of the meridian, not "zone 1".
        const int prefix = e.minX >= 1e6 ? static_cast<int>(std::floor(e.minX / 1e6)) : 0;
        const bool dataZonePrefixed = e.minX >= 1e6 && e.maxX < 1e8 &&
                                      static_cast<int>(std::floor(e.maxX / 1e6)) == prefix &&
                                      ((prefix >= 13 && prefix <= 23) || (prefix >= 25 && prefix <= 45));
        // GK northings in China are 2–6 million m; eastings 0–1 million m (or zone-prefixed).
        const bool looksSwapped = e.minX >= 1.5e6 && e.maxX <= 6.5e6 && (e.maxY < 1e6 || e.minY >= 1e7);
        if (looksSwapped && !(crsZonePrefixed && e.minX >= 1e7)) {
            d.kind = Kind::SwappedAxes;
            d.message = fmt::format(
                "X and Y look swapped: X runs {:.0f}–{:.0f} (like northings) and Y {:.0f}–{:.0f} (like eastings); "
                "Chinese survey X is north, but the file's x must be the easting",
                e.minX, e.maxX, e.minY, e.maxY);
            return d;
        }
        if (!crsZonePrefixed && dataZonePrefixed) {
            const int zone = static_cast<int>(std::floor(e.minX / 1e6));
            const int width = zone >= 25 ? 3 : 6;
            d.suggestedEpsg = ifItFits(gaussKrugerEpsg(crs.datumFamily(), width, zone, true), e);
            if (!d.suggestedEpsg && ifItFits(3857, e)) {
                d.kind = Kind::OutsideAreaOfUse;
                d.suggestedEpsg = 3857;
                d.message = fmt::format(
                    "the coordinates (x {:.0f}–{:.0f}, y {:.0f}–{:.0f}) are not {}'s but look like Web Mercator "
                    "metres (EPSG:3857, as web maps export them)",
                    e.minX, e.maxX, e.minY, e.maxY, crs.label());
                return d;
            }
            d.kind = Kind::ZonePrefixUnderCentralMeridianCrs;
            d.message = fmt::format(
                "the eastings carry a zone prefix (x = {:.0f}, zone {}) but {} has no zone prefix (false easting "
                "{:.0f}){}",
                e.minX, zone, crs.label(), tm->falseEasting, suggestion(d.suggestedEpsg));
            return d;
        }
        const int crsZone = static_cast<int>(std::floor(tm->falseEasting / 1e6));
        if (crsZonePrefixed && dataZonePrefixed && prefix != crsZone) {
            // The prefix names another zone than the CRS's: the file's .prj is of the wrong zone.
            const int width = prefix >= 25 ? 3 : 6;
            d.kind = Kind::OutsideAreaOfUse;
            d.suggestedEpsg = ifItFits(gaussKrugerEpsg(crs.datumFamily(), width, prefix, true), e);
            d.message = fmt::format("the eastings carry the prefix of zone {} (x = {:.0f}) but {} is zone {}{}", prefix,
                                    e.minX, crs.label(), crsZone, suggestion(d.suggestedEpsg));
            return d;
        }
        if (crsZonePrefixed && e.maxX < 1e6 && e.minX > -1e6) {
            // The prefix itself says the zone (a central meridian such as 129°E is both 3° zone 43
            // and 6° zone 22); numbers from 25 on are 3° zones, as elsewhere here.
            const int zone = static_cast<int>(std::floor(tm->falseEasting / 1e6));
            const int width = zone >= 25 ? 3 : 6;
            d.kind = Kind::MissingZonePrefix;
            d.suggestedEpsg = gaussKrugerEpsg(crs.datumFamily(), width, zone, false);
            d.message =
                fmt::format("the eastings have no zone prefix (x = {:.0f}) but {} expects one (false easting {:.0f}){}",
                            e.maxX, crs.label(), tm->falseEasting, suggestion(d.suggestedEpsg));
            return d;
        }
    }
    if (crs.isGeographic()) {
        const bool validLonLat = e.minX >= -180.5 && e.maxX <= 360.5 && e.minY >= -90.5 && e.maxY <= 90.5;
        const bool validSwapped = e.minY >= -180.5 && e.maxY <= 360.5 && e.minX >= -90.5 && e.maxX <= 90.5;
        const auto area = crs.areaOfUse();
        const geom::Envelope swapped{e.minY, e.minX, e.maxY, e.maxX};
        if ((!validLonLat && validSwapped) ||
            (validLonLat && area && !insideAreaOfUse(*area, e) && validSwapped && insideAreaOfUse(*area, swapped))) {
            d.kind = Kind::SwappedAxes;
            d.message = fmt::format("longitude and latitude look swapped (x {:.4f}–{:.4f}, y {:.4f}–{:.4f})", e.minX,
                                    e.maxX, e.minY, e.maxY);
            return d;
        }
        if (!validLonLat) {
            d.kind = Kind::OutsideAreaOfUse;
            d.message = fmt::format(
                "coordinates (x {:.1f}–{:.1f}, y {:.1f}–{:.1f}) are not degrees of longitude and "
                "latitude; is the CRS {} right?",
                e.minX, e.maxX, e.minY, e.maxY, crs.label());
            return d;
        }
    }
    const auto area = crs.areaOfUse();
    if (!area) return d;
    const auto lonLat = lonLatExtent(crs, e);
    if (!lonLat || !insideAreaOfUse(*area, *lonLat)) {
        d.kind = Kind::OutsideAreaOfUse;
        d.message =
            fmt::format("the data (x {:.1f}–{:.1f}, y {:.1f}–{:.1f}) lie far outside the area of use of {} ({})",
                        e.minX, e.maxX, e.minY, e.maxY, crs.label(), area->name);
    }
    return d;
}

std::optional<geom::Envelope> plausibleExtent(const Crs& crs) {
    constexpr double margin = kFeatureMarginDegrees;
    const auto area = crs.areaOfUse();
    if (!area || area->west > area->east) return std::nullopt;  // unknown, or across the antimeridian
    const geom::Envelope lonLat{std::max(-180.0, area->west - margin), std::max(-90.0, area->south - margin),
                                std::min(180.0, area->east + margin), std::min(90.0, area->north + margin)};
    if (crs.isGeographic()) return lonLat;
    const Crs geographic = crs.geographic();
    const CtPtr toCrs(OGRCreateCoordinateTransformation(&geographic.srs(), &crs.srs()));
    if (!toCrs) return std::nullopt;
    geom::Envelope out;
    if (!toCrs->TransformBounds(lonLat.minX, lonLat.minY, lonLat.maxX, lonLat.maxY, &out.minX, &out.minY, &out.maxX,
                                &out.maxY, 21)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace redline::crs
