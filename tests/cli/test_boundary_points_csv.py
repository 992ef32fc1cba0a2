#!/usr/bin/python3
"""A 界址点 list as surveyors and Excel users save it: a CSV of 点号,圈号,X,Y (X north, Y east), GBK or
UTF-8, one parcel or several by 地块编号. Its parcels' areas must be the ellipsoidal areas pyproj's Geod
gives for the same coordinates transformed by pyproj, and the same as the parcels given as a 界址点
TXT. CSVs of other kinds (a WKT column, lon/lat columns) are read as before."""
import math
import os

import pyproj
from shapely.geometry import Polygon

from cli_testlib import (GEOD, RedlineTestCase, load_json, main, redline, sample)
from shapely.geometry.polygon import orient
from test_boundary_points_txt import txt

# The sweep's repro (site_pts.csv): one parcel with a hole, CGCS2000 3° zone 42 with its prefix
# (EPSG:4530), in Heilongjiang.
REPRO = """点号,圈号,X,Y
J1,1,5062694.839,42545458.418
J2,1,5063077.361,42545341.470
J3,1,5063252.784,42545915.252
J4,1,5062870.262,42546032.201
J1,1,5062694.839,42545458.418
J5,2,5062923.812,42545636.835
J6,2,5062923.812,42545736.835
J7,2,5063023.812,42545736.835
J8,2,5063023.812,42545636.835
J5,2,5062923.812,42545636.835
"""

# (id, name, rings), each ring a list of (north, east) in EPSG:4528 (3° zone 40, with prefix), near
# the sample's redlines: JZ001 has a hole, JZ002 two parts.
PARCELS = [
    ("JZ001", "江宁片区仓储用地",
     [[(3500000, 40490000), (3500000, 40490600), (3500500, 40490600), (3500500, 40490000)],
      [(3500100, 40490100), (3500200, 40490100), (3500200, 40490200), (3500100, 40490200)]]),
    ("JZ002", "两地块项目",
     [[(3510000, 40495000), (3510000, 40495300), (3510300, 40495300), (3510300, 40495000)],
      [(3511000, 40496000), (3511000, 40496200), (3511200, 40496200), (3511200, 40496000)]]),
]


def geodesic_area(rings, epsg):
    """Ellipsoidal area (m²) of a parcel whose rings are (north, east) in `epsg`: each edge, straight
    in the projection, sampled every metre, the points taken to CGCS2000 lon/lat by pyproj and the
    area measured by Geod. A ring inside the first is a hole, any other a part."""
    to_lonlat = pyproj.Transformer.from_crs(epsg, 4490, always_xy=True)

    def area(ring):
        xs, ys = [], []
        for (n0, e0), (n1, e1) in zip(ring, ring[1:] + ring[:1]):
            steps = max(1, math.ceil(math.hypot(e1 - e0, n1 - n0)))
            xs += [e0 + (e1 - e0) * i / steps for i in range(steps)]
            ys += [n0 + (n1 - n0) * i / steps for i in range(steps)]
        lon, lat = to_lonlat.transform(xs, ys)
        return abs(GEOD.geometry_area_perimeter(orient(Polygon(zip(lon, lat)), 1.0))[0])

    shell = Polygon([(e, n) for n, e in rings[0]])
    return sum((-1 if shell.contains(Polygon([(e, n) for n, e in r])) else 1) * area(r) if i else area(r)
               for i, r in enumerate(rings))


def rows(parcels, merged=False):
    """Rows 点号, 圈号, X, Y, 地块编号, 地块名称, 边长 of the parcels, every ring closed on its first point;
    with `merged`, a parcel's id and name only on its first row, as merged cells are saved."""
    out = []
    for pid, name, rings in parcels:
        k, start = 0, len(out)

        def row(label, ring_no, north, east):
            shown = ("", "") if merged and len(out) > start else (pid, name)
            out.append([label, str(ring_no), f"{north:.3f}", f"{east:.3f}", *shown, f"{len(out) * 1.5}"])

        for ring_no, ring in enumerate(rings, start=1):
            first = k + 1
            for north, east in ring:
                k += 1
                row(f"J{k}", ring_no, north, east)
            row(f"J{first}", ring_no, *ring[0])
    return out


