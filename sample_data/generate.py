#!/usr/bin/python3
"""Generate Redline's bundled sample dataset (Nanjing / Yangtze / Taihu, Jiangsu).

Usage:  /usr/bin/python3 sample_data/generate.py [OUTDIR]      (default: this folder)

Everything is synthetic ("示例"): the shapes are perturbed ellipses, spline corridors and a
noisy Voronoi tiling placed roughly where the real features are.  Fixed seeds and coordinates
rounded to 1e-7 degree make the output byte-reproducible (DBF header dates are pinned, the
GeoPackage timestamps come from OGR_CURRENT_DATE).

Layers written (see README.md next to this file):
  redlines.shp          EPSG:4490, UTF-8 + .cpg          constraints (category core/general)
  water_sources.geojson EPSG:4490 ("crs" member kept)    constraints (fixed category water_source)
  sites.shp             EPSG:4490, GBK/CP936, NO .cpg, DBF LDID byte = 0   subjects
  parks.shp             EPSG:4549 (CGCS2000 3-degree GK CM 120E), UTF-8 + .cpg   subjects
  zones.gpkg            EPSG:4490, layers basins + counties (each an exact tiling)
  project.json, parks_project.json, rules.json

The script checks its own design intentions (which site is inside / straddling / clear / ...)
with shapely and fails loudly if a change breaks one of them.
"""
import json
import math
import os
import sys

import numpy as np
import pyproj
from osgeo import gdal, ogr, osr
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Point, Polygon, box
from shapely.validation import make_valid
from shapely.ops import nearest_points, polygonize, transform, unary_union, voronoi_diagram

gdal.UseExceptions()
ogr.UseExceptions()

EXTENT = (118.3, 30.8, 120.8, 32.7)          # lon_min, lat_min, lon_max, lat_max
LON0, LAT0 = EXTENT[0], EXTENT[1]
KX, KY = 94660.0, 110900.0                   # metres per degree at ~31.75N (shaping only)
DBF_DATE = bytes([124, 1, 1])                # 2024-01-01 in every DBF header
GPKG_DATE = "2024-01-01T00:00:00.000Z"


# --------------------------------------------------------------------------- helpers
def q(v):
    return round(float(v), 7)


def to_ll(x, y):
    return q(LON0 + x / KX), q(LAT0 + y / KY)


def to_xy(lon, lat):
    return (lon - LON0) * KX, (lat - LAT0) * KY


def ring_ll(xs, ys):
    pts = [to_ll(x, y) for x, y in zip(xs, ys)]
    out = []
    for p in pts:                                   # drop duplicates created by rounding
        if not out or out[-1] != p:
            out.append(p)
    if out[0] == out[-1]:
        out.pop()
    return out


def smooth_noise(rng, n, corr, periodic=False):
    """Unit-variance Gaussian-smoothed noise of length n (circular if periodic)."""
    m = n if periodic else 2 * n + 8 * int(corr) + 8
    w = rng.standard_normal(m)
    k = np.fft.fftfreq(m)
    filt = np.exp(-0.5 * (2 * math.pi * k * corr) ** 2)
    s = np.real(np.fft.ifft(np.fft.fft(w) * filt))[:n]
    s = s - s.mean()
    sd = s.std()
    return s / sd if sd > 0 else s


def blob(rng, lon, lat, a, b, rot_deg, n, rough=0.10, fine=0.012):
    """Star-shaped noisy ellipse (semi-axes a, b metres) -> list of lon/lat vertices."""
    th = 2 * math.pi * np.arange(n) / n
    r = np.ones(n)
    for k in range(2, 8):
        r += rough * rng.uniform(0.2, 1.0) / k * np.cos(k * th + rng.uniform(0, 2 * math.pi))
    r += fine * smooth_noise(rng, n, 2.0, periodic=True)
    x, y = a * r * np.cos(th), b * r * np.sin(th)
    c, s = math.cos(math.radians(rot_deg)), math.sin(math.radians(rot_deg))
    cx, cy = to_xy(lon, lat)
    return ring_ll(cx + c * x - s * y, cy + s * x + c * y)


def parcel(rng, cx, cy, w, h, rot_deg, jitter=0.06):
    """Irregular land parcel around plane point (cx, cy), roughly w x h metres."""
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    pts = []
    for i, (x, y) in enumerate(corners):
        pts.append((x + rng.uniform(-jitter, jitter) * w, y + rng.uniform(-jitter, jitter) * h))
        nx, ny = corners[(i + 1) % 4]
        if rng.random() < 0.6:
            ex, ey = nx - x, ny - y
            le = math.hypot(ex, ey)
            push = rng.uniform(0.01, 0.08) * min(w, h)
            t = rng.uniform(0.3, 0.7)
            pts.append((x + t * ex + ey / le * push, y + t * ey - ex / le * push))
    c, s = math.cos(math.radians(rot_deg)), math.sin(math.radians(rot_deg))
    xs = [cx + c * x - s * y for x, y in pts]
    ys = [cy + s * x + c * y for x, y in pts]
    return Polygon(ring_ll(xs, ys))


def catmull_rom(ctrl, per_seg=60):
    P = np.array(ctrl, dtype=float)
    P = np.vstack([2 * P[0] - P[1], P, 2 * P[-1] - P[-2]])
    out = []
    for i in range(1, len(P) - 2):
        p0, p1, p2, p3 = P[i - 1], P[i], P[i + 1], P[i + 2]
        for t in np.linspace(0, 1, per_seg, endpoint=False):
            t2, t3 = t * t, t * t * t
            out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                              + (-p0 + 3 * p1 - 3 * p2 + p3) * t3))
    out.append(P[-2])
    return np.array(out)


def resample(pts, n):
    d = np.r_[0, np.cumsum(np.hypot(*np.diff(pts, axis=0).T))]
    s = np.linspace(0, d[-1], n)
    return np.c_[np.interp(s, d, pts[:, 0]), np.interp(s, d, pts[:, 1])], s


def noisy_line(rng, ctrl_ll, n, amp, corr):
    """Spline through lon/lat control points + smooth perpendicular noise, exact endpoints."""
    ctrl = [to_xy(*p) for p in ctrl_ll]
    pts, _ = resample(catmull_rom(ctrl), n)
    tang = np.gradient(pts, axis=0)
    tang /= np.hypot(tang[:, 0], tang[:, 1])[:, None]
    nrm = np.c_[-tang[:, 1], tang[:, 0]]
    taper = np.sin(np.linspace(0, math.pi, n)) ** 2
    off = amp * smooth_noise(rng, n, corr) * taper
    xy = pts + nrm * off[:, None]
    ll = [to_ll(x, y) for x, y in xy]
    ll[0], ll[-1] = tuple(ctrl_ll[0]), tuple(ctrl_ll[-1])
    line = LineString(ll)
    assert line.is_simple, "noisy line self-intersects"
    return line


