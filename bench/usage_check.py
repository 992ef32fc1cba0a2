#!/usr/bin/env python3
"""Checks that run_bench.py refuses bad options with exit status 2 and a message naming the
option, before generating data or running anything (docs/benchmark.md, exit status)."""
import os
import shutil
import subprocess
import sys
import tempfile

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_bench.py")

CASES = [
    (["--scale", "X"], "--scale"),
    (["--peers", "shapely,foo"], "unknown peer(s): foo"),
    (["--threads", "a"], "--threads"),
    (["--threads", "1,-2"], "--threads: counts cannot be negative"),
    (["--repeat", "0"], "--repeat: at least 1"),
    (["--peer-timeout", "-5"], "--peer-timeout"),
    (["--redline", "/nonexistent/redline"], "no redline binary"),
]


def main():
    failures = []
    failed = 0
    scratch = tempfile.mkdtemp(prefix="bench-usage-")
    for args, expected in CASES:
        before = len(failures)
        # --data names a directory that does not exist: a refusal must come before any generation.
        data = os.path.join(scratch, "data")
        run = subprocess.run([sys.executable, DRIVER, "--peers", "none", "--data", data] + args,
                             capture_output=True, text=True, timeout=60)
        if run.returncode != 2 or expected not in run.stderr:
            failures.append(f"{args}: exit {run.returncode}, stderr {run.stderr.strip()[-300:]!r}")
        if os.path.exists(data):
            failures.append(f"{args}: generated data before refusing")
            shutil.rmtree(data, ignore_errors=True)
        failed += len(failures) > before
    shutil.rmtree(scratch, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print(f"{len(CASES) - failed} of {len(CASES)} usage errors refused")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
