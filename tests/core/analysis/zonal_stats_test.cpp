// SPDX-License-Identifier: MIT
// Zoning statistics on analytic shapes. Vector fixtures are rectangles in EPSG:4549 within
// 1.5 km of its central meridian, densified every 10 m, where ellipsoidal areas equal planar
// areas to better than 1e-6 relative (see conflict_check_test.cpp). Raster fixtures use
// lon/lat pixels, whose ellipsoidal areas have a closed form.
#include "redline/analysis/zonal_stats.hpp"

#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "redline/geom/geometry.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::analysis {
namespace {

using testing::denseRectangle;
constexpr double kRtol = 1e-6;
#define EXPECT_AREA(actual, expected) EXPECT_NEAR(actual, expected, kRtol* std::max(1.0, std::fabs(expected)))

const StatsRow& rowOf(const StatsResult& r, const std::string& zoneLayer, const std::string& zone,
                      const std::string& classLayer, const std::string& cls, StatsRowType type) {
    for (const auto& row : r.rows) {
        if (r.zoneLayers[row.zoneLayer].name == zoneLayer && row.zone == zone &&
            r.classLayers[row.classLayer].name == classLayer && row.cls == cls && row.type == type) {
            return row;
        }
    }
    throw std::runtime_error(fmt::format("no row {} {} {} {}", zoneLayer, zone, classLayer, cls));
}

// Zones 甲 = [499000, 500000] and 乙 = [500000, 501000] ∪ [501000, 501500] (two features), both
// over y ∈ [3500000, 3501000]; general redlines G1, G2 overlap each other; core C1 sticks out.
struct VectorFixture {
    testing::TempDir dir;
    Project project;

