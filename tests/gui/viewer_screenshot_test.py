#!/usr/bin/env python3
"""End to end: the real redline-viewer on a real X server (Xvfb).

Starts Xvfb, opens the sample project with --check, waits until every layer is drawn and the
check's conflicts are drawn too, takes a screenshot of the whole screen with ImageMagick's
`import`, and checks that the picture is a map, not a blank window: many colours, a good share
of non-background pixels, the conflicts' core-redline dark red (#a50f15, drawn opaque) and the
lighter redline reds. The PNG stays in --out for a human to look at.
"""
import argparse
import os
import re
import subprocess
import sys
import time


def start_xvfb(width, height):
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=[write_fd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        display = f.readline().strip()
    if not display:
        raise SystemExit("Xvfb did not start")
    return xvfb, ":" + display


def histogram(png):
    out = subprocess.run(["convert", png, "-format", "%c", "histogram:info:-"], check=True, capture_output=True,
                         text=True).stdout
    colours = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\d+):\s*\(\s*(\d+),\s*(\d+),\s*(\d+)", line)
        if m:
            colours[(int(m.group(2)), int(m.group(3)), int(m.group(4)))] = int(m.group(1))
    return colours


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--viewer", required=True)
    ap.add_argument("--project", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lang", default="zh_CN")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    shot = os.path.join(args.out, "viewer.png")
    if os.path.exists(shot):
        os.remove(shot)

    xvfb, display = start_xvfb(1600, 1000)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=os.path.join(args.out, "home"),
               XDG_RUNTIME_DIR=os.path.join(args.out, "run"))
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    log_path = os.path.join(args.out, "viewer.log")
    viewer = None
    try:
        with open(log_path, "w") as log:
            viewer = subprocess.Popen([args.viewer, args.project, "--log", "--check", "--lang", args.lang],
                                      env=env, stdout=log, stderr=subprocess.STDOUT)
            deadline = time.time() + 120
            drawn_after_check = False
            while time.time() < deadline and viewer.poll() is None:
                text = open(log_path).read()
                if "check finished" in text and "rendered" in text.split("check finished", 1)[1]:
                    drawn_after_check = True
                    break
                time.sleep(0.2)
        text = open(log_path).read()
        if not drawn_after_check:
            sys.exit(f"the viewer did not finish drawing the checked project; its log:\n{text}")
        if "cannot load" in text:
            sys.exit(f"a sample layer failed to load:\n{text}")
        time.sleep(0.5)  # let the window system show the last frame
        subprocess.run(["import", "-display", display, "-window", "root", shot], check=True)
    finally:
        if viewer and viewer.poll() is None:
            viewer.terminate()
            try:
                viewer.wait(10)
            except subprocess.TimeoutExpired:
                viewer.kill()
        xvfb.terminate()
        xvfb.wait(10)

    colours = histogram(shot)
    total = sum(colours.values())
    white = sum(n for (r, g, b), n in colours.items() if r > 245 and g > 245 and b > 245)
    black = colours.get((0, 0, 0), 0)
    core = colours.get((165, 15, 21), 0)
    reds = sum(n for (r, g, b), n in colours.items() if r > 200 and g < 170 and b < 150 and r - g > 80)
    print(f"screenshot {shot}: {len(colours)} colours, {100 * white / total:.1f} % white, "
          f"{100 * black / total:.1f} % black, core red {core} px, redline reds {reds} px")
    failures = []
    if len(colours) < 200:
        failures.append(f"only {len(colours)} colours: a blank or unpainted window?")
    if (white + black) / total > 0.9:
        failures.append("more than 90 % of the screen is white or black")
    if core < 30:
        failures.append(f"the core redline colour #a50f15 covers only {core} pixels")
    if reds < 1000:
        failures.append(f"redline reds cover only {reds} pixels")
    if failures:
        sys.exit("; ".join(failures))
    print("viewer screenshot OK")


if __name__ == "__main__":
    main()
