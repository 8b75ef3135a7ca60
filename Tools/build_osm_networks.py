#!/usr/bin/env python3
"""Writes GeoData/<region>/osm-major-roads.geojson, an OpenStreetMap-derived major-road network,
for each bundled dataset.

Usage: python3 Tools/build_osm_networks.py [--shared PATH] [--root GeoData] [--out DIR]
(--out writes the four files to DIR/<region>/ instead, for the dataset check; the schematic
networks and county polygons are read from --root.)

Source: ../shared/geodata-sources/scgraph-osm/shandong_major_roads_edges.geojson, a real major-road
graph of Shandong from PyPI scgraph-data 2.0.0 (MIT), derived from OpenStreetMap (ODbL 1.0). It
has true junction positions (0.001 degree, about 100 m) and true connectivity, but no tags at all
and one straight chord per edge. The rules below turn it into a TownGraph network; each is
stated in the file's "towngraph" member and in the dataset README, and nothing else is assumed:

1. The cut. The whole graph for Shandong; for a prefecture, every edge with an end inside its
   county polygons or within MARGIN_KM of them, so that routes which leave the region and come
   back are kept. `margin_check` measures it: the shortest route between every pair of the
   region's located places on the cut equals the route on the whole graph.
2. The largest connected part of the cut is kept (the graph is undirected).
3. Expressways. No edge says what it is, so expressways are found by matching chains of edges
   to the expressway corridors already known: the named Dongying corridors (G25, G18, G2516,
   S7201, drawn through their interchanges in the schematic network) within NAMED_TOLERANCE_KM,
   and the province's corridors between neighbouring city seats (the Shandong schematic network)
   within PROVINCE_TOLERANCE_KM. A chain is the cheapest path between the graph nodes nearest
   the corridor's ends over edges whose ends and midpoint lie within the tolerance, where an
   edge costs its length times (1 + (d/T)^2) (d: the midpoint's distance from the corridor, T:
   the tolerance) plus NODE_PENALTY_KM, so that long junction-free chains near the corridor
   are preferred, as expressways are. Every matched chain is reported.
4. Entry points. Every node where an identified expressway edge meets another edge is an
   interchange (the place where the expressway is entered); it takes the name of an existing
   named interchange of the schematic network within NAME_TOLERANCE_KM, else it is unnamed.
5. Every other edge is an ordinary major road (national and provincial roads).
6. Lengths: each edge is a straight chord between junctions, shorter than the road, so every
   edge carries the length factor CHORD_CIRCUITY.
Standard library only.
"""
import argparse
import heapq
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datasetlib import KM_PER_DEG_LAT  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FILE_NAME = "osm-major-roads.geojson"
REGION_NAMES = {"dongying": "东营市 (Dongying)", "yantai": "烟台市 (Yantai)", "binzhou": "滨州市 (Binzhou)",
                "shandong": "山东省 (Shandong)"}

SOURCE = os.path.join("geodata-sources", "scgraph-osm", "shandong_major_roads_edges.geojson")
MARGIN_KM = 25.0
EXTERNAL_RADIUS_KM = 10.0
NAMED_TOLERANCE_KM = 4.0
PROVINCE_TOLERANCE_KM = 15.0
NODE_PENALTY_KM = 2.0
NAME_TOLERANCE_KM = 3.0
CHORD_CIRCUITY = 1.1
MAX_ATTACH_KM = 15
ACCESS_SPEED_KMH = 30
CREDIT = "© OpenStreetMap contributors (ODbL 1.0); road graph from scgraph-data 2.0.0 (MIT)"