    VectorFixture() {
        testing::LayerOptions gk;
        gk.crs = "EPSG:4549";
        gk.layer = "zones";
        testing::writeLayer(dir.file("zones.gpkg"), {{"name"}},
                            {{denseRectangle(499000, 3500000, 500000, 3501000), {"甲"}},
                             {denseRectangle(500000, 3500000, 501000, 3501000), {"乙"}},
                             {denseRectangle(501000, 3500000, 501500, 3501000), {"乙"}}},
                            gk);
        gk.layer = "redlines";
        testing::writeLayer(dir.file("redlines.gpkg"), {{"cat"}},
                            {{denseRectangle(499500, 3500000, 500500, 3500500), {"general"}},
                             {denseRectangle(500250, 3500250, 500750, 3500750), {"general"}},
                             {denseRectangle(500900, 3500900, 501200, 3501100), {"core"}}},
                            gk);
        LayerSpec zones;
        zones.source.path = dir.file("zones.gpkg");
        zones.zoneName = "county";
        zones.zoneField = "name";
        LayerSpec classes;
        classes.source.path = dir.file("redlines.gpkg");
        classes.className = "redline";
        classes.categoryField = "cat";
        project.stats.present = true;
        project.stats.zones.push_back(zones);
        project.stats.classes.push_back(classes);
    }
};

TEST(ZonalStats, VectorCellsAreZoneIntersectUnionOfClass) {
    VectorFixture fx;
    Feedback feedback;
    const StatsResult r = computeZonalStats(fx.project, feedback);
    ASSERT_EQ(r.zoneLayers.size(), 1u);
    ASSERT_EQ(r.zoneLayers[0].zones.size(), 2u);  // 乙's two features are one zone
    EXPECT_FALSE(r.zoneLayers[0].zonesOverlap);
    // Zones sorted by value in UTF-8 byte order: 乙 (U+4E59) before 甲 (U+7532).
    EXPECT_EQ(r.zoneLayers[0].zones[0].value, "乙");
    EXPECT_AREA(r.zoneLayers[0].zones[0].areaM2, 1.5e6);
    EXPECT_AREA(r.zoneLayers[0].zones[1].areaM2, 1.0e6);

    const auto cell = [&](const std::string& zone, const std::string& cls) {
        return rowOf(r, "county", zone, "redline", cls,
                     cls == kAllClasses ? StatsRowType::ZoneTotal : StatsRowType::Cell);
    };
    // general = G1 ∪ G2: 500 000 + 250 000 − 62 500 (their overlap) = 687 500 m².
    EXPECT_AREA(cell("甲", "general").areaM2, 250000);
    EXPECT_AREA(cell("乙", "general").areaM2, 437500);
    EXPECT_AREA(cell("甲", "core").areaM2, 0);
    EXPECT_AREA(cell("乙", "core").areaM2, 30000);  // across both of 乙's features
    EXPECT_AREA(cell("乙", kAllClasses).areaM2, 467500);
    EXPECT_NEAR(*cell("乙", "general").pctOfZone(), 100.0 * 437500 / 1.5e6, 1e-4);
    EXPECT_EQ(*cell("甲", "general").features, 1);
    EXPECT_EQ(*cell("乙", "general").features, 2);
    EXPECT_EQ(*cell("乙", kAllClasses).features, 3);
    EXPECT_EQ(*cell("甲", "core").features, 0);

    EXPECT_AREA(rowOf(r, "county", kOutsideZones, "redline", "core", StatsRowType::Outside).areaM2, 30000);
    EXPECT_AREA(rowOf(r, "county", kOutsideZones, "redline", "general", StatsRowType::Outside).areaM2, 0);
    const auto& total = rowOf(r, "county", kAllZones, "redline", "general", StatsRowType::ClassTotal);
    EXPECT_AREA(total.areaM2, 687500);
    EXPECT_EQ(*total.features, 2);
    // Σ zones + outside = class total, for every class.
    for (const std::string cls : {"core", "general"}) {
        const double sum = cell("甲", cls).areaM2 + cell("乙", cls).areaM2 +
                           rowOf(r, "county", kOutsideZones, "redline", cls, StatsRowType::Outside).areaM2;
        EXPECT_NEAR(sum, rowOf(r, "county", kAllZones, "redline", cls, StatsRowType::ClassTotal).areaM2, 1e-6);
    }
}

TEST(ZonalStats, OverlappingZonesAreEachReportedInFull) {
    VectorFixture fx;
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    gk.layer = "units";
    // Two control units sharing [499500, 500000] × [3500000, 3501000] (500 000 m²).
    testing::writeLayer(fx.dir.file("units.gpkg"), {{"unit"}},
                        {{denseRectangle(499000, 3500000, 500000, 3501000), {"U1"}},
                         {denseRectangle(499500, 3500000, 500500, 3501000), {"U2"}}},
                        gk);
    LayerSpec units;
    units.source.path = fx.dir.file("units.gpkg");
    units.zoneName = "unit";
    units.zoneField = "unit";
    fx.project.stats.zones.push_back(units);
    Feedback feedback;
    const StatsResult r = computeZonalStats(fx.project, feedback);
    ASSERT_EQ(r.zoneLayers.size(), 2u);
    EXPECT_TRUE(r.zoneLayers[1].zonesOverlap);
    EXPECT_AREA(r.zoneLayers[1].overlapAreaM2, 500000);
    EXPECT_FALSE(r.notes.empty());
    // G1 lies in both units: U1 gets [499500, 500000] (250 000), U2 gets [499500, 500500] (500 000).
    EXPECT_AREA(rowOf(r, "unit", "U1", "redline", "general", StatsRowType::Cell).areaM2, 250000);
    EXPECT_AREA(rowOf(r, "unit", "U2", "redline", "general", StatsRowType::Cell).areaM2, 500000 + 62500);
    // Outside both units: the general union beyond x = 500500: 687 500 − 500 000 − 62 500.
    EXPECT_AREA(rowOf(r, "unit", kOutsideZones, "redline", "general", StatsRowType::Outside).areaM2, 125000);
}

TEST(ZonalStats, SameRowsWhateverTheThreadCount) {
    VectorFixture fx;
    Feedback feedback;
    fx.project.threads = 1;
    const StatsResult one = computeZonalStats(fx.project, feedback);
    fx.project.threads = 2;
    const StatsResult two = computeZonalStats(fx.project, feedback);
    ASSERT_EQ(one.rows.size(), two.rows.size());
    for (std::size_t i = 0; i < one.rows.size(); ++i) {
        EXPECT_EQ(one.rows[i].zone, two.rows[i].zone);
        EXPECT_EQ(one.rows[i].cls, two.rows[i].cls);
        EXPECT_EQ(one.rows[i].areaM2, two.rows[i].areaM2);  // bit for bit
    }
}

TEST(ZonalStats, ACancelledRunStops) {
    VectorFixture fx;
    Feedback feedback;
    feedback.cancel();
    EXPECT_THROW((void)computeZonalStats(fx.project, feedback), Cancelled);
}

TEST(ZonalStats, BadInputsAreNamed) {
    VectorFixture fx;
    Feedback feedback;
    Project p = fx.project;
    p.stats.zones[0].zoneField = "nmae";
    try {
        (void)computeZonalStats(p, feedback);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("nmae"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("name"), std::string::npos) << e.what();  // lists the fields
    }
    testing::LayerOptions gk;
    gk.crs = "EPSG:4549";
    testing::writeLayer(fx.dir.file("empty.gpkg"), {{"name"}}, {}, gk);
    p = fx.project;
    p.stats.zones[0].source.path = fx.dir.file("empty.gpkg");
    try {
        (void)computeZonalStats(p, feedback);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("empty.gpkg"), std::string::npos) << e.what();
    }
}

