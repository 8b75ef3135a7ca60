#!/usr/bin/env python3
"""Routing benchmark: TownGraph (Dijkstra and its contraction hierarchy) beside scipy, igraph, RoutingKit and pandana, same graph, same run.

For each size, `towngraph-bench NODES TOWNS DIR` generates the synthetic network (planar jittered
grid, local/trunk/expressway classes, towns scattered over it), builds the graph, computes the
town x town matrix on every core and writes the graph's arcs to DIR. Each peer then loads the same
arcs in its own process (so its peak memory is its own), runs Dijkstra from the first
--peer-sources towns to all towns, and its per-source time is scaled to the full matrix. Its
results for the first 20 sources are compared with TownGraph's, cell by cell (1e-6 s).

TownGraph's customizable contraction hierarchy runs twice, each in its own process. As the
peers do (`towngraph-bench ch-arcs DIR`), the engine alone from the same arc files: order,
contraction, customization and the full matrix, checked against the Dijkstra rows; its peak
memory is the one to set beside theirs. And as `towngraph` runs (`towngraph-bench ch NODES
TOWNS`), inside the whole graph built from the synthetic network (roads with geometry, places):
preprocessing, customization and the matrix, then a second speed set (local roads at 80 %)
re-customized with its matrix, its first 20 rows checked against Dijkstra. RoutingKit's CCH (pyroutingkit) computes the full matrix too (its
weights are integer milliseconds, so it agrees to rounding); pandana's CH runs from 20 origins,
scaled. A peer that does not install is skipped with a note.

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
elif tool == "routingkit":
    import pyroutingkit
    lat = np.fromfile(d + "/lat.f32", dtype=np.float32); lon = np.fromfile(d + "/lon.f32", dtype=np.float32)
    cch = pyroutingkit.CCH()
    cch.build_topology(src.astype(np.uint32), dst.astype(np.uint32), lat, lon, len(lat))
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    cch.customize_weights(np.round(w * 1000).astype(np.uint32))
    customize = time.perf_counter() - t1
    k = len(towns)
    raw = np.asarray(cch.distances_many_to_many(towns.astype(np.uint32), towns.astype(np.uint32)), dtype=np.float64)
    dist = np.where(raw >= pyroutingkit.INF_WEIGHT, np.inf, raw / 1000.0)
elif tool == "pandana":
    import pandas as pd, pandana
    x = np.fromfile(d + "/lon.f32", dtype=np.float32).astype(np.float64); y = np.fromfile(d + "/lat.f32", dtype=np.float32).astype(np.float64)
    net = pandana.Network(pd.Series(x), pd.Series(y), pd.Series(src), pd.Series(dst), pd.DataFrame({"w": w}), twoway=False)
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    o = np.repeat(towns[:k], len(towns)); t = np.tile(towns, k)
    dist = np.asarray(net.shortest_path_lengths(o, t, imp_name="w"), dtype=np.float64).reshape(k, len(towns))
    dist = np.where(dist >= 4e6, np.inf, dist)
else:
    import igraph as ig
    g = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=True)
    g.es["w"] = w.tolist()
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    dist = np.array(g.distances(source=towns[:k].tolist(), target=towns.tolist(), weights="w", mode="out"))
run = time.perf_counter() - t1
if tool == "routingkit":
    run -= customize
head = np.fromfile(d + "/matrix_head.f64", dtype=np.float64).reshape(-1, len(towns))
m = min(len(head), k)
diff = float(np.nanmax(np.abs(np.where(np.isinf(dist[:m]), 0, dist[:m]) - np.where(np.isinf(head[:m]), 0, head[:m]))))
same_inf = bool((np.isinf(dist[:m]) == np.isinf(head[:m])).all())
# RoutingKit's weights are integer milliseconds (0.5 ms rounding per arc), pandana's float32
# (about 1e-7 of a route's time per arc).
tol = {"routingkit": 0.5e-3 * 3000, "pandana": 0.5}.get(tool, 1e-6)
print(json.dumps({"load_s": load, "sources": k, "run_s": run, "per_source_s": run / k, "tolerance_s": tol,
                  "customize_s": customize if tool == "routingkit" else 0.0,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "max_abs_diff_s": diff, "same_unreachable": same_inf}))
'''


def run_peer(tool, d, k):
    out = subprocess.run([sys.executable, "-c", PEER, tool, d, str(k)], capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])  # pandana prints progress first


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--towns", type=int, default=2000)
    ap.add_argument("--peer-sources", type=int, default=50, help="sources each peer runs; its time is scaled to all towns")
    ap.add_argument("--province", type=int, default=3000000,
                    help="nodes of the province-sized run (hierarchy only, 1,800 towns as Shandong's township list); 0 skips it")
    args = ap.parse_args()
    if not os.path.exists(BENCH):
        sys.exit(f"{BENCH} not found: run `swift build -c release --product towngraph-bench` (make bench does)")
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as d:
            print(f"== {size:,} nodes, {args.towns} towns", flush=True)
            tg = json.loads(subprocess.run([BENCH, str(size), str(args.towns), d], check=True, capture_output=True, text=True).stdout)
            n_towns = tg["towns"]
            print(f"   TownGraph Dijkstra: {tg['nodes']:,} nodes, {tg['arcs']:,} arcs; build {tg['build_s']:.2f} s, "
                  f"matrix {n_towns}x{n_towns} {tg['matrix_s']:.1f} s on {tg['workers']} threads, peak {tg['peak_mb']:.0f} MB", flush=True)
            rows.append((f"TownGraph Dijkstra ({tg['workers']} threads)", size, None, tg["matrix_s"], tg["matrix_s"], tg["peak_mb"], "reference"))
            ch = json.loads(subprocess.run([BENCH, "ch", str(size), str(args.towns)], check=True, capture_output=True, text=True).stdout)
            first = ch["customize_s"] + ch["matrix_s"]
            second = ch["customize2_s"] + ch["matrix2_s"]
            agrees = "agrees (max diff {:.1e} s)".format(ch["max_abs_diff_s"]) if ch["max_abs_diff_s"] <= 1e-6 and ch["same_unreachable"] else "DIFFERS"
            print(f"   TownGraph CCH: {ch['hierarchy_edges']:,} hierarchy edges, search space {ch['mean_search_edges']:,.0f} edges (max depth {ch['max_depth']}); "
                  f"preprocessing {ch['preprocess_s']:.1f} s, customization {ch['customize_s']:.1f} s, matrix {ch['matrix_s']:.1f} s on {ch['workers']} threads; "
                  f"second speed set {ch['customize2_s']:.1f} + {ch['matrix2_s']:.1f} s; peak {ch['peak_mb_first']:.0f} MB after the first matrix "
                  f"({ch['peak_mb_graph']:.0f} MB of it reached building the graph, before the hierarchy); {agrees}", flush=True)
            rows.append((f"TownGraph CCH in the whole graph ({ch['workers']} threads)", size, ch["preprocess_s"], first, second, ch["peak_mb_first"], agrees))
            en = json.loads(subprocess.run([BENCH, "ch-arcs", d], check=True, capture_output=True, text=True).stdout)
            en_first = en["customize_s"] + en["matrix_s"]
            en_agrees = ("agrees (max diff {:.1e} s)".format(en["max_abs_diff_s"]) if en["max_abs_diff_s"] <= 1e-6 and en["same_unreachable"]
                         else "DIFFERS")
            print(f"   TownGraph CCH engine from the arc files: {en['hierarchy_edges']:,} hierarchy edges ({en['stored_heads']:,} heads stored, "
                  f"{'one cost per edge: symmetric' if en['symmetric'] else 'two costs per edge'}); load {en['load_s']:.2f} s, "
                  f"preprocessing {en['preprocess_s']:.1f} s, customization {en['customize_s']:.1f} s, matrix {en['matrix_s']:.1f} s "
                  f"on {en['workers']} threads; peak {en['peak_mb']:.0f} MB; {en_agrees}", flush=True)
            rows.append((f"TownGraph CCH engine from the arc files ({en['workers']} threads)", size, en["preprocess_s"], en_first, None, en["peak_mb"], en_agrees))
            for tool in ("scipy", "igraph", "routingkit", "pandana"):
                k = min(20 if tool == "pandana" else args.peer_sources, n_towns)
                r = run_peer(tool, d, k)
                if "error" in r:
                    print(f"   {tool}: {r['error']}")
                    continue
                scaled = tool != "routingkit"
                matrix = r["per_source_s"] * n_towns if scaled else r["run_s"]
                tol = r.get("tolerance_s", 1e-6)
                check = (f"agrees (max diff {r['max_abs_diff_s']:.1e} s)" if r["max_abs_diff_s"] <= tol and r["same_unreachable"]
                         else f"DIFFERS ({r['max_abs_diff_s']:.3g} s)")
                how = f"scaled from {k} sources" if scaled else "measured"
                if tool == "routingkit":
                    first_rk = r["customize_s"] + matrix
                    print(f"   RoutingKit CCH: preprocessing {r['load_s']:.1f} s, customization {r['customize_s']:.1f} s, matrix {matrix:.1f} s, "
                          f"peak {r['peak_mb']:.0f} MB; {check}", flush=True)
                    rows.append(("RoutingKit CCH (pyroutingkit, 1 thread)", size, r["load_s"], first_rk, first_rk, r["peak_mb"], check + " (integer ms weights)"))
                    print(f"   TownGraph CCH first matrix incl. preprocessing against RoutingKit's: "
                          f"{ch['preprocess_s'] + first:.1f} s against {r['load_s'] + first_rk:.1f} s "
                          f"({(ch['preprocess_s'] + first) / (r['load_s'] + first_rk):.2f} of it)", flush=True)
                    continue
                print(f"   {tool}: load {r['load_s']:.2f} s, {r['per_source_s']*1000:.1f} ms per source, matrix ≈ {matrix:.1f} s ({how}), "
                      f"peak {r['peak_mb']:.0f} MB; {check}", flush=True)
                if tool == "scipy":
                    print(f"   TownGraph CCH engine's peak memory against scipy's: {en['peak_mb']:.0f} MB against {r['peak_mb']:.0f} MB "
                          f"({en['peak_mb'] / r['peak_mb']:.2f} of it)", flush=True)
                name = {"scipy": "scipy csgraph (1 thread)", "igraph": "igraph (1 thread)", "pandana": "pandana CH (as it runs: OpenMP)"}[tool]
                prep = r["load_s"] if tool == "pandana" else None
                rows.append((name + f", {how}", size, prep, matrix, matrix, r["peak_mb"], check + (" (float32 weights)" if tool == "pandana" else "")))
    if args.province:
        print(f"== province-sized: {args.province:,} nodes, 1800 towns (TownGraph CCH only)", flush=True)
        p = json.loads(subprocess.run([BENCH, "ch", str(args.province), "1800"], check=True, capture_output=True, text=True).stdout)
        total = p["generate_s"] + p["build_s"] + p["preprocess_s"] + p["customize_s"] + p["matrix_s"]
        print(f"   {p['nodes']:,} nodes, {p['arcs']:,} arcs: network made in {p['generate_s']:.1f} s, graph built in {p['build_s']:.1f} s, "
              f"preprocessing {p['preprocess_s']:.1f} s, customization {p['customize_s']:.1f} s, {p['towns']}x{p['towns']} matrix {p['matrix_s']:.1f} s "
              f"on {p['workers']} threads: {total:.1f} s from nothing to the matrix; a second speed set {p['customize2_s'] + p['matrix2_s']:.1f} s; "
              f"peak {p['peak_mb_first']:.0f} MB after the first matrix; first 20 rows against Dijkstra: max diff {p['max_abs_diff_s']:.1e} s", flush=True)
    print("\n| tool (threads) | nodes | preprocessing s | first matrix s | total s | second speed set s | peak MB | agreement |")
    print("|---|---|---|---|---|---|---|---|")
    for t, n, prep, first, second, mem, agree in rows:
        total = (prep or 0) + first
        print(f"| {t} | {n:,} | {'-' if prep is None else f'{prep:.1f}'} | {first:.1f} | {total:.1f} | "
              f"{'-' if second is None else f'{second:.1f}'} | {mem:.0f} | {agree} |")

if __name__ == "__main__":
    main()