def polys(g):
    if g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if hasattr(g, "geoms"):
        return [p for x in g.geoms for p in polys(x)]
    return []


GEOD = pyproj.Geod(a=6378137.0, f=1 / 298.257222101)


def dist_m(a, b):
    """Geodesic distance (m) between two lon/lat geometries via a local AEQD projection."""
    c = a.centroid
    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=GRS80 +units=m")
    fwd = pyproj.Transformer.from_crs("EPSG:4490", aeqd, always_xy=True).transform
    inv = pyproj.Transformer.from_crs(aeqd, "EPSG:4490", always_xy=True).transform
    pa, pb = nearest_points(transform(fwd, a), transform(fwd, b))
    (x1, y1), (x2, y2) = inv(pa.x, pa.y), inv(pb.x, pb.y)
    return GEOD.inv(x1, y1, x2, y2)[2]


def share(site, geom):
    return site.intersection(geom).area / site.area


# --------------------------------------------------------------------------- redlines
def yangtze(rng):
    """The Yangtze corridor (general), its island holes, and helpers along the centreline."""
    ctrl = [(118.33, 31.58), (118.42, 31.68), (118.50, 31.78), (118.57, 31.90), (118.66, 31.98),
            (118.72, 32.06), (118.78, 32.12), (118.86, 32.18), (118.95, 32.19), (119.05, 32.22),
            (119.17, 32.24), (119.30, 32.26), (119.45, 32.24), (119.58, 32.22), (119.72, 32.26),
            (119.85, 32.22), (119.95, 32.12), (120.05, 32.02), (120.18, 31.97), (120.30, 31.94),
            (120.45, 31.92), (120.60, 31.86), (120.77, 31.78)]
    n = 1500
    pts, s = resample(catmull_rom([to_xy(*p) for p in ctrl], 80), n)
    tang = np.gradient(pts, axis=0)
    tang /= np.hypot(tang[:, 0], tang[:, 1])[:, None]
    nrm = np.c_[-tang[:, 1], tang[:, 0]]           # left normal (north-west bank)
    islands = {"江心洲": (118.69, 32.03), "八卦洲": (118.84, 32.17), "世业洲": (119.30, 32.26)}
    idx = {k: int(np.argmin(np.hypot(*(pts - np.array(to_xy(*v))).T))) for k, v in islands.items()}
    hw = 1250 + 300 * smooth_noise(rng, n, 40)
    for i in idx.values():
        hw += 1100 * np.exp(-(((s - s[i]) / 5000.0) ** 2))
    left = pts + nrm * (hw + 35 * smooth_noise(rng, n, 3))[:, None]
    right = pts - nrm * (hw + 35 * smooth_noise(rng, n, 3))[:, None]
    shell = ring_ll(np.r_[left[:, 0], right[::-1, 0]], np.r_[left[:, 1], right[::-1, 1]])
    holes = []
    for name, i in idx.items():
        th = 2 * math.pi * np.arange(140) / 140
        r = 1 + 0.05 * smooth_noise(rng, 140, 3, periodic=True)
        a, b = 2300.0, 480.0
        x, y = a * r * np.cos(th), b * r * np.sin(th)
        tx, ty = tang[i]
        holes.append(ring_ll(pts[i, 0] + tx * x - ty * y, pts[i, 1] + ty * x + tx * y))
    corridor = Polygon(shell, holes)
    assert corridor.is_valid, "Yangtze corridor invalid"

    def strip(i0, i1, frac):
        seg = slice(i0, i1)
        l = pts[seg] + nrm[seg] * (frac * hw[seg] + 20 * smooth_noise(rng, i1 - i0, 3))[:, None]
        r = pts[seg] - nrm[seg] * (frac * hw[seg] + 20 * smooth_noise(rng, i1 - i0, 3))[:, None]
        return Polygon(ring_ll(np.r_[l[:, 0], r[::-1, 0]], np.r_[l[:, 1], r[::-1, 1]]))

    return dict(corridor=corridor, pts=pts, tang=tang, nrm=nrm, hw=hw, idx=idx, strip=strip)


def cut_flat_bottom(ring, y_cut, spacing_deg):
    """Cut a star-shaped ring along the horizontal line lat = y_cut (exactly), keeping the part
    above it; vertices are inserted every ~spacing along the straight edge.  Returns the new
    ring and the list of vertices on the straight edge (west to east)."""
    n = len(ring)
    keep, cross = [], []
    for i in range(n):
        (x0, y0), (x1, y1) = ring[i], ring[(i + 1) % n]
        if y0 >= y_cut:
            keep.append((x0, y0))
        if (y0 - y_cut) * (y1 - y_cut) < 0:
            x = q(x0 + (y_cut - y0) * (x1 - x0) / (y1 - y0))
            keep.append((x, y_cut))
            cross.append(len(keep) - 1)
    assert len(cross) == 2, "cut must cross the outline exactly twice"
    i_a, i_b = cross            # ring is CCW: the cut edge runs west (i_a) -> east (i_b)
    assert i_b == i_a + 1
    xa, xb = keep[i_a][0], keep[i_b][0]
    assert xa < xb
    k = max(1, int(abs(xb - xa) / spacing_deg))
    inner = [(q(xa + (xb - xa) * j / k), y_cut) for j in range(1, k)]
    new = keep[:i_a + 1] + inner + keep[i_a + 1:]
    edge = sorted([keep[i_a]] + inner + [keep[i_b]])
    return new, edge


