#!/usr/bin/python3
"""Independent reference engine for `redline check` results.

    /usr/bin/python3 tests/reference/reference_check.py PROJECT.json RESULT.json [--rtol 1e-6]
    /usr/bin/python3 tests/reference/reference_check.py PROJECT.json --dump      (reference as JSON)

Recomputes what Redline must report for a project file (docs/project-file.md) with shapely,
pyproj and GDAL (GDAL is used for reading only; nothing from Redline is imported), then compares
it with Redline's result.json (docs/result-format.md).  Exit 0: all agree; 1: differences
(printed one per line); 2: bad input.

The computation (the correctness contract):
  * layers are read with OGR; shapefile attribute encoding = the project's `encoding`, else the
    .cpg / DBF language driver (GDAL), else UTF-8 if the DBF's names and records decode as
    UTF-8, else CP936;
  * every layer is transformed vertex by vertex (no densification) into the analysis CRS (the
    project's `analysis_crs`, else the geographic CRS of the subjects' datum; it must be
    geographic), with pyproj and always_xy=True; invalid geometries are repaired AFTER the
    transformation with shapely's make_valid, keeping polygonal parts only;
  * areas are geodesic on the analysis CRS's ellipsoid (pyproj.Geod.geometry_area_perimeter on
    polygons oriented CCW, so holes subtract);
  * per subject and category: area(subject ∩ union(category's features)), never double counted;
    pair areas per constraint feature; exclusive areas by rule priority;
  * zones: the zone value with the largest overlap area (summed per value) and its share;
  * distances: nearest points in a local azimuthal-equidistant projection centred on the subject
    (geometries densified to <= ~20 m in the analysis CRS first, so edges are those of the
    analysis CRS), then the geodesic distance between those two points;
  * status "conflict" iff some category of severity other than "info" overlaps by >= its
    minimum area, or the subject does not overlap it but lies within the rule's buffer_m.
Tolerances: areas rtol (default 1e-6) with an absolute floor of 1e-3 m2; distances 1e-3
relative with a floor of 1e-2 m; zone shares rtol with a floor of 1e-9.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import pyproj
from osgeo import gdal, ogr
from shapely import wkb
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points, transform, unary_union
from shapely.validation import make_valid

gdal.UseExceptions()
ogr.UseExceptions()
RANK = {"info": 0, "review": 1, "restricted": 2, "prohibited": 3}
DIST_RTOL, DIST_ATOL, AREA_ATOL = 1e-3, 1e-2, 1e-3


class InputError(Exception):
    pass


# ----------------------------------------------------------------------------- reading
def polygonal(g):
    """Polygonal part of any geometry as a list of Polygons."""
    if g is None or g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if hasattr(g, "geoms"):
        return [p for x in g.geoms for p in polygonal(x)]
    return []


def as_multi(parts):
    if not parts:
        return None
    g = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return g if g.is_valid else unary_union(parts)


def shapefile_encoding(path, obj):
    """Open option ENCODING for a shapefile, or None to let GDAL use .cpg / LDID."""
    if obj.get("encoding"):
        return obj["encoding"]
    base = os.path.splitext(path)[0]
    if any(os.path.exists(base + e) for e in (".cpg", ".CPG")):
        return None
    dbf = next((base + e for e in (".dbf", ".DBF") if os.path.exists(base + e)), None)
    if dbf is None:
        return None
    raw = open(dbf, "rb").read()
    if raw[29] != 0:
        return None
    hlen = int.from_bytes(raw[8:10], "little")
    text = b"".join(raw[o:o + 11] for o in range(32, hlen - 1, 32)) + raw[hlen:]
    try:
        text.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        return "CP936"


def read_layer(base_dir, obj, what, analysis):
    """-> list of dicts (fid, id, name, category, geom, repaired, error) in the analysis CRS."""
    path = os.path.join(base_dir, obj["path"])
    enc = shapefile_encoding(path, obj) if path.lower().endswith((".shp", ".dbf")) else None
    opts = ["ENCODING=" + enc] if enc else []
    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=opts)
    except RuntimeError as e:
        raise InputError(f"{what}: cannot open {path}: {e}")
    if not obj.get("layer") and ds.GetLayerCount() != 1:
        raise InputError(f"{what}: {path} has several layers, `layer` is required")
    lyr = ds.GetLayerByName(obj["layer"]) if obj.get("layer") else ds.GetLayer(0)
    if lyr is None:
        raise InputError(f"{what}: no layer {obj.get('layer')!r} in {path}")
    if obj.get("crs"):
        src = pyproj.CRS.from_user_input(obj["crs"])
    elif lyr.GetSpatialRef() is not None:
        srs = lyr.GetSpatialRef()
        if srs.GetAuthorityName(None) == "EPSG" and srs.GetAuthorityCode(None):
            src = pyproj.CRS.from_epsg(int(srs.GetAuthorityCode(None)))
        else:
            src = pyproj.CRS.from_wkt(srs.ExportToWkt(["FORMAT=WKT2_2018"]))
    else:
        raise InputError(f"{what}: {path} has no CRS and the project gives none")
    if analysis is None:                   # subjects decide the default analysis CRS
        return lyr, ds, src
    tr = (None if src.equals(analysis, ignore_axis_order=True)
          else pyproj.Transformer.from_crs(src, analysis, always_xy=True))
    names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName()
             for i in range(lyr.GetLayerDefn().GetFieldCount())]
    for key in ("id_field", "name_field", "category_field", "field"):
        if obj.get(key) and obj[key] not in names:
            raise InputError(f"{what}: field {obj[key]!r} not in {path} (fields: {names})")
    feats = []
    for f in lyr:
        get = lambda k: f.GetField(obj[k]) if obj.get(k) else None  # noqa: E731
        rec = {"fid": f.GetFID(), "repaired": False, "error": None, "geom": None, "name": get("name_field"),
               "id": str(get("id_field") if obj.get("id_field") else f.GetFID()), "value": get("field"),
               "category": get("category_field") if "category_field" in obj else obj.get("category")}
        feats.append(rec)
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            rec["error"] = "no geometry"
            continue
        g = g.Clone()
        g.FlattenTo2D()
        geom = wkb.loads(bytes(g.ExportToIsoWkb()))
        if not polygonal(geom) and geom.geom_type != "GeometryCollection":
            rec["error"] = f"{geom.geom_type} geometry"
            rec["skip"] = bool(obj.get("buffer_m"))      # buffered points/lines: not checked here
            continue
        if tr is not None:
            geom = transform(lambda x, y: tr.transform(x, y, errcheck=True), geom)
        if not geom.is_valid:
            geom = make_valid(geom)
            rec["repaired"] = True
        rec["geom"] = as_multi(polygonal(geom))
        if rec["geom"] is None:
            rec["error"] = "no polygonal part after repair"
    return feats


# ----------------------------------------------------------------------------- geometry
class Engine:
    def __init__(self, crs):
        e = crs.ellipsoid
        self.crs = crs
        self.geod = pyproj.Geod(a=e.semi_major_metre, rf=e.inverse_flattening)
        self.proj4_ell = f"+a={e.semi_major_metre!r} +rf={e.inverse_flattening!r}"

    def area(self, g):
        return abs(sum(self.geod.geometry_area_perimeter(orient(p, 1.0))[0] for p in polygonal(g)))

    def local(self, g):
        c = g.centroid
        aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={c.y!r} +lon_0={c.x!r} {self.proj4_ell} +units=m")
        return (pyproj.Transformer.from_crs(self.crs, aeqd, always_xy=True),
                pyproj.Transformer.from_crs(aeqd, self.crs, always_xy=True))

    def distance(self, subj, feat, fwd, inv, dense=True):
        if subj.intersects(feat):
            return 0.0
        ga, gb = (densify(subj), densify(feat)) if dense else (subj, feat)
        pa, pb = nearest_points(transform(fwd.transform, ga), transform(fwd.transform, gb))
        (x1, y1), (x2, y2) = inv.transform(pa.x, pa.y), inv.transform(pb.x, pb.y)
        return self.geod.inv(x1, y1, x2, y2)[2]


def densify(g, step=0.0002):
    def ring(coords):
        c = np.asarray(coords)
        out = [c[:1]]
        for a, b in zip(c[:-1], c[1:]):
            n = max(1, int(math.ceil(np.hypot(*(b - a)) / step)))
            t = np.arange(1, n + 1)[:, None] / n
            out.append(a + (b - a) * t)
        return np.vstack(out)
    return as_multi([Polygon(ring(p.exterior.coords), [ring(i.coords) for i in p.interiors])
                     for p in polygonal(g)])


def bbox_hit(a, b):
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


# ----------------------------------------------------------------------------- reference
def load_project(path):
    try:
        proj = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read project {path}: {e}")
    base = os.path.dirname(os.path.abspath(path))
    rules = proj.get("rules")
    if isinstance(rules, str):
        rules = json.load(open(os.path.join(base, rules), encoding="utf-8"))
    return proj, base, rules


def rule_for(rules, cat, min_area):
    if rules is None:
        r = {"severity": "review"}
    else:
        r = {"severity": "review", **rules.get("default", {}), **rules.get("categories", {}).get(cat, {})}
    r.setdefault("min_area_m2", min_area)
    return r


def compute(proj, base, rules):
    lyr, _ds, subj_crs = read_layer(base, proj["subjects"], "$.subjects", None)
    if proj.get("analysis_crs"):
        analysis = pyproj.CRS.from_user_input(proj["analysis_crs"])
    else:
        analysis = subj_crs.geodetic_crs
    if not analysis.is_geographic:
        raise InputError(f"reference supports a geographic analysis CRS only, got {analysis.name}")
    eng = Engine(analysis)
    min_area = float(proj.get("min_area_m2", 1.0))
    subjects = read_layer(base, proj["subjects"], "$.subjects", analysis)
    cons = proj["constraints"] if isinstance(proj["constraints"], list) else [proj["constraints"]]
    features = []
    for i, c in enumerate(cons):
        for f in read_layer(base, c, f"$.constraints[{i}]", analysis):
            if f["geom"] is not None and f["category"] not in (None, ""):
                f["category"] = str(f["category"])
                f["bounds"] = f["geom"].bounds
                features.append(f)
    zones = {}
    for i, z in enumerate(proj.get("zones", [])):
        zs = [f for f in read_layer(base, z, f"$.zones[{i}]", analysis) if f["geom"] is not None]
        zones[z["name"]] = [(str(f["value"]), f["geom"], f["geom"].bounds) for f in zs]
    cats = sorted({f["category"] for f in features})
    R = {c: rule_for(rules, c, min_area) for c in cats}
    order = sorted(cats, key=lambda c: (R[c].get("priority", math.inf), c))

    out = []
    for s in subjects:
        rec = {"id": s["id"], "fid": s["fid"], "name": s["name"], "repaired": s["repaired"]}
        out.append(rec)
        if s["geom"] is None:
            rec.update(status="error", error=s["error"], skip=s.get("skip", False))
            continue
        g, sb = s["geom"], s["geom"].bounds
        rec["area_m2"] = sa = eng.area(g)
        fwd, inv = eng.local(g)
        overlaps, contacts, nearest, within = {}, {}, {}, {}
        for c in order:
            mine = [f for f in features if f["category"] == c]
            cand = [f for f in mine if bbox_hit(sb, f["bounds"])]
            pairs = {}
            for f in cand:
                a = eng.area(g.intersection(f["geom"]))
                if a > 0:
                    pairs[f["id"]] = pairs.get(f["id"], 0.0) + a
            inter = g.intersection(unary_union([f["geom"] for f in cand])) if cand else None
            area = eng.area(inter) if inter is not None else 0.0
            entry = {"area_m2": area, "features": pairs}
            if area >= R[c]["min_area_m2"]:
                overlaps[c] = entry
                continue
            if area > 0 or any(g.intersects(f["geom"]) for f in cand):
                contacts[c] = entry
            # distance to every feature: coarse first, exact (densified) for the near ones
            d = {f["id"]: eng.distance(g, f["geom"], fwd, inv, dense=False) for f in mine}
            near = min(d.values()) if d else None
            for f in mine:
                if d[f["id"]] <= 1.01 * near + 20000:
                    d[f["id"]] = eng.distance(g, f["geom"], fwd, inv)
            if d:
                best = min(d.values())
                nearest[c] = {"distance_m": best, "features": {k: v for k, v in d.items()
                                                               if v <= best * (1 + DIST_RTOL) + DIST_ATOL}}
                if R[c].get("buffer_m") is not None and best <= float(R[c]["buffer_m"]):
                    within[c] = {"distance_m": best, "buffer_m": R[c]["buffer_m"]}
        # Exclusive breakdown by priority, cut from the constraint features themselves:
        # A_k = area(subject ∩ union(features of the first k conflicting categories)),
        # part_k = A_k − A_(k−1); conflict_area_m2 = A_n. (Overlaying the per-category results
        # with each other would meet their shared subject edges only up to rounding.)
        union_feats, previous = [], 0.0
        for c in order:
            if c in overlaps and R[c]["severity"] != "info":
                union_feats += [f["geom"] for f in features if f["category"] == c and bbox_hit(sb, f["bounds"])]
                cumulative = eng.area(g.intersection(unary_union(union_feats)))
                overlaps[c]["exclusive_m2"] = cumulative - previous
                previous = cumulative
        rec["conflict_area_m2"] = previous
        sev = [R[c]["severity"] for c in list(overlaps) + list(within) if R[c]["severity"] != "info"]
        rec["status"] = "conflict" if sev else "clear"
        rec["severity"] = max(sev, key=RANK.get) if sev else None
        rec.update(overlaps=overlaps, edge_contacts=contacts, nearest=nearest, within_buffer=within)
        rec["zones"], rec["zone_shares"], rec["zone_ties"] = {}, {}, {}
        for zname, zl in zones.items():
            acc = {}
            for val, zg, zb in zl:
                if bbox_hit(sb, zb):
                    a = eng.area(g.intersection(zg))
                    if a > 0:
                        acc[val] = acc.get(val, 0.0) + a
            top = max(acc.values()) if acc else 0.0
            rec["zones"][zname] = max(acc, key=acc.get) if acc else None
            rec["zone_shares"][zname] = top / sa if acc else None
            rec["zone_ties"][zname] = sorted(v for v, a in acc.items() if a >= top - sa * 1e-6 - AREA_ATOL)
    return {"analysis_crs": analysis.to_string(), "ellipsoid": [eng.geod.a, 1 / eng.geod.f],
            "min_area_m2": min_area, "rules": R, "subjects": out}


# ----------------------------------------------------------------------------- comparison
def compare(ref, res, rtol):
    diffs = []

    def num(where, got, want, rt=rtol, at=AREA_ATOL):
        ok = isinstance(got, (int, float)) and abs(got - want) <= max(at, rt * max(abs(got), abs(want)))
        if not ok:
            rel = abs(got - want) / max(abs(want), 1e-300) if isinstance(got, (int, float)) else math.nan
            diffs.append(f"{where}: result {got!r} != reference {want!r} (rel {rel:.3g})")

    by_id = {}
    for r in res.get("subjects", []):
        by_id.setdefault(str(r.get("id")), []).append(r)
    known = {s["id"] for s in ref["subjects"]}
    for k, v in by_id.items():
        if len(v) > 1 or k not in known:
            diffs.append(f"subject {k}: appears {len(v)} times in result.json, {int(k in known)} in the source")
    totals = {}
    for s in ref["subjects"]:
        for c, e in s.get("overlaps", {}).items():
            t = totals.setdefault(c, [0, 0.0])
            t[0] += 1
            t[1] += e["area_m2"]
    for s in ref["subjects"]:
        sid = s["id"]
        if sid not in by_id:
            diffs.append(f"subject {sid}: missing from result.json")
            continue
        r = by_id[sid][0]
        if s.get("skip"):
            continue
        if s["status"] == "error":
            if r.get("status") != "error":
                diffs.append(f"{sid}: status {r.get('status')!r}, reference 'error' ({s['error']})")
            continue
        for key in ("status", "severity", "repaired"):
            if r.get(key) != s[key]:
                diffs.append(f"{sid}: {key} {r.get(key)!r} != reference {s[key]!r}")
        sa = s["area_m2"]
        num(f"{sid}: area_m2", r.get("area_m2"), sa)
        num(f"{sid}: area_ha", r.get("area_ha"), sa / 1e4, at=AREA_ATOL / 1e4)
        num(f"{sid}: area_mu", r.get("area_mu"), sa * 15 / 1e4, at=AREA_ATOL * 15 / 1e4)
        num(f"{sid}: conflict_area_m2", r.get("conflict_area_m2", 0.0), s["conflict_area_m2"],
            at=AREA_ATOL + rtol * sa)
        got = {o.get("category"): o for o in r.get("overlaps", [])}
        for c in sorted(set(got) | set(s["overlaps"])):
            w = f"{sid}: overlaps[{c}]"
            if c not in s["overlaps"]:
                a = s["edge_contacts"].get(c, {}).get("area_m2", 0.0)
                diffs.append(f"{w}: reported ({got[c].get('area_m2')}) but reference area {a!r} "
                             f"< min {ref['rules'][c]['min_area_m2'] if c in ref['rules'] else '?'}")
                continue
            o, e = got.get(c), s["overlaps"][c]
            if o is None:
                diffs.append(f"{w}: missing, reference area {e['area_m2']!r}")
                continue
            num(f"{w}.area_m2", o.get("area_m2"), e["area_m2"])
            num(f"{w}.area_ha", o.get("area_ha"), e["area_m2"] / 1e4, at=AREA_ATOL / 1e4)
            num(f"{w}.area_mu", o.get("area_mu"), e["area_m2"] * 15 / 1e4, at=AREA_ATOL * 15 / 1e4)
            num(f"{w}.pct_of_subject", o.get("pct_of_subject"), 100 * e["area_m2"] / sa, at=1e-6)
            if "exclusive_m2" in e:
                num(f"{w}.exclusive_m2", o.get("exclusive_m2"), e["exclusive_m2"], at=AREA_ATOL + rtol * sa)
            elif o.get("exclusive_m2") is not None:  # info categories are not part of the conflict area
                diffs.append(f"{w}.exclusive_m2: {o.get('exclusive_m2')!r} for an info category, expected null")
            if o.get("severity") != ref["rules"][c]["severity"]:
                diffs.append(f"{w}.severity {o.get('severity')!r} != {ref['rules'][c]['severity']!r}")
            fr = {str(x.get("id")): x for x in o.get("features", [])}
            for fid in sorted(set(fr) | set(e["features"])):
                want = e["features"].get(fid, 0.0)
                if fid not in fr:
                    if want >= ref["rules"][c]["min_area_m2"]:
                        diffs.append(f"{w}.features[{fid}]: missing, reference pair area {want!r}")
                else:
                    num(f"{w}.features[{fid}].area_m2", fr[fid].get("area_m2"), want)
        for ec in r.get("edge_contacts", []):
            c = ec.get("category")
            if c in s["overlaps"]:
                diffs.append(f"{sid}: edge_contacts[{c}] but reference overlap is {s['overlaps'][c]['area_m2']!r}")
        gw = {w.get("category"): w for w in r.get("within_buffer", [])}
        for c in sorted(set(gw) | set(s["within_buffer"])):
            if c not in s["within_buffer"]:
                diffs.append(f"{sid}: within_buffer[{c}] reported, reference nearest "
                             f"{s['nearest'].get(c, {}).get('distance_m')!r} m")
            elif c not in gw:
                diffs.append(f"{sid}: within_buffer[{c}] missing, reference distance "
                             f"{s['within_buffer'][c]['distance_m']!r} m")
            else:
                num(f"{sid}: within_buffer[{c}].distance_m", gw[c].get("distance_m"),
                    s["within_buffer"][c]["distance_m"], DIST_RTOL, DIST_ATOL)
        gn = {n.get("category"): n for n in r.get("nearest", [])}
        for c, e in sorted(s["nearest"].items()):
            if c not in gn:
                if c not in s["edge_contacts"] and e["distance_m"] > DIST_ATOL:
                    diffs.append(f"{sid}: nearest[{c}] missing, reference {e['distance_m']!r} m")
                continue
            num(f"{sid}: nearest[{c}].distance_m", gn[c].get("distance_m"), e["distance_m"],
                DIST_RTOL, DIST_ATOL)
            if "feature" in gn[c] and str(gn[c]["feature"]) not in e["features"]:
                diffs.append(f"{sid}: nearest[{c}].feature {gn[c]['feature']!r} not among the "
                             f"nearest {sorted(e['features'])}")
        for z, v in s["zones"].items():
            got = (r.get("zones") or {}).get(z)
            if got != v and got not in s["zone_ties"][z]:
                diffs.append(f"{sid}: zones[{z}] {got!r} != reference {v!r}")
            want = s["zone_shares"][z]
            gs = (r.get("zone_shares") or {}).get(z)
            if want is None:
                if gs not in (None, 0, 0.0):
                    diffs.append(f"{sid}: zone_shares[{z}] {gs!r}, reference none")
            else:
                num(f"{sid}: zone_shares[{z}]", gs, want, at=1e-9)
    for c, (n, a) in sorted(totals.items()):
        t = (res.get("totals") or {}).get(c)
        if t is None:
            diffs.append(f"totals[{c}]: missing (reference {n} subjects, {a!r} m2)")
            continue
        if t.get("subjects") != n:
            diffs.append(f"totals[{c}].subjects: result {t.get('subjects')!r} != reference {n}")
        num(f"totals[{c}].area_m2", t.get("area_m2"), a)
    for c, t in (res.get("totals") or {}).items():
        if c not in totals and (t.get("subjects") or t.get("area_m2")):
            diffs.append(f"totals[{c}]: {t} but no reference overlap")
    code = (res.get("analysis_crs") or {}).get("code")
    if code and pyproj.CRS.from_user_input(code).to_string() != ref["analysis_crs"]:
        diffs.append(f"analysis_crs: result {code} != reference {ref['analysis_crs']}")
    ell = res.get("ellipsoid")
    if ell:
        num("ellipsoid.a", ell.get("a"), ref["ellipsoid"][0], 1e-12, 0)
        num("ellipsoid.inv_f", ell.get("inv_f"), ref["ellipsoid"][1], 1e-9, 0)
    return diffs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project")
    ap.add_argument("result", nargs="?")
    ap.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance for areas")
    ap.add_argument("--dump", action="store_true", help="print the reference values as JSON")
    a = ap.parse_args(argv)
    if not a.dump and not a.result:
        ap.error("RESULT.json is required unless --dump is given")
    try:
        ref = compute(*load_project(a.project))
        res = json.load(open(a.result, encoding="utf-8")) if a.result else None
    except (InputError, OSError, ValueError, KeyError, RuntimeError, pyproj.exceptions.CRSError) as e:
        print(f"reference_check: error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    if a.dump:
        json.dump(ref, sys.stdout, ensure_ascii=False, indent=1)
        print()
        if res is None:
            return 0
    diffs = compare(ref, res, a.rtol)
    n = len(ref["subjects"])
    if diffs:
        print(f"reference_check: {len(diffs)} difference(s) over {n} subjects:")
        for d in diffs:
            print("  " + d)
        return 1
    print(f"reference_check: OK, {n} subjects agree (rtol {a.rtol:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
