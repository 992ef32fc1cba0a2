// SPDX-License-Identifier: MIT
// GeoPackage rows appended through SQLite (GpkgRowWriter) read back through GDAL exactly as the
// same rows written by GDAL's own GPKG driver: fields, geometries, feature counts, extents and
// spatial-filter answers; GDAL's later edits keep the counts and the index current.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <random>
#include <set>

#include "gpkg_rows_p.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/util/error.hpp"
#include "testing.hpp"

namespace redline::report::detail {
namespace {

struct TestRow {
    std::vector<io::FieldValue> values;  // name, count, share
    geom::GeomPtr geometry;              // null: no geometry
};

std::string rectangleWkt(double x, double y, double w, double h) {
    return fmt::format("({} {}, {} {}, {} {}, {} {}, {} {})", x, y, x + w, y, x + w, y + h, x, y + h, x, y);
}

// Polygons, polygons with a hole and two-part multipolygons in EPSG:4490 degrees, with text
// (Chinese, quotes, empty), extreme integers, fractions and nulls; one row without a geometry
// and one with an empty one.
std::vector<TestRow> makeRows(std::size_t n) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lon(116.3, 121.9), lat(30.7, 35.1), size(0.0001, 0.05), unit(0, 1);
    const std::vector<std::string> names{"生态保护红线", "it's \"quoted\"", "", "plain"};
    const std::vector<std::int64_t> counts{0, -7, std::numeric_limits<std::int64_t>::max(),
                                           std::numeric_limits<std::int64_t>::min()};
    std::vector<TestRow> rows;
    for (std::size_t i = 0; i < n; ++i) {
        TestRow row;
        row.values.resize(3);  // nulls, then the values of the rows that have them
        if (i % 13 != 0) row.values[0] = names[i % names.size()];
        if (i % 17 != 0) row.values[1] = counts[i % counts.size()];
        const double share = unit(rng) * 1e6 / 3;
        if (i % 19 != 0) row.values[2] = share;
        const double x = lon(rng), y = lat(rng), w = size(rng), h = size(rng);
        std::string wkt;
        switch (i % 3) {
            case 0:  // a Polygon, for the MultiPolygon column
                wkt = "POLYGON(" + rectangleWkt(x, y, w, h) + ")";
                break;
            case 1:
                wkt = "MULTIPOLYGON((" + rectangleWkt(x, y, w, h) + ", " +
                      rectangleWkt(x + w / 4, y + h / 4, w / 2, h / 2) + "))";
                break;
            default:
                wkt = "MULTIPOLYGON((" + rectangleWkt(x, y, w, h) + "), (" + rectangleWkt(x + 2 * w, y, w, h) + "))";
        }
        if (i == 5) wkt.clear();
        if (i == 6) wkt = "MULTIPOLYGON EMPTY";
        if (!wkt.empty()) row.geometry = geom::fromWkt(wkt);
        rows.push_back(std::move(row));
    }
    return rows;
}

OGRLayer* createSites(GDALDataset& ds, bool spatialIndex) {
    OGRSpatialReference srs;
    srs.importFromEPSG(4490);
    const char* options[] = {spatialIndex ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO", nullptr};
    OGRLayer* layer = ds.CreateLayer("sites", &srs, wkbMultiPolygon, const_cast<char**>(options));
    OGRFieldDefn name("name", OFTString), count("count", OFTInteger64), share("share", OFTReal);
    EXPECT_EQ(layer->CreateField(&name), OGRERR_NONE);
    EXPECT_EQ(layer->CreateField(&count), OGRERR_NONE);
    EXPECT_EQ(layer->CreateField(&share), OGRERR_NONE);
    OGRLayer* notes = ds.CreateLayer("notes", nullptr, wkbNone, nullptr);
    OGRFieldDefn text("text", OFTString);
    EXPECT_EQ(notes->CreateField(&text), OGRERR_NONE);
    return layer;
}

GDALDatasetUniquePtr createGpkg(const std::filesystem::path& file) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    return GDALDatasetUniquePtr(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
}

// The reference: every row through OGR, GDAL's own spatial index.
void writeThroughOgr(const std::filesystem::path& file, const std::vector<TestRow>& rows) {
    GDALDatasetUniquePtr ds = createGpkg(file);
    OGRLayer* layer = createSites(*ds, true);
    OGRLayer* notes = ds->GetLayerByName("notes");
    ds->StartTransaction();
    for (const TestRow& row : rows) {
        OGRFeature f(layer->GetLayerDefn());
        for (int i = 0; i < 3; ++i) {
            const io::FieldValue& v = row.values[static_cast<std::size_t>(i)];
            if (const auto* s = std::get_if<std::string>(&v)) f.SetField(i, s->c_str());
            if (const auto* n = std::get_if<std::int64_t>(&v)) f.SetField(i, static_cast<GIntBig>(*n));
            if (const auto* d = std::get_if<double>(&v)) f.SetField(i, *d);
        }
        if (row.geometry) {
            const std::vector<unsigned char> wkb = geom::toWkb(row.geometry.get());
            OGRGeometry* g = nullptr;
            ASSERT_EQ(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()), OGRERR_NONE);
            f.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
        }
        ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
        OGRFeature note(notes->GetLayerDefn());
        note.SetField(0, "a note");
        ASSERT_EQ(notes->CreateFeature(&note), OGRERR_NONE);
    }
    ds->CommitTransaction();
}

// The same rows: the layers made by GDAL, which closes the file; the rows through SQLite.
void writeThroughSqlite(const std::filesystem::path& file, const std::vector<TestRow>& rows) {
    {
        GDALDatasetUniquePtr ds = createGpkg(file);
        createSites(*ds, false);
    }
    GpkgRowWriter writer(file, {{"sites", "fid", "geom", {"name", "count", "share"}}, {"notes", "fid", "", {"text"}}});
    const std::vector<io::FieldValue> note{io::FieldValue(std::string("a note"))};
    for (const TestRow& row : rows) {
        writer.insert(0, row.values, encodeGpkgGeometry(row.geometry.get(), writer.srsId(0)));
        writer.insert(1, note);
    }
    writer.finish();
}

void expectSameFeatures(OGRLayer& expected, OGRLayer& actual) {
    ASSERT_EQ(expected.GetFeatureCount(FALSE), actual.GetFeatureCount(FALSE));
    expected.ResetReading();
    actual.ResetReading();
    for (;;) {
        std::unique_ptr<OGRFeature> e(expected.GetNextFeature()), a(actual.GetNextFeature());
        ASSERT_EQ(e == nullptr, a == nullptr);
        if (!e) break;
        ASSERT_EQ(e->GetFID(), a->GetFID());
        for (int i = 0; i < e->GetFieldCount(); ++i) {
            EXPECT_EQ(e->IsFieldSetAndNotNull(i), a->IsFieldSetAndNotNull(i)) << e->GetFID() << " field " << i;
            EXPECT_STREQ(e->GetFieldAsString(i), a->GetFieldAsString(i)) << e->GetFID() << " field " << i;
        }
        EXPECT_EQ(e->GetFieldAsInteger64(1), a->GetFieldAsInteger64(1));
        EXPECT_EQ(e->GetFieldAsDouble(2), a->GetFieldAsDouble(2));
        const OGRGeometry *ge = e->GetGeometryRef(), *ga = a->GetGeometryRef();
        ASSERT_EQ(ge == nullptr, ga == nullptr) << e->GetFID();
        if (ge == nullptr) continue;
        EXPECT_EQ(ge->IsEmpty(), ga->IsEmpty()) << e->GetFID();
        std::vector<unsigned char> we(static_cast<std::size_t>(ge->WkbSize())),
            wa(static_cast<std::size_t>(ga->WkbSize()));
        ge->exportToWkb(wkbNDR, we.data(), wkbVariantIso);
        ga->exportToWkb(wkbNDR, wa.data(), wkbVariantIso);
        EXPECT_EQ(we, wa) << e->GetFID();
    }
}

std::set<GIntBig> filtered(OGRLayer& layer, double x0, double y0, double x1, double y1) {
    layer.SetSpatialFilterRect(x0, y0, x1, y1);
    std::set<GIntBig> fids;
    for (auto& f : layer) fids.insert(f->GetFID());
    layer.SetSpatialFilter(nullptr);
    return fids;
}

// The numbers in the first row `sql` selects from the GeoPackage's own tables.
std::vector<double> stored(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    std::vector<double> values;
    if (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); ++i) values.push_back(sqlite3_column_double(s, i));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return values;
}

