#!/usr/bin/python3
"""The national 界址点 TXT exchange file as subjects: GBK, X north and Y east with the zone prefix
of the header's 带号, rings by 圈号 (a hole, a second part). The same parcels written by GDAL as a
GeoPackage in that CRS must give the same answers, and a parcel's area its shell less its hole."""
import os

from cli_testlib import (GEOD, RedlineTestCase, absolute_project, load_json, main, ogr, orient, osr, pyproj, redline,
                         sample, write_json)
from shapely.geometry import Polygon

HEADER = """[属性描述]
格式版本号=1.01版本
数据产生单位=自然资源局
数据产生日期=2024-01-01
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=40
精度=0.001
转换参数=,,,,,,
[地块坐标]
"""

# (id, name, rings): each ring a list of (north, east) in EPSG:4528 (3° zone 40, with prefix),
# near the sample's redlines (118.9°E, 31.6°N).
PARCELS = [
    ("JZ001", "江宁片区仓储用地",
     [[(3500000, 40490000), (3500000, 40490600), (3500500, 40490600), (3500500, 40490000)],
      [(3500100, 40490100), (3500200, 40490100), (3500200, 40490200), (3500100, 40490200)]]),  # a hole
    ("JZ002", "两地块项目",
     [[(3510000, 40495000), (3510000, 40495300), (3510300, 40495300), (3510300, 40495000)],
      [(3511000, 40496000), (3511000, 40496200), (3511200, 40496200), (3511200, 40496000)]]),  # a second part
]


def hectares(rings):
    """面积 as the header states it: 公顷, the first ring less any ring inside it, else plus it."""
    def area(r):
        return abs(sum(r[i][1] * r[(i + 1) % len(r)][0] - r[(i + 1) % len(r)][1] * r[i][0] for i in range(len(r)))) / 2
    shell, *rest = rings
    total = area(shell)
    for r in rest:
        inside = min(n for n, _ in shell) < r[0][0] < max(n for n, _ in shell) and \
            min(e for _, e in shell) < r[0][1] < max(e for _, e in shell)
        total += -area(r) if inside else area(r)
    return total / 1e4


def txt(parcels, zone=40):
    """The national 界址点 TXT of `parcels` [(id, name, rings of (north, east))], in 3° zone `zone`."""
    out = HEADER.replace("带号=40", f"带号={zone}")
    for pid, name, rings in parcels:
        count = sum(len(r) + 1 for r in rings)
        out += f"{count},{hectares(rings):.4f},{pid},{name},面,,,,@\n"
        k = 0
        for ring_no, ring in enumerate(rings, start=1):
            first = k + 1
            for north, east in ring:
                k += 1
                out += f"J{k},{ring_no},{north:.3f},{east:.3f}\n"
            out += f"J{first},{ring_no},{ring[0][0]:.3f},{ring[0][1]:.3f}\n"  # the ring closes on its first point
    return out


