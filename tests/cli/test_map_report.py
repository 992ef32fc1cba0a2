"""redline map and redline report on the sample project, checked from the outside: page sizes and
counts with pdfinfo, text with pdftotext, vector content in the PDF's and SVG's own operators,
the scale bar's stated length against the ground distance its drawn length covers (pyproj's
Geod on the world file's georeferencing), colour under the conflicts in the PNG, report totals
that add up exactly, site areas and 界址点 against pyproj, and bad input."""
import base64
import csv
import decimal
import hashlib
import html.parser
import io
import math
import os
import re
import subprocess
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

from PIL import Image
from shapely.validation import make_valid
import shapely.wkb

from cli_testlib import (EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, EXIT_INPUT, GEOD, absolute_project, gdal, load_json, ogr,
                         osr, redline, sample, write_json)

PROJECT = sample("project.json")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def pdfinfo(path):
    out = subprocess.run(["pdfinfo", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdftext(path, first=None, last=None, bbox=False):
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    if bbox:
        args.append("-bbox")
    return subprocess.run(args + [path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()


def pdf_content_ops(path):
    """Counts of PDF content operators over all page streams (Flate-decoded)."""
    data = read_bytes(path)
    counts = {}
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            text = zlib.decompress(data[m.end():end]).decode("latin1")
        except zlib.error:
            continue
        for op in re.findall(r"(?<=\s)(l|m|c|f|f\*|re|Tj|BT)(?=\s)", text):
            counts[op] = counts.get(op, 0) + 1
    return counts


def conflicted_ids(tmp):
    run = redline("check", PROJECT, "--out", os.path.join(tmp, "check"), "-q")
    assert run.code == EXIT_OK, run
    with open(os.path.join(tmp, "check", "subjects.csv"), encoding="utf-8-sig") as f:
        return [row["id"] for row in csv.DictReader(f) if row["status"] == "conflict"]


class Tables(html.parser.HTMLParser):
    """Tables of an HTML report: rows of cell texts, with the total row marked."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.row, self.images = [], None, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"header": [], "rows": [], "total": None, "numeric": []})
        elif tag == "tr":
            self.row = {"cells": [], "total": a.get("class") == "total", "numeric": []}
        elif tag in ("td", "th", "caption"):
            self.cell = ""
            if self.row is not None:
                self.row["numeric"].append(a.get("class") == "n")
        elif tag == "img":
            self.images.append(a.get("src", ""))

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = self.cell
            self.cell = None
        elif tag in ("td", "th") and self.row is not None:
            self.row["cells"].append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            t = self.tables[-1]
            if not t["header"]:
                t["header"] = self.row["cells"]
            elif self.row["total"]:
                t["total"] = self.row
            else:
                t["rows"].append(self.row)
            self.row = None


def assert_totals_add_up(test, table, label):
    """Every numeric column with a value in the total row equals the sum of its rows as printed."""
    total = table["total"]
    for c, text in enumerate(total["cells"]):
        if c == 0 or not re.fullmatch(r"-?\d+(\.\d+)?", text.strip()):
            continue
        values = [r["cells"][c].strip() for r in table["rows"]]
        values = [decimal.Decimal(v) for v in values if v]
        test.assertEqual(sum(values), decimal.Decimal(text.strip()),
                         f"{label}: column {table['header'][c]} rows {values} vs total {text}")


class MapTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="redline-map-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.conflicted = conflicted_ids(cls.tmp)

    def test_pdf_is_vector_with_text_and_embedded_cjk_font(self):
        out = os.path.join(self.tmp, "map.pdf")
        run = redline("map", PROJECT, "--out", out, "--size", "A4", "--landscape", "--lang", "zh_CN",
                      "--title", "测试红线冲突图")
        self.assertEqual(run.code, EXIT_OK, run)
        info = pdfinfo(out)
        self.assertEqual(info["Pages"].strip(), "1")
        w, h = map(float, re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
        self.assertAlmostEqual(w, 297 / 25.4 * 72, delta=1)  # A4 landscape: 841.9 x 595.3 pt
        self.assertAlmostEqual(h, 210 / 25.4 * 72, delta=1)
        text = pdftext(out)
        self.assertIn("测试红线冲突图", text)
        for entry in ("图例", "生态保护红线·核心保护区", "生态保护红线·一般控制区", "冲突图斑", "比例尺", "EPSG:4490"):
            self.assertIn(entry, text)
        ops = pdf_content_ops(out)
        self.assertGreater(ops.get("l", 0), 5000, ops)  # polygons are paths of line segments
        self.assertGreater(ops.get("f", 0) + ops.get("f*", 0), 50, ops)  # and filled
        fonts = subprocess.run(["pdffonts", out], stdout=subprocess.PIPE, check=True).stdout.decode()
        cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
        self.assertTrue(cjk, fonts)
        self.assertTrue(all(" yes " in line for line in cjk), fonts)  # embedded

    def test_atlas_has_a_page_per_conflicted_subject_and_boundary_points(self):
        out = os.path.join(self.tmp, "atlas.pdf")
        run = redline("map", PROJECT, "--out", out, "--atlas", "--lang", "zh_CN", "--size", "A3", "--landscape")
        self.assertEqual(run.code, EXIT_OK, run)
        pages = int(pdfinfo(out)["Pages"])
        self.assertEqual(pages, 1 + len(self.conflicted))
        self.assertIn("420 x 297", re.sub(r"(\d+\.?\d*)", lambda m: str(round(float(m.group()) * 25.4 / 72)),
                                          pdfinfo(out)["Page size"]))
        titles = [pdftext(out, p).strip().splitlines()[0] for p in range(2, pages + 1)]
        self.assertEqual(sorted(t.split()[0] for t in titles), sorted(self.conflicted))
        # The first atlas page is the most severe, largest conflict: a prohibited subject.
        self.assertIn("禁止", pdftext(out, 2))
        self.assertIn("合计", pdftext(out, 2))

        out2 = os.path.join(self.tmp, "points.pdf")
        run = redline("map", PROJECT, "--out", out2, "--atlas", "--boundary-points", "--lang", "zh_CN")
        self.assertEqual(run.code, EXIT_OK, run)
        self.assertGreaterEqual(int(pdfinfo(out2)["Pages"]), 1 + 2 * len(self.conflicted))
        self.assertIn("界址点", pdftext(out2, 3))

    def test_boundary_points_over_several_pages_are_each_printed_once(self):
        # A site of 330 vertices: its 界址点 table runs over several pages. The rows per page were
        # counted at 72 dpi and drawn at the PDF's 1200, where one more fits: J54, J107, … were
        # printed at the bottom of a page and again at the top of the next.
        tmp = tempfile.mkdtemp(prefix="redline-points-")
        self.addCleanup(shutil.rmtree, tmp, True)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4490)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(os.path.join(tmp, "sites.shp"))
        layer = ds.CreateLayer("sites", srs, ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("site_id", ogr.OFTString))
        ring = ogr.Geometry(ogr.wkbLinearRing)
        n = 330
        for i in range(n + 1):  # inside core redline HX-003, around XM001
            a = 2 * math.pi * (i % n) / n
            ring.AddPoint_2D(118.5849 + 0.0024 * math.cos(a), 32.0802 + 0.002 * math.sin(a))
        polygon = ogr.Geometry(ogr.wkbPolygon)
        polygon.AddGeometry(ring)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("site_id", "P330")
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
        ds = None
        project = write_json(os.path.join(tmp, "project.json"), absolute_project(
            "project.json", subjects={"path": os.path.join(tmp, "sites.shp"), "id_field": "site_id"}))
        out = os.path.join(tmp, "atlas.pdf")
        run = redline("map", project, "--out", out, "--atlas", "--boundary-points", "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", out, "-"], stdout=subprocess.PIPE,
                              check=True).stdout.decode()
        printed = re.findall(r"^\s*(J\d+)\s+1\s", text, re.M)
        self.assertGreater(int(pdfinfo(out)["Pages"]), 4)  # the overview, the map, 3+ pages of points
        # J1 … J330 once each, and J1 again closing the ring.
        self.assertEqual(sorted(printed), sorted([f"J{i}" for i in range(1, n + 1)] + ["J1"]))

    def test_a_long_title_is_printed_whole(self):
        # Elided in the middle it read "黑龙江省佳木斯市桦南县2024年度…设用地项目选址红线核查 冲突分析图".
        name = "黑龙江省佳木斯市桦南县2024年度第三批次城镇建设用地项目选址红线核查"
        tmp = tempfile.mkdtemp(prefix="redline-title-")
        self.addCleanup(shutil.rmtree, tmp, True)
        settings = absolute_project("project.json")
        settings["name"] = name
        project = write_json(os.path.join(tmp, "project.json"), settings)
        for size in ("A4", "A3"):
            out = os.path.join(tmp, f"long_{size}.pdf")
            run = redline("map", project, "--out", out, "--lang", "zh_CN", "--size", size, "-q")
            self.assertEqual(run.code, EXIT_OK, run)
            text = pdftext(out)
            self.assertNotIn("…", text)
            self.assertIn(name + "冲突分析图", "".join(text.split()), size)

    def test_svg_has_polygon_paths_and_text(self):
        out = os.path.join(self.tmp, "map.svg")
        run = redline("map", PROJECT, "--out", out, "--lang", "en", "--title", "SVG conflict map")
        self.assertEqual(run.code, EXIT_OK, run)
        root = ET.parse(out).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        paths = [p for p in root.iter(ns + "path") if len(p.get("d", "")) > 40]
        self.assertGreater(len(paths), 100)
        self.assertTrue(any("L" in p.get("d") or "l" in p.get("d") for p in paths))
        texts = "".join("".join(t.itertext()) for t in root.iter(ns + "text"))
        self.assertIn("SVG conflict map", texts)
        self.assertIn("Legend", texts)
        self.assertTrue(root.get("width").endswith("mm"), root.get("width"))

    def test_scale_bar_is_true_on_the_ground_and_conflicts_are_drawn(self):
        subject = self.conflicted[0]
        png = os.path.join(self.tmp, "subject.png")
        pdf = os.path.join(self.tmp, "subject.pdf")
        for out, world in ((png, ["--world-file"]), (pdf, [])):
            run = redline("map", PROJECT, "--out", out, "--extent", subject, "--dpi", "150", *world,
                          "--lang", "en", "--landscape")
            self.assertEqual(run.code, EXIT_OK, run)
        # The map frame is centred on the subject's box (map CRS = EPSG:4490, lon/lat).
        ds = ogr.Open(sample("sites.shp"))
        layer = ds.GetLayer(0)
        layer.SetAttributeFilter(f"site_id = '{subject}'")
        feature = layer.GetNextFeature()
        minx, maxx, miny, maxy = feature.GetGeometryRef().GetEnvelope()
        lat = (miny + maxy) / 2
        lon = (minx + maxx) / 2
        a, _, _, e, c0, f0 = [float(v) for v in read_text(png[:-4] + ".pgw").split()]
        px_per_mm = 150 / 25.4
        deg_per_mm = a * px_per_mm
        _, _, metres_per_mm = GEOD.inv(lon - deg_per_mm / 2, lat, lon + deg_per_mm / 2, lat)
        # The bar as drawn in the PDF: from the centre of its "0" to the centre of its last number.
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                           pdftext(pdf, bbox=True))
        unit_i = next(i for i, w in enumerate(words) if w[4] in ("km", "m") and i > 0)
        last = words[unit_i - 1]
        zero = next(w for w in reversed(words[:unit_i - 1]) if w[4] == "0")
        centre = lambda w: (float(w[0]) + float(w[2])) / 2
        bar_mm = (centre(last) - centre(zero)) * 25.4 / 72
        stated_m = float(last[4]) * (1000 if words[unit_i][4] == "km" else 1)
        self.assertAlmostEqual(bar_mm * metres_per_mm / stated_m, 1.0, delta=0.015,
                               msg=f"bar {bar_mm:.2f} mm x {metres_per_mm:.3f} m/mm vs {stated_m} m")
        # The stated 1:N agrees with the ground scale too.
        fraction = re.search(r"1:([\d,]+)", pdftext(pdf)).group(1)
        self.assertAlmostEqual(float(fraction.replace(",", "")) / (metres_per_mm * 1000), 1.0, delta=0.006)

        # Under the subject's conflicts the PNG is coloured, not blank.
        img = gdal.Open(png)
        self.assertEqual((img.RasterXSize, img.RasterYSize), (round(297 / 25.4 * 150), round(210 / 25.4 * 150)))
        bands = [img.GetRasterBand(i + 1).ReadAsArray() for i in range(3)]
        result = ogr.Open(os.path.join(self.tmp, "check", "result.gpkg"))  # keep the dataset alive
        conflicts = result.GetLayerByName("conflicts")
        checked = 0
        for feature in conflicts:
            if feature.GetField("subject_id") != subject:
                continue
            point = feature.GetGeometryRef().PointOnSurface()
            col = int((point.GetX() - c0) / a)
            row = int((point.GetY() - f0) / e)
            r, g, b = (int(band[row, col]) for band in bands)
            self.assertFalse(r > 245 and g > 245 and b > 245, f"white at the conflict of {subject}")
            self.assertGreater(r, b, f"conflict of {subject} is not drawn in a red: {(r, g, b)}")
            checked += 1
        self.assertGreater(checked, 0)

    def test_atlas_pages_do_not_carry_the_whole_project(self):
        # 2,000 redlines of 40 vertices far from every site: the overview page shows them, a
        # subject's page only in its location inset, which is one picture for the whole atlas.
        # Drawn as vectors on every page, the inset put 4 MB on each (a 250-page atlas of 1 GB).
        tmp = tempfile.mkdtemp(prefix="redline-atlas-size-")
        self.addCleanup(shutil.rmtree, tmp, True)
        far = os.path.join(tmp, "far.gpkg")
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4490)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(far)
        layer = ds.CreateLayer("far", srs, ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("id", ogr.OFTString))
        for i in range(2000):
            cx, cy = 121.0 + (i % 50) / 50, 29.5 + (i // 50) / 40
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for j in range(41):
                a = 2 * math.pi * (j % 40) / 40
                r = 0.008 * (1 + 0.3 * math.sin(5 * a))
                ring.AddPoint_2D(cx + r * math.cos(a), cy + r * math.sin(a))
            polygon = ogr.Geometry(ogr.wkbPolygon)
            polygon.AddGeometry(ring)
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("id", f"F{i}")
            feature.SetGeometry(polygon)
            layer.CreateFeature(feature)
        ds = None
        settings = absolute_project("project.json")
        settings["constraints"].append({"path": far, "category": "water_source", "id_field": "id"})
        project = write_json(os.path.join(tmp, "project.json"), settings)
        out = os.path.join(tmp, "atlas.pdf")
        run = redline("map", project, "--out", out, "--atlas", "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        pages = int(pdfinfo(out)["Pages"])
        self.assertEqual(pages, 1 + len(self.conflicted))
        self.assertGreater(pdf_content_ops(out).get("l", 0), 2000 * 30)  # the overview page draws them
        for page in range(2, pages + 1):
            single = os.path.join(tmp, f"page{page}.pdf")
            subprocess.run(["pdfseparate", "-f", str(page), "-l", str(page), out, single], check=True)
            ops = pdf_content_ops(single)
            self.assertLess(ops.get("l", 0), 20000, f"page {page}: {ops}")  # 75,000 with the inset as vectors
        # The inset is one image, written once and drawn on every subject page.
        listing = subprocess.run(["pdfimages", "-list", "-f", "2", out], stdout=subprocess.PIPE,
                                 check=True).stdout.decode().splitlines()[2:]
        self.assertEqual(len(listing), pages - 1, listing)
        self.assertEqual(len({line.split()[10] for line in listing}), 1, listing)  # its object number
        # A subject's page adds 90 KB to the file, not 600 KB: its map, tables and the inset's place.
        overview = os.path.join(tmp, "overview.pdf")
        run = redline("map", project, "--out", overview, "--lang", "en", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        per_page = (os.path.getsize(out) - os.path.getsize(overview)) / (pages - 1)
        self.assertLess(per_page, 200_000)

    def test_numbered_png_pages_for_an_atlas(self):
        out = os.path.join(self.tmp, "pages", "atlas.png")
        run = redline("map", PROJECT, "--out", out, "--atlas", "--dpi", "60", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        files = sorted(os.listdir(os.path.dirname(out)))
        self.assertEqual(files, [f"atlas_{i:02d}.png" for i in range(1, 2 + len(self.conflicted))])

    def test_bad_input(self):
        cases = [
            (["--out", os.path.join(self.tmp, "bad", "map.doc")], EXIT_USAGE, "map.doc"),
            (["--out", os.path.join(self.tmp, "bad", "map.pdf"), "--extent", "NO-SUCH-SITE"], EXIT_USAGE,
             "NO-SUCH-SITE"),
            (["--out", os.path.join(self.tmp, "bad", "map.pdf"), "--size", "B7"], EXIT_USAGE, "B7"),
            (["--out", os.path.join(self.tmp, "bad", "map.pdf"), "--boundary-points"], EXIT_USAGE,
             "--boundary-points"),
            (["--out", os.path.join(self.tmp, "bad", "huge.png"), "--size", "A0", "--dpi", "1200"], EXIT_OUTPUT,
             "megapixels"),
        ]
        for args, code, needle in cases:
            run = redline("map", PROJECT, *args)
            self.assertEqual(run.code, code, run)
            self.assertIn(needle, run.stderr, run)
        run = redline("map", os.path.join(self.tmp, "missing.json"), "--out", os.path.join(self.tmp, "bad", "m.pdf"))
        self.assertEqual(run.code, EXIT_INPUT, run)
        self.assertIn("missing.json", run.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad")), "partial output left behind")


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="redline-report-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.conflicted = conflicted_ids(cls.tmp)
        cls.html = os.path.join(cls.tmp, "report.html")
        cls.pdf = os.path.join(cls.tmp, "report.pdf")
        cls.xlsx = os.path.join(cls.tmp, "report.xlsx")
        cls.report_run = redline("report", PROJECT, "--out", cls.html, "--out", cls.pdf, "--out", cls.xlsx, "--lang", "zh_CN")
        parser = Tables()
        parser.feed(read_text(cls.html))
        cls.tables = parser.tables
        cls.images = parser.images

    def test_runs(self):
        self.assertEqual(self.report_run.code, EXIT_OK, self.report_run)

    def test_html_stands_alone(self):
        text = read_text(self.html)
        self.assertNotRegex(text, r'(src|href)="(?!data:)', "the HTML refers to a file outside itself")
        self.assertGreaterEqual(len(self.images), 1 + len(self.conflicted))  # overview + a map per subject
        self.assertTrue(all(src.startswith("data:image/png;base64,") for src in self.images))
        for heading in ("核查概况", "冲突总图", "冲突地块", "输入数据", "核查规则", "证据与复现"):
            self.assertIn(heading, text)
        # The charts carry their own (translated) titles: no file name under them as a caption.
        self.assertNotIn('class="caption">chart_', text)

    def test_repaired_subjects_are_listed_with_the_inputs(self):
        # The sample's XM022 crosses itself and is checked repaired: the report said "no feature
        # had to be repaired" while subjects.csv said yes.
        rows = next(t for t in self.tables if t["header"] == ["图层", "FID", "编号", "类型", "说明"])["rows"]
        self.assertIn(["核查地块", "21", "XM022", "已修复"], [r["cells"][:4] for r in rows])
        self.assertNotIn("没有要素需要修复", read_text(self.html))

    def test_inputs_are_named_in_the_report_language_with_short_checksums(self):
        table = next(t for t in self.tables if t["header"][:2] == ["角色", "图层"])
        self.assertEqual({r["cells"][0] for r in table["rows"]}, {"核查地块", "管控图层", "分区图层"})
        sha = table["header"].index("SHA-256 校验值")
        for r in table["rows"]:  # 12 hex digits; the evidence section has each file's whole one
            self.assertRegex(r["cells"][sha], r"^[0-9a-f]{12}…$")

    def test_every_total_adds_up_as_printed(self):
        totals = [t for t in self.tables if t["total"]]
        self.assertGreater(len(totals), 3 + len(self.conflicted))
        for t in totals:
            assert_totals_add_up(self, t, t["header"][0])

    def test_site_areas_match_pyproj(self):
        table = next(t for t in self.tables if t["header"][:2] == ["编号", "名称"] and "地块面积（公顷）" in t["header"])
        col = table["header"].index("地块面积（公顷）")
        ds = ogr.Open(sample("sites.shp"))
        areas = {}
        for f in ds.GetLayer(0):
            # Invalid sites (a bow-tie) are checked as repaired: make them valid the same way first.
            geometry = make_valid(shapely.wkb.loads(bytes(f.GetGeometryRef().ExportToWkb())))
            area = abs(GEOD.geometry_area_perimeter(geometry)[0])
            areas[f.GetField("site_id")] = area / 10000
        self.assertEqual(len(table["rows"]), len(self.conflicted))
        for row in table["rows"]:
            self.assertAlmostEqual(float(row["cells"][col]), areas[row["cells"][0]], delta=0.00006, msg=row["cells"][0])

    def test_boundary_points_match_pyproj(self):
        src, dst = osr.SpatialReference(), osr.SpatialReference()
        src.ImportFromEPSG(4490)
        dst.ImportFromEPSG(4549)
        for s in (src, dst):
            s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        to_gk = osr.CoordinateTransformation(src, dst)
        subject = self.conflicted[0]
        # Point tables in document order, named by their HTML ids (points_<subject id>).
        ids = re.findall(r'<table id="points_([^"]+)"', read_text(self.html))
        point_tables = [t for t in self.tables if t["header"][:2] == ["点号", "圈号"]]
        self.assertEqual(len(ids), len(point_tables))
        points = dict(zip(ids, point_tables))[subject]
        ds = ogr.Open(sample("sites.shp"))
        layer = ds.GetLayer(0)
        layer.SetAttributeFilter(f"site_id = '{subject}'")
        feature = layer.GetNextFeature()
        g = feature.GetGeometryRef().Clone()
        g.Transform(to_gk)
        vertices = set()
        for poly in ([g] if g.GetGeometryName() == "POLYGON" else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]):
            for r in range(poly.GetGeometryCount()):
                ring = poly.GetGeometryRef(r)
                vertices.update((round(ring.GetY(i), 3), round(ring.GetX(i), 3)) for i in range(ring.GetPointCount()))
        listed = {(float(r["cells"][2]), float(r["cells"][3])) for r in points["rows"]}
        self.assertEqual(len(listed), len(vertices))
        for x, y in listed:
            self.assertTrue(any(abs(x - vx) <= 0.0015 and abs(y - vy) <= 0.0015 for vx, vy in vertices), (x, y))
        # Closed: the last row repeats J1; the first point is the most north-westerly one.
        self.assertEqual(points["rows"][0]["cells"][0], "J1")
        self.assertEqual(points["rows"][-1]["cells"][0], "J1")
        ring1 = [(float(r["cells"][2]), float(r["cells"][3])) for r in points["rows"] if r["cells"][1] == "1"]
        self.assertEqual(ring1[0], max(ring1[:-1], key=lambda p: p[0] - p[1]))
        # Clockwise on the map: negative signed area in (east, north).
        twice = sum(ring1[i][1] * ring1[i + 1][0] - ring1[i + 1][1] * ring1[i][0] for i in range(len(ring1) - 1))
        self.assertLess(twice, 0)

    def test_pdf_report(self):
        info = pdfinfo(self.pdf)
        self.assertIn("595 x 842", info["Page size"])  # A4
        self.assertGreater(int(info["Pages"]), len(self.conflicted))
        text = pdftext(self.pdf)
        for needle in ("冲突核查报告", "合计", "界址点", "证据与复现", "SHA-256"):
            self.assertIn(needle, text)
        # The evidence names the subjects' file with its checksum.
        digest = hashlib.sha256(read_bytes(sample("sites.shp"))).hexdigest()
        self.assertIn(digest, text.replace("\n", ""))
        for subject in self.conflicted:
            self.assertIn(subject, text)

    def map_images(self):
        """The report's maps from the HTML: (caption, CSS width in mm, PIL image), in order."""
        found = re.findall(r'<img src="data:image/png;base64,([^"]+)" style="width:([\d.]+)mm" alt="([^"]*)">',
                           read_text(self.html))
        return [(alt, float(mm), Image.open(io.BytesIO(base64.b64decode(data)))) for data, mm, alt in found]

    def test_maps_are_true_to_scale_as_printed(self):
        # A map's scale bar and 1:N hold on the page it was drawn for. The report drew A4 landscape
        # pages and shrank them to its text width: "1:1,330,000" measured 1:2,300,000 on paper.
        maps = self.map_images()
        self.assertEqual(len(maps), 1 + len(self.conflicted))  # the overview and each subject's map
        for alt, width_mm, img in maps:
            dpi = img.info["dpi"][0]
            # HTML prints it at the width it was drawn for (CSS mm are paper mm in print).
            self.assertAlmostEqual(width_mm, img.width / dpi * 25.4, delta=0.3, msg=alt)
            self.assertRegex(img.info.get("Scale", ""), r"^1:[\d,]+$", alt)
        # The PDF places each map at the resolution it was drawn at.
        listing = subprocess.run(["pdfimages", "-list", self.pdf], stdout=subprocess.PIPE, check=True).stdout.decode()
        placed = {}
        for line in listing.splitlines()[2:]:
            f = line.split()
            if f[2] == "image":
                placed.setdefault((int(f[3]), int(f[4])), []).append(float(f[12]))
        drawn_at = {(img.width, img.height): img.info["dpi"][0] for _, _, img in maps}
        for size, dpi in drawn_at.items():
            self.assertIn(size, placed)
            for ppi in placed[size]:
                self.assertAlmostEqual(ppi / dpi, 1.0, delta=0.01, msg=f"{size} drawn at {dpi} dpi, placed at {ppi}")

        # Measured: the subject's outline (dark blue, 0.7 mm) on the paper against the site's
        # east-west extent on the ground; its ratio is the stated 1:N.
        alt, _, img = maps[1]
        subject = alt.split()[0]
        ds = ogr.Open(sample("sites.shp"))
        layer = ds.GetLayer(0)
        layer.SetAttributeFilter(f"site_id = '{subject}'")
        feature = layer.GetNextFeature()  # kept: its geometry is freed with it
        minx, maxx, miny, maxy = feature.GetGeometryRef().GetEnvelope()
        lat = (miny + maxy) / 2
        _, _, ground_m = GEOD.inv(minx, lat, maxx, lat)
        dpi = img.info["dpi"][0]
        pixels = img.convert("RGB").load()
        focus = lambda p: all(abs(a - b) <= 12 for a, b in zip(p, (8, 48, 107)))  # "this subject"
        frame_right = int((174 - 10 - 48 - 4) / 25.4 * dpi)  # the map frame, left of the side panel
        columns = [x for x in range(frame_right) if any(focus(pixels[x, y]) for y in range(img.height))]
        stroke_px = 0.7 / 25.4 * dpi
        paper_mm = (max(columns) - min(columns) + 1 - stroke_px) / dpi * 25.4
        measured = ground_m * 1000 / paper_mm
        stated = float(img.info["Scale"][2:].replace(",", ""))
        # ±1 px at each end of ~250 px and 3 significant figures in the stated number: 2 %.
        self.assertAlmostEqual(measured / stated, 1.0, delta=0.02,
                               msg=f"{subject}: {ground_m:.0f} m over {paper_mm:.1f} mm is 1:{measured:.0f}, "
                                   f"stated {img.info['Scale']}")

    def test_pdf_table_text_stays_in_its_cells(self):
        # A word wider than its column (a file name, a long id) used to run into the next cell:
        # on any line of any page, no two words may overlap.
        for page in pdftext(self.pdf, bbox=True).split("<page ")[1:]:
            lines = {}
            for x0, y0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                                               r'([^<]*)</word>', page):
                lines.setdefault(round(float(y0), 1), []).append((float(x0), float(x1), word))
            for words in lines.values():
                words.sort()
                for (_, right, a), (left, _, b) in zip(words, words[1:]):
                    self.assertLessEqual(right, left + 0.5, f"{a!r} runs into {b!r}")

    def test_xlsx_tables(self):
        ds = ogr.Open(self.xlsx)
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        for expected in ("status", "severity", "conflicts", "inputs", "rules", "evidence_files"):
            self.assertIn(expected, names)
        layer = ds.GetLayerByName("conflicts")
        rows = [f for f in layer]
        defn = layer.GetLayerDefn()
        col = defn.GetFieldIndex("冲突面积（公顷）")
        self.assertEqual(defn.GetFieldDefn(col).GetType(), ogr.OFTReal)
        body, total = rows[:-1], rows[-1]
        self.assertEqual(total.GetField(0), "合计")
        self.assertAlmostEqual(sum(f.GetField(col) for f in body), total.GetField(col), places=6)
        self.assertEqual(len(body), len(self.conflicted))
        # A subject's sheets are named after its id cut and made unique: every row names it.
        subject_sheets = [n for n in names if n.startswith("subject_") or n.startswith("points_")]
        self.assertGreater(len(subject_sheets), 0)
        for name in subject_sheets:
            rows = [f.items() for f in ds.GetLayerByName(name)]
            if "地块编号" not in rows[0]:
                # GDAL takes the header of a sheet without numbers (a buffer-only conflict's) for data
                header = {v: k for k, v in rows.pop(0).items()}
                rows = [{"地块编号": r[header["地块编号"]], "地块名称": r[header["地块名称"]]} for r in rows]
            ids = {(r["地块编号"], r["地块名称"]) for r in rows}
            self.assertEqual(len(ids), 1, name)
            sid, sname = ids.pop()
            self.assertTrue(name.endswith(sid), (name, sid))
            self.assertIn(sid, self.conflicted)

    def test_equal_areas_print_equal_in_a_row(self):
        # Largest remainder rounds each column on its own: XM008's core overlap, all of it
        # counted, printed Overlap 11.6245 ha beside Counted 11.6246 ha; a site inside a redline
        # could print a conflict larger than its site beside 100.0 %.
        subjects = {s["id"]: s for s in load_json(os.path.join(self.tmp, "check", "result.json"))["subjects"]}
        conflicts = next(t for t in self.tables if t["header"][:2] == ["编号", "名称"] and "地块面积（公顷）" in t["header"])
        site, conflict = conflicts["header"].index("地块面积（公顷）"), conflicts["header"].index("冲突面积（公顷）")
        for row in conflicts["rows"]:
            s = subjects[row["cells"][0]]
            if s["conflict_area_m2"] == s["area_m2"]:
                self.assertEqual(row["cells"][site], row["cells"][conflict], row["cells"][0])
            self.assertLessEqual(decimal.Decimal(row["cells"][conflict]), decimal.Decimal(row["cells"][site]))
        checked = 0
        for t in self.tables:
            if t["header"][:1] != ["类别"] or "计入面积（公顷）" not in t["header"]:
                continue
            s = subjects[t["caption"].split(" ")[0]]
            by_label = {o["label"]: o for o in s["overlaps"]}
            for row in t["rows"]:
                o = by_label.get(row["cells"][0])
                if o is None or o["area_m2"] != o["exclusive_m2"]:
                    continue
                checked += 1
                for overlap, counted in (("重叠面积（公顷）", "计入面积（公顷）"), ("重叠面积（亩）", "计入面积（亩）")):
                    self.assertEqual(row["cells"][t["header"].index(overlap)], row["cells"][t["header"].index(counted)],
                                     f"{s['id']} {row['cells'][0]} {overlap}")
        self.assertGreater(checked, 10)

    def test_zone_tables_give_the_conflict_lying_in_each_zone(self):
        # Independently: each subject's counted parts (its conflicts layer polygons, each less those
        # of higher priority, as shapely cuts them) cut by the dissolved zones and measured with
        # pyproj's Geod. The tables put a subject's whole conflict in the zone the subject overlapped
        # most: XM026 lies 52 % in 金坛区 but its conflict lies in 武进区, and 金坛区 showed 13.7708 ha.
        # A subject covered by its redlines counts its own area (result.json's exclusive_m2), which
        # its pieces, cut with nodes on its edges, miss by up to 1e-4 (XM023: 6 m² of 7.3 ha): the
        # pieces are scaled to it, as Redline scales its own.
        subjects = {s["id"]: s for s in load_json(os.path.join(self.tmp, "check", "result.json"))["subjects"]}
        from shapely.ops import unary_union
        priority = ["core", "general", "water_source"]
        conflicts = {}
        ds = ogr.Open(os.path.join(self.tmp, "check", "result.gpkg"))
        for f in ds.GetLayerByName("conflicts"):
            if f.GetField("category") in priority:
                g = shapely.wkb.loads(bytes(f.GetGeometryRef().ExportToWkb()))
                conflicts.setdefault(f.GetField("subject_id"), {})[f.GetField("category")] = g
        labels = {"core": "生态保护红线·核心保护区", "general": "生态保护红线·一般控制区",
                  "water_source": "饮用水水源保护区"}
        zones_ds = ogr.Open(sample("zones.gpkg"))
        for layer_name, field in (("counties", "county"), ("basins", "basin")):
            zones = {}
            for f in zones_ds.GetLayerByName(layer_name):
                zones.setdefault(f.GetField(field), []).append(shapely.wkb.loads(bytes(f.GetGeometryRef().ExportToWkb())))
            zones = {z: unary_union(parts) for z, parts in zones.items()}
            everywhere = unary_union(list(zones.values()))
            expected = {}
            for sid, by_category in conflicts.items():
                counted = None
                for cat in priority:
                    if cat not in by_category:
                        continue
                    part = by_category[cat] if counted is None else by_category[cat].difference(counted)
                    counted = by_category[cat] if counted is None else counted.union(by_category[cat])
                    pieces = {z: abs(GEOD.geometry_area_perimeter(part.intersection(zone))[0]) for z, zone in zones.items()}
                    pieces["（区域外）"] = abs(GEOD.geometry_area_perimeter(part.difference(everywhere))[0])
                    exclusive = next(o["exclusive_m2"] for o in subjects[sid]["overlaps"] if o["category"] == cat)
                    self.assertAlmostEqual(sum(pieces.values()), exclusive, delta=1e-4 * exclusive + 1, msg=f"{sid} {cat}")
                    if exclusive == 0:
                        continue
                    for z, area in pieces.items():
                        scaled = area * exclusive / sum(pieces.values()) / 10000
                        expected[(z, labels[cat])] = expected.get((z, labels[cat]), 0) + scaled
            table = next(t for t in self.tables if t["header"][0] == field)
            for row in table["rows"]:
                for c, name in enumerate(table["header"]):
                    if name not in labels.values():
                        continue
                    want = expected.get((row["cells"][0], name), 0)
                    self.assertAlmostEqual(float(row["cells"][c]), want, delta=0.0002 + 2e-5 * want,
                                           msg=f"{field} {row['cells'][0]} {name}")
            if field == "county":
                # XM026 was the only subject counted in 金坛区; none of its conflict lies there.
                self.assertNotIn("金坛区", [r["cells"][0] for r in table["rows"]])
            # The workbook's sheet carries the table's note on every row.
            workbook = ogr.Open(self.xlsx)
            notes = {f.GetField("说明") for f in workbook.GetLayerByName(f"zone_{field}")}
            self.assertEqual(len(notes), 1)
            self.assertIn("位于该区域内的部分", notes.pop())

    def test_subject_pages_limit_details_the_most_severe_and_largest(self):
        out = os.path.join(self.tmp, "limited.html")
        run = redline("report", PROJECT, "--out", out, "--lang", "en", "--subject-pages", "3", "--no-stats", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        text = read_text(out)
        detailed = re.findall(r'<h3 class="pb">(\S+) ', text)
        rank = {"prohibited": 0, "restricted": 1, "review": 2}
        with open(os.path.join(self.tmp, "check", "subjects.csv"), encoding="utf-8-sig") as f:
            rows = [r for r in csv.DictReader(f) if r["status"] == "conflict"]
        rows.sort(key=lambda r: (rank[r["severity"]], -float(r["conflict_m2"])))
        self.assertEqual(detailed, [r["id"] for r in rows[:3]])
        self.assertIn(f"Details follow for the 3 subjects with the most severe and largest conflicts; "
                      f"all {len(rows)} subjects in conflict are in the table above", text)
        # One: "the 1 subject", not "the 1 subjects".
        run = redline("report", PROJECT, "--out", out, "--lang", "en", "--subject-pages", "1", "--no-stats", "-q")
        self.assertEqual(run.code, EXIT_OK, run)
        self.assertIn("Details follow for the 1 subject with the most severe", read_text(out))
        run = redline("report", PROJECT, "--out", out, "--subject-pages", "three")
        self.assertEqual(run.code, EXIT_USAGE, run)
        self.assertIn("--subject-pages three", run.stderr)

    def test_english_report_and_bad_output(self):
        out = os.path.join(self.tmp, "en.html")
        run = redline("report", PROJECT, "--out", out, "--lang", "en", "--no-subject-pages")
        self.assertEqual(run.code, EXIT_OK, run)
        text = read_text(out)
        self.assertIn("Subjects in conflict", text)
        self.assertIn("Total", text)
        run = redline("report", PROJECT, "--out", os.path.join(self.tmp, "bad", "r.docx"))
        self.assertEqual(run.code, EXIT_USAGE, run)
        self.assertIn("r.docx", run.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "bad")))
        # One output that cannot be written: none of the others is left either.
        both = os.path.join(self.tmp, "both")
        os.makedirs(both)
        with open(os.path.join(both, "a_file"), "w"):
            pass
        run = redline("report", PROJECT, "--out", os.path.join(both, "ok.html"),
                      "--out", os.path.join(both, "a_file", "r.pdf"), "-q")
        self.assertEqual(run.code, EXIT_OUTPUT, run)
        self.assertIn("a_file", run.stderr)
        self.assertEqual(os.listdir(both), ["a_file"])


if __name__ == "__main__":
    unittest.main()
