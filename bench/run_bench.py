#!/usr/bin/python3
"""Benchmark driver: Redline's conflict check against peers on the generated Jiangsu data.

    /usr/bin/python3 bench/run_bench.py --scale S|M|L [--data DIR] [--threads N]
                                        [--peers shapely,spatialite,postgis,qgis,floor] [--redline PATH]
                                        [--json FILE] [--repeat K] [--peer-timeout S] [--keep]

In one run, on the same files, one after the other (never concurrently):

  floor        the read floor: every feature of the three inputs read with GDAL and nothing else,
               two ways: `ogrinfo -ro -al -q -geom=SUMMARY` per file (C++; each feature fetched,
               its geometry parsed into an OGRGeometry, attributes read; one summary line per
               feature to /dev/null) and bench/read_floor.py (GDAL's Arrow stream: WKB + attributes
               in record batches, nothing parsed). Run first, so every task after it finds the
               files in the page cache.
  redline      `redline check project.json --out TMP --quiet --threads N`: files in, result.gpkg,
               subjects.csv and result.json out.
  shapely      bench/peer_shapely.py: the same per-site overlaps and basin with shapely + pyproj
               (STRtree, prepared geometries, union before the cut, geodesic areas), single thread.
  postgis      bench/peer_postgis.py on the private server of scripts/postgis.sh (started before the
               timer): load with ogr2ogr, ST_Subdivide + GiST + ANALYZE, then the overlaps and basin
               as geography areas with parallel workers; each phase's time is reported. Needs
               scripts/install-deps.sh --bench.
  geopandas    bench/peer_geopandas.py: read_file, gpd.overlay(intersection) with the redlines and
               the basins, dissolve per site and category, geodesic areas (pyproj); single thread.
  qgis         bench/peer_qgis.py: QGIS's Processing tools headless (qgis_process.bin, offscreen):
               native:intersection sites × redlines, native:dissolve by site and category,
               native:intersection sites × basins; geodesic areas with pyproj. Needs
               scripts/install-deps.sh --bench.
  spatialite   bench/peer_spatialite.py's SQL through `ogr2ogr` (SpatiaLite on the GeoPackages,
               R-tree join, ST_Union + ST_Intersection, ST_Area(geom, 1)) into a GeoPackage.
               Skipped at scale L (hours); a run longer than --peer-timeout is stopped and
               reported as a timeout.

Every task runs as its own child process, measured by /usr/bin/time (GNU time: wall, user+sys
CPU, maximum resident set) or, where that is missing, by a small Python wrapper process that
runs the command and reports its own children's rusage; either way the peak memory is that
run's alone. With --repeat K each task runs K times and the fastest run is reported.

Agreement (per site and category, overlap area = Redline's `overlaps` or `edge_contacts` area,
0 when absent; and the basin with its share):
  shapely      must agree to --rtol (1e-6) relative, 1e-3 m2 absolute; the basin must be equal
               (or tied) and the share agree to 1e-6. A disagreement fails the run (exit 1).
  geopandas    strict like shapely.
  postgis      strict like shapely; a pair that differs is recomputed by PostGIS on the original
               (unsubdivided) layers and only a difference from that counts (the subdivided plan
               itself is off by ~1e-6 where cut points stay on a redline's boundary).
  qgis         reported, not enforced: its tools cut before they union, which moves some areas by
               up to ~1e-5 (see peer_geopandas.py).
  spatialite   its ellipsoidal area is known to be off by a few 1e-5, so the largest relative
               deviation is reported, not enforced; missing or extra pairs and basin mismatches
               are counted.

Prints a table (task, wall s, CPU s, peak MB, sites/s, wall ratio peer/Redline, agreement) and
Redline's time above the read floor; --json FILE writes the same as JSON. Exit status: 0 ok,
1 Redline failed or a strict peer disagrees, 2 bad usage.
"""
import argparse
import csv
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
PYTHON = sys.executable
SCALE_SITES = {"S": 2_000, "M": 50_000, "L": 300_000}
GNU_TIME = "/usr/bin/time"

# A stand-in for /usr/bin/time: runs argv[2:], writes "wall user sys maxrss_kb status" to argv[1].
PY_TIMER = r"""
import os, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{wall} {ru.ru_utime} {ru.ru_stime} {ru.ru_maxrss} {rc}\n")
sys.exit(rc)
"""