TEST(GpkgRows, ReadBackAsGdalsOwnGpkgDriverWritesThem) {
    testing::TempDir dir;
    const auto reference = dir.path() / "ogr.gpkg", written = dir.path() / "sqlite.gpkg";
    const std::vector<TestRow> rows = makeRows(3000);
    writeThroughOgr(reference, rows);
    writeThroughSqlite(written, rows);

    GDALDatasetUniquePtr e(GDALDataset::Open(reference.c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr a(GDALDataset::Open(written.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(e && a);
    for (const char* name : {"sites", "notes"}) {
        OGRLayer *le = e->GetLayerByName(name), *la = a->GetLayerByName(name);
        ASSERT_TRUE(le && la) << name;
        // The count GDAL answers from without counting rows.
        EXPECT_EQ(
            stored(written, fmt::format("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = '{}'", name)),
            std::vector<double>{3000})
            << name;
        expectSameFeatures(*le, *la);
    }
    OGRLayer *le = e->GetLayerByName("sites"), *la = a->GetLayerByName("sites");
    // gpkg_contents holds the geometries' extent exactly; GDAL prints and reads it with 15
    // significant digits, so both files' extents as GDAL reports them are within 1e-12°.
    geom::Envelope exact{1e300, 1e300, -1e300, -1e300};
    for (const TestRow& row : rows) {
        if (!row.geometry || geom::isEmpty(row.geometry.get())) continue;
        const geom::Envelope g = geom::envelope(row.geometry.get());
        exact = {std::min(exact.minX, g.minX), std::min(exact.minY, g.minY), std::max(exact.maxX, g.maxX),
                 std::max(exact.maxY, g.maxY)};
    }
    EXPECT_EQ(stored(written, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'sites'"),
              (std::vector<double>{exact.minX, exact.minY, exact.maxX, exact.maxY}));
    for (OGRLayer* layer : {le, la}) {
        OGREnvelope reported;
        ASSERT_EQ(layer->GetExtent(&reported, FALSE), OGRERR_NONE);
        EXPECT_NEAR(reported.MinX, exact.minX, 1e-12);
        EXPECT_NEAR(reported.MinY, exact.minY, 1e-12);
        EXPECT_NEAR(reported.MaxX, exact.maxX, 1e-12);
        EXPECT_NEAR(reported.MaxY, exact.maxY, 1e-12);
    }
    EXPECT_TRUE(la->TestCapability(OLCFastSpatialFilter));
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> lon(116.3, 121.9), lat(30.7, 35.1), size(0.001, 0.4);
    for (int q = 0; q < 50; ++q) {
        const double x0 = lon(rng), y0 = lat(rng), x1 = x0 + size(rng), y1 = y0 + size(rng);
        EXPECT_EQ(filtered(*le, x0, y0, x1, y1), filtered(*la, x0, y0, x1, y1)) << q;
    }
}

TEST(GpkgRows, GdalEditsAfterwardsKeepCountsAndIndexCurrent) {
    testing::TempDir dir;
    const auto file = dir.path() / "edit.gpkg";
    writeThroughSqlite(file, makeRows(200));
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayerByName("sites");
        OGRFeature f(layer->GetLayerDefn());
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt("MULTIPOLYGON(((125 40,125.1 40,125.1 40.1,125 40)))", nullptr, &g),
                  OGRERR_NONE);
        f.SetGeometryDirectly(g);
        ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
        ASSERT_EQ(layer->DeleteFeature(1), OGRERR_NONE);
    }
    {
        // An edit outside GDAL: the feature-count triggers must be back.
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        // (Inserting into sites would need GDAL's ST_ functions for the R-tree trigger.)
        EXPECT_EQ(sqlite3_exec(db, "DELETE FROM sites WHERE fid = 2; INSERT INTO notes (text) VALUES ('raw')", nullptr,
                               nullptr, nullptr),
                  SQLITE_OK)
            << sqlite3_errmsg(db);
        sqlite3_close(db);
    }
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    OGRLayer* layer = ds->GetLayerByName("sites");
    EXPECT_EQ(layer->GetFeatureCount(FALSE), 199);
    EXPECT_EQ(ds->GetLayerByName("notes")->GetFeatureCount(FALSE), 201);
    EXPECT_EQ(filtered(*layer, 124.9, 39.9, 125.2, 40.2).size(), 1U);
    OGREnvelope e;
    ASSERT_EQ(layer->GetExtent(&e, FALSE), OGRERR_NONE);
    EXPECT_GE(e.MaxX, 125.1);
}

TEST(GpkgRows, RefusesATableThatAlreadyHasRowsNamingTheFile) {
    testing::TempDir dir;
    const auto file = dir.path() / "full.gpkg";
    writeThroughOgr(file, makeRows(3));
    try {
        GpkgRowWriter writer(file, {{"sites", "fid", "geom", {"name", "count", "share"}}});
        FAIL() << "accepted a table with rows";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("full.gpkg"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("sites already has rows"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace redline::report::detail