CLASSES = [
    dict(id="expressway", name_zh="高速公路", name_en="expressway (identified by corridor matching)", speed_kmh=100,
         speed_low_kmh=80, speed_high_kmh=120, controlled_access=True, attachable=False,
         speed_source="JTG B01-2014 表3.0.2: 高速公路 design speed 120/100/80 km/h; the middle value, range the lowest to the highest"),
    dict(id="major-road", name_zh="普通国省道", name_en="ordinary major road (national or provincial)", speed_kmh=60,
         speed_low_kmh=40, speed_high_kmh=80, controlled_access=False, attachable=True,
         speed_source="JTG B01-2014: 一级公路 100/80/60, 二级公路 80/60 km/h; 60 for a mix of both and their stretches through towns, "
                      "range 40 (三级公路 design speed, for stretches through towns) to 80"),
]

RULES = [
    f"the graph: scgraph-data 2.0.0 world highways (OpenStreetMap, no tags), edges touching Shandong; {CREDIT}",
    f"the cut: edges with an end inside the region's county polygons or within {MARGIN_KM:g} km of them, and, for each place outside the region "
    f"that its targets name, the edges within {EXTERNAL_RADIUS_KM:g} km of it and the quickest routes to it (Shandong: all edges); "
    "then the largest connected part",
    f"expressways: chains of edges matched to the known expressway corridors (Dongying's G25, G18, G2516 and S7201 within {NAMED_TOLERANCE_KM:g} km, "
    f"the province's seat-to-seat corridors within {PROVINCE_TOLERANCE_KM:g} km); an edge costs its length x (1 + (d/T)^2) + {NODE_PENALTY_KM:g} km per junction",
    f"entry points: every node where an identified expressway meets another road; named after a schematic interchange within {NAME_TOLERANCE_KM:g} km, else unnamed",
    "ordinary major roads: every other edge",
    f"lengths: each edge is a straight chord between junctions; its length is multiplied by {CHORD_CIRCUITY:g}",
    f"access: the graph has no local roads, so a place reaches the nearest major road by a straight leg at {ACCESS_SPEED_KMH} km/h, "
    f"up to {MAX_ATTACH_KM} km; check reports every leg over 500 m",
]


class Graph:
    """The source graph: node positions and undirected edges with their chord length in km."""

    def __init__(self, shared):
        data = json.load(open(os.path.join(shared, SOURCE), encoding="utf-8"))
        self.pos = {}
        self.edges = {}
        for f in data["features"]:
            p = f["properties"]
            a, b = f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][-1]
            u, v = p["u"], p["v"]
            if u == v:
                continue
            self.pos[u], self.pos[v] = tuple(a), tuple(b)
            key = (u, v) if u < v else (v, u)
            self.edges[key] = min(p["length_km"], self.edges.get(key, math.inf))

    def adjacency(self, edges):
        adj = {}
        for (u, v), km in edges.items():
            adj.setdefault(u, []).append((v, km))
            adj.setdefault(v, []).append((u, km))
        return adj


def xy(p, lat0):
    return (p[0] * KM_PER_DEG_LAT * math.cos(math.radians(lat0)), p[1] * KM_PER_DEG_LAT)


def point_segment_km(p, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy)


def polyline_km(p, line):
    return min(point_segment_km(p, a, b) for a, b in zip(line, line[1:]))


def dijkstra(adj, source, cost=None, targets=None):
    """Shortest distances from source (cost(u, v, km) -> weight, default km); stops when every
    target is settled. Returns (dist, previous)."""
    dist, prev = {source: 0.0}, {}
    heap = [(0.0, source)]
    left = set(targets) if targets else None
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        if left is not None:
            left.discard(u)
            if not left:
                break
        for v, km in adj.get(u, ()):
            nd = d + (cost(u, v, km) if cost else km)
            if nd < dist.get(v, math.inf):
                dist[v], prev[v] = nd, u
                heapq.heappush(heap, (nd, v))
    return dist, prev


