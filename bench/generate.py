#!/usr/bin/python3
"""Generate Redline's benchmark dataset: synthetic but realistic layers for the Jiangsu extent.

    /usr/bin/python3 bench/generate.py --scale S|M|L --out DIR [--quiet]

Writes into DIR (EPSG:4490, GeoPackage, UTF-8):

  sites.gpkg     layer `sites`     subjects: small parcels of 1-50 ha (site_id, name)
  redlines.gpkg  layer `redlines`  constraints: noisy blobs and river corridors (code, category, name)
  basins.gpkg    layer `basins`    zones: an exact tiling of the extent (basin, code)
  project.json, rules.json, manifest.json (scale, counts, vertex statistics, seed)

Scales (the corridors are part of the redline count):

  S      2,000 sites     300 redlines   2 corridors
  M     50,000 sites   3,000 redlines   4 corridors
  L    300,000 sites  10,000 redlines   6 corridors

What the data looks like:
  * extent lon 116.3-121.9, lat 30.7-35.1 (Jiangsu and its surroundings);
  * redlines: star-shaped noisy blobs (log-radius = a random Fourier series with a power-law
    spectrum), elongated up to 3:1, of 200-4,000 vertices (at most one per 2 m of outline),
    median radius 600 m x sqrt(3000 / redlines) (1.9 km at S, 600 m at M, 330 m at L, so that
    they cover ~5 % of the extent at every scale), about 35 % `core` and 65 % `general`;
    ~12 % have 1-3 holes, ~10 % are multipart (2-4 disjoint parts), ~15 % are placed to
    overlap an earlier redline (often the other category: a core zone inside a general one);
    plus a few river corridors (meandering centre line; 1-3 km wide on average, narrowing and
    widening along the way) of ~20,000 vertices that cross the whole extent and overlap other
    redlines and each other;
  * basins: 16 cells of a jittered Voronoi tiling whose shared edges are replaced by noisy
    polylines (the same vertices, reversed, in both neighbours), 10,000-50,000 vertices each;
    the cells tile the extent exactly;
  * sites: rotated rectangles (70 %), irregular quadrilaterals (25 %) and 6-60-vertex blobs
    (5 %) of 1-50 ha (log-uniform). About 5 % are placed inside a redline, 10 % on a redline's
    boundary, 2.5 % on a corridor's bank, the rest around 13 city centres or uniformly; with the
    redlines that happen to lie under the others, 20-30 % of the sites overlap a redline.

Determinism: every object draws from its own numpy Generator seeded by (SEED, kind, index), so
the output does not depend on the order of work; coordinates are rounded to 1e-7 degree and the
GeoPackage timestamps are pinned with OGR_CURRENT_DATE, so the same GDAL writes the same bytes
every run. Memory: features are streamed to the files one by one; only a small summary of each
redline (centre, inner radius, 32 boundary samples) is kept for placing sites.
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

GENERATOR_VERSION = 2
SEED = 20240107
SCALES = {  # size: median blob radius factor, sqrt(3000 / redlines): the same ~5 % coverage at every scale
    "S": {"sites": 2_000, "redlines": 300, "corridors": 2, "size": math.sqrt(10.0)},
    "M": {"sites": 50_000, "redlines": 3_000, "corridors": 4, "size": 1.0},
    "L": {"sites": 300_000, "redlines": 10_000, "corridors": 6, "size": math.sqrt(0.3)},
}
LON0, LAT0, LON1, LAT1 = 116.3, 30.7, 121.9, 35.1
M_PER_DEG_LAT = 110_900.0                                  # near 33 N (shaping only)
M_PER_DEG_LON_REF = 111_320.0 * math.cos(math.radians(32.9))
PLANE_W = (LON1 - LON0) * M_PER_DEG_LON_REF                # the "plane" for basins and corridors:
PLANE_H = (LAT1 - LAT0) * M_PER_DEG_LAT                    # metres, mapped linearly onto the box
GPKG_DATE = "2024-01-01T00:00:00.000Z"
KIND_REDLINE, KIND_CORRIDOR, KIND_SITES, KIND_BASIN_EDGE, KIND_BASIN_SEEDS = 1, 2, 3, 4, 5
SITE_CHUNK = 1000
N_SAMPLES = 32                                             # boundary samples kept per redline

CITIES = [  # (lon, lat, weight): centres around which most sites cluster
    (118.78, 32.06, 9), (120.62, 31.30, 9), (120.30, 31.57, 6), (119.97, 31.81, 5),
    (120.89, 31.98, 5), (119.42, 32.39, 4), (119.45, 32.20, 3), (119.92, 32.46, 3),
    (120.16, 33.35, 4), (119.02, 33.61, 4), (118.28, 33.96, 3), (119.22, 34.60, 3),
    (117.28, 34.20, 6)]
ECO_CENTRES = [  # lakes, hills, wetlands: where redlines cluster
    (120.20, 31.20), (118.70, 33.30), (119.30, 32.80), (118.20, 34.10), (119.30, 34.65),
    (118.60, 32.10), (119.30, 31.80), (119.60, 31.30), (120.60, 33.20), (120.90, 32.60),
    (117.60, 34.40), (119.80, 33.90)]
BASIN_NAMES = ["沂沭泗水系", "骆马湖区", "新沂河流域", "连云港沿海", "洪泽湖区", "淮河入江水道",
               "里下河腹部", "通榆河流域", "滁河流域", "秦淮河流域", "高宝邵伯湖区", "长江干流区",
               "水阳江流域", "太湖流域", "京杭运河苏南段", "黄浦江上游"]


# --------------------------------------------------------------------------- small helpers
def rng_for(kind, *idx):
    return np.random.default_rng([SEED, kind, *idx])


def local_to_ll(lon_c, lat_c, dx, dy):
    """Metres east/north of (lon_c, lat_c) -> lon, lat (local equirectangular)."""
    return (lon_c + dx / (111_320.0 * math.cos(math.radians(lat_c))), lat_c + dy / M_PER_DEG_LAT)


def plane_to_ll(x, y):
    return LON0 + x / M_PER_DEG_LON_REF, LAT0 + y / M_PER_DEG_LAT


def ring(lon, lat, ccw=True):
    """-> closed (n, 2) array rounded to 1e-7 degree, no repeated vertices, given orientation."""
    xy = np.column_stack([np.round(np.asarray(lon, float), 7), np.round(np.asarray(lat, float), 7)])
    keep = np.ones(len(xy), bool)
    keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
    xy = xy[keep]
    if np.any(xy[0] != xy[-1]):
        xy = np.vstack([xy, xy[:1]])
    x, y = xy[:, 0], xy[:, 1]
    signed = np.dot(x[:-1] - x[0], y[1:] - y[0]) - np.dot(x[1:] - x[0], y[:-1] - y[0])
    if (signed > 0) != ccw:
        xy = xy[::-1].copy()
    return xy


def polygon_wkb(rings):
    out = [struct.pack("<BII", 1, 3, len(rings))]
    for r in rings:
        out.append(struct.pack("<I", len(r)))
        out.append(np.ascontiguousarray(r, dtype="<f8").tobytes())
    return b"".join(out)


def multipolygon_wkb(polys):
    return struct.pack("<BII", 1, 6, len(polys)) + b"".join(polygon_wkb(p) for p in polys)


def fractal(rng, n, beta, kmax=None, periodic=True):
    """Zero-mean noise of n samples with a power-law spectrum k^-beta (k >= 1), unit std.
    periodic=False: the first n samples of a 2n-periodic series (no wrap-around constraint)."""
    m = n if periodic else 2 * n
    half = m // 2
    kmax = min(half, kmax or half)
    k = np.arange(1, kmax + 1)
    spec = np.zeros(half + 1, complex)
    spec[1:kmax + 1] = (rng.standard_normal(kmax) + 1j * rng.standard_normal(kmax)) * k ** (-beta)
    s = np.fft.irfft(spec, m)[:n]
    s -= s.mean()
    sd = s.std()
    return s / sd if sd > 0 else s


def valid(wkb):
    g = ogr.CreateGeometryFromWkb(wkb)
    gdal.PushErrorHandler("CPLQuietErrorHandler")       # GEOS's "Self-intersection at ..." notes
    try:
        return g.IsValid()
    finally:
        gdal.PopErrorHandler()


# --------------------------------------------------------------------------- GeoPackage writing
class Writer:
    """One GeoPackage layer written to DIR/.NAME.tmp and moved into place by close()."""

    def __init__(self, out_dir, name, geom_type, fields):
        self.final = os.path.join(out_dir, name + ".gpkg")
        self.tmp = os.path.join(out_dir, "." + name + ".tmp.gpkg")
        if os.path.exists(self.tmp):
            os.remove(self.tmp)
        self.ds = ogr.GetDriverByName("GPKG").CreateDataSource(self.tmp)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4490)
        self.lyr = self.ds.CreateLayer(name, srs, geom_type,
                                       options=["FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"])
        for fname, ftype, width in fields:
            fd = ogr.FieldDefn(fname, ftype)
            if width:
                fd.SetWidth(width)
            self.lyr.CreateField(fd)
        self.defn = self.lyr.GetLayerDefn()
        self.ds.StartTransaction()
        self.count = 0

    def add(self, wkb, **values):
        f = ogr.Feature(self.defn)
        for k, v in values.items():
            f.SetField(k, v)
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        self.lyr.CreateFeature(f)
        self.count += 1

    def close(self):
        self.ds.CommitTransaction()
        self.ds = self.lyr = self.defn = None
        os.replace(self.tmp, self.final)


# --------------------------------------------------------------------------- redlines
def blob_ring(rng, R, n, sigma, beta, cx=0.0, cy=0.0):
    """Star-shaped noisy blob around (cx, cy) in metres: (x, y, r_min, r_max).
    Angles strictly increase and radii are positive, so the ring is simple."""
    s = fractal(rng, n, beta)
    r = R * np.exp(np.clip(sigma * s, -1.2, 1.2))
    th = 2 * math.pi * (np.arange(n) + 0.3 * rng.uniform(-0.5, 0.5, n)) / n
    return cx + r * np.cos(th), cy + r * np.sin(th), float(r.min()), float(r.max())


def make_blob_redline(i, summary, size):
    """Redline i (a noisy blob, maybe with holes, maybe multipart) -> (wkb, attributes, stats)."""
    rng = rng_for(KIND_REDLINE, i)
    category = "core" if rng.random() < 0.35 else "general"
    R = float(np.clip(math.exp(rng.normal(math.log(600.0 * size), 0.75)), 100.0, 15_000.0))
    u = rng.random()
    first = summary["first_blob"]
    if u < 0.15 and i > first:                                   # overlap an earlier redline
        j = first + int(rng.integers(i - first))
        lon_j, lat_j = summary["centre"][j]
        ang = rng.uniform(0, 2 * math.pi)
        d = (summary["r_in"][j] + R) * rng.uniform(0.2, 0.8)
        lon_c, lat_c = local_to_ll(lon_j, lat_j, d * math.cos(ang), d * math.sin(ang))
        if rng.random() < 0.6:
            category = "general" if summary["category"][j] == "core" else "core"
    elif u < 0.65:                                               # around a lake / hill / wetland
        lon_e, lat_e = ECO_CENTRES[int(rng.integers(len(ECO_CENTRES)))]
        lon_c, lat_c = local_to_ll(lon_e, lat_e, *rng.normal(0, 30_000, 2))
    else:
        lon_c, lat_c = rng.uniform(LON0, LON1), rng.uniform(LAT0, LAT1)
    margin = 0.15
    lon_c = float(np.clip(lon_c, LON0 + margin, LON1 - margin))
    lat_c = float(np.clip(lat_c, LAT0 + margin, LAT1 - margin))

    n_main = int(math.exp(rng.uniform(math.log(200), math.log(4000))))
    n_main = max(200, min(n_main, int(2 * math.pi * R / 2.0)))
    sigma, beta = rng.uniform(0.2, 0.45), rng.uniform(1.0, 1.7)
    x, y, r_min, r_max = blob_ring(rng, R, n_main, sigma, beta)
    parts = [[(x, y)]]
    n_holes = int(rng.integers(1, 4)) if rng.random() < 0.12 else 0
    placed = []
    for _ in range(n_holes):
        h = R * rng.uniform(0.05, 0.15)
        xs, ys, _, h_max = blob_ring(rng, h, int(rng.integers(40, 300)), 0.12, 1.5)
        if 0.9 * r_min <= h_max:
            break
        for _attempt in range(20):                               # strictly inside, disjoint
            d = rng.uniform(0, 0.9 * r_min - h_max)
            a = rng.uniform(0, 2 * math.pi)
            hx, hy = d * math.cos(a), d * math.sin(a)
            if all(math.hypot(hx - px, hy - py) > (h_max + ph) * 1.05 for px, py, ph in placed):
                parts[0].append((xs + hx, ys + hy))
                placed.append((hx, hy, h_max))
                break
    circles = [(0.0, 0.0, r_max)]
    if rng.random() < 0.10:                                      # multipart: 1-3 more parts
        for _ in range(int(rng.integers(1, 4))):
            Rp = R * rng.uniform(0.2, 0.6)
            xs, ys, _, pr_max = blob_ring(rng, Rp, max(60, int(n_main * Rp / R)), 0.25, 1.4)
            for _attempt in range(20):                           # disjoint from every other part
                a = rng.uniform(0, 2 * math.pi)
                D = (r_max + pr_max) * rng.uniform(1.05, 1.6)
                px, py = D * math.cos(a), D * math.sin(a)
                if all(math.hypot(px - cx, py - cy) > (cr + pr_max) * 1.02 for cx, cy, cr in circles):
                    parts.append([(xs + px, ys + py)])
                    circles.append((px, py, pr_max))
                    break
    # elongate and rotate everything (a linear map keeps rings simple, holes inside, parts apart)
    stretch = math.sqrt(math.exp(rng.uniform(0.0, math.log(3.0))))
    rot = rng.uniform(0, math.pi)
    c, s = math.cos(rot), math.sin(rot)
    polys = []
    nverts = 0
    for p in parts:
        rings = []
        for k, (xs, ys) in enumerate(p):
            xs, ys = xs * stretch, ys / stretch
            lon, lat = local_to_ll(lon_c, lat_c, xs * c - ys * s, xs * s + ys * c)
            rings.append(ring(lon, lat, ccw=(k == 0)))
            nverts += len(rings[-1])
        polys.append(rings)
    # boundary samples of the main part for placing sites on the edge
    idx = np.linspace(0, len(polys[0][0]) - 2, N_SAMPLES).astype(int)
    summary["centre"].append((lon_c, lat_c))
    summary["r_in"].append(r_min / stretch)
    summary["category"].append(category)
    summary["samples"].append(polys[0][0][idx])
    wkb = multipolygon_wkb(polys)
    return wkb, category, {"vertices": nverts, "holes": len(parts[0]) - 1, "parts": len(polys)}


def corridor_ring(rng, c, n_side, amp_scale):
    """River corridor c in plane metres -> (x, y) of the shell."""
    L_margin = 1500.0
    if c % 2 == 0:                                               # west -> east
        p0 = np.array([L_margin, rng.uniform(0.1, 0.9) * PLANE_H])
        p1 = np.array([PLANE_W - L_margin, rng.uniform(0.1, 0.9) * PLANE_H])
    else:                                                        # south -> north
        p0 = np.array([rng.uniform(0.1, 0.9) * PLANE_W, L_margin])
        p1 = np.array([rng.uniform(0.1, 0.9) * PLANE_W, PLANE_H - L_margin])
    length = float(np.hypot(*(p1 - p0)))
    s = np.linspace(0.0, 1.0, n_side)
    base = p0 + (p1 - p0) * s[:, None]
    perp = np.array([-(p1 - p0)[1], (p1 - p0)[0]]) / length
    off = np.zeros(n_side)
    for _ in range(6):
        lam = math.exp(rng.uniform(math.log(20_000), math.log(150_000)))
        A = lam * rng.uniform(0.02, 0.06) * amp_scale
        off += A * np.sin(2 * math.pi * s * length / lam + rng.uniform(0, 2 * math.pi))
    taper = np.clip(np.minimum(s, 1 - s) / 0.02, 0, 1)
    centre = base + perp * (off * taper)[:, None]
    tang = np.gradient(centre, axis=0)
    tang /= np.hypot(tang[:, 0], tang[:, 1])[:, None]
    nrm = np.column_stack([-tang[:, 1], tang[:, 0]])
    w0 = rng.uniform(400.0, 1400.0)
    w = w0 * np.exp(0.35 * np.clip(fractal(rng, n_side, 2.5, kmax=40, periodic=False), -2.5, 2.5))
    wl = w * (1 + 0.03 * np.clip(fractal(rng, n_side, 0.8, periodic=False), -3, 3))
    wr = w * (1 + 0.03 * np.clip(fractal(rng, n_side, 0.8, periodic=False), -3, 3))
    left = centre + nrm * wl[:, None]
    right = centre - nrm * wr[:, None]
    xy = np.vstack([left, right[::-1]])
    return np.clip(xy[:, 0], 1.0, PLANE_W - 1.0), np.clip(xy[:, 1], 1.0, PLANE_H - 1.0)


def make_corridor(c, summary):
    rng0 = rng_for(KIND_CORRIDOR, c)
    n_side = int(10_000 * rng0.uniform(0.9, 1.1))
    category = "core" if c == 1 else "general"
    amp = 1.0
    for attempt in range(12):
        rng = rng_for(KIND_CORRIDOR, c, attempt)
        x, y = corridor_ring(rng, c, n_side, amp)
        lon, lat = plane_to_ll(x, y)
        r = ring(lon, lat)
        wkb = multipolygon_wkb([[r]])
        if valid(wkb):
            break
        amp *= 0.7
    else:
        raise RuntimeError(f"corridor {c}: no valid geometry after 12 attempts")
    summary["corridor_attempts"].append(attempt + 1)
    summary["corridor_samples"].append(r[:-1:20])
    return wkb, category, {"vertices": len(r), "holes": 0, "parts": 1}


# --------------------------------------------------------------------------- basins
def basin_rings(amp):
    """Cells of a jittered 4x4 Voronoi tiling with noisy shared edges -> list of (seed, ring xy)."""
    from shapely.geometry import MultiPoint, Point, box
    from shapely.geometry.polygon import orient
    from shapely.ops import voronoi_diagram

    rng = rng_for(KIND_BASIN_SEEDS)
    seeds = []
    for gy in range(4):
        for gx in range(4):
            seeds.append(((gx + 0.5 + rng.uniform(-0.3, 0.3)) * PLANE_W / 4,
                          (gy + 0.5 + rng.uniform(-0.3, 0.3)) * PLANE_H / 4))
    frame = box(0, 0, PLANE_W, PLANE_H)
    cells = [c.intersection(frame) for c in voronoi_diagram(MultiPoint(seeds), envelope=frame).geoms]
    ordered = []
    for sx, sy in seeds:
        cell = next(c for c in cells if c.contains(Point(sx, sy)))
        ordered.append(orient(cell, 1.0))

    def key(p):
        return (round(p[0] * 1000), round(p[1] * 1000))          # millimetres

    def on_frame(a, b):
        eps = 1e-2
        return any((abs(a[i] - v) < eps and abs(b[i] - v) < eps)
                   for i, v in ((0, 0.0), (0, PLANE_W), (1, 0.0), (1, PLANE_H)))

    edges = {}

    def edge(a, b):
        ka, kb = key(a), key(b)
        lo, hi = (ka, kb) if ka <= kb else (kb, ka)
        if (lo, hi) not in edges:
            p, q = np.array(lo, float) / 1000, np.array(hi, float) / 1000
            if on_frame(p, q):
                pts = np.vstack([p, q])
            else:
                erng = rng_for(KIND_BASIN_EDGE, *lo, *hi)
                L = float(np.hypot(*(q - p)))
                spacing = erng.uniform(8.0, 26.0)
                n = max(2, int(math.ceil(L / spacing)))
                t = np.linspace(0.0, 1.0, n + 1)
                noise = fractal(erng, n + 1, 1.1, periodic=False)
                noise /= np.abs(noise).max()
                disp = amp * L * np.minimum(t, 1 - t) * noise
                d = (q - p) / L
                nrm = np.array([-d[1], d[0]])
                pts = p + np.outer(t, q - p) + np.outer(disp, nrm)
                pts[0], pts[-1] = p, q
            edges[(lo, hi)] = pts
        pts = edges[(lo, hi)]
        return pts if ka == lo else pts[::-1]

    out = []
    for seed, cell in zip(seeds, ordered):
        coords = list(cell.exterior.coords)
        parts = []
        for a, b in zip(coords[:-1], coords[1:]):
            if key(a) == key(b):
                continue
            parts.append(edge(a, b)[:-1])
        xy = np.vstack(parts)
        out.append((seed, np.vstack([xy, xy[:1]])))
    return out


def write_basins(out_dir):
    amp = 0.2
    for _attempt in range(10):
        cells = basin_rings(amp)
        rings = []
        ok = True
        for _seed, xy in cells:
            lon, lat = plane_to_ll(xy[:, 0], xy[:, 1])
            r = ring(lon, lat)
            if not valid(polygon_wkb([r])):
                ok = False
                break
            rings.append(r)
        if ok:
            break
        amp *= 0.7
    else:
        raise RuntimeError("basins: no valid tiling after 10 attempts")
    # tiling check: planar areas (degrees) add up to the box
    total = 0.0
    for r in rings:
        x, y = r[:, 0] - LON0, r[:, 1] - LAT0
        total += 0.5 * (np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))
    box_area = (LON1 - LON0) * (LAT1 - LAT0)
    if abs(total - box_area) > 1e-9 * box_area:
        raise RuntimeError(f"basins do not tile the extent: {total} vs {box_area}")
    w = Writer(out_dir, "basins", ogr.wkbPolygon, [("basin", ogr.OFTString, 0), ("code", ogr.OFTString, 8)])
    counts = []
    for k, r in enumerate(rings):
        w.add(polygon_wkb([r]), basin=BASIN_NAMES[k], code=f"LY{k + 1:02d}")
        counts.append(len(r))
    w.close()
    return {"features": len(rings), "vertices_min": min(counts), "vertices_max": max(counts),
            "vertices_total": sum(counts), "edge_amplitude": amp}


# --------------------------------------------------------------------------- sites
def site_shape(rng, area):
    """Local ring (x, y) in metres around (0, 0), CCW, of about `area` m2."""
    u = rng.random()
    theta = rng.uniform(0, math.pi)
    if u < 0.95:
        aspect = rng.uniform(1.0, 3.0)
        w = math.sqrt(area * aspect)
        h = area / w
        pts = np.array([(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)])
        if u >= 0.70:                                            # irregular quadrilateral
            pts = pts + rng.uniform(-0.15, 0.15, (4, 2)) * min(w, h)
        kind = "rect" if u < 0.70 else "quad"
    else:
        n = int(rng.integers(6, 61))
        R = math.sqrt(area / math.pi)
        x, y, _, _ = blob_ring(rng, R, n, 0.12, 2.0)
        pts = np.column_stack([x, y])
        kind = "poly"
    c, s = math.cos(theta), math.sin(theta)
    return pts[:, 0] * c - pts[:, 1] * s, pts[:, 0] * s + pts[:, 1] * c, kind


def write_sites(out_dir, n_sites, summary):
    centres = np.array(summary["centre"][summary["first_blob"]:])
    r_in = np.array(summary["r_in"][summary["first_blob"]:])
    samples = summary["samples"]
    corridor_samples = summary["corridor_samples"]
    city_w = np.array([c[2] for c in CITIES], float)
    city_w /= city_w.sum()
    w = Writer(out_dir, "sites", ogr.wkbPolygon, [("site_id", ogr.OFTString, 12), ("name", ogr.OFTString, 0)])
    placement = {"inside": 0, "edge": 0, "corridor": 0, "city": 0, "uniform": 0}
    kinds = {"rect": 0, "quad": 0, "poly": 0}
    for chunk in range(0, n_sites, SITE_CHUNK):
        rng = rng_for(KIND_SITES, chunk // SITE_CHUNK)
        for i in range(chunk, min(n_sites, chunk + SITE_CHUNK)):
            area = math.exp(rng.uniform(math.log(1e4), math.log(50e4)))
            half = math.sqrt(area) / 2
            u = rng.random()
            if u < 0.05:
                j = int(rng.integers(len(centres)))
                lon, lat = local_to_ll(*centres[j], *rng.uniform(-0.3, 0.3, 2) * r_in[j])
                where = "inside"
            elif u < 0.15:
                j = int(rng.integers(len(samples)))
                lon, lat = local_to_ll(*samples[j][int(rng.integers(N_SAMPLES))], *rng.normal(0, half, 2))
                where = "edge"
            elif u < 0.175 and corridor_samples:
                cs = corridor_samples[int(rng.integers(len(corridor_samples)))]
                lon, lat = local_to_ll(*cs[int(rng.integers(len(cs)))], *rng.normal(0, half, 2))
                where = "corridor"
            elif u < 0.60:
                c = CITIES[int(rng.choice(len(CITIES), p=city_w))]
                lon, lat = local_to_ll(c[0], c[1], *rng.normal(0, 25_000, 2))
                where = "city"
            else:
                lon, lat = rng.uniform(LON0, LON1), rng.uniform(LAT0, LAT1)
                where = "uniform"
            lon = float(np.clip(lon, LON0 + 0.02, LON1 - 0.02))
            lat = float(np.clip(lat, LAT0 + 0.02, LAT1 - 0.02))
            x, y, kind = site_shape(rng, area)
            r = ring(*local_to_ll(lon, lat, x, y))
            w.add(polygon_wkb([r]), site_id=f"XM{i + 1:07d}", name=f"项目{i + 1:07d}")
            placement[where] += 1
            kinds[kind] += 1
    w.close()
    return {"features": w.count, "placement": placement, "shapes": kinds}


# --------------------------------------------------------------------------- main
def generate(scale, out_dir, log=print):
    spec = SCALES[scale]
    os.makedirs(out_dir, exist_ok=True)
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)
    gdal.SetConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    t0 = time.time()
    manifest = {"generator_version": GENERATOR_VERSION, "seed": SEED, "scale": scale,
                "extent": [LON0, LAT0, LON1, LAT1], "crs": "EPSG:4490", "gdal": gdal.__version__}

    manifest["basins"] = write_basins(out_dir)
    log(f"basins: {manifest['basins']['features']} cells, {manifest['basins']['vertices_min']}-"
        f"{manifest['basins']['vertices_max']} vertices ({time.time() - t0:.1f} s)")

    summary = {"centre": [], "r_in": [], "category": [], "samples": [], "corridor_samples": [],
               "corridor_attempts": [], "first_blob": spec["corridors"]}
    w = Writer(out_dir, "redlines", ogr.wkbMultiPolygon,
               [("code", ogr.OFTString, 12), ("category", ogr.OFTString, 16), ("name", ogr.OFTString, 0)])
    stats = {"features": 0, "core": 0, "general": 0, "corridors": 0, "with_holes": 0, "multipart": 0,
             "vertices_total": 0, "vertices_max": 0, "vertices_min": 10 ** 9}
    for i in range(spec["redlines"]):
        if i < spec["corridors"]:
            wkb, cat, st = make_corridor(i, summary)
            summary["centre"].append(None)
            summary["r_in"].append(None)
            summary["category"].append(cat)
            code, name = f"HL{i + 1:03d}", f"河流生态廊道{i + 1}"
            stats["corridors"] += 1
        else:
            wkb, cat, st = make_blob_redline(i, summary, spec["size"])
            code, name = f"HX{i + 1:06d}", f"生态保护红线{i + 1}（{'核心' if cat == 'core' else '一般'}）"
        w.add(wkb, code=code, category=cat, name=name)
        stats["features"] += 1
        stats[cat] += 1
        stats["with_holes"] += st["holes"] > 0
        stats["multipart"] += st["parts"] > 1
        stats["vertices_total"] += st["vertices"]
        stats["vertices_max"] = max(stats["vertices_max"], st["vertices"])
        stats["vertices_min"] = min(stats["vertices_min"], st["vertices"])
    w.close()
    stats["corridor_attempts"] = summary["corridor_attempts"]
    manifest["redlines"] = stats
    log(f"redlines: {stats['features']} ({stats['core']} core, {stats['general']} general, "
        f"{stats['corridors']} corridors, {stats['with_holes']} with holes, {stats['multipart']} multipart), "
        f"{stats['vertices_total']} vertices ({time.time() - t0:.1f} s)")

    manifest["sites"] = write_sites(out_dir, spec["sites"], summary)
    log(f"sites: {manifest['sites']['features']} {manifest['sites']['placement']} ({time.time() - t0:.1f} s)")

    project = {
        "version": 1,
        "name": f"Redline benchmark, scale {scale} (synthetic Jiangsu data)",
        "analysis_crs": "EPSG:4490",
        "min_area_m2": 1.0,
        "subjects": {"path": "sites.gpkg", "layer": "sites", "id_field": "site_id", "name_field": "name"},
        "constraints": [{"path": "redlines.gpkg", "layer": "redlines", "category_field": "category",
                         "id_field": "code", "name_field": "name"}],
        "zones": [{"name": "basin", "path": "basins.gpkg", "layer": "basins", "field": "basin"}],
        "rules": "rules.json",
        "output": "out",
    }
    rules = {
        "name": "江苏省生态空间管控规则（基准测试）",
        "version": "bench-1",
        "default": {"severity": "review"},
        "categories": {
            "core": {"label": "生态保护红线·核心保护区", "severity": "prohibited", "priority": 1},
            "general": {"label": "生态保护红线·一般控制区", "severity": "restricted", "priority": 2},
        },
    }
    for name, obj in (("project.json", project), ("rules.json", rules), ("manifest.json", manifest)):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=2)
            f.write("\n")
    log(f"done: {out_dir} ({time.time() - t0:.1f} s)")
    return manifest


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate the Redline benchmark dataset (see the module docstring).")
    ap.add_argument("--scale", choices=sorted(SCALES), default="S")
    ap.add_argument("--out", required=True, help="output directory (created; existing files replaced)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    generate(a.scale, a.out, log=(lambda *x: None) if a.quiet else (lambda m: print(m, flush=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