def make_redlines(rng):
    yz = yangtze(rng)
    i_nj = int(np.argmin(np.hypot(*(yz["pts"] - np.array(to_xy(118.47, 31.72))).T)))
    i_zj = int(np.argmin(np.hypot(*(yz["pts"] - np.array(to_xy(119.58, 32.225))).T)))
    dolphin = MultiPolygon([yz["strip"](i_nj - 40, i_nj + 40, 0.4),
                            yz["strip"](i_zj - 45, i_zj + 45, 0.45)])

    R = []   # (code, name, category, geometry)

    def add(name, cat, geom):
        R.append(("HX-%03d" % (len(R) + 1), name, cat, geom))
        return geom

    def b(lon, lat, a, bb, rot, n, rough=0.10):
        return Polygon(blob(rng, lon, lat, a, bb, rot, n, rough))

    add("长江南京—江阴段重要湿地", "general", yz["corridor"])
    add("长江豚类省级自然保护区", "core", dolphin)
    add("老山国家森林公园", "core", b(118.585, 32.080, 5200, 2500, 28, 420))
    add("老山生态公益林", "general", b(118.565, 32.092, 9500, 4600, 32, 520))
    add("紫金山森林公园", "core", b(118.845, 32.068, 3000, 2100, 10, 300))
    add("钟山风景名胜区", "general", b(118.860, 32.063, 5600, 3600, 5, 480))
    add("青龙山—汤山生态公益林", "general", b(118.940, 32.045, 6500, 3200, 25, 380))
    add("宝华山国家森林公园", "core", b(119.100, 32.130, 3000, 2000, 60, 260))
    add("镇江南山国家森林公园", "core", b(119.410, 32.165, 3300, 1900, 20, 280))
    add("镇江南山风景名胜区", "general", b(119.440, 32.155, 4600, 2800, 20, 400))
    add("茅山风景名胜区", "general", b(119.300, 31.800, 8000, 4000, 80, 560))
    add("茅山自然保护区核心区", "core", b(119.310, 31.790, 3000, 1600, 80, 240))
    fang = blob(rng, 118.880, 31.905, 2100, 1800, 0, 220, rough=0.06)
    y_cut = q(31.905 - 1500 / KY)
    fang, fang_edge = cut_flat_bottom(fang, y_cut, 100 / KX)
    add("方山国家地质公园", "general", Polygon(fang))
    add("牛首山—祖堂山风景区", "general", b(118.740, 31.910, 4000, 2500, 40, 320))
    add("无想山国家森林公园", "core", b(119.050, 31.620, 2600, 2000, 15, 260))
    add("石臼湖湿地", "general", b(118.860, 31.470, 9000, 5000, 30, 600))
    add("石臼湖水产种质资源保护区", "general", b(118.925, 31.440, 6000, 3000, 30, 420))
    add("固城湖湿地", "general", b(118.930, 31.270, 5000, 3500, 10, 420))
    add("固城湖湿地核心区", "core", b(118.920, 31.273, 2300, 1500, 10, 220))
    add("游子山国家森林公园", "core", b(119.040, 31.330, 2000, 1500, 50, 200))
    jn1 = Polygon(blob(rng, 118.950, 32.470, 3000, 2000, 20, 300))
    jn2 = Polygon(blob(rng, 118.990, 32.505, 1200, 900, 0, 140))
    add("金牛湖风景区", "general", MultiPolygon([jn1, jn2]))
    add("平山森林公园", "core", b(119.000, 32.560, 2500, 1800, 30, 240))
    add("登月湖湿地", "general", b(119.150, 32.350, 2500, 1500, 70, 200))
    add("天目湖湿地", "core", b(119.430, 31.300, 3500, 2000, 100, 300))
    add("南山竹海生态公益林", "general", b(119.450, 31.120, 8000, 5000, 10, 520))
    chd = blob(rng, 119.570, 31.620, 6000, 4500, 0, 480)
    add("长荡湖重要湿地", "general", Polygon(chd, [blob(rng, 119.575, 31.625, 700, 450, 30, 100, 0.05)[::-1]]))
    add("滆湖重要湿地", "general", b(119.820, 31.570, 4500, 8000, 15, 520))
    add("宜兴龙池山自然保护区", "core", b(119.700, 31.170, 3000, 2000, 45, 260))
    taihu = blob(rng, 120.220, 31.220, 26000, 29000, 0, 600, rough=0.12)
    th_holes = [blob(rng, 120.270, 31.100, 5000, 3300, 20, 160)[::-1],
                blob(rng, 120.360, 31.020, 1100, 700, 0, 100)[::-1]]
    add("太湖重要保护区", "general", Polygon(taihu, th_holes))
    add("太湖湖体核心保护区", "core", MultiPolygon([b(120.120, 31.260, 6000, 4000, 30, 300),
                                              b(120.350, 31.310, 4000, 3000, 0, 240)]))
    add("锡惠风景名胜区", "general", b(120.250, 31.590, 2500, 1500, 0, 200))
    add("穹窿山森林公园", "core", b(120.570, 31.270, 2500, 2000, 30, 240))
    add("阳澄湖重要湿地", "general", b(120.745, 31.420, 3500, 5000, 0, 360))
    add("上黄水母山化石保护区", "core", b(119.380, 31.450, 1500, 1200, 0, 140))
    add("溧水秋湖山生态公益林", "general", b(119.120, 31.700, 3000, 2000, 60, 240))
    for code, name, cat, g in R:
        assert g.is_valid, code
        assert box(*EXTENT).contains(g), code
    return R, yz, fang_edge


# --------------------------------------------------------------------------- water sources
def rect_at_bank(yz, i, side, along, across, inland_frac):
    """Rectangle (lon/lat ring) centred on the bank point of centreline index i.
    side=-1: right (south/east) bank; inland_frac: share of `across` lying on land."""
    p, t, nr = yz["pts"][i], yz["tang"][i], yz["nrm"][i]
    bank = p + side * nr * yz["hw"][i]
    c = bank + side * nr * (across * (inland_frac - 0.5))
    xs, ys = [], []
    for u, v in [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]:
        xy = c + t * (u * along) + nr * (v * across)
        xs.append(xy[0])
        ys.append(xy[1])
    ring = ring_ll(xs, ys)
    return ring, bank, c


def make_water(yz):
    def at(lon, lat):
        return int(np.argmin(np.hypot(*(yz["pts"] - np.array(to_xy(lon, lat))).T)))
    W = []
    i1 = at(118.755, 32.095)
    r1, bank1, _ = rect_at_bank(yz, i1, -1, 1600, 700, 0.5)
    r2, _, _ = rect_at_bank(yz, i1, -1, 4000, 1800, 0.55)
    W.append(("SY-001", "南京长江夹江饮用水水源保护区", "一级", Polygon(r1)))
    W.append(("SY-002", "南京长江夹江饮用水水源保护区", "二级", Polygon(r2, [r1[::-1]])))
    i3 = at(119.05, 32.22)
    W.append(("SY-003", "南京长江龙潭饮用水水源保护区", "一级",
              Polygon(rect_at_bank(yz, i3, -1, 1200, 500, 0.5)[0])))
    i4 = at(119.45, 32.24)
    W.append(("SY-004", "镇江长江征润洲饮用水水源保护区", "一级",
              Polygon(rect_at_bank(yz, i4, -1, 1500, 600, 0.5)[0])))
    i5 = at(120.25, 31.95)
    W.append(("SY-005", "江阴长江小湾饮用水水源保护区", "二级",
              Polygon(rect_at_bank(yz, i5, -1, 2500, 1000, 0.5)[0])))
    for w in W:
        assert w[3].is_valid, w[0]
    return W, dict(i1=i1, i4=i4, i5=i5)


