#!/usr/bin/python3
"""The national 界址点 TXT exchange file as subjects: GBK, X north and Y east with the zone prefix
of the header's 带号, rings by 圈号 (a hole, a second part). The same parcels written by GDAL as a
GeoPackage in that CRS must give the same answers, and a parcel's area its shell less its hole."""
import os

from cli_testlib import (RedlineTestCase, absolute_project, load_json, main, ogr, osr, redline, sample, write_json)

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


def txt(parcels):
    out = HEADER
    for pid, name, rings in parcels:
        count = sum(len(r) + 1 for r in rings)
        out += f"{count},0.3000,{pid},{name},面,,,,@\n"
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

    def test_a_broken_point_line_is_named(self):
        path = self.path("bad.txt")
        with open(path, "wb") as f:
            f.write(txt(PARCELS).replace("J3,1,", "J3,1,north,").encode("gbk"))
        run = redline("check", "--subjects", path, "--constraints", sample("redlines.shp"), "--category-field",
                      "category", "--out", self.path("out"), "-q")
        self.assertExit(run, 1)
        self.assertInStderr(run, "bad.txt:16: expected a parcel header")
        self.assertFalse(os.path.exists(self.path("out")))


if __name__ == "__main__":
    main()