// A north-up lon/lat raster of 0.01° pixels over [118, 118.1] × [32, 32.1]: value 10 left of
// column 5, 20 right of it; pixel (row 3, column 7) is nodata (0).
std::string writeGeographicRaster(const testing::TempDir& dir, const char* crs = "EPSG:4490") {
    const std::string path = dir.file("lc.tif");
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 10, 10, 1, GDT_Byte, nullptr));
    double gt[6] = {118.0, 0.01, 0, 32.1, 0, -0.01};
    ds->SetGeoTransform(gt);
    if (crs != nullptr) {
        OGRSpatialReference srs;
        srs.SetFromUserInput(crs);
        ds->SetSpatialRef(&srs);
    }
    std::vector<std::uint8_t> values(100);
    for (int r = 0; r < 10; ++r) {
        for (int c = 0; c < 10; ++c) values[static_cast<std::size_t>(r * 10 + c)] = c < 5 ? 10 : 20;
    }
    values[3 * 10 + 7] = 0;
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(0);
    EXPECT_EQ(band->RasterIO(GF_Write, 0, 0, 10, 10, values.data(), 10, 10, GDT_Byte, 0, 0, nullptr), CE_None);
    return path;
}

double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

TEST(ZonalStats, GeographicRasterPixelsCountWithTheirEllipsoidalAreaAndCoveredFraction) {
    testing::TempDir dir;
    const std::string raster = writeGeographicRaster(dir);
    // Zone [118.015, 118.075] × [32.005, 32.085], not aligned with the pixels; its edges follow
    // the parallels (densified), so its area is the graticule cell's.
    const double x0 = 118.015, x1 = 118.075, y0 = 32.005, y1 = 32.085;
    testing::writeLayer(dir.file("zone.gpkg"), {{"name"}},
                        {{"POLYGON(" + testing::denseCell(x0, y0, x1, y1, 600) + ")", {"Z"}}});
    Project p;
    p.stats.present = true;
    LayerSpec zones;
    zones.source.path = dir.file("zone.gpkg");
    zones.zoneName = "zone";
    zones.zoneField = "name";
    p.stats.zones.push_back(zones);
    RasterSpec rs;
    rs.name = "landcover";
    rs.path = raster;
    rs.classTable = "10=water,20=forest";
    p.stats.rasters.push_back(rs);
    Feedback feedback;
    const StatsResult r = computeZonalStats(p, feedback);

    // Expected: Σ over pixels of (covered fraction in lon/lat) × (pixel's closed-form area).
    std::map<std::string, double> expected;
    for (int row = 0; row < 10; ++row) {
        for (int col = 0; col < 10; ++col) {
            const double px0 = 118.0 + col * 0.01, py1 = 32.1 - row * 0.01;
            const double fraction = overlap(px0, px0 + 0.01, x0, x1) * overlap(py1 - 0.01, py1, y0, y1) / 1e-4;
            const double area = fraction * testing::ellipsoidalCellArea(px0, py1 - 0.01, px0 + 0.01, py1);
            expected[row == 3 && col == 7 ? kNodataClass : col < 5 ? "water" : "forest"] += area;
        }
    }
    const double zoneArea = testing::ellipsoidalCellArea(x0, y0, x1, y1);
    EXPECT_NEAR(r.zoneLayers[0].zones[0].areaM2, zoneArea, 1e-6 * zoneArea);
    for (const std::string cls : {"water", "forest", kNodataClass}) {
        const double got = rowOf(r, "zone", "Z", "landcover", cls, StatsRowType::Cell).areaM2;
        EXPECT_NEAR(got, expected[cls], 1e-9 * zoneArea) << cls;
    }
    EXPECT_NEAR(rowOf(r, "zone", "Z", "landcover", kOutsideRaster, StatsRowType::Cell).areaM2, 0, 1e-9);
    // Pixels touched: columns 1..7 and rows 1..9 (row 0 spans [32.09, 32.1], above the zone);
    // water is columns 1..4.
    EXPECT_EQ(*rowOf(r, "zone", "Z", "landcover", "water", StatsRowType::Cell).features, 4 * 9);
    EXPECT_EQ(*rowOf(r, "zone", "Z", "landcover", kNodataClass, StatsRowType::Cell).features, 1);
    EXPECT_EQ(r.classLayers[0].coverageRule, "fractional");
}

