#!/usr/bin/env python3
"""OpenStreetMap import speed and peak memory: TownGraph beside pyosmium, same file, same run.

Not a test: it prints a table, nothing asserts a time.

The file is a real extract (--file), or by default a larger one made from the Helsinki
test extract (Tests/Fixtures/osm, ODbL) laid out as a grid of shifted copies (--tiles 100
gives about 2.4 million nodes and 0.5 million ways, with real tags and real density).

Each contender runs in its own process; wall time is measured around it and peak memory is
the child's maximum resident set size (wait4 rusage). Contenders:
  towngraph         `towngraph network import FILE` (both passes, splitting, components,
                    summary; no output file)
  towngraph+write   the same with -o, writing the network GeoJSON
  pyosmium          a pyosmium handler that reads the file with node locations
                    (flex_mem index) and walks every highway way's node positions: the
                    reading part of an import, without building a graph

Usage: .venv-bench/bin/python Tools/benchmark_osm_import.py [--tiles 100] [--file F] [--repeat 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOWNGRAPH = os.path.join(ROOT, ".build", "release", "towngraph")
HELSINKI = os.path.join(ROOT, "Tests", "Fixtures", "osm", "helsinki.osm.pbf")

PYOSMIUM_ROADS = r"""
import sys, osmium
class Roads(osmium.SimpleHandler):
    def __init__(self):
        super().__init__(); self.ways = 0; self.points = 0
    def way(self, w):
        if 'highway' in w.tags:
            self.ways += 1
            for n in w.nodes:
                if n.location.valid():
                    self.points += 1
h = Roads()
h.apply_file(sys.argv[1], locations=True, idx='flex_mem')
print(h.ways, h.points)
"""


def make_tiled(path, tiles):
    """Writes `tiles` shifted copies of the Helsinki extract as one PBF file."""
    import osmium

    nodes, ways = [], []
    for o in osmium.FileProcessor(HELSINKI):
        if o.is_node():
            nodes.append((o.id, o.location.lon, o.location.lat, {t.k: t.v for t in o.tags}))
        elif o.is_way():
            ways.append((o.id, [n.ref for n in o.nodes], {t.k: t.v for t in o.tags}))
    nodes.sort()
    ways.sort()
    side = int(tiles ** 0.5 + 0.999)
    offset = 10 ** 10
    if os.path.exists(path):
        os.remove(path)
    w = osmium.SimpleWriter(path)
    for t in range(tiles):
        dx, dy = (t % side) * 0.02, (t // side) * 0.016
        for nid, lon, lat, tags in nodes:
            w.add_node(osmium.osm.mutable.Node(id=nid + t * offset, location=(lon + dx, lat + dy), tags=tags))
    for t in range(tiles):
        for wid, refs, tags in ways:
            w.add_way(osmium.osm.mutable.Way(id=wid + t * offset, nodes=[r + t * offset for r in refs], tags=tags))
    w.close()


def run(cmd):
    """Runs cmd; returns (seconds, peak RSS in MB, stdout)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiles", type=int, default=100)
    ap.add_argument("--file")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not os.path.exists(TOWNGRAPH):
        sys.exit("build first: swift build -c release --product towngraph (make bench-osm does)")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.file
        if not path:
            path = os.path.join(tmp, f"helsinki-x{args.tiles}.osm.pbf")
            t0 = time.perf_counter()
            make_tiled(path, args.tiles)
            print(f"made {path} from {args.tiles} copies of the Helsinki extract in {time.perf_counter() - t0:.0f} s")
        mb = os.path.getsize(path) / 1e6
        out_geojson = os.path.join(tmp, "roads.geojson")
        contenders = [
            ("towngraph", [TOWNGRAPH, "network", "import", path, "--all-components"]),
            ("towngraph+write", [TOWNGRAPH, "network", "import", path, "--all-components", "-o", out_geojson]),
            ("pyosmium", [sys.executable, "-c", PYOSMIUM_ROADS, path]),
        ]
        print(f"file: {mb:.1f} MB; best of {args.repeat} runs each, {os.cpu_count()} cores\n")
        results = {}
        for name, cmd in contenders:
            best = None
            for _ in range(args.repeat):
                s, rss, out = run(cmd)
                if best is None or s < best[0]:
                    best = (s, rss, out)
            results[name] = best
        print(f"{'reader':<17}{'seconds':>9}{'MB/s':>9}{'peak MB':>10}")
        for name, (s, rss, _) in results.items():
            print(f"{name:<17}{s:>9.2f}{mb / s:>9.1f}{rss:>10.0f}")
        base = results["pyosmium"][0]
        print(f"\ntowngraph import time / pyosmium read time: {results['towngraph'][0] / base:.2f}")
        ways, points = results["pyosmium"][2].split()
        summary = results["towngraph"][2]
        print(f"pyosmium saw {ways} highway ways with {points} node positions; towngraph: "
              + next(line for line in summary.splitlines() if line.startswith("read:")))


if __name__ == "__main__":
    main()