def match_corridors(graph, corridors):
    """Matches each corridor to a chain of edges. `corridors`: (label, ref, name, [[lon, lat]...],
    tolerance km). Returns ({edge: (ref, name)}, [report rows])."""
    adj = graph.adjacency(graph.edges)
    expressway, report = {}, []
    for label, ref, name, line_ll, tol in corridors:
        lat0 = sum(p[1] for p in line_ll) / len(line_ll)
        line = [xy(p, lat0) for p in line_ll]
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        near = {}
        for n, p in graph.pos.items():
            q = xy(p, lat0)
            if min(xs) - tol <= q[0] <= max(xs) + tol and min(ys) - tol <= q[1] <= max(ys) + tol:
                d = polyline_km(q, line)
                if d <= tol:
                    near[n] = d
        if not near:
            report.append(dict(corridor=label, matched=False, why="no graph node within the tolerance"))
            continue
        start = min(near, key=lambda n: math.dist(xy(graph.pos[n], lat0), line[0]))
        end = min(near, key=lambda n: math.dist(xy(graph.pos[n], lat0), line[-1]))

        def cost(u, v, km):
            if u not in near or v not in near:
                return math.inf
            a, b = graph.pos[u], graph.pos[v]
            d = polyline_km(xy(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), lat0), line)
            return math.inf if d > tol else km * (1 + (d / tol) ** 2) + NODE_PENALTY_KM

        dist, prev = dijkstra(adj, start, cost, [end])
        if end not in dist or math.isinf(dist[end]):
            report.append(dict(corridor=label, matched=False, why="no chain of edges within the tolerance joins its ends"))
            continue
        chain = [end]
        while chain[-1] != start:
            chain.append(prev[chain[-1]])
        chain.reverse()
        km = 0.0
        devs = []
        for u, v in zip(chain, chain[1:]):
            key = (u, v) if u < v else (v, u)
            km += graph.edges[key]
            expressway.setdefault(key, (ref, name))
            devs += [near[u], near[v]]
        report.append(dict(corridor=label, ref=ref, matched=True, nodes=[chain[0], chain[-1]], edges=len(chain) - 1,
                           chord_km=round(km, 1), mean_offset_km=round(sum(devs) / len(devs), 2),
                           max_offset_km=round(max(devs), 2), tolerance_km=tol,
                           _edges=[(u, v) if u < v else (v, u) for u, v in zip(chain, chain[1:])]))
    return expressway, report


def region_cut(graph, polygons, margin_km):
    """Edges with an end inside one of the (Multi)Polygons or within margin_km of them."""
    rings = []
    for g in polygons:
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings += [ring for poly in polys for ring in poly]
    lat0 = sum(p[1] for r in rings for p in r) / sum(len(r) for r in rings)
    rings_xy = [[xy(p, lat0) for p in r] for r in rings]
    pts = [p for r in rings_xy for p in r]
    box = (min(p[0] for p in pts) - margin_km, min(p[1] for p in pts) - margin_km,
           max(p[0] for p in pts) + margin_km, max(p[1] for p in pts) + margin_km)

    def inside(q):
        c = False
        for r in rings_xy:
            for (x0, y0), (x1, y1) in zip(r, r[1:]):
                if (y0 > q[1]) != (y1 > q[1]) and q[0] < x0 + (q[1] - y0) * (x1 - x0) / (y1 - y0):
                    c = not c
        return c

    keep = {}
    for n, p in graph.pos.items():
        q = xy(p, lat0)
        if not (box[0] <= q[0] <= box[2] and box[1] <= q[1] <= box[3]):
            keep[n] = False
        elif inside(q):
            keep[n] = True
        else:
            keep[n] = any(polyline_km(q, r) <= margin_km for r in rings_xy)
    return {e: km for e, km in graph.edges.items() if keep[e[0]] or keep[e[1]]}


def largest_component(edges):
    adj = {}
    for u, v in edges:
        adj.setdefault(u, []).append(v)
        adj.setdefault(v, []).append(u)
    seen, best = set(), set()
    for s in sorted(adj):
        if s in seen:
            continue
        comp, stack = {s}, [s]
        while stack:
            for w in adj[stack.pop()]:
                if w not in comp:
                    comp.add(w)
                    stack.append(w)
        seen |= comp
        if len(comp) > len(best):
            best = comp
    return {e: km for e, km in edges.items() if e[0] in best}