# --------------------------------------------------------------------------- running and timing
class Measure:
    def __init__(self, name, cmd):
        self.name, self.cmd = name, cmd
        self.wall = self.cpu = self.sys = self.rss_mb = None
        self.status = "ok"            # ok | failed | timeout | skipped
        self.note = ""
        self.runs = []

    def row(self, n_sites, ref_wall):
        return {"task": self.name, "status": self.status, "wall_s": self.wall, "cpu_s": self.cpu,
                "sys_s": self.sys, "peak_mb": self.rss_mb,
                "sites_per_s": (n_sites / self.wall) if self.wall else None,
                "ratio_to_redline": (self.wall / ref_wall) if (self.wall and ref_wall) else None,
                "note": self.note, "runs": self.runs, "command": self.cmd}


def have_gnu_time():
    if not os.access(GNU_TIME, os.X_OK):
        return False
    try:
        p = subprocess.run([GNU_TIME, "-f", "%e", "true"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=10)
        return p.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def timed(cmd, log_path, timer, timeout=None, env=None, cwd=None):
    """Runs cmd (argv list) in its own process group
    -> (wall, cpu, system cpu, maxrss_kb, returncode, timed_out)."""
    fd, stats = tempfile.mkstemp(prefix="bench-time-", suffix=".txt")
    os.close(fd)
    if timer == "gnu":
        argv = [GNU_TIME, "-f", "%e %U %S %M %x", "-o", stats, *cmd]
    else:
        argv = [PYTHON, "-c", PY_TIMER, stats, *cmd]
    with open(log_path, "ab") as log:
        shown = cmd[2] if cmd[:2] == ["sh", "-c"] else shlex.join(cmd)
        log.write(f"$ {shown}\n".encode())
        log.flush()
        p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            os.remove(stats)
            return None, None, None, None, None, True
    line = [ln for ln in open(stats).read().splitlines() if ln.strip()]
    os.remove(stats)
    try:
        wall, user, system, rss, rc = line[-1].split()
        return float(wall), float(user) + float(system), float(system), int(float(rss)), int(rc), False
    except (IndexError, ValueError):
        return None, None, None, None, p.returncode or 1, False


def run_task(m, repeat, log_path, timer, timeout=None, before=None, **kw):
    for _ in range(repeat):
        if before:
            before()
        wall, cpu, system, rss, rc, timed_out = timed(m.cmd, log_path, timer, timeout=timeout, **kw)
        if timed_out:
            m.status, m.note = "timeout", f"stopped after {timeout:.0f} s"
            return m
        if rc != 0:
            m.status, m.note = "failed", f"exit {rc}; see {log_path}"
            return m
        m.runs.append({"wall_s": wall, "cpu_s": cpu, "sys_s": system, "peak_mb": rss / 1024.0})
    best = min(m.runs, key=lambda r: r["wall_s"])
    m.wall, m.cpu, m.sys, m.rss_mb = best["wall_s"], best["cpu_s"], best["sys_s"], best["peak_mb"]
    return m


def sh(cmds):
    return ["sh", "-c", " && ".join(shlex.join(c) + " > /dev/null" for c in cmds)]


# --------------------------------------------------------------------------- results and comparison
def load_redline(result_json):
    """-> {site_id: (area_m2, {category: area_m2}, basin, share, status, has_overlap)} from result.json."""
    res = json.load(open(result_json, encoding="utf-8"))
    out = {}
    for s in res["subjects"]:
        cats = {}
        for o in (s.get("overlaps") or []) + (s.get("edge_contacts") or []):
            cats[o["category"]] = o.get("area_m2") or 0.0
        zones, shares = s.get("zones") or {}, s.get("zone_shares") or {}
        out[str(s["id"])] = (s.get("area_m2"), cats, zones.get("basin"), shares.get("basin"), s.get("status"),
                             bool(s.get("overlaps")))
    return out


def close(a, b, rtol, atol=1e-3):
    return abs(a - b) <= max(atol, rtol * max(abs(a), abs(b)))


def compare_shapely(red, csv_path, rtol, peer="shapely"):
    rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    cats = [k[:-3] for k in rows[0] if k.endswith("_m2") and k != "area_m2"] if rows else []
    diffs, worst, pairs = [], 0.0, 0
    seen = set()
    for r in rows:
        sid = r["site_id"]
        seen.add(sid)
        if sid not in red:
            diffs.append(f"{sid}: not in Redline's result")
            continue
        area, got, basin, share, status, _ = red[sid]
        if status == "error":
            diffs.append(f"{sid}: Redline status error")
            continue
        if not close(area, float(r["area_m2"]), rtol):
            diffs.append(f"{sid}: area_m2 Redline {area!r} peer {r['area_m2']}")
        for c in cats:
            a, b = got.get(c, 0.0), float(r[f"{c}_m2"])
            if a == 0.0 and b == 0.0:
                continue
            pairs += 1
            if max(abs(a), abs(b)) >= 1.0:
                worst = max(worst, abs(a - b) / max(abs(a), abs(b)))
            if not close(a, b, rtol):
                diffs.append(f"{sid}: {c} overlap Redline {a!r} m2, {peer} {b!r} m2 "
                             f"(rel {abs(a - b) / max(abs(a), abs(b)):.3g})")
        pb, ps = r["basin"] or None, float(r["basin_share"]) if r["basin_share"] else None
        if basin != pb:
            # an exact tie may go either way; then the shares are equal
            if not (share is not None and ps is not None and close(share, ps, 1e-6, 1e-9)):
                diffs.append(f"{sid}: basin Redline {basin!r} ({share}), {peer} {pb!r} ({ps})")
        elif share is not None and ps is not None and not close(share, ps, 1e-6, 1e-9):
            diffs.append(f"{sid}: basin share Redline {share!r}, {peer} {ps!r}")
    missing = [k for k in red if k not in seen]
    if missing:
        diffs.append(f"{len(missing)} Redline subjects not in the peer's output, e.g. {missing[:3]}")
    return {"strict": True, "rtol": rtol, "pairs_compared": pairs, "sites_compared": len(rows),
            "max_rel_deviation": worst, "differences": len(diffs), "examples": diffs[:20], "ok": not diffs}


def compare_spatialite(red, out_gpkg, min_area=1.0):
    import peer_spatialite
    overlaps, basins = peer_spatialite.read_results(out_gpkg)
    worst, worst_at, pairs, missing, extra = 0.0, None, 0, [], []
    keys = set(overlaps) | {(sid, c) for sid, v in red.items() for c, a in v[1].items() if a >= min_area}
    for sid, c in sorted(keys):
        a = red[sid][1].get(c, 0.0) if sid in red else 0.0
        b = overlaps.get((sid, c), 0.0)
        if a < min_area and b < min_area:
            continue              # touches and slivers: below the minimum area for both
        if a < min_area or b < min_area:
            (missing if b < min_area else extra).append(f"{sid}/{c}: Redline {a!r}, SpatiaLite {b!r}")
            continue
        pairs += 1
        rel = abs(a - b) / max(a, b)
        if rel > worst:
            worst, worst_at = rel, f"{sid}/{c}: Redline {a!r}, SpatiaLite {b!r}"
    basin_diff = []
    for sid, (basin, share) in basins.items():
        if sid in red and red[sid][2] != basin and not close(red[sid][3] or 0.0, share or 0.0, 1e-4, 1e-9):
            basin_diff.append(f"{sid}: Redline {red[sid][2]!r}, SpatiaLite {basin!r}")
    no_basin = [sid for sid in red if red[sid][2] is not None and sid not in basins]
    return {"strict": False, "pairs_compared": pairs, "max_rel_deviation": worst, "worst": worst_at,
            "missing_pairs": len(missing), "extra_pairs": len(extra), "examples": (missing + extra)[:10],
            "basin_mismatches": len(basin_diff) + len(no_basin), "basin_examples": (basin_diff + no_basin)[:5],
            "ok": not missing and not extra and not basin_diff and not no_basin}


def compare_postgis(red, csv_path, rtol, project_path, conninfo):
    """Strict like shapely, except where the subdivided plan itself is off: a pair that differs
    is recomputed by PostGIS on the original, unsubdivided layers, and only a difference from
    that exact value counts. (The pieces' cut points stay on the redline's boundary as extra
    vertices; a geodesic polygon through them differs by ~1e-6 from one without.)"""
    import peer_postgis
    import psycopg2
    c = compare_shapely(red, csv_path, rtol)
    if c["ok"]:
        return c
    rows = {r["site_id"]: r for r in csv.DictReader(open(csv_path, encoding="utf-8"))}
    project = json.load(open(project_path, encoding="utf-8"))
    conn = psycopg2.connect(conninfo)
    cur = conn.cursor()
    real, artefacts = [], []
    for sid, r in rows.items():
        if sid not in red:
            real.append(f"{sid}: not in Redline's result")
            continue
        area, got, basin, share, status, _ = red[sid]
        for key in r:
            if not key.endswith("_m2") or key == "area_m2":
                continue
            cat, a_, b_ = key[:-3], got.get(key[:-3], 0.0), float(r[key])
            if (a_ or b_) and not close(a_, b_, rtol):
                exact = peer_postgis.exact_overlap(cur, project, sid, cat)
                (artefacts if close(a_, exact, rtol) else real).append(
                    f"{sid}/{cat}: Redline {a_!r}, subdivided plan {b_!r}, PostGIS unsubdivided {exact!r}")
        ps = float(r["basin_share"]) if r["basin_share"] else None
        if basin is not None and ps is not None and (basin != (r["basin"] or None) or not close(share, ps, 1e-6, 1e-9)):
            exact = peer_postgis.exact_basin_share(cur, project, sid, basin)
            (artefacts if exact is not None and close(share, exact, 1e-6, 1e-9) and
             (basin == r["basin"] or close(ps, exact, 1e-6, 1e-9)) else real).append(
                f"{sid}: basin Redline {basin} {share!r}, subdivided plan {r['basin']} {ps!r}, unsubdivided {exact!r}")
    conn.close()
    c.update({"ok": not real, "differences": len(real), "examples": real[:20],
              "subdivision_artefacts": len(artefacts), "artefact_examples": artefacts[:5]})
    return c


def run_postgis(project, work, red_data, comparisons, a, log, timer, env):
    """The PostGIS peer on the private server (started here, outside the timing): load,
    subdivide + index, query; held to the same strict agreement as shapely."""
    m = Measure("postgis peer (load+subdivide+query)", None)
    started = subprocess.run([os.path.join(SOURCE_DIR, "scripts", "postgis.sh"), "start"], capture_output=True,
                             text=True)
    if started.returncode != 0:
        m.status, m.note = "failed", "no PostGIS server: " + (started.stderr.strip() or started.stdout.strip())
        return m
    conninfo = started.stdout.strip().splitlines()[-1]
    out, timings = os.path.join(work, "postgis.csv"), os.path.join(work, "postgis_timings.json")
    m.cmd = [PYTHON, os.path.join(HERE, "peer_postgis.py"), project, out, "--conninfo", conninfo,
             "--timings", timings]
    run_task(m, a.repeat, log, timer, timeout=a.peer_timeout, env=env)
    if m.status == "ok":
        t = json.load(open(timings))
        m.phases = t
        m.note = (f"load {t['load_s']:.1f} s, subdivide+index {t['prepare_s']:.1f} s, query {t['query_s']:.1f} s "
                  f"({t['parallel_workers_per_gather']} workers)")
        if red_data is not None:
            comparisons["postgis"] = c = compare_postgis(red_data, out, a.rtol, project, conninfo)
            c["phases"] = t
            m.agreement = (f"OK: {c['pairs_compared']} pairs, max rel {c['max_rel_deviation']:.1e}" if c["ok"]
                           else f"DISAGREE: {c['differences']} differences")
            if c.get("subdivision_artefacts"):
                m.agreement += (f"; {c['subdivision_artefacts']} off in the subdivided plan only "
                                "(unsubdivided PostGIS agrees with Redline)")
    return m


# --------------------------------------------------------------------------- environment
def versions(redline):
    v = {"python": platform.python_version()}
    try:
        from osgeo import gdal
        v["gdal"] = gdal.__version__
    except ImportError:
        pass
    try:
        import shapely
        import shapely.geos
        v["shapely"] = shapely.__version__
        v["geos"] = shapely.geos.geos_version_string
    except ImportError:
        pass
    try:
        import pyproj
        v["proj"] = pyproj.proj_version_str
        v["pyproj"] = pyproj.__version__
    except ImportError:
        pass
    try:
        out = subprocess.run(["ogrinfo", "-ro", "-q", ":memory:", "-dialect", "SQLite", "-sql",
                              "SELECT spatialite_version() AS v"], capture_output=True, text=True, timeout=30).stdout
        v["spatialite"] = next((ln.split("=", 1)[1].strip() for ln in out.splitlines() if "v (String)" in ln), None)
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        v["redline"] = subprocess.run([redline, "--version"], capture_output=True, text=True,
                                      timeout=30).stdout.strip()
    except OSError:
        pass
    return v


def machine():
    m = {"cores": os.cpu_count(), "platform": platform.platform()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                m["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                m["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
        m["loadavg_at_start"] = open("/proc/loadavg").read().split()[:3]
    except OSError:
        pass
    return m


def build_info(redline):
    """Which Redline is measured: binary, its build time, and the source tree's commit."""
    st = os.stat(redline)
    info = {"binary": redline, "built": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(st.st_mtime))}
    try:
        git = ["git", "-C", SOURCE_DIR]
        info["commit"] = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                        timeout=30).stdout.strip()
        dirty = subprocess.run(git + ["status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, timeout=30).stdout.strip()
        info["source_modified"] = bool(dirty)
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def file_digest(path):
    """SHA-256 of a file's bytes (result.json, compared across thread counts)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def default_redline():
    for preset in ("release", "ci", "dev"):
        p = os.path.join(SOURCE_DIR, "build", preset, "cli", "redline")
        if os.access(p, os.X_OK):
            return p
    return None


# --------------------------------------------------------------------------- main
def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def print_phases(red, floor_wall, red_runs, postgis):
    """Where Redline's time went (its --timings), each phase against the read floor; thread
    scaling; Redline against PostGIS's query alone."""
    t = getattr(red, "phases", None)
    if red.status != "ok" or not t:
        return
    cpu, wall = t["cpu_s"], t["wall_s"]
    print(f"\nRedline's phases ({t['threads']} threads; CPU seconds summed over threads; wall: prepare "
          f"{wall['prepare']:.2f} s, check and write {wall['check_and_write']:.2f} s):")
    for name in ("read", "validate", "index", "overlay", "nearest", "measure", "write", "other"):
        above = f"{cpu[name] / floor_wall:6.1f}× the floor" if floor_wall else ""
        print(f"  {name:<9} {cpu[name]:7.2f} s  {above}")
    print(f"  {'process':<9} {cpu['process']:7.2f} s  (peak {t['peak_rss_mb']:.0f} MB)")
    if "write_wait_s" in t:
        print(f"  threads waited {t['write_wait_s']:.2f} s in the write stage for its files' tasks (not CPU)")
    ok = [m for m in red_runs if m.status == "ok"]
    one = next((m for m in ok if m.name.startswith("redline (1 thread)")), None)
    if one and one is not red:
        print(f"\n{t['threads']} threads against 1: {one.wall / red.wall:.2f}× faster")
    if postgis is not None and postgis.status == "ok" and getattr(postgis, "phases", None):
        q = postgis.phases["query_s"]
        print(f"PostGIS end to end ÷ Redline: {postgis.wall / red.wall:.2f}; PostGIS query alone ÷ Redline end to end: "
              f"{q / red.wall:.2f}")


def print_table(rows, floor_wall, red):
    # "sys s" is the kernel's share of the CPU: page faults on first touch and file writes, the
    # part of a run that swings most with the host on a virtual machine.
    hdr = (f"{'task':<36} {'wall s':>9} {'CPU s':>9} {'sys s':>7} {'peak MB':>9} {'sites/s':>10} {'÷Redline':>9}"
           "  agreement")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        if r["status"] != "ok":
            print(f"{r['task']:<36} {r['status']:>9}  {r['note']}")
            continue
        print(f"{r['task']:<36} {fmt(r['wall_s'], '9.2f')} {fmt(r['cpu_s'], '9.2f')} {fmt(r.get('sys_s'), '7.2f')} "
              f"{fmt(r['peak_mb'], '9.0f')} "
              f"{fmt(r['sites_per_s'], '10.0f')} {fmt(r['ratio_to_redline'], '9.2f')}  {r.get('agreement', '')}")
    for r in rows:
        if r["status"] == "ok" and r["note"]:
            print(f"  {r['task']}: {r['note']}")
    if red and red["status"] == "ok" and floor_wall:
        print(f"\nRedline above the read floor: {red['wall_s'] - floor_wall:.2f} s "
              f"({red['wall_s'] / floor_wall:.1f}× the floor of {floor_wall:.2f} s)")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Redline benchmark driver (see the module docstring).",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", choices=["S", "M", "L"], default="S")
    ap.add_argument("--data", help="dataset directory (generated there if it has no project.json; "
                                   "default build/bench-data/SCALE in the source tree)")
    ap.add_argument("--regenerate", action="store_true", help="generate the dataset even if DIR has one")
    ap.add_argument("--threads", default=str(os.cpu_count() or 1),
                    help="Redline's --threads (default: cores); a list such as 1,2 runs each, the last is "
                         "the reference for ratios and comparisons, and the others must give the same result.json")
    ap.add_argument("--peers", default="shapely,spatialite,floor",
                    help="comma-separated subset of shapely,spatialite,postgis,geopandas,qgis,floor ('none' for Redline "
                         "alone); postgis, geopandas and qgis need scripts/install-deps.sh --bench")
    ap.add_argument("--redline", default=default_redline(), help="the redline binary (default: build/release, "
                                                                 "then build/ci, then build/dev)")
    ap.add_argument("--json", help="write the table and comparisons as JSON to this file")
    ap.add_argument("--repeat", type=int, default=1, help="runs per task; the fastest is reported")
    ap.add_argument("--peer-timeout", type=float, default=1800.0, help="seconds before a peer run is stopped")
    ap.add_argument("--spatialite-at-L", action="store_true", help="run the spatialite peer at scale L too")
    ap.add_argument("--rtol", type=float, default=1e-6, help="relative tolerance for the strict peers")
    ap.add_argument("--timer", choices=["auto", "gnu", "python"], default="auto")
    ap.add_argument("--work", help="directory for outputs (default: a temporary one, removed unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the outputs")
    a = ap.parse_args(argv)

    peers = [] if a.peers.strip() in ("", "none") else [p.strip() for p in a.peers.split(",")]
    unknown = set(peers) - {"shapely", "spatialite", "postgis", "geopandas", "qgis", "floor"}
    if unknown:
        ap.error(f"unknown peer(s): {', '.join(sorted(unknown))}")
    if not a.redline or not os.access(a.redline, os.X_OK):
        ap.error(f"no redline binary (got {a.redline!r}); build one or pass --redline")
    redline = os.path.abspath(a.redline)
    try:
        threads = [int(t) for t in a.threads.split(",")]
    except ValueError:
        ap.error(f"--threads: a number or a comma-separated list, got {a.threads!r}")
    if any(t < 0 for t in threads):
        ap.error(f"--threads: counts cannot be negative (0 means all cores), got {a.threads!r}")
    if a.repeat < 1:
        ap.error(f"--repeat: at least 1 run per task, got {a.repeat}")
    if not a.peer_timeout > 0:
        ap.error(f"--peer-timeout: seconds above 0, got {a.peer_timeout}")
    timer = "gnu" if a.timer == "gnu" or (a.timer == "auto" and have_gnu_time()) else "python"
    data = os.path.abspath(a.data or os.path.join(SOURCE_DIR, "build", "bench-data", a.scale))
    project = os.path.join(data, "project.json")

    generated = None
    manifest_path = os.path.join(data, "manifest.json")
    sys.path.insert(0, HERE)
    import generate
    stale = False
    if os.path.exists(manifest_path):
        old = json.load(open(manifest_path, encoding="utf-8"))
        stale = old.get("generator_version") != generate.GENERATOR_VERSION or old.get("seed") != generate.SEED
    if a.regenerate or stale or not os.path.exists(project) or not os.path.exists(manifest_path):
        print(f"generating scale {a.scale} into {data} ...", flush=True)
        t = time.perf_counter()
        subprocess.run([PYTHON, os.path.join(HERE, "generate.py"), "--scale", a.scale, "--out", data, "--quiet"],
                       check=True)
        generated = time.perf_counter() - t
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    if manifest.get("scale") != a.scale:
        print(f"run_bench: {data} holds scale {manifest.get('scale')}, not {a.scale}", file=sys.stderr)
        return 2
    n_sites = manifest["sites"]["features"]

    work = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix=f"redline-bench-{a.scale}-")
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "bench.log")
    open(log, "w").close()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    info = {"scale": a.scale, "data": data, "sites": n_sites, "redlines": manifest["redlines"]["features"],
            "basins": manifest["basins"]["features"], "threads": threads, "timer": timer,
            "generated_in_s": generated, "machine": machine(), "versions": versions(redline),
            "redline_build": build_info(redline),
            "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    rb = info["redline_build"]
    print(f"Redline benchmark, scale {a.scale}: {n_sites} sites, {info['redlines']} redlines, {info['basins']} basins\n"
          f"redline {redline} (built {rb['built']}; source {rb.get('commit', '?')}"
          f"{' + local changes' if rb.get('source_modified') else ''}) --threads {','.join(map(str, threads))}\n"
          f"timer {timer}; load average {' '.join(info['machine'].get('loadavg_at_start', []))}; work {work}",
          flush=True)

    proj = json.load(open(project, encoding="utf-8"))
    cons = proj["constraints"] if isinstance(proj["constraints"], list) else [proj["constraints"]]
    inputs = [os.path.join(data, o["path"]) for o in [proj["subjects"], *cons, *proj.get("zones", [])]]
    results, comparisons = [], {}

    floor_rows = []
    if "floor" in peers:
        m = run_task(Measure("read floor (ogrinfo)", sh([["ogrinfo", "-ro", "-al", "-q", "-geom=SUMMARY", p]
                                                          for p in inputs])), a.repeat, log, timer, env=env)
        floor_rows.append(m)
        m = run_task(Measure("read floor (Arrow)", [PYTHON, os.path.join(HERE, "read_floor.py"), project]),
                     a.repeat, log, timer, env=env)
        floor_rows.append(m)

    # Redline at each thread count; the last one is the reference for ratios and comparisons.
    # An earlier run's outputs are reduced to its result.json's digest and deleted before the next
    # run: left in the page cache (0.5 GB at L), they made the next run's writes take fresh memory,
    # which on this virtual machine the host must back page by page (system time 0.4 → 0.6–1.5 s).
    red_runs = []
    for i, n in enumerate(threads):
        out_n = os.path.join(work, f"redline-t{n}")
        shutil.rmtree(out_n, ignore_errors=True)
        timings_n = os.path.join(work, f"redline-t{n}-timings.json")
        m = run_task(Measure(f"redline ({n} thread{'s' if n != 1 else ''})",
                             [redline, "check", project, "--out", out_n, "--quiet", "--threads", str(n),
                              "--timings", timings_n]),
                     a.repeat, log, timer, env=env, before=lambda o=out_n: shutil.rmtree(o, ignore_errors=True))
        if m.status == "ok" and os.path.exists(timings_n):
            m.phases = json.load(open(timings_n))
        digest = None
        if i + 1 < len(threads) and m.status == "ok":
            digest = file_digest(os.path.join(out_n, "result.json"))
            shutil.rmtree(out_n, ignore_errors=True)
        red_runs.append((m, out_n, digest))
    red, red_out, _ = red_runs[-1]
    results.extend(m for m, _, _ in red_runs)
    results.extend(floor_rows)
    for m, _, digest in red_runs[:-1]:
        if m.status == "ok" and red.status == "ok":
            same = digest == file_digest(os.path.join(red_out, "result.json"))
            m.agreement = (f"result.json identical to {threads[-1]} threads" if same
                           else f"DIFFERENT result.json from {threads[-1]} threads")
            comparisons[f"threads_{m.name}"] = {"strict": True, "ok": same}
    red_data = None
    if red.status == "ok":
        try:
            red_data = load_redline(os.path.join(red_out, "result.json"))
            statuses = [v[4] for v in red_data.values()]
            touching = sum(1 for v in red_data.values() if v[5])
            info["redline_subjects"] = len(red_data)
            info["sites_touching_redlines"] = touching
            info["redline_status_counts"] = {s: statuses.count(s) for s in sorted(set(statuses), key=str)}
            if len(red_data) != n_sites:
                red.note = f"result.json has {len(red_data)} subjects, the source {n_sites}"
        except (OSError, ValueError, KeyError) as e:
            red.status, red.note = "failed", f"unreadable result.json: {e}"

    if "shapely" in peers:
        out = os.path.join(work, "shapely.csv")
        m = run_task(Measure("shapely peer (1 thread)", [PYTHON, os.path.join(HERE, "peer_shapely.py"), project, out]),
                     a.repeat, log, timer, timeout=a.peer_timeout, env=env)
        results.append(m)
        if m.status == "ok" and red_data is not None:
            comparisons["shapely"] = c = compare_shapely(red_data, out, a.rtol)
            m.agreement = (f"OK: {c['pairs_compared']} pairs, max rel {c['max_rel_deviation']:.1e}" if c["ok"]
                           else f"DISAGREE: {c['differences']} differences")

    if "postgis" in peers:
        results.append(run_postgis(project, work, red_data, comparisons, a, log, timer, env))

    if "geopandas" in peers:
        out = os.path.join(work, "geopandas.csv")
        m = run_task(Measure("geopandas peer (1 thread)", [PYTHON, os.path.join(HERE, "peer_geopandas.py"), project,
                                                           out]),
                     a.repeat, log, timer, timeout=a.peer_timeout, env=env)
        results.append(m)
        if m.status == "ok" and red_data is not None:
            comparisons["geopandas"] = c = compare_shapely(red_data, out, a.rtol, "geopandas")
            m.agreement = (f"OK: {c['pairs_compared']} pairs, max rel {c['max_rel_deviation']:.1e}" if c["ok"]
                           else f"DISAGREE: {c['differences']} differences")

    if "qgis" in peers:
        out = os.path.join(work, "qgis.csv")
        m = run_task(Measure("qgis peer (qgis_process)", [PYTHON, os.path.join(HERE, "peer_qgis.py"), project, out,
                                                         "--work", os.path.join(work, "qgis")]),
                     a.repeat, log, timer, timeout=a.peer_timeout, env=env)
        results.append(m)
        if m.status == "ok" and red_data is not None:
            # QGIS's tools cut before they union (intersection, then dissolve): reported, not enforced.
            c = compare_shapely(red_data, out, a.rtol, "qgis")
            c["strict"] = False
            comparisons["qgis"] = c
            m.agreement = (f"max rel {c['max_rel_deviation']:.1e} (not enforced); "
                           f"{c['differences']} of {c['pairs_compared']} pairs beyond 1e-6")

    if "spatialite" in peers:
        m = Measure("spatialite peer (SQL)", None)
        if a.scale == "L" and not a.spatialite_at_L:
            m.status, m.note = "skipped", "too slow at scale L (pass --spatialite-at-L to try)"
        else:
            import peer_spatialite
            out = os.path.join(work, "spatialite.gpkg")
            m.cmd = ["sh", "-c", peer_spatialite.prepare(project, out, os.path.join(work, "spatialite"))]
            run_task(m, a.repeat, log, timer, timeout=a.peer_timeout, env=env,
                     before=lambda: os.path.exists(out) and os.remove(out))
            if m.status == "ok" and red_data is not None:
                comparisons["spatialite"] = c = compare_spatialite(red_data, out)
                m.agreement = (f"max rel {c['max_rel_deviation']:.1e} (not enforced); missing/extra pairs "
                               f"{c['missing_pairs']}/{c['extra_pairs']}, basin mismatches {c['basin_mismatches']}")
        results.append(m)

    ref_wall = red.wall if red.status == "ok" else None
    rows = []
    for m in results:
        r = m.row(n_sites, ref_wall)
        r["agreement"] = getattr(m, "agreement", "")
        r["reference"] = m is red
        rows.append(r)
    floor_ok = [m.wall for m in floor_rows if m.status == "ok"]
    floor_wall = min(floor_ok) if floor_ok else None
    print()
    print_table(rows, floor_wall, next(r for r in rows if r["reference"]))
    for name, c in comparisons.items():
        if c.get("examples"):
            print(f"\n{name}: first differences:")
            for e in c["examples"][:10]:
                print("  " + e)
    print_phases(red, floor_wall, [m for m, _, _ in red_runs], next((m for m in results if m.name.startswith("postgis")),
                                                                  None))
    if "sites_touching_redlines" in info:
        print(f"\nsites overlapping a redline (Redline): {info['sites_touching_redlines']} of {n_sites} "
              f"({100.0 * info['sites_touching_redlines'] / n_sites:.1f} %)")

    try:
        info["machine"]["loadavg_at_end"] = open("/proc/loadavg").read().split()[:3]
    except OSError:
        pass
    report = {"info": info, "rows": rows, "comparisons": comparisons,
              "redline_phases": getattr(red, "phases", None),
              "redline_above_floor_s": (red.wall - floor_wall) if (ref_wall and floor_wall) else None,
              "floor_s": floor_wall}
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
            f.write("\n")
    failed = (any(m.status != "ok" for m, _, _ in red_runs)
              or any(c.get("strict") and not c["ok"] for c in comparisons.values()))
    if "shapely" in peers and red.status == "ok" and "shapely" not in comparisons:
        failed = True             # the strict peer did not complete: agreement not shown
    if a.keep or a.work or failed:
        print(f"\noutputs and log kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
