#!/usr/bin/env python3
"""PostGIS benchmark: TownGraph reading a pushed network back and computing the town matrix, beside pgRouting.

On the routing benchmark's synthetic network (`towngraph-bench dataset NODES TOWNS DIR` writes it
with its towns; `towngraph init` starts the dataset folder), in one run on the throwaway server
of `Tools/test-db.sh` (started here with fsync on, as a real server runs):

1. `towngraph db push` writes the dataset into the schema `synthetic` (timed);
2. `towngraph matrix --data postgresql://…?schema=synthetic --from all` reads it back (one
   snapshot of the files table), builds the graph and computes the TOWNS x TOWNS matrix, as a
   whole process, on both cores and pinned to one (taskset); the same from the folder shows
   what the read-back costs;
3. pgRouting's `pgr_dijkstraCost` (one backend, one core) computes the matrix rows of the first
   --pg-sources towns to all towns over the pushed links table, between the nodes of the
   settlement_nodes table; its time is scaled to all towns, and its cells are
   compared with TownGraph's matrix at the CSV's precision (0.001 min).

Usage: TOWNGRAPH_TEST_DB_FSYNC=on Tools/test-db.sh run python3 Tools/benchmark_postgis.py [--nodes 100000] [--towns 2000] [--pg-sources 50]
(`make bench-postgis` builds and runs it; standard library only.)
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOWNGRAPH = os.path.join(ROOT, ".build", "release", "towngraph")
BENCH = os.path.join(ROOT, ".build", "release", "towngraph-bench")

CLASSES = """  classes:
    - {id: expressway, name_zh: 高速公路, name_en: expressway, speed_kmh: 100, controlled_access: true, attachable: false}
    - {id: trunk-road, name_zh: 干线公路, name_en: trunk road, speed_kmh: 60, controlled_access: false, attachable: true}
    - {id: local-road, name_zh: 地方道路, name_en: local road, speed_kmh: 40, controlled_access: false, attachable: true}
"""


def timed(cmd, **kw):
    """Runs cmd; returns (stdout, wall seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])}… failed: {err.strip()}")
    return out, wall