def nearest_node(graph, nodes, p):
    lat0 = p[1]
    q = xy(p, lat0)
    return min(nodes, key=lambda n: (math.dist(xy(graph.pos[n], lat0), q), n))


def minutes(graph, expressway):
    """Edge travel times in minutes at the classes' nominal speeds, with the chord factor."""
    speed = {c["id"]: c["speed_kmh"] for c in CLASSES}
    return {e: km * CHORD_CIRCUITY / speed["expressway" if e in expressway else "major-road"] * 60
            for e, km in graph.edges.items()}


def route_edges(adj, s, t):
    """The edges of the quickest route from s to t."""
    _, prev = dijkstra(adj, s, targets=[t])
    out, n = [], t
    while n != s:
        out.append((n, prev[n]) if n < prev[n] else (prev[n], n))
        n = prev[n]
    return out


def margin_check(graph, times, cut, places, external):
    """The largest difference (minutes, nominal speeds) between the quickest route of two
    places (each at its nearest node; at least one of them inside the region) on the cut and
    on the whole graph: 0 when the cut keeps every route."""
    nodes = sorted({n for e in cut for n in e})
    ends = sorted({nearest_node(graph, nodes, p) for p in places + external})
    inner = {nearest_node(graph, nodes, p) for p in places}
    whole, part = graph.adjacency(times), graph.adjacency({e: times[e] for e in cut})
    worst = 0.0
    for s in ends:
        a, _ = dijkstra(whole, s, targets=ends)
        b, _ = dijkstra(part, s, targets=ends)
        worst = max([worst] + [b[t] - a[t] for t in ends if s in inner or t in inner])
    return round(worst, 6), len(ends)


def build(graph, expressway, chains, region, polygons, places, external, named_interchanges):
    """The network features of a region and a summary. polygons: its county geometries (None for
    the whole graph); places: [[lon, lat]] of its located places; external: [[lon, lat]] of the
    places outside it that its targets name (the quickest routes to them are added to the cut);
    chains: as match_corridors reports; named_interchanges: [(name, [lon, lat])]."""
    times = minutes(graph, expressway)
    cut = dict(graph.edges) if polygons is None else region_cut(graph, polygons, MARGIN_KM)
    if polygons is not None and external:
        adj = graph.adjacency(times)
        nodes = sorted({n for e in cut for n in e})
        for x in external:
            # The roads around the place (to attach to) and the quickest routes to it.
            lat0 = x[1]
            for e, km in graph.edges.items():
                if min(math.dist(xy(graph.pos[n], lat0), xy(x, lat0)) for n in e) <= EXTERNAL_RADIUS_KM:
                    cut[e] = km
            t = nearest_node(graph, list(graph.pos), x)
            for p in places:
                for e in route_edges(adj, nearest_node(graph, nodes, p), t):
                    cut[e] = graph.edges[e]
    kept = largest_component(cut)
    worst, checked = margin_check(graph, times, kept, places, external) if polygons is not None else (0.0, 0)
    features = []
    for (u, v), km in sorted(kept.items()):
        ref, name = expressway.get((u, v), (None, None))
        props = {"id": f"e{u}-{v}", "class": "expressway" if (u, v) in expressway else "major-road",
                 "ref": ref, "name": name, "oneway": False, "circuity": CHORD_CIRCUITY, "chord_km": km}
        features.append({"type": "Feature", "id": props["id"], "properties": props,
                         "geometry": {"type": "LineString", "coordinates": [list(graph.pos[u]), list(graph.pos[v])]}})
    # Entry points: nodes where a kept expressway edge meets a kept ordinary edge.
    touches = {}
    for (u, v) in kept:
        kind = "x" if (u, v) in expressway else "o"
        for n in (u, v):
            touches.setdefault(n, set()).add(kind)
    entries = sorted(n for n, kinds in touches.items() if kinds == {"x", "o"})
    refs = {n: sorted({expressway[e][0] or expressway[e][1] for e in kept if e in expressway and n in e}) for n in entries}
    names = {}
    for name, p in named_interchanges:
        lat0 = p[1]
        near = [(math.dist(xy(graph.pos[n], lat0), xy(p, lat0)), n) for n in entries]
        near = [x for x in near if x[0] <= NAME_TOLERANCE_KM]
        if near:
            d, n = min(near)
            if n not in names or names[n][1] > d:
                names[n] = (name, d)
    for n in entries:
        named = names.get(n)
        props = {"id": f"entry-{n}", "feature": "interchange",
                 "name": named[0] if named else f"unnamed entry point {n}", "refs": refs[n],
                 "note": (f"expressway meets an ordinary road at graph node {n}; named after the schematic interchange "
                          f"{named[1]:.1f} km away") if named else f"expressway meets an ordinary road at graph node {n}"}
        features.append({"type": "Feature", "id": props["id"], "properties": props,
                         "geometry": {"type": "Point", "coordinates": list(graph.pos[n])}})
    summary = dict(region=region, edges=len(kept), cut_edges=len(cut), entry_points=len(entries),
                   named_entry_points=len(names), expressway_edges=sum(1 for e in kept if e in expressway),
                   km=round(sum(kept.values()), 1), margin_check_places=checked, margin_check_worst_min=worst,
                   chains=[])
    for c in chains:
        inside = [e for e in c.get("_edges", []) if e in kept]
        if polygons is None or inside:
            row = {k: v for k, v in c.items() if not k.startswith("_")}
            if c.get("matched") and len(inside) < len(c["_edges"]):
                row["edges_in_network"] = len(inside)
            summary["chains"].append(row)
    return features, summary


