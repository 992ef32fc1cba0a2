"""A site in conflict only through a buffer rule (450 m from a water source with a 500 m rule),
checked from outside the program: its atlas page and its map in the report must show the water
source that causes the conflict (the page's world file puts the water source's point nearest the
site on the page, in the water's fill colour) and the rule's ring around the site (shapely's buffer
in a local azimuthal equidistant projection, pyproj).

The data are built here in EPSG:4490 near 32°N; test_clear_report.py uses them too."""
import base64
import os
import tempfile
import unittest

import numpy as np
import pyproj
from PIL import Image
from shapely.geometry import Point, Polygon
from shapely.ops import nearest_points, transform

from cli_testlib import EXIT_OK, GEOD, load_json, ogr, osr, redline, sample, write_json
from test_map_report import Tables, read_text

WATER = Polygon([(118.800, 32.000), (118.806, 32.000), (118.806, 32.005), (118.800, 32.005)])
CORE = Polygon([(118.850, 31.990), (118.860, 31.990), (118.860, 32.000), (118.850, 32.000)])
CORNER = (118.806, 32.005)  # the water's north-east corner


def diamond_east_of(corner, metres):
    """A diamond ~300 m wide whose west vertex is `metres` due east of `corner` (same latitude).
    The water's east edge is a meridian: the geodesic from that vertex perpendicular to it meets it
    poleward of the corner, so the nearest point of the water is the corner itself."""
    lon, lat, _ = GEOD.fwd(corner[0], corner[1], 90, metres)
    dlon, dlat = 0.0032, 0.0012
    return Polygon([(lon, lat), (lon + dlon / 2, lat - dlat), (lon + dlon, lat), (lon + dlon / 2, lat + dlat)])


BUFFER_SITE = diamond_east_of(CORNER, 450.0)
CLEAR_SITE = diamond_east_of(CORNER, 3000.0)
FAR_SITE = diamond_east_of(CORNER, 5000.0)  # a second clear site, for the limit


def geod_area(poly):
    return abs(GEOD.geometry_area_perimeter(poly)[0])


def write_layer(path, name, fields, rows):
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.Open(path, 1) if os.path.exists(path) else drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    layer = ds.CreateLayer(name, srs, ogr.wkbPolygon)
    for f in fields:
        layer.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    for values, geometry in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for f, v in zip(fields, values):
            feature.SetField(f, v)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(geometry.wkb))
        layer.CreateFeature(feature)
    ds = None  # noqa: F841


def make_project(tmp):
    data = os.path.join(tmp, "data.gpkg")
    write_layer(data, "sites", ("site_id", "name"), [(("B1", "缓冲地块"), BUFFER_SITE), (("C1", "无冲突地块"), CLEAR_SITE),
                                                           (("C2", "远处地块"), FAR_SITE)])
    write_layer(data, "constraints", ("code", "name", "category"),
                [(("SY-1", "水源地", "water_source"), WATER), (("HX-1", "核心区", "core"), CORE)])
    split = 118.83
    write_layer(data, "basins", ("basin",), [(("长江",), Polygon([(118.7, 31.9), (split, 31.9), (split, 32.1), (118.7, 32.1)])),
                                             (("太湖",), Polygon([(split, 31.9), (119.0, 31.9), (119.0, 32.1), (split, 32.1)]))])
    write_layer(data, "counties", ("county",), [(("江宁区",), Polygon([(118.7, 31.9), (119.0, 31.9), (119.0, 32.1), (118.7, 32.1)]))])
    project = {
        "version": 1, "name": "缓冲与无冲突",
        "subjects": {"path": data, "layer": "sites", "id_field": "site_id", "name_field": "name"},
        "constraints": [{"path": data, "layer": "constraints", "category_field": "category", "id_field": "code",
                         "name_field": "name"}],
        "zones": [{"name": "basin", "path": data, "layer": "basins", "field": "basin"},
                  {"name": "county", "path": data, "layer": "counties", "field": "county"}],
        "rules": sample("rules.json"),
    }
    return write_json(os.path.join(tmp, "project.json"), project)


def local_metres(poly):
    """`poly` in an azimuthal equidistant projection at its centre, and the way back."""
    c = poly.centroid
    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=GRS80 +units=m")
    fwd = pyproj.Transformer.from_crs("EPSG:4490", aeqd, always_xy=True).transform
    back = pyproj.Transformer.from_crs(aeqd, "EPSG:4490", always_xy=True).transform
    return transform(fwd, poly), back


class BufferConflictPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name
        cls.project = make_project(cls.tmp)
        cls.check = os.path.join(cls.tmp, "check")
        run = redline("check", cls.project, "--out", cls.check, "-q")
        assert run.code == EXIT_OK, run
        cls.result = {s["id"]: s for s in load_json(os.path.join(cls.check, "result.json"))["subjects"]}
        cls.atlas = os.path.join(cls.tmp, "atlas", "atlas.png")
        run = redline("map", cls.project, "--atlas", "--out", cls.atlas, "--world-file", "--dpi", "100", "-q")
        assert run.code == EXIT_OK, run
        cls.page = os.path.join(cls.tmp, "atlas", "atlas_02.png")  # the overview, then B1's page

    def test_the_site_is_in_conflict_through_the_buffer_only(self):
        b1 = self.result["B1"]
        self.assertEqual(b1["status"], "conflict")
        self.assertEqual(b1["overlaps"], [])
        water = [w for w in b1["within_buffer"] if w["category"] == "water_source"]
        self.assertEqual(len(water), 1)
        self.assertAlmostEqual(water[0]["distance_m"], GEOD.inv(*CORNER, *BUFFER_SITE.exterior.coords[0])[2], delta=0.05)

    def pixel(self, lon, lat):
        a, _, _, e, c0, f0 = [float(v) for v in read_text(self.page[:-4] + ".pgw").split()]
        return int((lon - c0) / a), int((lat - f0) / e)

    def test_the_water_source_is_on_the_subjects_page(self):
        image = np.asarray(Image.open(self.page).convert("RGB")).astype(int)
        h, w, _ = image.shape
        # The water's point nearest the site, and one 20 m inside the water from it.
        near = nearest_points(WATER, BUFFER_SITE)[0]
        lon, lat, _ = GEOD.fwd(near.x, near.y, 225, 20)
        self.assertTrue(WATER.contains(Point(lon, lat)))
        col, row = self.pixel(lon, lat)
        self.assertTrue(0 <= col < w and 0 <= row < h, f"the water's nearest point is off the page: {(col, row)}")
        r, g, b = image[row, col]
        self.assertGreater(b, r + 30, f"not the water's blue at its nearest point: {(r, g, b)}")
        self.assertGreater(b, g, f"not the water's blue at its nearest point: {(r, g, b)}")

    def test_the_buffer_ring_is_drawn_around_the_site(self):
        image = np.asarray(Image.open(self.page).convert("RGB")).astype(int)
        metric, back = local_metres(BUFFER_SITE)
        ring = metric.buffer(500, 64).exterior
        hits = tried = 0
        for t in np.linspace(0, 1, 120, endpoint=False):
            p = ring.interpolate(t, normalized=True)
            lon, lat = back(p.x, p.y)
            if WATER.buffer(0.0005).contains(Point(lon, lat)):
                continue  # over the water's own fill and outline
            col, row = self.pixel(lon, lat)
            tried += 1
            patch = image[row - 2:row + 3, col - 2:col + 3].reshape(-1, 3)
            # The ring is dark blue (dashed: some samples fall in its gaps).
            hits += any(px[2] > px[0] + 40 and px.sum() < 500 for px in patch)
        self.assertGreater(tried, 60)
        self.assertGreater(hits / tried, 0.4, f"{hits} of {tried} points of the 500 m ring are drawn")

    def test_the_report_map_of_the_site_shows_the_water_source(self):
        out = os.path.join(self.tmp, "report.html")
        run = redline("report", self.project, "--out", out, "--no-stats", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        # The water's fill as the atlas page drew it (at a point the world file puts inside it)…
        page = np.asarray(Image.open(self.page).convert("RGB")).astype(int)
        near = nearest_points(WATER, BUFFER_SITE)[0]
        col, row = self.pixel(*GEOD.fwd(near.x, near.y, 225, 20)[:2])
        self.assertTrue(0 <= row < page.shape[0] and 0 <= col < page.shape[1], "the water is off the atlas page")
        fill = page[row, col]
        self.assertLess(fill.sum(), 600, f"white at the water: {tuple(fill)}")
        # …covers a good part of B1's map in the report, not just its legend swatch.
        tables = Tables()
        tables.feed(read_text(out))
        images = [src for src in tables.images if src.startswith("data:image/png;base64,")]
        self.assertEqual(len(images), 2)  # the overview and B1's map
        path = os.path.join(self.tmp, "b1.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(images[1].split(",", 1)[1]))
        subject_map = np.asarray(Image.open(path).convert("RGB")).astype(int)
        same = (np.abs(subject_map - fill).sum(axis=2) <= 6).sum()
        self.assertGreater(same, 0.01 * subject_map.shape[0] * subject_map.shape[1],
                           f"{same} pixels of the water's colour {tuple(fill)} on B1's map")


if __name__ == "__main__":
    unittest.main()