def gpkg(path, parcels):
    """The same parcels written by GDAL, in EPSG:4528 with (east, north) as (x, y)."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4528)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = ds.CreateLayer("parcels", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("地块编号", ogr.OFTString))
    for pid, _, rings in parcels:
        shell, second = rings
        def ring_wkt(r):
            pts = [f"{e} {n}" for n, e in r] + [f"{r[0][1]} {r[0][0]}"]
            return "(" + ",".join(pts) + ")"
        if pid == "JZ001":
            wkt = f"MULTIPOLYGON(({ring_wkt(shell)},{ring_wkt(second)}))"
        else:
            wkt = f"MULTIPOLYGON(({ring_wkt(shell)}),({ring_wkt(second)}))"
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("地块编号", pid)
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(f)
    ds = None
    return path


class BoundaryPointsTxtTest(RedlineTestCase):

    def check(self, subjects, name):
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path=subjects, id_field="地块编号")
        path = write_json(self.path(f"{name}.json"), project)
        out = self.path(name)
        run = redline("check", path, "--out", out, "-q")
        self.assertOk(run)
        return {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}

    def test_parcels_read_as_the_same_parcels_in_a_geopackage(self):
        path = self.path("XM.txt")
        with open(path, "wb") as f:
            f.write(txt(PARCELS).encode("gbk"))  # as the files arrive
        from_txt = self.check(path, "txt")
        from_gpkg = self.check(gpkg(self.path("parcels.gpkg"), PARCELS), "gpkg")
        self.assertEqual(sorted(from_txt), ["JZ001", "JZ002"])
        for pid in from_txt:
            a, b = from_txt[pid], from_gpkg[pid]
            self.assertClose(a["area_m2"], b["area_m2"], 1e-12, pid)
            self.assertEqual(a["status"], b["status"], pid)
            self.assertEqual([(o["category"], round(o["area_m2"], 6)) for o in a["overlaps"]],
                             [(o["category"], round(o["area_m2"], 6)) for o in b["overlaps"]], pid)
        # The hole is a hole (600 × 500 less 100 × 100, near the meridian's scale), the second ring a part.
        self.assertClose(from_txt["JZ001"]["area_m2"], 600 * 500 - 100 * 100, 2e-3, "JZ001 with its hole")
        self.assertClose(from_txt["JZ002"]["area_m2"], 300 * 300 + 200 * 200, 2e-3, "JZ002 in two parts")
        info = redline("info", path)
        self.assertOk(info)
        self.assertIn("EPSG:4528", info.stdout)
        self.assertIn("地块名称", info.stdout)
        # The format is the file's (the report's inputs table said "GPKG", the reader's own copy).
        self.assertIn("(界址点 TXT)", info.stdout)
        self.assertNotIn("GPKG", info.stdout)

    def test_a_parcel_of_many_holes_reads_without_gdals_advice(self):
        # 121 rings: GDAL's organizePolygons printed "received a polygon with more than 100 parts ...
        # setting METHOD=SKIP" to stderr, advice for a GDAL caller the planner cannot follow.
        north, east = 3500000, 40490000
        shell = [(north, east), (north, east + 1100), (north + 1100, east + 1100), (north + 1100, east)]
        holes = [[(n, e), (n, e + 40), (n + 40, e + 40), (n + 40, e)]
                 for n in range(north + 30, north + 1030, 100) for e in range(east + 30, east + 1030, 100)]
        path = self.path("holes.txt")
        with open(path, "wb") as f:
            f.write(txt([("JZ100", "百孔地块", [shell, *holes])]).encode("gbk"))
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path=path, id_field="地块编号")
        out = self.path("out")
        run = redline("check", write_json(self.path("holes.json"), project), "--out", out, "-q")
        self.assertOk(run)
        self.assertNotIn("organizePolygons", run.stderr)
        self.assertNotIn("METHOD=", run.stderr)
        # Its area: the same rings inverse-projected by pyproj and measured by its Geod, holes subtracted.
        to_lonlat = pyproj.Transformer.from_crs("EPSG:4528", "EPSG:4490", always_xy=True)
        rings = [[to_lonlat.transform(e, n) for n, e in ring] for ring in [shell, *holes]]
        want = abs(GEOD.geometry_area_perimeter(orient(Polygon(rings[0], rings[1:])))[0])
        self.assertClose(want, 1100 * 1100 - len(holes) * 40 * 40, 2e-3, "the reference")
        got = load_json(os.path.join(out, "result.json"))["subjects"][0]["area_m2"]
        self.assertClose(got, want, 1e-9, "JZ100 with 120 holes")

    def test_a_broken_point_line_is_named(self):
        path = self.path("bad.txt")
        with open(path, "wb") as f:
            f.write(txt(PARCELS).replace("J3,1,", "J3,1,north,").encode("gbk"))
        run = redline("check", "--subjects", path, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"), "-q")
        self.assertExit(run, 1)
        self.assertInStderr(run, "bad.txt:16: expected a point \"J1,圈号,X,Y\" (4 fields)")
        self.assertFalse(os.path.exists(self.path("out")))


# Lines of txt(PARCELS): the header is lines 1–12, JZ001's header line 13, its points 14–23, JZ002's
# header 24, its points 25–34.
def edited(replace=(), header=None):
    text = txt(PARCELS)
    if header is not None:
        text = text.replace(HEADER, header)
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text


class BoundaryPointsTxtInputTest(RedlineTestCase):
    """A file Redline would misread is refused, naming file and line; one it reads with doubts says so."""

    def write(self, text, name="XM.txt"):
        path = self.path(name)
        with open(path, "wb") as f:
            f.write(text.encode("gbk"))
        return path

    def check(self, source):
        out = self.path("out")
        run = redline("check", "--subjects", source, "--id-field", "地块编号", "--constraints", sample("redlines.shp"),
                      "--category-field", "category", "--out", out, "-q")
        return run, out

    def refused(self, text, *needles):
        run, out = self.check(self.write(text))
        self.assertExit(run, 1)
        self.assertInStderr(run, *needles)
        self.assertNotIn("internal error", run.stderr)
        self.assertFalse(os.path.exists(out))
        return run

    def areas(self, source):
        run, out = self.check(source)
        self.assertOk(run)
        return {s["id"]: s["area_m2"] for s in load_json(os.path.join(out, "result.json"))["subjects"]}, run

    def crs_of(self, source):
        run = redline("info", source)
        self.assertOk(run)
        return run.stdout

    def test_a_parcel_in_another_zone_is_refused(self):
        # JZ002 written in zone 39 (its eastings 40495… → 39495…) in a 带号=40 file: read in zone 40
        # it lay ~300 km east of where it is, clear of everything.
        self.refused(edited([(",40495", ",39495"), (",40496", ",39496")]),
                     "XM.txt:25: J1 (X=3510000, Y=39495000): Y carries zone 39 but the file is in zone 40")
        # Without 带号, the first point's zone is the file's.
        header = HEADER.replace("带号=40\n", "")
        self.refused(edited([(",40495", ",39495"), (",40496", ",39496")], header=header),
                     "XM.txt:24: J1 (X=3510000, Y=39495000): Y carries zone 39 but J1 on line 13 carries zone 40")

    def test_a_point_without_the_zone_prefix_is_refused(self):
        self.refused(edited([("J2,1,3500000.000,40490600.000", "J2,1,3500000.000,490600.000")]),
                     "XM.txt:15: J2 (X=3500000, Y=490600): Y has no zone prefix but J1 on line 14 carries zone 40")
        # The reverse: an unprefixed file with one prefixed point.
        unprefixed = txt(PARCELS).replace(",40", ",")
        self.refused(unprefixed.replace("J2,1,3500000.000,490600.000", "J2,1,3500000.000,40490600.000"),
                     "XM.txt:15: J2 (X=3500000, Y=40490600): Y carries a zone prefix but J1 on line 14 has none")

    def test_swapped_x_and_y_are_named(self):
        swapped = "".join(
            f"{c[0]},{c[1]},{c[3]},{c[2]}\n" if line.startswith("J") else line + "\n"
            for line in txt(PARCELS).splitlines() for c in [line.split(",")])
        self.refused(swapped, "XM.txt:14: J1 (X=40490000, Y=3500000): X and Y look swapped")

    def test_non_finite_coordinates_are_refused(self):
        for bad in ("nan", "inf", "-inf", "NaN"):
            self.refused(edited([("J3,1,3500500.000,", f"J3,1,{bad},")]), "XM.txt:16: ", "finite numbers")

    def test_a_point_with_more_fields_is_refused(self):
        # Decimal commas: "3500500,000" would be read as X=3500500, Y=0.
        self.refused(edited([("J3,1,3500500.000,40490600.000", "J3,1,3500500,000,40490600,000")]),
                     "XM.txt:16: expected a point \"J1,圈号,X,Y\" (4 fields)", "found 6 fields (decimal commas?)")
        self.refused(edited([("J3,1,3500500.000,40490600.000", "J3,1,3500500.000,40490600.000,1.5")]),
                     "XM.txt:16: ", "found 5 fields")
        # A trailing comma is a trailing comma.
        areas, _ = self.areas(self.write(edited([("J3,1,3500500.000,40490600.000",
                                                  "J3,1,3500500.000,40490600.000,")])))
        self.assertClose(areas["JZ001"], 600 * 500 - 100 * 100, 2e-3)

    def test_a_hole_numbered_as_its_shell_is_a_hole(self):
        # Some tools number a hole with its shell's 圈号: the shell closes on its first point, so the
        # points after it start a new ring (a hole or part, told by containment as for a new 圈号).
        # Read as one ring, a hole turning the shell's way was lost in the repair of the self-touch.
        shell, hole = PARCELS[0][2]
        for turn in (hole, [hole[0], hole[3], hole[2], hole[1]]):
            with self.subTest(hole=turn):
                text = txt([("JZ001", "仓储", [shell, turn])]).replace("J5,2,", "J5,1,")
                for k in (6, 7, 8):
                    text = text.replace(f"J{k},2,", f"J{k},1,")
                run, out = self.check(self.write(text))
                self.assertOk(run)
                [subject] = load_json(os.path.join(out, "result.json"))["subjects"]
                self.assertClose(subject["area_m2"], 600 * 500 - 100 * 100, 2e-3, "JZ001 with its hole")
                self.assertEqual(subject["notes"], [])
                self.assertNotIn("warning", run.stderr)

    def test_the_datum_is_recognised_by_its_usual_names(self):
        for system, epsg in (("2000国家大地坐标系", 4528), ("CGCS2000", 4528), ("国家2000坐标系", 4528),
                             ("2000国家大地坐标系(CGCS2000)", 4528), ("CGCS2000（1985国家高程基准）", 4528),
                             ("西安80", 2364), ("1980西安坐标系", 2364), ("北京54", 2416),
                             ("1954年北京坐标系", 2416)):
            with self.subTest(system=system):
                path = self.write(edited(header=HEADER.replace("2000国家大地坐标系", system)))
                self.assertIn(f"EPSG:{epsg}", self.crs_of(path))

    def test_an_unknown_datum_is_refused(self):
        # "1954" once made anything Beijing 1954, and anything unknown was CGCS2000.
        for system in ("地方独立坐标系", "WGS84", "新1954北京坐标系"):
            with self.subTest(system=system):
                self.refused(edited(header=HEADER.replace("2000国家大地坐标系", system)),
                             f"XM.txt:5: 坐标系={system} is not a datum Redline knows", "|crs=")

    def test_a_stated_crs_wins_over_the_header(self):
        # An unknown 坐标系 or a header without zone: the CRS stated after the path is used.
        unprefixed = txt(PARCELS).replace(",40", ",").replace("带号=40\n", "")
        self.refused(unprefixed, "XM.txt: the header names no zone (带号)", "|crs=")
        path = self.write(unprefixed)
        self.assertIn("EPSG:4549", self.crs_of(path + "|crs=EPSG:4549"))
        areas, _ = self.areas(path + "|crs=EPSG:4549")
        self.assertClose(areas["JZ001"], 600 * 500 - 100 * 100, 2e-3)
        local = self.write(edited(header=HEADER.replace("2000国家大地坐标系", "地方独立坐标系")), "local.txt")
        self.assertIn("EPSG:4528", self.crs_of(local + "|crs=EPSG:4528"))
        # As the project's "crs".
        project = absolute_project("project.json", zones=[])
        project["subjects"] = dict(path=path, id_field="地块编号", crs="EPSG:4549")
        run = redline("check", write_json(self.path("p.json"), project), "--out", self.path("pout"), "-q")
        self.assertOk(run)
        # A stated CRS does not excuse a point of another zone.
        mixed = self.write(edited([(",40495", ",39495"), (",40496", ",39496")]), "mixed.txt")
        run, _ = self.check(mixed + "|crs=EPSG:4528")
        self.assertExit(run, 1)
        self.assertInStderr(run, "mixed.txt:25: J1", "zone 39 but J1 on line 14 carries zone 40")

    def test_zone_and_width_with_their_units_or_missing(self):
        for width, zone in (("3度", "40"), ("3", "40带"), ("3°", "第40带")):
            with self.subTest(width=width, zone=zone):
                path = self.write(edited(header=HEADER.replace("几度分带=3", f"几度分带={width}")
                                         .replace("带号=40", f"带号={zone}")))
                self.assertIn("EPSG:4528", self.crs_of(path))
        # A 6° zone (13–23) tells its width when 几度分带 is missing.
        six = [(pid, name, [[(n, e - 40490000 + 20651000) for n, e in r] for r in rings])
               for pid, name, rings in PARCELS]
        path = self.write(txt(six).replace("几度分带=3\n", "").replace("带号=40", "带号=20"), "six.txt")
        self.assertIn("EPSG:4498", self.crs_of(path))

    def test_a_missing_datum_is_taken_as_cgcs2000_with_a_warning(self):
        path = self.write(edited(header=HEADER.replace("坐标系=2000国家大地坐标系\n", "")))
        self.assertIn("EPSG:4528", self.crs_of(path))
        _, run = self.areas(path)
        self.assertInStderr(run, "the header states no 坐标系; read as CGCS2000")

    def test_area_and_point_count_that_disagree_are_warned_of(self):
        _, run = self.areas(self.write(txt(PARCELS)))
        self.assertNotIn("warning", run.stderr)
        text = edited([("10,29.0000,JZ001", "10,2.9000,JZ001"), ("10,13.0000,JZ002", "12,13.0000,JZ002")])
        _, run = self.areas(self.write(text))
        self.assertInStderr(run, "XM.txt: line 13: parcel JZ001: 面积=2.9000 公顷 but its points enclose 29.0000 公顷",
                            "XM.txt: line 24: parcel JZ002: 点数=12 but 10 points follow")
        # Square metres where 公顷 belong are named as such.
        _, run = self.areas(self.write(edited([("10,29.0000,JZ001", "10,290000,JZ001")])))
        self.assertInStderr(run, "面积 looks like square metres")


if __name__ == "__main__":
    main()