# --------------------------------------------------------------------------- zones
def make_basins(rng):
    l1 = noisy_line(rng, [(118.3, 32.48), (118.8, 32.52), (119.3, 32.43), (119.9, 32.46),
                          (120.4, 32.38), (120.8, 32.40)], 320, 1400, 6)
    l2 = noisy_line(rng, [(119.22, 30.8), (119.26, 31.2), (119.33, 31.55), (119.36, 31.97),
                          (119.70, 32.03), (120.20, 31.87), (120.8, 31.72)], 360, 1200, 6)
    assert not l1.intersects(l2)
    faces = list(polygonize(unary_union([l1, l2, box(*EXTENT).exterior])))
    assert len(faces) == 3
    names = {"淮河流域": (119.0, 32.65), "长江流域": (118.6, 31.5), "太湖流域": (120.2, 31.2)}
    out = []
    for name, p in names.items():
        f = [g for g in faces if g.contains(Point(p))]
        assert len(f) == 1
        out.append((name, f[0]))
    return out, [l1, l2]


COUNTY_SEEDS = [("浦口区", 118.58, 32.02), ("六合区", 118.85, 32.45), ("栖霞区", 118.97, 32.13),
                ("江宁区", 118.80, 31.83), ("溧水区", 119.05, 31.58), ("高淳区", 118.92, 31.25),
                ("句容市", 119.22, 31.90), ("仪征市", 119.22, 32.36), ("丹徒区", 119.50, 32.05),
                ("溧阳市", 119.43, 31.30), ("金坛区", 119.57, 31.70), ("武进区", 119.95, 31.65),
                ("宜兴市", 119.82, 31.25), ("江阴市", 120.30, 31.85), ("泰兴市", 120.10, 32.35),
                ("吴中区", 120.45, 31.20)]


def clip_segment(p, r, ext):
    """Liang-Barsky clip of segment p->r to the extent; endpoints on the box are snapped
    exactly onto its side."""
    (x0, y0), (x1, y1) = p, r
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    side0 = side1 = None
    for pp, qq, side in ((-dx, x0 - ext[0], ("x", ext[0])), (dx, ext[2] - x0, ("x", ext[2])),
                         (-dy, y0 - ext[1], ("y", ext[1])), (dy, ext[3] - y0, ("y", ext[3]))):
        if pp == 0:
            if qq < 0:
                return None
            continue
        t = qq / pp
        if pp < 0:
            if t > t1:
                return None
            if t > t0:
                t0, side0 = t, side
        else:
            if t < t0:
                return None
            if t < t1:
                t1, side1 = t, side

    def pt(t, side):
        x, y = q(x0 + t * dx), q(y0 + t * dy)
        if side and side[0] == "x":
            x = side[1]
        if side and side[0] == "y":
            y = side[1]
        return (x, y)
    a, b = pt(t0, side0), pt(t1, side1)
    return None if a == b else (a, b)


def make_counties(rng):
    seeds = [(lon, lat) for _, lon, lat in COUNTY_SEEDS]
    big = box(EXTENT[0] - 2, EXTENT[1] - 2, EXTENT[2] + 2, EXTENT[3] + 2)
    vd = voronoi_diagram(MultiPoint(seeds), envelope=big, edges=True)
    segs = [g for x in (vd.geoms if hasattr(vd, "geoms") else [vd])
            for g in (x.geoms if hasattr(x, "geoms") else [x])]
    lines = []
    for g in segs:
        (xa, ya), (xb, yb) = g.coords[0], g.coords[-1]
        c = clip_segment((q(xa), q(ya)), (q(xb), q(yb)), EXTENT)
        if c is None:
            continue
        (xa, ya), (xb, yb) = c
        ln = math.hypot((xb - xa) * KX, (yb - ya) * KY)
        n = max(2, int(ln / 600))
        t = np.linspace(0, 1, n + 1)
        amp = min(900.0, 0.05 * ln)
        off = amp * smooth_noise(rng, n + 1, 3) * np.sin(np.pi * t) ** 2
        nx, ny = -(yb - ya) * KY / ln, (xb - xa) * KX / ln
        pts = [(q(xa + (xb - xa) * tt + nx * o / KX), q(ya + (yb - ya) * tt + ny * o / KY))
               for tt, o in zip(t, off)]
        pts[0], pts[-1] = (xa, ya), (xb, yb)
        lines.append(LineString(pts))
    inputs = set(c for ln in lines for c in ln.coords)
    inputs |= {(EXTENT[0], EXTENT[1]), (EXTENT[2], EXTENT[1]), (EXTENT[2], EXTENT[3]),
               (EXTENT[0], EXTENT[3])}
    faces = list(polygonize(unary_union(lines + [box(*EXTENT).exterior])))
    assert len(faces) == len(seeds), (len(faces), len(seeds))
    for f in faces:
        assert set(f.exterior.coords) <= inputs, "noding created new vertices (edges crossed)"
    out = []
    for name, lon, lat in COUNTY_SEEDS:
        f = [g for g in faces if g.contains(Point(lon, lat))]
        assert len(f) == 1, name
        out.append((name, f[0]))
    return out, lines


def check_tiling(items, what):
    ext = box(*EXTENT)
    tot = sum(g.area for _, g in items)
    assert abs(tot - ext.area) < 1e-9, what
    assert unary_union([g for _, g in items]).symmetric_difference(ext).area < 1e-12, what
    for i, (_, a) in enumerate(items):
        assert a.is_valid
        for _, b in items[i + 1:]:
            assert a.intersection(b).area < 1e-15, what