TEST(ZonalStats, ProjectedZonesOverAGeographicRasterAddUpToTheZone) {
    testing::TempDir dir;
    const std::string raster = writeGeographicRaster(dir);
    // A GK (EPSG:4549) zone that reaches beyond the raster's east edge (lon 118.1).
    const double cx = 118.05, cy = 32.05;
    OGRSpatialReference geo, gk;
    geo.SetFromUserInput("EPSG:4490");
    gk.SetFromUserInput("EPSG:4549");
    geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&geo, &gk));
    double x = cx, y = cy;
    ASSERT_TRUE(ct->Transform(1, &x, &y));
    testing::LayerOptions options;
    options.crs = "EPSG:4549";
    testing::writeLayer(dir.file("zone.gpkg"), {{"name"}},
                        {{denseRectangle(x - 3000, y - 3000, x + 7000, y + 3000, 20), {"Z"}}}, options);
    Project p;
    p.stats.present = true;
    LayerSpec zones;
    zones.source.path = dir.file("zone.gpkg");
    zones.zoneName = "zone";
    zones.zoneField = "name";
    p.stats.zones.push_back(zones);
    RasterSpec rs;
    rs.name = "lc";
    rs.path = raster;
    p.stats.rasters.push_back(rs);  // no table: the values themselves
    Feedback feedback;
    const StatsResult r = computeZonalStats(p, feedback);
    const double zoneArea = r.zoneLayers[0].zones[0].areaM2;
    double sum = 0;
    for (const std::string cls : {"10", "20", kNodataClass, kOutsideRaster}) {
        sum += rowOf(r, "zone", "Z", "lc", cls, StatsRowType::Cell).areaM2;
    }
    EXPECT_GT(rowOf(r, "zone", "Z", "lc", kOutsideRaster, StatsRowType::Cell).areaM2, 0.1 * zoneArea);
    EXPECT_NEAR(sum, zoneArea, 1e-6 * zoneArea);
}

TEST(ZonalStats, RasterProblemsAreNamed) {
    testing::TempDir dir;
    testing::writeLayer(dir.file("zone.gpkg"), {{"name"}},
                        {{"POLYGON(" + testing::denseCell(118.01, 32.01, 118.09, 32.09, 10) + ")", {"Z"}}});
    Project p;
    p.stats.present = true;
    LayerSpec zones;
    zones.source.path = dir.file("zone.gpkg");
    zones.zoneName = "zone";
    zones.zoneField = "name";
    p.stats.zones.push_back(zones);
    RasterSpec rs;
    rs.name = "lc";
    rs.path = writeGeographicRaster(dir);
    rs.classTable = "10=water";  // 20 is missing
    p.stats.rasters.push_back(rs);
    Feedback feedback;
    try {
        (void)computeZonalStats(p, feedback);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("pixel value 20"), std::string::npos) << e.what();
    }
    testing::TempDir noCrs;
    p.stats.rasters[0].path = writeGeographicRaster(noCrs, nullptr);
    p.stats.rasters[0].classTable = "10=water,20=forest";
    try {
        (void)computeZonalStats(p, feedback);
        FAIL();
    } catch (const CrsError& e) {
        EXPECT_NE(std::string(e.what()).find("no CRS"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace redline::analysis