class BoundaryPointsCsvTest(RedlineTestCase):

    def write(self, name, text, encoding="gbk"):
        path = self.path(name)
        with open(path, "wb") as f:
            f.write(text.encode(encoding))
        return path

    def check(self, source, *flags):
        out = self.path("out-" + str(len(os.listdir(self.tmp))))
        run = redline("check", "--subjects", source, *flags, "--constraints", sample("redlines.shp"),
                      "--category-field", "category", "--out", out, "-q")
        return run, out

    def subjects(self, source, *flags):
        run, out = self.check(source, *flags)
        self.assertOk(run)
        return {s["id"]: s for s in load_json(os.path.join(out, "result.json"))["subjects"]}, run

    def refused(self, source, *needles):
        run, out = self.check(source)
        self.assertExit(run, 1)
        self.assertInStderr(run, *needles)
        self.assertNotIn("internal error", run.stderr)
        self.assertFalse(os.path.exists(out))

    def test_the_sweeps_file_is_one_parcel_with_its_hole(self):
        # GBK, as Excel saves it; no CRS stated: the eastings' prefix 42 names CGCS2000 3° zone 42.
        path = self.write("site_pts.csv", REPRO)
        subjects, run = self.subjects(path)
        [(_, subject)] = subjects.items()
        shell = [(5062694.839, 42545458.418), (5063077.361, 42545341.470), (5063252.784, 42545915.252),
                 (5062870.262, 42546032.201)]
        hole = [(5062923.812, 42545636.835), (5062923.812, 42545736.835), (5063023.812, 42545736.835),
                (5063023.812, 42545636.835)]
        self.assertClose(subject["area_m2"], geodesic_area([shell, hole], 4530), 1e-8)
        self.assertInStderr(run, "site_pts.csv: the CSV names no CRS", "EPSG:4530")
        # The same points as a 界址点 TXT give the same parcel.
        text = txt([("JZ01", "测试地块", [shell, hole])], zone=42)
        from_txt, _ = self.subjects(self.write("site.txt", text))
        [(_, same)] = from_txt.items()
        self.assertClose(subject["area_m2"], same["area_m2"], 1e-12)
        info = redline("info", path)
        self.assertOk(info)
        self.assertIn("EPSG:4530", info.stdout)

    def test_several_parcels_by_their_id_with_chinese_column_names(self):
        # UTF-8 with a BOM (Excel's "CSV UTF-8"); the id and name only on each parcel's first row
        # (merged cells); 边长 varies along the points, so it is no attribute of the parcel.
        header = "界址点号,环号,北坐标（m）,东坐标（m）,地块编号,地块名称,边长\n"
        text = header + "".join(",".join(r) + "\n" for r in rows(PARCELS, merged=True))
        path = self.write("parcels.csv", "\ufeff" + text, "utf-8")
        subjects, _ = self.subjects(path, "--id-field", "地块编号", "--name-field", "地块名称")
        self.assertEqual(sorted(subjects), ["JZ001", "JZ002"])
        for pid, name, rings in PARCELS:
            self.assertClose(subjects[pid]["area_m2"], geodesic_area(rings, 4528), 1e-8, pid)
            self.assertEqual(subjects[pid]["name"], name)
        # The hole is a hole, the second ring a part.
        self.assertClose(subjects["JZ001"]["area_m2"], 600 * 500 - 100 * 100, 2e-3)
        self.assertClose(subjects["JZ002"]["area_m2"], 300 * 300 + 200 * 200, 2e-3)
        from_txt, _ = self.subjects(self.write("XM.txt", txt(PARCELS)), "--id-field", "地块编号")
        for pid in from_txt:
            self.assertClose(subjects[pid]["area_m2"], from_txt[pid]["area_m2"], 1e-12, pid)
            self.assertEqual(subjects[pid]["status"], from_txt[pid]["status"], pid)
        info = redline("info", path)
        self.assertOk(info)
        self.assertIn("地块名称", info.stdout)
        self.assertNotIn("边长", info.stdout)

    def test_a_stated_crs_places_unprefixed_coordinates(self):
        # Eastings without the zone prefix: the zone cannot be known, so the CRS must be stated.
        unprefixed = [(pid, name, [[(n, e - 40000000) for n, e in r] for r in rings]) for pid, name, rings in PARCELS]
        text = "点号,圈号,X,Y,地块编号\n" + "".join(",".join(r[:5]) + "\n" for r in rows(unprefixed))
        path = self.write("local.csv", text)
        self.refused(path, "local.csv: a CSV of 界址点 names no CRS", "zone prefix", "|crs=")
        subjects, _ = self.subjects(path + "|crs=EPSG:4549", "--id-field", "地块编号")
        for pid, _, rings in unprefixed:
            self.assertClose(subjects[pid]["area_m2"], geodesic_area(rings, 4549), 1e-8, pid)
        # English names, and no 圈号: a ring closes on its first point and the next one starts.
        text = "Point,Northing,Easting,Parcel_ID\n" + "".join(
            f"{r[0]},{r[2]},{r[3]},{r[4]}\n" for r in rows(unprefixed))
        subjects, _ = self.subjects(self.write("english.csv", text) + "|crs=EPSG:4549", "--id-field", "Parcel_ID")
        for pid, _, rings in unprefixed:
            self.assertClose(subjects[pid]["area_m2"], geodesic_area(rings, 4549), 1e-8, pid)

    def test_what_cannot_be_read_is_named_by_file_and_line(self):
        body = REPRO.splitlines(keepends=True)
        self.refused(self.write("bad.csv", "".join(body[:3]) + "J3,1,北,42545915.252\n" + "".join(body[4:])),
                     "bad.csv:4: X (north, column \"X\") is \"北\", not a number")
        self.refused(self.write("empty.csv", "".join(body[:3]) + "J3,1,5063252.784,\n" + "".join(body[4:])),
                     "empty.csv:4: Y (east, column \"Y\") is empty")
        self.refused(self.write("short.csv", "".join(body[:3]) + "J3,1,5063252.784\n" + "".join(body[4:])),
                     "short.csv:4: 3 fields where the header has 4 (Y is missing)")
        self.refused(self.write("ring.csv", "".join(body[:3]) + "J3,一,5063252.784,42545915.252\n" + "".join(body[4:])),
                     "ring.csv:4: 圈号 (column \"圈号\") is \"一\", not a whole number")
        self.refused(self.write("few.csv", "".join(body[:6]) + "J5,2,5062923.812,42545636.835\n"
                                "J6,2,5062923.812,42545736.835\n"),
                     "few.csv:7: ring 2 has fewer than 3 points")
        # A parcel's points split by another parcel's.
        text = "点号,圈号,X,Y,地块编号\n" + "".join(",".join(r[:5]) + "\n" for r in rows(PARCELS))
        lines = text.splitlines(keepends=True)
        self.refused(self.write("split.csv", "".join(lines[:3] + lines[11:] + lines[3:11])),
                     "split.csv:", "parcel JZ001 began on line 2")
        self.refused(self.write("swapped.csv", "点号,圈号,Y,X\n" + "".join(body[1:])),
                     "swapped.csv:2: J1 (X=42545458.418, Y=5062694.839): X and Y look swapped")
        # One digit dropped from a northing made a 965 km² parcel reaching the tropics, exit 0.
        self.refused(self.write("typo.csv", "".join(body[:3]) + "J3,1,506325.2784,42545915.252\n" + "".join(body[4:])),
                     "typo.csv:4: J3 (X=506325.2784", "km from the other points of its parcel", "mistyped")
        shell = [(3500000, 40490000), (3500000, 40490600), (3500500, 40490600), (3500500, 40490000)]
        typo = [("JZ9", "笔误", [shell[:2] + [(350050, 40490600)] + shell[3:]])]
        self.refused(self.write("typo.txt", txt(typo)), "typo.txt:", "(X=350050", "mistyped")

    def test_a_large_four_cornered_parcel_is_not_taken_for_a_mistyped_point(self):
        # 90 km a side: every corner lies 64 km from the centre, inside the 100 km a mistyped point
        # must be away. The median point was a corner, 127 km from the opposite one: refused.
        square = [[(3450000, 40440000), (3450000, 40530000), (3540000, 40530000), (3540000, 40440000)]]
        subjects, _ = self.subjects(self.write("county.txt", txt([("XQ1", "县域", square)])), "--id-field", "地块编号")
        # Edges 90 km long: the area is of the geodesics between the corners in CGCS2000 (straight in
        # Gauss–Krüger instead, it is 1.7e-5 less: which CRS an edge is straight in, DESIGN.md).
        lon, lat = pyproj.Transformer.from_crs(4528, 4490, always_xy=True).transform(
            [e for _, e in square[0]], [n for n, _ in square[0]])
        self.assertClose(subjects["XQ1"]["area_m2"], abs(GEOD.polygon_area_perimeter(lon, lat)[0]), 1e-9, "XQ1")

    def test_zips_of_several_point_lists(self):
        # A zip of several 界址点 files takes |NAME; GDAL sees no geometry in them, and they were dropped
        # as attribute tables: "holds no vector file named a1".
        import zipfile
        body = REPRO
        other = REPRO.replace("5062", "5072")  # the same shape 10 km north
        table = "序号,名称\n1,甲\n"
        for name, members in (("lists.zip", {"a1.csv": body, "a2.csv": other, "attrs.csv": table}),
                              ("txts.zip", {"a1.txt": txt([("JZ01", "甲", [[(5062694.839, 42545458.418),
                                                                            (5063077.361, 42545341.470),
                                                                            (5063252.784, 42545915.252),
                                                                            (5062870.262, 42546032.201)]])], 42),
                                            "a2.txt": txt([("JZ02", "乙", [[(5072694.839, 42545458.418),
                                                                           (5073077.361, 42545341.470),
                                                                           (5073252.784, 42545915.252),
                                                                           (5072870.262, 42546032.201)]])], 42)})):
            with self.subTest(zip=name):
                path = self.path(name)
                with zipfile.ZipFile(path, "w") as z:
                    for member, text in members.items():
                        z.writestr(member, text.encode("gbk"))
                zipped, _ = self.subjects(path + "|a1")
                plain, _ = self.subjects(self.write("a1" + os.path.splitext(next(iter(members)))[1],
                                                    members[next(iter(members))]))
                self.assertEqual(len(zipped), 1)
                self.assertClose(next(iter(zipped.values()))["area_m2"], next(iter(plain.values()))["area_m2"], 1e-12)
                run, _ = self.check(path)
                self.assertExit(run, 1)
                self.assertInStderr(run, "a1", "a2")

    def test_other_csvs_are_read_as_before(self):
        # A WKT column is the geometry, whatever other columns the file has.
        square = [(3500000, 40490000), (3500000, 40490600), (3500500, 40490600), (3500500, 40490000)]
        wkt = "POLYGON((" + ",".join(f"{e} {n}" for n, e in square + [square[0]]) + "))"
        path = self.write("wkt.csv", f"id,点号,X,Y,WKT\nA,J1,3500000,40490000,\"{wkt}\"\n")
        subjects, _ = self.subjects(path + "|crs=EPSG:4528", "--id-field", "id")
        self.assertClose(subjects["A"]["area_m2"], geodesic_area([square], 4528), 1e-8)
        # Points by lon/lat columns, or an attribute table with a 序号: no parcels of 界址点.
        for name, text in (("lonlat.csv", "序号,lon,lat\n1,118.9,31.6\n"), ("table.csv", "序号,名称,X\n1,甲,2\n")):
            with self.subTest(name=name):
                self.refused(self.write(name, text), f"{name}: the layer", "has no geometry")


if __name__ == "__main__":
    main()