# --------------------------------------------------------------------------- sites
SITE_INFO = {   # site_id: (名称, 建设单位, 用地性质)
    "XM001": ("老山生态旅游服务中心项目", "南京浦口文化旅游发展有限公司", "商服用地"),
    "XM002": ("紫金山游客集散中心扩建项目", "南京钟山风景区建设发展有限公司", "商服用地"),
    "XM003": ("宝华山森林康养基地项目", "句容宝华文旅开发有限公司", "商服用地"),
    "XM004": ("江北新区化工仓储项目", "南京江北化工物流有限公司", "仓储用地"),
    "XM005": ("钟山南麓道路改造工程", "南京市玄武区交通建设管理中心", "交通运输用地"),
    "XM006": ("镇江南山片区旅游接待设施", "镇江润州文旅投资有限公司", "商服用地"),
    "XM007": ("茅山旅游度假区配套项目", "句容茅山旅游开发有限公司", "商服用地"),
    "XM008": ("固城湖生态农业示范园", "南京高淳农业发展集团有限公司", "设施农用地"),
    "XM009": ("青龙山矿山生态修复配套项目", "南京栖霞建设集团有限公司", "公用设施用地"),
    "XM010": ("石臼湖渔光互补光伏发电项目", "江苏示例新能源发展有限公司", "公用设施用地"),
    "XM011": ("石臼湖水产养殖基地改造项目", "溧水区渔业专业合作社", "设施农用地"),
    "XM012": ("仪征北部现代物流园项目", "仪征示例物流发展有限公司", "仓储用地"),
    "XM013": ("句容溧水交界智能制造厂房", "江苏示例智能装备有限公司", "工业用地"),
    "XM014": ("江宁高新区智能制造产业园", "南京江宁高新区建设发展有限公司", "工业用地"),
    "XM015": ("常州武进新能源电池项目", "常州示例新能源科技有限公司", "工业用地"),
    "XM016": ("武进东部生物医药产业园", "常州示例生物医药投资有限公司", "工业用地"),
    "XM017": ("溧阳储能电站项目", "溧阳示例储能科技有限公司", "公用设施用地"),
    "XM018": ("宜兴环保装备制造基地", "宜兴环科园开发有限公司", "工业用地"),
    "XM019": ("泰兴经济开发区精细化工项目", "泰兴示例化工有限公司", "工业用地"),
    "XM020": ("南京滨江污水处理厂扩建工程", "南京示例水务有限公司", "公用设施用地"),
    "XM021": ("方山南侧产业配套项目", "南京江宁开发区建设有限公司", "工业用地"),
    "XM022": ("南山竹海索道站点项目", "溧阳天目湖旅游有限公司", "商服用地"),
    "XM023": ("镇江长江过江通道工程", "江苏示例交通控股有限公司", "交通运输用地"),
    "XM024": ("八卦洲农业观光园项目", "南京栖霞农业发展有限公司", "设施农用地"),
    "XM025": ("八卦洲码头改建工程", "南京示例港口集团有限公司", "港口码头用地"),
    "XM026": ("滆湖西岸产业园（两地块）", "常州西太湖开发有限公司", "工业用地"),
    "XM027": ("征润洲取水泵站改造工程", "镇江市自来水有限责任公司", "公用设施用地"),
    "XM028": ("江阴临港新材料项目", "江阴临港示例开发有限公司", "工业用地"),
    "XM029": ("太湖沿岸湿地公园配套设施", "无锡滨湖城市建设有限公司", "公园与绿地"),
    "XM030": ("太湖湖体航道整治工程", "江苏省太湖示例航道管理处", "水工建筑用地"),
}