def manifest_entry(region_name):
    """The network's entry in a dataset manifest (the rules and classes a planner reads there)."""
    return {"id": "osm-major-roads", "file": FILE_NAME,
            "description": f"OpenStreetMap major roads of {region_name} (scgraph-data graph, untagged: expressways and entry points "
                           "inferred by corridor matching; Tools/build_osm_networks.py)",
            "credit": CREDIT, "rules": RULES, "separate_expressway_layer": False,
            "interchange_tolerance_m": 50, "access_speed_kmh": ACCESS_SPEED_KMH, "max_attach_m": MAX_ATTACH_KM * 1000,
            "classes": CLASSES}


def header(summary):
    """The file's "towngraph" member: what the network is and the rules it was made by."""
    return {"description": f"OpenStreetMap major roads of {REGION_NAMES[summary['region']]} (scgraph-data graph, classes inferred)",
            "credit": CREDIT, "rules": RULES,
            "classes": [{k: v for k, v in c.items() if k != "speed_source"} for c in CLASSES],
            "separate_expressway_layer": False,
            "summary": {k: summary[k] for k in ("edges", "km", "expressway_edges", "entry_points", "named_entry_points",
                                                "margin_check_places", "margin_check_worst_min")},
            "expressway_chains": summary["chains"]}


def write(path, features, summary):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"type": "FeatureCollection", "towngraph": header(summary), "features": features},
                           ensure_ascii=False, separators=(",", ":")) + "\n")


