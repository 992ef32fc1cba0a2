"""A site that comes out clear, the usual answer for one project, checked from outside the
program: the report (HTML, PDF, XLSX; Chinese and English) lists it with its area in m², ha and 亩
(against pyproj's Geod), its zones (as built) and the distance to the nearest water source (a
vertex-to-vertex geodesic, pyproj), besides result.json's numbers; --subject-pages bounds the list
and the report says what it leaves out. Data: test_buffer_map.py's."""
import os
import subprocess
import tempfile
import unittest

from cli_testlib import EXIT_OK, GEOD, load_json, ogr, redline
from test_buffer_map import CLEAR_SITE, CORNER, geod_area, make_project
from test_map_report import Tables, read_text


class ClearSubjectTable(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name
        cls.project = make_project(cls.tmp)
        run = redline("check", cls.project, "--out", os.path.join(cls.tmp, "check"), "-q")
        assert run.code == EXIT_OK, run
        cls.c1 = next(s for s in load_json(os.path.join(cls.tmp, "check", "result.json"))["subjects"]
                      if s["id"] == "C1")
        cls.area = geod_area(CLEAR_SITE)
        cls.water_m = GEOD.inv(*CORNER, *CLEAR_SITE.exterior.coords[0])[2]

    def report(self, name, *args):
        out = os.path.join(self.tmp, name)
        run = redline("report", self.project, "--out", out, "--no-stats", "-q", *args)
        self.assertEqual(run.code, EXIT_OK, run)
        return out

    def clear_table(self, html_file, caption):
        tables = Tables()
        tables.feed(read_text(html_file))
        found = [t for t in tables.tables if t.get("caption") == caption]
        self.assertEqual(len(found), 1, [t.get("caption") for t in tables.tables])
        return found[0]

    def test_result_json_agrees_with_the_independent_values(self):
        self.assertEqual(self.c1["status"], "clear")
        self.assertAlmostEqual(self.c1["area_m2"], self.area, delta=0.01)
        self.assertEqual(self.c1["zones"], {"basin": "太湖", "county": "江宁区"})
        water = next(n for n in self.c1["nearest"] if n["category"] == "water_source")
        self.assertAlmostEqual(water["distance_m"], self.water_m, delta=0.05)

    def check_row(self, row, header, zh):
        cells = dict(zip(header, row["cells"]))
        self.assertEqual(cells["编号" if zh else "ID"], "C1")
        self.assertEqual(cells["名称" if zh else "Name"], "无冲突地块")
        m2 = float(cells["地块面积（m²）" if zh else "Site area (m²)"])
        self.assertAlmostEqual(m2, self.area, delta=0.006)
        self.assertAlmostEqual(m2, self.c1["area_m2"], delta=0.006)
        self.assertAlmostEqual(float(cells["地块面积（公顷）" if zh else "Site area (ha)"]), self.area / 1e4, delta=6e-5)
        self.assertAlmostEqual(float(cells["地块面积（亩）" if zh else "Site area (亩)"]), self.area / (1e4 / 15),
                               delta=0.006)
        self.assertTrue(cells["basin"].startswith("太湖"), cells["basin"])
        self.assertIn("100.0", cells["basin"])
        self.assertTrue(cells["county"].startswith("江宁区"), cells["county"])
        water = cells["距饮用水水源保护区（米）" if zh else "饮用水水源保护区: nearest (m)"]
        self.assertAlmostEqual(float(water), self.water_m, delta=0.06)
        core = next(n for n in self.c1["nearest"] if n["category"] == "core")
        self.assertAlmostEqual(float(cells["距生态保护红线·核心保护区（米）" if zh else "生态保护红线·核心保护区: nearest (m)"]),
                               core["distance_m"], delta=0.06)
        self.assertEqual(cells["状态" if zh else "Status"], "无冲突" if zh else "clear")

    def test_html_in_chinese_and_english(self):
        for lang, caption, zh in (("zh_CN", "无冲突地块一览", True), ("en", "Subjects without conflict", False)):
            with self.subTest(lang=lang):
                table = self.clear_table(self.report(f"r_{lang}.html", "--lang", lang), caption)
                # B1 is in conflict, not here; C1 and C2 in input order.
                self.assertEqual([r["cells"][0] for r in table["rows"]], ["C1", "C2"])
                self.check_row(table["rows"][0], table["header"], zh)

    def test_pdf_carries_the_table(self):
        pdf = self.report("r.pdf", "--lang", "zh_CN")
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], stdout=subprocess.PIPE,
                              check=True).stdout.decode()
        self.assertIn("无冲突地块一览", text)
        row = next(line for line in text.splitlines() if line.strip().startswith("C1")).split()
        # id, name (wrapped), m², ha, 亩, basin, county, core, water, status
        self.assertAlmostEqual(float(row[2]), self.area, delta=0.006)
        self.assertAlmostEqual(float(row[3]), self.area / 1e4, delta=6e-5)
        self.assertTrue(row[5].startswith("太湖") and row[6].startswith("江宁区"), row)
        self.assertAlmostEqual(float(row[8]), self.water_m, delta=0.06)

    def test_xlsx_sheet(self):
        ds = ogr.Open(self.report("r.xlsx", "--lang", "en"))
        layer = ds.GetLayerByName("clear")
        self.assertIsNotNone(layer)
        rows = [f.items() for f in layer]
        self.assertEqual(len(rows), 2)
        row = rows[0]
        self.assertEqual(row["ID"], "C1")
        self.assertAlmostEqual(float(row["Site area (m²)"]), self.area, delta=0.006)
        self.assertAlmostEqual(float(row["Site area (ha)"]), self.area / 1e4, delta=6e-5)
        self.assertAlmostEqual(float(row["饮用水水源保护区: nearest (m)"]), self.water_m, delta=0.06)

    def test_the_limit_says_what_is_left_out(self):
        # As many clear subjects as subjects in conflict detailed (--subject-pages); the rest counted.
        table = self.clear_table(self.report("one.html", "--lang", "zh_CN", "--subject-pages", "1"), "无冲突地块一览")
        self.assertEqual([r["cells"][0] for r in table["rows"]], ["C1"])
        text = read_text(os.path.join(self.tmp, "one.html"))
        self.assertTrue("仅列出 2 个无冲突地块中的前 1 个" in text, "no word of the clear subject left out")
        text = read_text(self.report("none.html", "--lang", "zh_CN", "--subject-pages", "0"))
        self.assertFalse("无冲突地块一览" in text)
        self.assertTrue("无冲突地块 2 个" in text, "the clear subjects are not counted")

    def test_xlsx_keeps_the_words_and_the_limit(self):
        # The sheet left blank what the HTML says instead of a distance (a touch, an info overlap, a
        # buffer), and said nothing of the clear subjects it left out.
        from cli_testlib import sample
        check = os.path.join(self.tmp, "sample_check")
        self.assertEqual(redline("check", sample("project.json"), "--out", check, "-q").code, EXIT_OK)
        touching = sorted(s["id"] for s in load_json(os.path.join(check, "result.json"))["subjects"]
                          if s["status"] == "clear" and s["edge_contacts"])
        self.assertTrue(touching, "the sample has a clear site touching a redline")

        def sheet(name, *args):
            out = os.path.join(self.tmp, name)
            run = redline("report", sample("project.json"), "--out", out, "--lang", "en", "--no-stats", "-q", *args)
            self.assertEqual(run.code, EXIT_OK, run)
            ds = ogr.Open(out)  # kept: its layers die with it
            return {f.items()["ID"]: f.items() for f in ds.GetLayerByName("clear")}

        rows = sheet("all.xlsx")
        words = sorted(r["ID"] for r in rows.values() if any(k.endswith("(note)") and v for k, v in r.items()))
        self.assertEqual(words, touching)
        for i in touching:
            self.assertTrue(any(str(v).startswith("touches") for k, v in rows[i].items() if k.endswith("(note)")))
        few = sheet("five.xlsx", "--subject-pages", "5")
        self.assertEqual(len(few), 5)
        for r in few.values():
            self.assertIn(f"The first 5 of the {len(rows)} clear subjects", r["Note"])


if __name__ == "__main__":
    unittest.main()