def make_sites(rng, R, yz, fang_edge, W, widx, basins, basin_lines, counties):
    rl = {code: g for code, _, _, g in R}
    core = unary_union([g for _, _, c, g in R if c == "core"])
    gen = unary_union([g for _, _, c, g in R if c == "general"])
    allc = unary_union([g for *_, g in R] + [w[3] for w in W])
    water = unary_union([w[3] for w in W])
    S = {}

    def xy(lon, lat):
        return to_xy(lon, lat)

    def on_boundary(g, toward_lon, toward_lat):
        """Boundary point of g nearest to a given lon/lat."""
        return nearest_points(g.exterior if g.geom_type == "Polygon" else g.boundary,
                              Point(toward_lon, toward_lat))[0]

    def at(pt, w, h, rot, **kw):
        return parcel(rng, *xy(pt.x, pt.y), w, h, rot, **kw)

    # fully inside a core zone
    S["XM001"] = at(rl["HX-003"].centroid, 450, 380, 20)
    S["XM002"] = at(rl["HX-005"].centroid, 240, 200, 10)
    S["XM003"] = at(rl["HX-008"].centroid, 380, 300, 60)
    for k in ("XM001", "XM002", "XM003"):
        assert core.contains(S[k]), k
    # straddling core / general boundaries
    S["XM004"] = at(on_boundary(rl["HX-003"], 118.62, 32.06), 600, 450, 28)
    S["XM005"] = at(on_boundary(rl["HX-005"], 118.845, 32.04), 500, 250, 10)
    S["XM006"] = at(on_boundary(rl["HX-009"], 119.38, 32.17), 700, 500, 20)
    S["XM007"] = at(on_boundary(rl["HX-012"], 119.33, 31.78), 550, 400, 80)
    S["XM008"] = at(on_boundary(rl["HX-019"], 118.92, 31.26), 500, 450, 10)
    for k in ("XM004", "XM005", "XM006", "XM007", "XM008"):
        assert 0.2 < share(S[k], core) < 0.8, (k, share(S[k], core))
        assert k == "XM006" or share(S[k], gen) > 0.2, k
    # inside the overlap of two general polygons
    lens_a = rl["HX-006"].intersection(rl["HX-007"])
    lens_b = rl["HX-016"].intersection(rl["HX-017"])
    S["XM009"] = at(lens_a.buffer(-0.003).representative_point(), 260, 200, 35)
    S["XM010"] = at(lens_b.buffer(-0.008).representative_point(), 860, 800, 30)
    edge_b = rl["HX-017"].exterior.intersection(rl["HX-016"])
    S["XM011"] = at(nearest_points(edge_b, Point(118.88, 31.47))[0], 500, 400, 0)
    assert lens_a.contains(S["XM009"]) and lens_b.contains(S["XM010"])
    assert not core.intersects(S["XM009"]) and not core.intersects(S["XM010"])
    assert 0.2 < share(S["XM011"], lens_b) < 0.8 and rl["HX-016"].contains(S["XM011"])

    # straddling a basin boundary (Huaihe / Yangtze), clear of every constraint
    p = nearest_points(basin_lines[0], Point(119.60, 32.43))[0]
    S["XM012"] = parcel(rng, xy(p.x, p.y)[0], xy(p.x, p.y)[1] + 120, 700, 600, 5)
    # straddling a county boundary (句容市 / 溧水区), clear of every constraint
    cg = dict(counties)
    shared = cg["句容市"].intersection(cg["溧水区"])
    p = nearest_points(shared, Point(119.17, 31.66))[0]
    S["XM013"] = parcel(rng, xy(p.x, p.y)[0] + 120, xy(p.x, p.y)[1] + 60, 600, 500, 40)
    for k, zs in (("XM012", basins), ("XM013", counties)):
        shares = sorted((share(S[k], g) for _, g in zs), reverse=True)
        assert 0.55 < shares[0] < 0.85 and shares[1] > 0.15, (k, shares)
        assert dist_m(S[k], allc) > 1500, k
    # clear, far from everything
    clear = {"XM014": (118.78, 31.76, 600, 500), "XM015": (119.98, 31.72, 800, 700),
             "XM016": (120.18, 31.66, 500, 450), "XM017": (119.55, 31.38, 400, 300),
             "XM018": (119.90, 31.38, 650, 550), "XM019": (120.12, 32.30, 900, 800)}
    for k, (lon, lat, w, h) in clear.items():
        S[k] = parcel(rng, *xy(lon, lat), w, h, rng.uniform(0, 90))
        assert dist_m(S[k], allc) > 2000, (k, dist_m(S[k], allc))

    # ~300 m from the Jiajiang water source (二级 zone reaches 990 m inland from the bank)
    i1 = widx["i1"]
    t, nr, bank = yz["tang"][i1], yz["nrm"][i1], yz["pts"][i1] - yz["nrm"][i1] * yz["hw"][i1]
    c = bank - nr * (1800 * 0.55 + 300 + 150)
    S["XM020"] = Polygon(ring_ll(*np.array([c + t * u + nr * v for u, v in
                                            [(-180, -150), (160, -150), (200, 150), (-150, 150)]]).T))
    # touching the straight southern edge of 方山 (HX-013) along a shared segment
    e = fang_edge
    j = len(e) // 2
    top = e[j - 2:j + 3]                               # 5 vertices, west to east, lat = y_cut
    y0 = top[0][1]
    S["XM021"] = Polygon([top[0], (q(top[0][0] + 30 / KX), q(y0 - 350 / KY)),
                          (q(top[-1][0] - 20 / KX), q(y0 - 380 / KY))] + top[::-1][:-1])
    # invalid bow-tie inside the 南山竹海 general zone
    cx, cy = xy(119.45, 31.12)
    S["XM022"] = Polygon(ring_ll([cx - 250, cx + 300, cx + 300, cx - 250],
                                 [cy - 200, cy + 260, cy - 200, cy + 180]))
    assert not S["XM022"].is_valid
    # bridge across the river through the 镇江 dolphin reserve part
    i = int(np.argmin(np.hypot(*(yz["pts"] - np.array(xy(119.60, 32.22))).T)))
    pc, t, nr = yz["pts"][i], yz["tang"][i], yz["nrm"][i]
    half = yz["hw"][i] + 700
    S["XM023"] = Polygon(ring_ll(*np.array([pc + nr * v + t * u for v, u in
                                            [(-half, -35), (-half, 35), (half, 40), (half, -30)]]).T))
    # on 八卦洲 (a hole of the corridor) / straddling the island shore
    isl = Polygon(yz["corridor"].interiors[1])
    S["XM024"] = at(isl.centroid, 600, 180, math.degrees(math.atan2(*yz["tang"][yz["idx"]["八卦洲"]][::-1])))
    sh = nearest_points(isl.exterior, Point(118.90, 32.19))[0]
    S["XM025"] = at(sh, 260, 160, 30)
    # two-parcel MultiPolygon, one parcel in 滆湖
    cen = rl["HX-027"].centroid
    m1 = parcel(rng, *xy(cen.x - 0.01, cen.y), 400, 350, 15)
    m2 = parcel(rng, *xy(cen.x - 0.12, cen.y + 0.02), 450, 300, 15)
    S["XM026"] = MultiPolygon([m1, m2])
    # overlapping the 征润洲 water source and the river
    i4 = widx["i4"]
    bank4 = yz["pts"][i4] - yz["nrm"][i4] * yz["hw"][i4]
    S["XM027"] = parcel(rng, *(bank4 - yz["nrm"][i4] * 40 + yz["tang"][i4] * 500), 350, 300,
                        math.degrees(math.atan2(*yz["tang"][i4][::-1])))
    # ~800 m from the 小湾 water source (outside the 500 m buffer)
    i5 = widx["i5"]
    t, nr = yz["tang"][i5], yz["nrm"][i5]
    bank5 = yz["pts"][i5] - nr * yz["hw"][i5]
    c = bank5 - nr * (500 + 800 + 200)
    S["XM028"] = Polygon(ring_ll(*np.array([c + t * u + nr * v for u, v in
                                            [(-300, -200), (300, -200), (280, 200), (-320, 200)]]).T))
    # ring-shaped park facility (with a hole) on the Taihu north shore
    tp = on_boundary(rl["HX-029"], 120.10, 31.55)
    tx, ty = xy(tp.x, tp.y)
    outer = parcel(rng, tx, ty, 700, 600, 0)
    S["XM029"] = Polygon(outer.exterior.coords, [ring_ll([tx - 120, tx + 120, tx + 130, tx - 110],
                                                        [ty - 100, ty - 110, ty + 90, ty + 100])[::-1]])
    # inside the Taihu core (and the Taihu general zone)
    S["XM030"] = at(rl["HX-030"].geoms[0].centroid, 1200, 150, 30)

    # design checks
    assert not allc.intersects(S["XM024"])
    assert 0.2 < share(S["XM025"], rl["HX-001"]) < 0.8
    assert not S["XM020"].intersects(allc) and 250 < dist_m(S["XM020"], water) < 350, dist_m(S["XM020"], water)
    assert not S["XM028"].intersects(allc) and 700 < dist_m(S["XM028"], water) < 900
    assert S["XM021"].is_valid and S["XM021"].intersects(rl["HX-013"])
    assert S["XM021"].intersection(rl["HX-013"]).area == 0.0
    assert S["XM021"].intersection(rl["HX-013"]).length > 0.003      # a shared segment, ~400 m
    assert S["XM021"].intersection(allc).area == 0.0
    assert make_valid(S["XM022"]).within(rl["HX-025"]) and not S["XM022"].intersects(core)
    assert share(S["XM023"], rl["HX-002"]) > 0.01 and share(S["XM023"], rl["HX-001"]) > 0.3
    assert share(S["XM027"], water) > 0.2 and share(S["XM027"], rl["HX-001"]) > 0.05
    assert rl["HX-027"].contains(m1) and dist_m(m2, allc) > 2000
    assert S["XM029"].is_valid and 0.2 < share(S["XM029"], rl["HX-029"]) < 0.8
    assert rl["HX-030"].contains(S["XM030"])
    for k, g in S.items():
        if k != "XM022":
            assert g.is_valid, k
        a = abs(GEOD.geometry_area_perimeter(g)[0]) if k != "XM022" else 0
        assert k == "XM022" or 1e4 <= a <= 8e5, (k, a)
    return [(k, S[k]) for k in sorted(S)]


