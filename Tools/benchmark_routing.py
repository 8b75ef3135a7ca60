#!/usr/bin/env python3
"""Routing benchmark: TownGraph against scipy.sparse.csgraph.dijkstra and igraph, same graph, same run.

For each size, `towngraph-bench NODES TOWNS DIR` generates the synthetic network (planar jittered
grid, local/trunk/expressway classes, towns scattered over it), builds the graph, computes the
town x town matrix on every core and writes the graph's arcs to DIR. Each peer then loads the same
arcs in its own process (so its peak memory is its own), runs Dijkstra from the first
--peer-sources towns to all towns, and its per-source time is scaled to the full matrix. Its
results for the first 20 sources are compared with TownGraph's, cell by cell (1e-6 s).

Usage: .venv-bench/bin/python Tools/benchmark_routing.py [--sizes 100000,1000000] [--towns 2000] [--peer-sources 50]
(`make bench` sets up the environment and runs it.)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "release", "towngraph-bench")

PEER = r'''
import json, resource, sys, time
import numpy as np
tool, d, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
src = np.fromfile(d + "/from.i32", dtype=np.int32); dst = np.fromfile(d + "/to.i32", dtype=np.int32)
w = np.fromfile(d + "/weight.f64", dtype=np.float64); towns = np.fromfile(d + "/towns.i32", dtype=np.int32)
n = int(max(src.max(), dst.max())) + 1
if tool == "scipy":
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra
    # Parallel arcs keep their minimum, as Dijkstra would.
    order = np.lexsort((w, dst, src)); src, dst, w = src[order], dst[order], w[order]
    keep = np.ones(len(src), bool); keep[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    g = csr_matrix((w[keep], (src[keep], dst[keep])), shape=(n, n))
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    dist = dijkstra(g, directed=True, indices=towns[:k])[:, towns]
else:
    import igraph as ig
    g = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=True)
    g.es["w"] = w.tolist()
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    dist = np.array(g.distances(source=towns[:k].tolist(), target=towns.tolist(), weights="w", mode="out"))
run = time.perf_counter() - t1
head = np.fromfile(d + "/matrix_head.f64", dtype=np.float64).reshape(-1, len(towns))
m = min(len(head), k)
diff = float(np.nanmax(np.abs(np.where(np.isinf(dist[:m]), 0, dist[:m]) - np.where(np.isinf(head[:m]), 0, head[:m]))))
same_inf = bool((np.isinf(dist[:m]) == np.isinf(head[:m])).all())
print(json.dumps({"load_s": load, "sources": k, "run_s": run, "per_source_s": run / k,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "max_abs_diff_s": diff, "same_unreachable": same_inf}))
'''


def run_peer(tool, d, k):
    out = subprocess.run([sys.executable, "-c", PEER, tool, d, str(k)], capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr else "failed"}
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--towns", type=int, default=2000)
    ap.add_argument("--peer-sources", type=int, default=50, help="sources each peer runs; its time is scaled to all towns")
    args = ap.parse_args()
    if not os.path.exists(BENCH):
        sys.exit(f"{BENCH} not found: run `swift build -c release --product towngraph-bench` (make bench does)")
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as d:
            print(f"== {size:,} nodes, {args.towns} towns", flush=True)
            tg = json.loads(subprocess.run([BENCH, str(size), str(args.towns), d], check=True, capture_output=True, text=True).stdout)
            print(f"   TownGraph: {tg['nodes']:,} nodes, {tg['arcs']:,} arcs; build {tg['build_s']:.2f} s, "
                  f"matrix {tg['towns']}x{tg['towns']} {tg['matrix_s']:.1f} s on {tg['workers']} cores, peak {tg['peak_mb']:.0f} MB", flush=True)
            rows.append(("TownGraph", size, tg["build_s"], tg["matrix_s"] / tg["towns"], tg["matrix_s"], "measured", tg["peak_mb"], ""))
            for tool in ("scipy", "igraph"):
                k = min(args.peer_sources, tg["towns"])
                r = run_peer(tool, d, k)
                if "error" in r:
                    print(f"   {tool}: {r['error']}")
                    continue
                full = r["per_source_s"] * tg["towns"]
                check = f"agrees (max diff {r['max_abs_diff_s']:.1e} s)" if r["max_abs_diff_s"] <= 1e-6 and r["same_unreachable"] else f"DIFFERS ({r['max_abs_diff_s']:.3g} s)"
                print(f"   {tool}: load {r['load_s']:.2f} s, {r['per_source_s']*1000:.1f} ms per source, matrix ≈ {full:.1f} s "
                      f"(scaled from {k} sources), peak {r['peak_mb']:.0f} MB; {check}; TownGraph is {full / tg['matrix_s']:.1f}x faster", flush=True)
                rows.append((tool, size, r["load_s"], r["per_source_s"], full, f"scaled from {k}", r["peak_mb"], f"{full / tg['matrix_s']:.1f}x"))
    print("\n| tool | nodes | build/load s | s per source (effective) | town×town matrix s | | peak MB | TownGraph faster by |")
    print("|---|---|---|---|---|---|---|---|")
    for t, n, b, ps, m, how, mem, ratio in rows:
        print(f"| {t} | {n:,} | {b:.2f} | {ps:.4f} | {m:.1f} | {how} | {mem:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
