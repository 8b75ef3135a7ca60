#!/usr/bin/env python3
"""Isochrone benchmark: TownGraph against shapely 2 on the same reached roads, same run.

`towngraph-bench isochrones NODES DIR` builds the synthetic network, times the 30/45/90-minute
isochrone triple for the town nearest the middle, and writes the reached roads (metric CRS) of
each limit to DIR. Shapely then buffers every reached piece with the same width and segments per
quarter circle and unites them (shapely.union_all), timed; the areas are compared.

Usage: .venv-bench/bin/python Tools/benchmark_isochrones.py [--nodes 100000]   (make bench-isochrones)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import shapely

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "towngraph-bench")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=100000)
    args = ap.parse_args()
    if not os.path.exists(BENCH):
        sys.exit(f"{BENCH} not found: run `swift build -c release --product towngraph-bench`")
    with tempfile.TemporaryDirectory() as d:
        tg = json.loads(subprocess.run([BENCH, "isochrones", str(args.nodes), d], check=True, capture_output=True, text=True).stdout)
        total = 0.0
        areas = []
        for m in (30, 45, 90):
            counts = np.fromfile(f"{d}/counts-{m}.i32", dtype=np.int32)
            xy = np.fromfile(f"{d}/coords-{m}.f64").reshape(-1, 2)
            lines = shapely.linestrings(xy, indices=np.repeat(np.arange(len(counts)), counts))
            t = time.perf_counter()
            u = shapely.union_all(shapely.buffer(lines, tg["buffer_m"], quad_segs=tg["quadrant_segments"]))
            total += time.perf_counter() - t
            areas.append(u.area / 1e6)
    print(f"{tg['nodes']:,} nodes, origin {tg['origin']}, reached pieces {tg['pieces']}, buffer {tg['buffer_m']} m")
    print(f"TownGraph: {tg['seconds']:.2f} s for the 30/45/90 triple (peak {tg['peak_mb']:.0f} MB)")
    print(f"shapely 2: {total:.2f} s (buffer each piece, union_all)")
    for m, a, b in zip((30, 45, 90), tg["areas_km2"], areas):
        print(f"  {m} min: TownGraph {a:.2f} km², shapely {b:.2f} km², difference {abs(a - b) / b * 100:.4f}%")
    print(f"TownGraph is {total / tg['seconds']:.1f}x faster")


if __name__ == "__main__":
    main()