def peak_mb(cmd):
    """Peak resident memory of a command, from GNU time when it is there."""
    if not shutil.which("/usr/bin/time"):
        return None
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    try:
        return int(r.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return None


def psql(url, sql):
    r = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", url, "-c", sql], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"psql failed: {r.stderr.strip()}")
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=100000)
    ap.add_argument("--towns", type=int, default=2000)
    ap.add_argument("--pg-sources", type=int, default=50, help="towns pgRouting routes from; its time is scaled to all")
    args = ap.parse_args()
    url = os.environ.get("TOWNGRAPH_TEST_DB")
    if not url:
        sys.exit("TOWNGRAPH_TEST_DB is not set: run under Tools/test-db.sh run (make bench-postgis does)")
    for exe in (TOWNGRAPH, BENCH):
        if not os.path.exists(exe):
            sys.exit(f"{exe} not found: swift build -c release (make bench-postgis does)")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "synthetic")
        made = json.loads(subprocess.run([BENCH, "dataset", str(args.nodes), str(args.towns), data],
                                         check=True, capture_output=True, text=True).stdout)
        subprocess.run([TOWNGRAPH, "init", data, "--settlements", os.path.join(data, "towns.geojson"),
                        "--level-field", "level", "--name-field", "name", "--id-field", "id"],
                       check=True, capture_output=True)
        with open(os.path.join(data, "dataset.yaml"), "a", encoding="utf-8") as f:
            f.write('\nnetwork:\n  file: network.geojson\n  description: "synthetic grid (towngraph-bench)"\n'
                    "  interchange_tolerance_m: 5\n  max_attach_m: 2000\n" + CLASSES)
        print(f"== synthetic network of about {args.nodes:,} nodes ({made['links']:,} links), {made['towns']} towns", flush=True)

        _, push_s = timed([TOWNGRAPH, "db", "push", "--data", data, "--db", url, "--schema", "synthetic"])
        network = psql(url, "SELECT value FROM synthetic.towngraph_meta WHERE key = 'networks'")[0][0]
        suffix = "".join(c if c.isascii() and c.isalnum() else "_" for c in network.lower())
        links, attached = f"synthetic.links_{suffix}", f"synthetic.settlement_nodes_{suffix}"
        edges = int(psql(url, f"SELECT count(*) FROM {links}")[0][0])
        nodes = int(psql(url, f"SELECT count(DISTINCT n) FROM (SELECT source n FROM {links} "
                              f"UNION ALL SELECT target FROM {links}) x")[0][0])
        print(f"   db push: {push_s:.1f} s ({nodes:,} graph nodes, {edges:,} edges in {links})", flush=True)

        from_db = url + ("&" if "?" in url else "?") + "schema=synthetic"
        out = os.path.join(tmp, "matrix.csv")
        matrix_db = [TOWNGRAPH, "matrix", "--data", from_db, "--from", "all", "-o", out]
        _, db2 = timed(matrix_db)
        _, db1 = timed(["taskset", "-c", "0"] + matrix_db)
        _, files2 = timed([TOWNGRAPH, "matrix", "--data", data, "--from", "all", "-o", os.path.join(tmp, "m2.csv")])
        mem = peak_mb(matrix_db)
        with open(out, encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        ids = rows[0][1:]
        ours = {r[0]: r[1:] for r in rows[1:]}
        n = len(ids)
        print(f"   TownGraph matrix {n}x{n} read back from PostGIS, as a whole process: {db2:.1f} s on 2 cores, "
              f"{db1:.1f} s on 1 core (from the folder: {files2:.1f} s on 2 cores); peak {mem or 0:.0f} MB", flush=True)

        k = min(args.pg_sources, n)
        src = "{" + ",".join(ids[:k]) + "}"
        sql = ("SELECT a.settlement_id, b.settlement_id, m.agg_cost FROM pgr_dijkstraCost("
               f"'SELECT id, source, target, cost, reverse_cost FROM {links}', "
               f"(SELECT array_agg(node) FROM {attached} WHERE settlement_id = ANY('{src}'::text[])), "
               f"(SELECT array_agg(node) FROM {attached})) m "
               f"JOIN {attached} a ON a.node = m.start_vid JOIN {attached} b ON b.node = m.end_vid")
        t0 = time.perf_counter()
        theirs = psql(url, sql)
        pg_s = time.perf_counter() - t0
        pg_scaled = pg_s / k * n
        col = {t: i for i, t in enumerate(ids)}
        worst = 0.0
        compared = 0
        seen = set()
        for a, b, cost in theirs:
            if a == b:
                continue
            cell = ours[a][col[b]]
            if cell == "":
                sys.exit(f"{a}>{b}: reached by pgRouting ({cost} s), unreachable for TownGraph")
            worst = max(worst, abs(float(cost) / 60 - float(cell)))
            compared += 1
            seen.add((a, b))
        missing = sum(1 for a in ids[:k] for j, b in enumerate(ids) if a != b and ours[a][j] != "" and (a, b) not in seen)
        print(f"   pgRouting pgr_dijkstraCost {k}x{n} on 1 core: {pg_s:.1f} s, scaled to {n}x{n}: {pg_scaled:.0f} s", flush=True)
        print(f"   agreement: {compared:,} cells, largest difference {worst * 60:.3f} s (CSV precision 0.06 s); "
              f"pairs TownGraph reaches and pgRouting does not: {missing}", flush=True)
        print(f"   ratio pgRouting / TownGraph (whole process, read-back included): {pg_scaled / db2:.0f}x against 2 cores, "
              f"{pg_scaled / db1:.0f}x core for core", flush=True)
        if worst > 0.0005 + 1e-9 or missing:
            sys.exit("disagreement beyond the CSV's precision")


if __name__ == "__main__":
    main()