def report(summary):
    """The network's report in markdown (osm-major-roads.md): its rules, counts and every chain."""
    s = summary
    lines = [f"# osm-major-roads: OpenStreetMap major roads of {REGION_NAMES[s['region']]}", "",
             "Written by `Tools/build_osm_networks.py` with `osm-major-roads.geojson`; do not edit by hand.", "",
             f"Data: {CREDIT}.", "", "## Rules", ""]
    lines += [f"- {r}" for r in RULES]
    lines += ["", "## Counts", "",
              f"- {s['edges']} edges, {s['km']} km of chords (before the length factor)",
              f"- {s['expressway_edges']} edges identified as expressway; {s['entry_points']} entry points, "
              f"{s['named_entry_points']} of them named after a schematic interchange",
              f"- the cut, checked: over the {s['margin_check_places']} located places, the quickest route between any two "
              f"(one inside the region) is {s['margin_check_worst_min']} min longer on the cut than on the whole graph"
              if s["margin_check_places"] else "- the whole graph (no cut)",
              "", "## Expressway chains", "",
              "Every corridor matched against the whole graph; a chain's edges outside this network are left out of it.", "",
              "| corridor | ref | matched | edges | edges in this network | chord km | mean / max offset km | tolerance km |",
              "|---|---|---|---:|---:|---:|---|---:|"]
    for c in s["chains"]:
        if c["matched"]:
            lines.append(f"| {c['corridor']} | {c['ref'] or '-'} | yes | {c['edges']} | {c.get('edges_in_network', c['edges'])} | "
                         f"{c['chord_km']} | {c['mean_offset_km']} / {c['max_offset_km']} | {c['tolerance_km']:g} |")
        else:
            lines.append(f"| {c['corridor']} | - | no: {c['why']} | | | | | |")
    return "\n".join(lines) + "\n"


def province_corridors(shandong_network):
    """The existing seat-to-seat corridors of the Shandong schematic network."""
    out = []
    for f in shandong_network:
        p = f["properties"]
        if p.get("class") == "corridor" and p.get("status", "existing") == "existing":
            out.append((p["id"], None, f"{p['name']} corridor", f["geometry"]["coordinates"], PROVINCE_TOLERANCE_KM))
    return out


def dongying_corridors(dongying_network):
    """The named existing expressways of the Dongying schematic network, and its named interchanges."""
    corridors, named = [], []
    for f in dongying_network:
        p = f["properties"]
        if p.get("status", "existing") != "existing":
            continue
        if f["geometry"]["type"] == "LineString" and p.get("class") == "expressway" and p.get("ref"):
            corridors.append((p["id"], p["ref"], p.get("name"), f["geometry"]["coordinates"], NAMED_TOLERANCE_KM))
        elif f["geometry"]["type"] == "Point":
            named.append((p["name"], f["geometry"]["coordinates"]))
    return corridors, named


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"), help="the shared folder (default: ../shared)")
    ap.add_argument("--root", default=os.path.join(ROOT, "GeoData"), help="the datasets folder the inputs are read from")
    ap.add_argument("--out", help="write to OUT/<region>/ instead of ROOT/<region>/")
    args = ap.parse_args()

    def collection(region, name):
        return json.load(open(os.path.join(args.root, region, name), encoding="utf-8"))["features"]

    corridors, named = dongying_corridors(collection("dongying", "network.geojson"))
    corridors += province_corridors(collection("shandong", "network.geojson"))
    graph = Graph(args.shared)
    expressway, chains = match_corridors(graph, corridors)
    for region in ("dongying", "yantai", "binzhou", "shandong"):
        polygons = None if region == "shandong" else [f["geometry"] for f in collection(region, "counties.geojson")]
        located = [f for f in collection(region, "settlements.geojson") if f.get("geometry")]
        places = [f["geometry"]["coordinates"] for f in located if f["properties"].get("role") != "external"]
        external = [f["geometry"]["coordinates"] for f in located if f["properties"].get("role") == "external"]
        features, summary = build(graph, expressway, chains, region, polygons, places, external, named)
        folder = os.path.join(args.out, region) if args.out else os.path.join(args.root, region)
        os.makedirs(folder, exist_ok=True)
        write(os.path.join(folder, FILE_NAME), features, summary)
        with open(os.path.join(folder, FILE_NAME.replace(".geojson", ".md")), "w", encoding="utf-8") as f:
            f.write(report(summary))
        matched = sum(1 for c in summary["chains"] if c["matched"])
        print(f"{region}: {summary['edges']} edges ({summary['km']} km of chords), {summary['expressway_edges']} expressway edges "
              f"in {matched} matched chains, {summary['entry_points']} entry points ({summary['named_entry_points']} named); "
              f"cut check over {summary['margin_check_places']} places: worst difference {summary['margin_check_worst_min']} min")


if __name__ == "__main__":
    main()
