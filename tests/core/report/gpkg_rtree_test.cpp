// SPDX-License-Identifier: MIT
// The bulk-loaded GeoPackage R-tree: SQLite's own check passes, queries through it find exactly
// the features a brute-force pass finds, GDAL sees and uses the index, and the triggers keep it
// current when GDAL later edits the layer.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <random>
#include <set>

#include "gpkg_rtree_p.hpp"
#include "testing.hpp"

namespace redline::report::detail {
namespace {

struct Feature {
    std::int64_t fid;
    OGREnvelope envelope;
};

// A GeoPackage layer of `n` random rectangles (plus one feature without geometry) written by GDAL
// without a spatial index, and its index added by addSpatialIndexes.
std::vector<Feature> writeIndexedLayer(const std::filesystem::path& file, int n) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4490);
    const char* options[] = {"SPATIAL_INDEX=NO", nullptr};
    OGRLayer* layer = ds->CreateLayer("sites", &srs, wkbPolygon, const_cast<char**>(options));
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> lon(116.3, 121.9), lat(30.7, 35.1), size(0.0001, 0.05);
    SpatialIndexSpec spec{layer->GetName(), layer->GetGeometryColumn(), layer->GetFIDColumn(), {}};
    std::vector<Feature> features;
    ds->StartTransaction();
    for (int i = 0; i < n; ++i) {
        OGRFeature f(layer->GetLayerDefn());
        const double x = lon(rng), y = lat(rng), w = size(rng), h = size(rng);
        OGRPolygon polygon;
        OGRLinearRing ring;
        ring.addPoint(x, y);
        ring.addPoint(x + w, y);
        ring.addPoint(x + w, y + h);
        ring.addPoint(x, y + h);
        ring.addPoint(x, y);
        polygon.addRing(&ring);
        f.SetGeometry(&polygon);
        EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
        OGREnvelope e;
        polygon.getEnvelope(&e);
        features.push_back({f.GetFID(), e});
        spec.entries.push_back(RTreeEntry::enclosing(f.GetFID(), e.MinX, e.MinY, e.MaxX, e.MaxY));
    }
    OGRFeature empty(layer->GetLayerDefn());  // no geometry: not in the index
    EXPECT_EQ(layer->CreateFeature(&empty), OGRERR_NONE);
    ds->CommitTransaction();
    ds.reset();
    addSpatialIndexes(file, {spec});
    return features;
}

std::string single(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
}

bool intersects(const OGREnvelope& e, double x0, double y0, double x1, double y1) {
    return e.MinX <= x1 && e.MaxX >= x0 && e.MinY <= y1 && e.MaxY >= y0;
}

void expectIndexFindsExactly(const std::filesystem::path& file, const std::vector<Feature>& features) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_EQ(single(db, "SELECT rtreecheck('rtree_sites_geom')"), "ok");
    EXPECT_EQ(single(db, "SELECT count(*) FROM rtree_sites_geom"), std::to_string(features.size()));
    sqlite3_close(db);

    // GDAL finds the index and filters through it; what it returns must be exactly the features
    // whose envelope meets the window.
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("sites");
    OGRLayer* has = ds->ExecuteSQL("SELECT HasSpatialIndex('sites', 'geom')", nullptr, nullptr);
    ASSERT_NE(has, nullptr);
    std::unique_ptr<OGRFeature> row(has->GetNextFeature());
    EXPECT_EQ(row->GetFieldAsInteger(0), 1);
    ds->ReleaseResultSet(has);
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> lon(116.3, 121.9), lat(30.7, 35.1), size(0.001, 0.5);
    for (int q = 0; q < 100; ++q) {
        const double x0 = lon(rng), y0 = lat(rng), x1 = x0 + size(rng), y1 = y0 + size(rng);
        layer->SetSpatialFilterRect(x0, y0, x1, y1);
        std::set<std::int64_t> found, expected;
        for (auto& f : *layer) found.insert(f->GetFID());
        for (const Feature& f : features) {
            if (intersects(f.envelope, x0, y0, x1, y1)) expected.insert(f.fid);
        }
        EXPECT_EQ(found, expected) << q;
    }
}

TEST(GpkgRTree, ManyFeaturesInSeveralLevels) {
    testing::TempDir dir;
    const auto file = dir.path() / "many.gpkg";
    const std::vector<Feature> features = writeIndexedLayer(file, 20000);  // 20,000 / 51 per node: three levels
    expectIndexFindsExactly(file, features);
}

TEST(GpkgRTree, FewFeaturesInTheRootAlone) {
    testing::TempDir dir;
    const auto file = dir.path() / "few.gpkg";
    expectIndexFindsExactly(file, writeIndexedLayer(file, 7));
    const auto none = dir.path() / "none.gpkg";
    expectIndexFindsExactly(none, writeIndexedLayer(none, 0));
}

TEST(GpkgRTree, TriggersKeepTheIndexCurrentWhenGdalEdits) {
    testing::TempDir dir;
    const auto file = dir.path() / "edit.gpkg";
    std::vector<Feature> features = writeIndexedLayer(file, 500);
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayerByName("sites");
        OGRFeature f(layer->GetLayerDefn());
        OGRPolygon polygon;
        OGRLinearRing ring;
        for (auto [x, y] : {std::pair{118.0, 32.0}, {118.1, 32.0}, {118.1, 32.1}, {118.0, 32.0}}) ring.addPoint(x, y);
        polygon.addRing(&ring);
        f.SetGeometry(&polygon);
        ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
        OGREnvelope e;
        polygon.getEnvelope(&e);
        features.push_back({f.GetFID(), e});
        ASSERT_EQ(layer->DeleteFeature(features.front().fid), OGRERR_NONE);
        features.erase(features.begin());
    }
    expectIndexFindsExactly(file, features);
}

}  // namespace
}  // namespace redline::report::detail