# --------------------------------------------------------------------------- parks (EPSG:4549)
PARKS = [  # park_id, name, level, [(lon, lat, a_m, b_m, rot, n), ...]
    ("YQ01", "南京江北新材料科技园", "国家级", [(118.735, 32.118, 3800, 2400, 40, 40)]),
    ("YQ02", "南京经济技术开发区", "国家级", [(118.930, 32.165, 3000, 2000, 10, 36)]),
    ("YQ03", "江宁经济技术开发区", "国家级", [(118.790, 31.915, 3500, 2600, 0, 44)]),
    ("YQ04", "镇江经济技术开发区", "国家级", [(119.620, 32.212, 2600, 1800, 10, 30),
                                      (119.680, 32.170, 1500, 1200, 0, 24)]),
    ("YQ05", "句容经济开发区", "省级", [(119.180, 31.980, 2400, 1800, 20, 32)]),
    ("YQ06", "溧水经济开发区", "省级", [(119.020, 31.640, 2600, 2000, 0, 36)]),
    ("YQ07", "高淳经济开发区", "省级", [(118.980, 31.320, 2200, 1600, 30, 30)]),
    ("YQ08", "常州武进国家高新技术产业开发区", "国家级", [(119.880, 31.590, 3500, 2800, 0, 44)]),
    ("YQ09", "宜兴经济技术开发区", "国家级", [(119.820, 31.400, 3000, 2400, 20, 40)]),
    ("YQ10", "江阴高新技术产业开发区", "国家级", [(120.300, 31.915, 3000, 2000, 15, 36)]),
    ("YQ11", "苏州工业园区（示例）", "国家级", [(120.700, 31.330, 4000, 3000, 0, 44),
                                        (120.720, 31.410, 1800, 1500, 0, 28)]),
    ("YQ12", "仪征经济开发区", "省级", [(119.180, 32.300, 2500, 1800, 0, 32)]),
]


def make_parks(rng):
    fwd = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4549", always_xy=True)
    inv = pyproj.Transformer.from_crs("EPSG:4549", "EPSG:4490", always_xy=True)
    out = []
    for pid, name, level, parts in PARKS:
        ps = []
        for lon, lat, a, b, rot, n in parts:
            e0, n0 = fwd.transform(lon, lat)
            th = 2 * math.pi * np.arange(n) / n
            r = 1 + 0.12 * smooth_noise(rng, n, 1.5, periodic=True)
            x, y = a * r * np.cos(th), b * r * np.sin(th)
            c, s = math.cos(math.radians(rot)), math.sin(math.radians(rot))
            ring = [(round(e0 + c * u - s * v, 3), round(n0 + s * u + c * v, 3)) for u, v in zip(x, y)]
            ps.append(Polygon(ring))
        g = ps[0] if len(ps) == 1 else MultiPolygon(ps)
        assert g.is_valid, pid
        ll = transform(inv.transform, g)
        assert ll.bounds[0] >= 118.6, pid
        out.append((pid, name, level, g, ll))
    return out


# --------------------------------------------------------------------------- land cover
LANDCOVER_CLASSES = [(10, "水体"), (20, "林地"), (30, "耕地"), (40, "建设用地"), (50, "湿地")]
LANDCOVER_PIXEL_M = 250.0


def write_landcover(path, rng, R, yz, P):
    """A land-cover raster in EPSG:4549 (not the zones' CRS), 250 m pixels over the sample area:
    cropland by default; water on the Yangtze and the lakes; wetland around them; forest on the
    hills; built-up around the cities and the parks; one nodata patch (a cloud gap)."""
    fwd = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4549", always_xy=True)
    xs, ys = fwd.transform([EXTENT[0], EXTENT[0], EXTENT[2], EXTENT[2]], [EXTENT[1], EXTENT[3], EXTENT[1], EXTENT[3]])
    px = LANDCOVER_PIXEL_M
    x0, y1 = math.floor(min(xs) / px) * px - px, math.ceil(max(ys) / px) * px + px
    cols = int(math.ceil((max(xs) + px - x0) / px))
    rows = int(math.ceil((y1 - min(ys) + px) / px))
    mem = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((x0, px, 0, y1, 0, -px))
    mem.SetSpatialRef(srs_of(4549))
    mem.GetRasterBand(1).Fill(30)

    def burn(value, geoms):
        ds = ogr.GetDriverByName("Memory").CreateDataSource("")
        lyr = ds.CreateLayer("g", srs_of(4549), ogr.wkbPolygon)
        for g in geoms:
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetGeometry(ogr.CreateGeometryFromWkb(g.wkb))
            lyr.CreateFeature(f)
        gdal.RasterizeLayer(mem, [1], lyr, burn_values=[value])

    gk = lambda g: transform(fwd.transform, g)
    wet = [g for _, n, _, g in R if "湿地" in n or "湖" in n]
    hills = [g for _, n, _, g in R if any(k in n for k in ("森林", "山", "公益林", "风景"))]
    burn(50, [gk(g).buffer(1500) for g in wet] + [gk(yz["corridor"]).buffer(1200)])
    burn(20, [gk(g) for g in hills])
    cities = [(118.78, 32.05, 9000), (119.45, 32.20, 5000), (119.95, 31.78, 7000), (120.30, 31.57, 8000),
              (120.60, 31.30, 9000), (119.05, 31.65, 3000), (119.48, 31.43, 3000)]
    urban = [gk(Polygon(blob(rng, lon, lat, r, r * 0.8, float(rng.uniform(0, 180)), 120, 0.18))) for lon, lat, r in cities]
    # Parks are partly built: their cores, not their whole outlines (the rest is still farmland).
    burn(40, urban + [g.buffer(-700) for _, _, _, g, _ in P])
    lakes = [g for _, n, _, g in R if "湖" in n]
    burn(10, [gk(g).buffer(-300) for g in lakes] + [gk(yz["strip"](0, len(yz["pts"]), 0.8))])
    # A cloud gap: nodata.
    gap = Polygon([(118.95, 31.05), (119.15, 31.05), (119.15, 31.18), (118.95, 31.18)])
    burn(0, [gk(gap)])
    band = mem.GetRasterBand(1)
    band.SetNoDataValue(0)
    cats = [""] * 51
    for value, name in LANDCOVER_CLASSES:
        cats[value] = name
    gdal.GetDriverByName("GTiff").CreateCopy(path, mem, options=["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES"])
    with open(os.path.splitext(path)[0] + "_classes.csv", "w", encoding="utf-8", newline="\n") as f:
        f.write("value,class\n")
        for value, name in LANDCOVER_CLASSES:
            f.write(f"{value},{name}\n")
    return cols, rows


