"""What `redline map` and `redline report` draw, checked pixel by pixel through the PNG's world
file: a layer with a datum_transform (Xian 1980 + 7 parameters) is drawn where the check puts it
(it was refused: map and report failed on every such project while check succeeded); a core
redline stays visible over a general one listed after it; a conflict has its constraint's colour
and an info overlap is no conflict on the map or in the report; tables too wide keep their numbers
whole (atlas, report PDF); the report's map shares a page with its heading; --landscape turns a
custom page size."""
import os
import re
import subprocess
import unittest

import pyproj

from cli_testlib import (EXIT_OK, EXIT_USAGE, SEVEN, SEVEN_PIPELINE, RedlineTestCase, gdal, ogr, osr, redline, sample,
                         write_json)

# Map colours over a white page (docs/maps-and-reports.md): subjects orange at 85 %, core
# redline #a50f15 and general #fb6a4a at 80 %.
SUBJECT_FILL = (253, 186, 121)
CORE_FILL = (183, 63, 68)
GENERAL_FILL = (252, 136, 110)


def write_polygons(path, epsg, features, layer="layer"):
    """features: [(wkt, {field: text})]; a GeoPackage layer in EPSG:epsg."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs, ogr.wkbPolygon)
    for name in features[0][1]:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for wkt, attrs in features:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None  # noqa: F841  (flush and close)
    return path


def box(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


class Png:
    """A PNG page with its world file: the colour at a map coordinate."""

    def __init__(self, path):
        with open(path[:-4] + ".pgw") as f:
            self.a, _, _, self.e, self.c, self.f = (float(v) for v in f.read().split())
        ds = gdal.Open(path)
        self.size = (ds.RasterXSize, ds.RasterYSize)
        self.bands = [ds.GetRasterBand(i + 1).ReadAsArray() for i in range(3)]

    def at(self, x, y):
        col, row = int((x - self.c) / self.a), int((y - self.f) / self.e)
        assert 0 <= col < self.size[0] and 0 <= row < self.size[1], (x, y)
        return tuple(int(b[row, col]) for b in self.bands)


def close(colour, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


class DatumTransformMapTest(RedlineTestCase):
    """One 400 m site in Xian 1980 / GK CM 120E with the 7 parameters; constraints in CGCS2000."""

    def setUp(self):
        super().setUp()
        self.site = (500000, 3550000, 500400, 3550400)  # E, N in EPSG:2385
        write_polygons(self.path("sites.gpkg"), 2385, [(box(*self.site), {"id": "X1"})])
        # A core redline 1 km east, overlapping nothing: nothing is drawn over the site.
        write_polygons(self.path("redlines.gpkg"), 4490,
                       [(box(120.02, 32.07, 120.03, 32.08), {"category": "core"})])
        self.project = write_json(self.path("project.json"), {
            "version": 1, "name": "xian80",
            "subjects": {"path": "sites.gpkg", "id_field": "id", "datum_transform": SEVEN},
            "constraints": [{"path": "redlines.gpkg", "category_field": "category"}],
            "rules": sample("rules.json")})

    def test_map_draws_the_layer_where_the_check_puts_it(self):
        png = self.path("x1.png")
        run = redline("map", self.project, "--out", png, "--extent", "X1", "--dpi", "150", "--world-file",
                      "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        page = Png(png)
        # The map is in the check's CRS (CGCS2000 lon/lat), not Xian 1980's: the pixel size is in degrees.
        self.assertLess(abs(page.a), 1e-3)
        helmert = pyproj.Transformer.from_pipeline(SEVEN_PIPELINE)
        corners = [helmert.transform(x, y) for x, y in
                   ((self.site[0], self.site[1]), (self.site[2], self.site[1]), (self.site[2], self.site[3]),
                    (self.site[0], self.site[3]))]
        lons, lats = [c[0] for c in corners], [c[1] for c in corners]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        m = 15 / 111000  # 15 m in degrees: 20 pixels at this zoom, beyond the 0.3 mm outline
        inside = [(west + m, south + m), (east - m, south + m), (east - m, north - m), (west + m, north - m),
                  ((west + east) / 2, (south + north) / 2)]
        outside = [(west - m, (south + north) / 2), (east + m, (south + north) / 2),
                   ((west + east) / 2, south - m), ((west + east) / 2, north + m)]
        for x, y in inside:
            self.assertTrue(close(page.at(x, y), SUBJECT_FILL), (x, y, page.at(x, y)))
        for x, y in outside:
            self.assertFalse(close(page.at(x, y), SUBJECT_FILL), (x, y, page.at(x, y)))

    def test_whole_map_and_report_succeed(self):
        run = redline("map", self.project, "--out", self.path("all.pdf"), "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        run = redline("report", self.project, "--out", self.path("report.html"), "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        with open(self.path("report.html"), encoding="utf-8") as f:
            self.assertIn("X1", f.read())


class SeverityOrderTest(RedlineTestCase):
    """A core redline and a general one overlapping it, the general one listed (drawn) after."""

    def setUp(self):
        super().setUp()
        write_polygons(self.path("redlines.gpkg"), 4490, [
            (box(118.80, 32.04, 118.82, 32.06), {"category": "core"}),
            (box(118.81, 32.05, 118.83, 32.07), {"category": "general"})])
        write_polygons(self.path("sites.gpkg"), 4490, [(box(118.84, 32.04, 118.845, 32.045), {"id": "S1"})])

    def project(self, **extra):
        return write_json(self.path("project.json"), {
            "version": 1, "name": "order",
            "subjects": {"path": "sites.gpkg", "id_field": "id"},
            "constraints": [{"path": "redlines.gpkg", "category_field": "category"}],
            "rules": sample("rules.json"), **extra})

    def check_colours(self, project):
        png = self.path("order.png")
        run = redline("map", project, "--out", png, "--dpi", "100", "--world-file", "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        page = Png(png)
        self.assertTrue(close(page.at(118.805, 32.045), CORE_FILL), page.at(118.805, 32.045))
        self.assertTrue(close(page.at(118.825, 32.065), GENERAL_FILL), page.at(118.825, 32.065))
        # Where they overlap the prohibited core shows, not the restricted general area.
        self.assertTrue(close(page.at(118.815, 32.055), CORE_FILL), page.at(118.815, 32.055))

    def test_core_is_drawn_over_general(self):
        self.check_colours(self.project())

    def test_core_is_drawn_over_general_whatever_the_map_section_lists_first(self):
        style = {"category_field": "category", "stroke": "#67000d", "stroke_width_mm": 0.2, "opacity": 0.8,
                 "categories": [{"value": "general", "fill": "#fb6a4a"}, {"value": "core", "fill": "#a50f15"}]}
        self.check_colours(self.project(map={"layers": [
            {"path": "redlines.gpkg", "style": style},
            {"path": "sites.gpkg", "style": {"fill": "#fdae61", "opacity": 0.85}}]}))


class CategoryColourTest(RedlineTestCase):
    """Categories unknown to the conventional colours, listed beta, gamma, alpha; a site on alpha and
    partly on an info category, which is no conflict, and a site on the info category alone."""

    def setUp(self):
        super().setUp()
        write_polygons(self.path("redlines.gpkg"), 4490, [
            (box(118.80, 32.04, 118.82, 32.06), {"category": "beta"}),
            (box(118.80, 32.01, 118.82, 32.03), {"category": "gamma"}),
            (box(118.83, 32.04, 118.85, 32.06), {"category": "alpha"}),
            (box(118.80, 32.05, 118.85, 32.08), {"category": "note"})])
        write_polygons(self.path("sites.gpkg"), 4490, [
            (box(118.835, 32.045, 118.845, 32.055), {"id": "S1"}),
            (box(118.835, 32.072, 118.845, 32.078), {"id": "S2"})])
        write_json(self.path("rules.json"), {"name": "r", "version": "1", "categories": {
            "alpha": {"label": "甲类区", "severity": "restricted"},
            "beta": {"label": "乙类区", "severity": "prohibited"},
            "gamma": {"label": "丙类区", "severity": "restricted"},
            "note": {"label": "提示区", "severity": "info"}}})
        self.project = write_json(self.path("project.json"), {
            "version": 1, "name": "colours",
            "subjects": {"path": "sites.gpkg", "id_field": "id"},
            "constraints": [{"path": "redlines.gpkg", "category_field": "category"}],
            "rules": "rules.json"})
        self.png = self.path("colours.png")
        run = redline("map", self.project, "--out", self.png, "--dpi", "100", "--world-file", "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)

    def test_a_conflict_has_the_colour_of_its_constraint(self):
        page = Png(self.png)
        # The constraint is drawn at 80 % over the white page; the conflict over it opaque.
        constraint = page.at(118.832, 32.042)
        conflict = page.at(118.840, 32.047)
        fill = tuple(round((c - 0.2 * 255) / 0.8) for c in constraint)
        self.assertTrue(close(conflict, fill), (conflict, fill))

    def test_an_info_overlap_is_not_drawn_as_a_conflict(self):
        page = Png(self.png)
        # Where a site lies on the info category: the subject's orange (85 %) over the constraint,
        # no conflict fill on top.
        under = page.at(118.82, 32.075)
        expected = tuple(round(0.85 * s + 0.15 * u) for s, u in zip((253, 174, 97), under))
        self.assertTrue(close(page.at(118.840, 32.075), expected), (page.at(118.840, 32.075), expected))

    def test_an_info_overlap_is_not_among_what_a_subject_conflicts_with(self):
        import html.parser

        class Rows(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.rows, self.cell = [], None

            def handle_starttag(self, tag, attrs):
                if tag == "tr":
                    self.rows.append([])
                elif tag in ("td", "th"):
                    self.cell = ""

            def handle_data(self, data):
                if self.cell is not None:
                    self.cell += data

            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.cell is not None:
                    self.rows[-1].append(self.cell)
                    self.cell = None

        out = self.path("r.html")
        run = redline("report", self.project, "--out", out, "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        with open(out, encoding="utf-8") as f:
            rows = Rows()
            rows.feed(f.read())
        header = next(r for r in rows.rows if "Conflicts with" in r)
        s1 = next(r for r in rows.rows if len(r) == len(header) and r[0] == "S1")
        self.assertEqual(s1[header.index("Conflicts with")], "甲类区")
        self.assertFalse(any(r and r[0] == "S2" and len(r) == len(header) for r in rows.rows))
        # S1's own overlaps table still lists the info overlap, as 提示 / info.
        self.assertTrue(any(r and r[0] == "提示区" and "info" in r for r in rows.rows), rows.rows)


class AtlasTableTest(RedlineTestCase):
    """An atlas page whose overlaps table is too wide at 5 pt: long category labels and three
    features with long names in each category."""

    def test_numbers_stay_whole_and_the_text_columns_wrap(self):
        base = "江苏省生态空间管控区域国家级生态保护红线核心保护区"
        rules = {"name": "r", "version": "1", "categories": {
            "core": {"label": "第1类" + base[:7], "severity": "prohibited", "priority": 1},
            "general": {"label": "第2类" + base[:7], "severity": "restricted", "priority": 2}}}
        write_json(self.path("rules.json"), rules)
        name = "号南京市江宁区牛首山祖堂山风景名胜区"
        features = []
        for j in range(3):
            x = 500000 + j * 100
            features.append((box(x, 3500000, x + 100, 3501000), {"cat": "core", "code": f"HX-1{j}", "name": f"1{j}{name}"}))
            features.append((box(x, 3500000, x + 100, 3502000), {"cat": "general", "code": f"HX-2{j}", "name": f"2{j}{name}"}))
        write_polygons(self.path("redlines.gpkg"), 4549, features)
        write_polygons(self.path("sites.gpkg"), 4549, [(box(500000, 3500500, 500300, 3501500), {"id": "XM001"})])
        project = write_json(self.path("project.json"), {
            "version": 1, "name": "labels", "subjects": {"path": "sites.gpkg", "id_field": "id"},
            "constraints": [{"path": "redlines.gpkg", "category_field": "cat", "id_field": "code", "name_field": "name"}],
            "rules": "rules.json"})
        pdf = self.path("atlas.pdf")
        run = redline("map", project, "--out", pdf, "--atlas", "--lang", "zh_CN", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        text = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", pdf, "-"], stdout=subprocess.PIPE,
                              check=True).stdout.decode("utf-8")
        # Overlaps 150000 m² (15 ha, 225 亩, half the site) and 300000 m², counted 15 ha each.
        for number in ("150000.00", "300000.00", "15.0000", "30.0000", "225.00", "450.00", "50.0", "100.0"):
            self.assertIn(number, text)
        self.assertNotIn("…", text)
        # The features column wraps: every feature is named whole (in drawing order, a cell's lines
        # follow each other).
        raw = subprocess.run(["pdftotext", "-raw", "-f", "2", "-l", "2", pdf, "-"], stdout=subprocess.PIPE,
                             check=True).stdout.decode("utf-8")
        flat = "".join(raw.split())
        for j in range(3):
            self.assertIn(f"HX-1{j}1{j}{name}", flat)


class WideReportTableTest(RedlineTestCase):
    """The report's conflict area by county with many categories of long labels: a site of 100 m ×
    1 km on each, 5 ha in each of two counties (docs/maps-and-reports.md: numbers stay on one line)."""

    NAMES = ["生态保护红线·核心保护区", "生态保护红线·一般控制区", "饮用水水源一级保护区", "饮用水水源二级保护区",
             "自然保护区缓冲区", "森林公园", "湿地公园", "风景名胜区"]

    def report_rows(self, categories):
        cats = [f"k{i:02d}" for i in range(categories)]
        write_json(self.path("rules.json"), {"name": "r", "version": "1", "categories": {
            c: {"label": (self.NAMES[i % 8] + "（省级管控要求适用范围）")[:12], "severity": "restricted",
                "priority": i + 1} for i, c in enumerate(cats)}})
        write_polygons(self.path("redlines.gpkg"), 4549, [
            (box(500000 + i * 100, 3500000, 500100 + i * 100, 3502000), {"cat": c}) for i, c in enumerate(cats)])
        write_polygons(self.path("zones.gpkg"), 4549, [
            (box(490000, 3490000, 510000, 3501000), {"county": "江宁区"}),
            (box(490000, 3501000, 510000, 3511000), {"county": "溧水区"})])
        write_polygons(self.path("sites.gpkg"), 4549,
                       [(box(500000, 3500500, 500000 + categories * 100, 3501500), {"id": "XM001"})])
        project = write_json(self.path("project.json"), {
            "version": 1, "name": "zones", "subjects": {"path": "sites.gpkg", "id_field": "id"},
            "constraints": [{"path": "redlines.gpkg", "category_field": "cat"}],
            "zones": [{"name": "county", "path": "zones.gpkg", "field": "county"}], "rules": "rules.json"})
        pdf = self.path("r.pdf")
        run = redline("report", project, "--out", pdf, "--lang", "zh_CN", "--no-subject-pages", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        text = subprocess.run(["pdftotext", "-raw", pdf, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
        lines = text.splitlines()
        # The zone column's header whole, not "coun" / "ty".
        self.assertTrue(any(line.split()[:1] == ["county"] for line in lines), lines)
        # In drawing order a row's cells that stay on one line come out as one line.
        return [line.split() for line in lines if line.split()[:1] in (["江宁区"], ["溧水区"], ["合计"])]

    def check(self, rows, categories):
        by_zone = {}
        for cells in rows:
            if all(re.fullmatch(r"[0-9.]+", c) for c in cells[1:]):
                by_zone.setdefault(cells[0], []).extend(c for c in cells[1:] if "." in c)
        # Per county and in the 合计 row: a value per category and the row total, each whole (ha, 4
        # decimals), over however many parts the table is split into.
        for zone in ("江宁区", "溧水区", "合计"):
            values = by_zone.get(zone, [])
            self.assertEqual(len(values), categories + 1, (zone, rows))
            for v in values:
                self.assertRegex(v, r"^[0-9]+\.[0-9]{4}$", (zone, rows))
        self.assertEqual(by_zone["合计"][-1], f"{10 * categories}.0000")

    def test_eight_categories_fit_in_a_smaller_font(self):
        self.check(self.report_rows(8), 8)

    def test_sixteen_categories_are_split_by_columns(self):
        self.check(self.report_rows(16), 16)


class ReportMapHeadingTest(RedlineTestCase):
    def test_the_conflict_map_heading_is_on_the_page_of_its_map(self):
        # It sat alone at the foot of page 1 with the map on page 2: it kept only 40 mm with it.
        pdf = self.path("r.pdf")
        run = redline("report", sample("project.json"), "--out", pdf, "--lang", "en", "--no-subject-pages",
                      "--no-stats", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        pages = subprocess.run(["pdftotext", pdf, "-"], stdout=subprocess.PIPE, check=True).stdout.decode().split("\f")
        heading = next(i + 1 for i, page in enumerate(pages) if "Conflict map" in page.splitlines())
        images = subprocess.run(["pdfimages", "-list", pdf], stdout=subprocess.PIPE, check=True).stdout.decode()
        first_image_page = int(images.splitlines()[2].split()[0])
        self.assertEqual(heading, first_image_page)


class CustomPageTest(RedlineTestCase):
    def test_landscape_turns_a_custom_size(self):
        project = write_json(self.path("project.json"), {
            "version": 1, "subjects": {"path": sample("sites.shp"), "id_field": "site_id"},
            "constraints": [{"path": sample("redlines.shp"), "category_field": "category"}],
            "rules": sample("rules.json")})
        for flags, size in ((["--landscape"], (1181, 787)), ([], (787, 1181))):
            png = self.path("page.png")
            run = redline("map", project, "--out", png, "--size", "200x300mm", "--dpi", "100", *flags, "-q")
            self.assertEqual(run.code, EXIT_OK, run)
            ds = gdal.Open(png)
            self.assertEqual((ds.RasterXSize, ds.RasterYSize), size, flags)


    def test_a_saved_view_does_not_crop_the_whole_project(self):
        # The viewer saves its last window as map.extent; `map --extent all` (and the report's
        # overview) drew only that window, 23 of 24 conflicts off the page.
        base = {"version": 1, "subjects": {"path": sample("sites.shp"), "id_field": "site_id"},
                "constraints": [{"path": sample("redlines.shp"), "category_field": "category"}],
                "rules": sample("rules.json")}
        pgws = []
        for name, extra in (("plain", {}), ("saved", {"map": {"extent": [118.70, 32.00, 118.75, 32.05]}})):
            project = write_json(self.path(name + ".json"), dict(base, **extra))
            png = self.path(name + ".png")
            run = redline("map", project, "--out", png, "--dpi", "50", "--world-file", "--extent", "all", "-q")
            self.assertEqual(run.code, EXIT_OK, run)
            with open(png[:-4] + ".pgw") as f:
                pgws.append(f.read())
        self.assertEqual(pgws[0], pgws[1])

    def test_an_unusable_output_is_a_usage_error_before_the_check(self):
        # "x.jpg" failed only after the check, with exit 3; --world-file on a PDF was ignored.
        for args, needle in ((["--out", self.path("m.jpg")], ".png, .pdf or .svg"),
                             (["--out", self.path("m.pdf"), "--world-file"], "georeferences a PNG")):
            run = redline("map", sample("project.json"), *args, "-q")
            self.assertEqual(run.code, EXIT_USAGE, run)
            self.assertIn(needle, run.stderr)
        self.assertEqual(os.listdir(self.tmp), [])

if __name__ == "__main__":
    unittest.main()