# --------------------------------------------------------------------------- writing
def srs_of(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write_layer(ds, name, epsg, fields, rows, gtype=ogr.wkbPolygon, options=()):
    lyr = ds.CreateLayer(name, srs_of(epsg), gtype, list(options))
    for fname, width in fields:
        fd = ogr.FieldDefn(fname, ogr.OFTString)
        fd.SetWidth(width)
        lyr.CreateField(fd)
    for values, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for i, v in enumerate(values):
            f.SetField(i, v)
        f.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
        lyr.CreateFeature(f)
    return lyr


def write_shp(path, epsg, fields, rows, encoding):
    drv = ogr.GetDriverByName("ESRI Shapefile")
    ds = drv.CreateDataSource(path)
    write_layer(ds, os.path.splitext(os.path.basename(path))[0], epsg, fields, rows,
                options=["ENCODING=" + encoding])
    ds = None
    with open(path[:-4] + ".dbf", "r+b") as f:     # pin the "last update" date
        f.seek(1)
        f.write(DBF_DATE)


def remove_outputs(out):
    for base in ("redlines", "sites", "parks"):
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            p = os.path.join(out, base + ext)
            if os.path.exists(p):
                os.remove(p)
    for fn in ("water_sources.geojson", "zones.gpkg", "project.json", "parks_project.json",
               "rules.json", "landcover.tif", "landcover_classes.csv"):
        p = os.path.join(out, fn)
        if os.path.exists(p):
            os.remove(p)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(out, exist_ok=True)
    remove_outputs(out)
    gdal.SetConfigOption("OGR_CURRENT_DATE", GPKG_DATE)

    R, yz, fang_edge = make_redlines(np.random.default_rng(20240101))
    W, widx = make_water(yz)
    basins, basin_lines = make_basins(np.random.default_rng(20240202))
    counties, _ = make_counties(np.random.default_rng(20240303))
    check_tiling(basins, "basins")
    check_tiling(counties, "counties")
    S = make_sites(np.random.default_rng(20240404), R, yz, fang_edge, W, widx,
                   basins, basin_lines, counties)
    P = make_parks(np.random.default_rng(20240505))

    # redlines.shp: UTF-8 with .cpg
    types = {"core": "核心保护区", "general": "一般控制区"}
    write_shp(os.path.join(out, "redlines.shp"), 4490,
              [("code", 10), ("name", 80), ("category", 10), ("类型", 20)],
              [((c, n, cat, types[cat]), g) for c, n, cat, g in R], "UTF-8")

    # sites.shp: GBK without .cpg and with LDID 0
    sp = os.path.join(out, "sites.shp")
    write_shp(sp, 4490, [("site_id", 10), ("名称", 80), ("建设单位", 80), ("用地性质", 30)],
              [((k,) + SITE_INFO[k], g) for k, g in S], "CP936")
    os.remove(sp[:-4] + ".cpg")
    with open(sp[:-4] + ".dbf", "r+b") as f:
        f.seek(29)
        f.write(b"\x00")
        f.seek(0)
        raw = f.read()
    try:
        raw.decode("utf-8")
        raise SystemExit("sites.dbf unexpectedly decodes as UTF-8")
    except UnicodeDecodeError:
        pass

    # parks.shp: EPSG:4549, UTF-8 with .cpg
    write_shp(os.path.join(out, "parks.shp"), 4549, [("park_id", 10), ("name", 80), ("level", 10)],
              [((pid, name, level), g) for pid, name, level, g, _ in P], "UTF-8")

    # water_sources.geojson: keep a crs member for EPSG:4490 (RFC7946=NO)
    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(os.path.join(out, "water_sources.geojson"))
    write_layer(ds, "water_sources", 4490, [("id", 0), ("name", 0), ("level", 0)],
                [((i, n, lv), g) for i, n, lv, g in W], options=["RFC7946=NO", "WRITE_BBOX=NO"])
    ds = None

    # zones.gpkg
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(out, "zones.gpkg"))
    write_layer(ds, "basins", 4490, [("basin", 0)], [((n,), g) for n, g in basins])
    write_layer(ds, "counties", 4490, [("county", 0)], [((n,), g) for n, g in counties])
    ds = None

    # landcover.tif (EPSG:4549) and landcover_classes.csv
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")
    lc_cols, lc_rows = write_landcover(os.path.join(out, "landcover.tif"), np.random.default_rng(20240606), R, yz, P)

    rules = {
        "name": "江苏省生态空间管控规则（示例）",
        "version": "2024.1",
        "default": {"severity": "review"},
        "categories": {
            "core": {"label": "生态保护红线·核心保护区", "severity": "prohibited", "priority": 1},
            "general": {"label": "生态保护红线·一般控制区", "severity": "restricted", "priority": 2},
            "water_source": {"label": "饮用水水源保护区", "severity": "restricted", "priority": 3,
                             "buffer_m": 500},
        },
    }
    write_json(os.path.join(out, "rules.json"), rules)
    constraints = [
        {"path": "redlines.shp", "category_field": "category", "id_field": "code", "name_field": "name"},
        {"path": "water_sources.geojson", "category": "water_source", "id_field": "id", "name_field": "name"},
    ]
    zones = [
        {"name": "basin", "path": "zones.gpkg", "layer": "basins", "field": "basin"},
        {"name": "county", "path": "zones.gpkg", "layer": "counties", "field": "county"},
    ]
    write_json(os.path.join(out, "project.json"), {
        "version": 1,
        "name": "南京及太湖周边 项目选址红线核查（示例）",
        "analysis_crs": "EPSG:4490",
        "min_area_m2": 1.0,
        "threads": 0,
        "subjects": {"path": "sites.shp", "id_field": "site_id", "name_field": "名称"},
        "constraints": constraints, "zones": zones, "rules": "rules.json", "output": "out/sites",
        "stats": {
            "description": "redline categories and water sources, and land cover, by basin and county",
            "classes": [
                {"name": "redline", "path": "redlines.shp", "class_field": "category"},
                {"name": "water_source", "path": "water_sources.geojson", "class": "water_source"},
            ],
            "rasters": [{"name": "landcover", "path": "landcover.tif", "classes": "landcover_classes.csv"}],
            "output": "out/stats"}})
    write_json(os.path.join(out, "parks_project.json"), {
        "version": 1,
        "name": "南京及太湖周边 产业园区红线核查（示例）",
        "min_area_m2": 1.0,
        "subjects": {"path": "parks.shp", "id_field": "park_id", "name_field": "name"},
        "constraints": constraints, "zones": zones, "rules": "rules.json", "output": "out/parks",
        "stats": {
            "description": "the redlines and the land-cover make-up of each industrial park",
            "zones": [{"name": "park", "path": "parks.shp", "field": "name"}],
            "classes": [{"name": "redline", "path": "redlines.shp", "class_field": "category"}],
            "rasters": [{"name": "landcover", "path": "landcover.tif", "classes": "landcover_classes.csv"}],
            "output": "out/park_stats"}})

    nv = lambda g: sum(len(p.exterior.coords) + sum(len(i.coords) for i in p.interiors) for p in polys(g))
    print(f"redlines: {len(R)} features, {sum(nv(g) for *_, g in R)} vertices "
          f"(corridor {nv(R[0][3])}); water sources: {len(W)}; sites: {len(S)}; parks: {len(P)}; "
          f"basins: {len(basins)}; counties: {len(counties)}; land cover: {lc_cols} x {lc_rows} pixels")
    print("written to", out)


if __name__ == "__main__":
    main()
