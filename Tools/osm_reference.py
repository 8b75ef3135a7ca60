#!/usr/bin/env python3
"""An independent reading of an OpenStreetMap file into a road graph, for the tests.

Reads the file with pyosmium (libosmium), applies the import rules of docs/osm-import.md
(highway table, access, maxspeed, oneway, cutting at missing nodes, splitting at shared
nodes, largest connected component), measures lengths with pyproj and computes shortest
travel times with networkx. Prints JSON:

  {"nodes", "links", "oneway_links", "km_by_class", "components", "strong_nodes", "strong_links",
   "samples": [{"from": [lon, lat], "to": [lon, lat], "seconds": float|null}, ...]}

Usage: osm_reference.py FILE [--crs EPSG:32635] [--sources 6] [--targets 40] [--xml OUT.osm]
With --xml the file is also written as OSM XML (pyosmium's writer), for the XML reader test.
"""
import argparse
import json
import math

import networkx as nx
import osmium
from pyproj import Transformer

SPEEDS = {
    "motorway": 100, "trunk": 80, "primary": 60, "secondary": 50, "tertiary": 40,
    "unclassified": 30, "residential": 25, "motorway_link": 50, "trunk_link": 40,
    "primary_link": 40, "secondary_link": 30, "tertiary_link": 30,
}
OPEN = {"yes", "designated", "permissive", "destination", "customers", "delivery", "agricultural"}


def excluded(tags):
    if tags.get("area") == "yes":
        return True
    for key in ("motorcar", "motor_vehicle"):
        if key in tags:
            return tags[key] not in OPEN and tags[key] in ("no", "private")
    return tags.get("access") in ("no", "private")


def maxspeed(value):
    speeds = []
    for part in value.split(";"):
        text = part.strip().lower()
        factor = 1.0
        for unit, f in (("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0), ("mph", 1.609344)):
            if text.endswith(unit):
                text, factor = text[: -len(unit)].strip(), f
                break
        try:
            v = float(text)
        except ValueError:
            return None
        if not math.isfinite(v) or v <= 0 or v * factor > 200:
            return None
        speeds.append(v * factor)
    return sum(speeds) / len(speeds) if speeds else None


def direction(tags):
    o = tags.get("oneway", "").lower()
    if o in ("yes", "true", "1"):
        return 1
    if o in ("-1", "reverse"):
        return -1
    if o in ("no", "false", "0", "reversible", "alternating"):
        return 0
    if tags.get("highway") in ("motorway", "motorway_link") or tags.get("junction") in ("roundabout", "circular"):
        return 1
    return 0


class Reader(osmium.SimpleHandler):
    def __init__(self):
        super().__init__()
        self.location = {}
        self.ways = []

    def node(self, n):
        self.location[n.id] = (n.location.lon, n.location.lat)

    def way(self, w):
        tags = {t.k: t.v for t in w.tags}
        if "highway" in tags:
            self.ways.append((w.id, [r.ref for r in w.nodes], tags))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--crs", default="EPSG:32635")
    ap.add_argument("--sources", type=int, default=6)
    ap.add_argument("--targets", type=int, default=40)
    ap.add_argument("--xml")
    args = ap.parse_args()

    if args.xml:
        writer = osmium.SimpleWriter(args.xml)
        for obj in osmium.FileProcessor(args.file):
            if obj.is_node():
                writer.add_node(obj)
            elif obj.is_way():
                writer.add_way(obj)
            elif obj.is_relation():
                writer.add_relation(obj)
        writer.close()

    r = Reader()
    r.apply_file(args.file)
    to_metric = Transformer.from_crs("EPSG:4326", args.crs, always_xy=True)

    roads = []  # (way id, node ids in travel order, class, oneway, speed)
    for wid, refs, tags in sorted(r.ways):
        hw = tags["highway"]
        if hw not in SPEEDS or excluded(tags) or len(refs) < 2:
            continue
        speed = maxspeed(tags["maxspeed"]) if "maxspeed" in tags else None
        d = direction(tags)
        roads.append((wid, refs[::-1] if d == -1 else refs, hw, d != 0, speed or SPEEDS[hw]))

    # Runs of nodes present in the file; their ends and shared nodes are graph nodes.
    runs = []
    for road in roads:
        run = []
        for ref in road[1] + [None]:
            if ref is not None and ref in r.location:
                run.append(ref)
                continue
            if len(run) >= 2:
                runs.append((road, run))
            run = []
    uses = {}
    for _, run in runs:
        for ref in run:
            uses[ref] = uses.get(ref, 0) + 1
    junction = {ref for ref, n in uses.items() if n >= 2}
    for _, run in runs:
        junction.add(run[0])
        junction.add(run[-1])

    pieces = []
    for road, run in runs:
        start = 0
        for k in range(1, len(run)):
            if run[k] in junction:
                nodes = run[start : k + 1]
                start = k
                pts = [r.location[n] for n in nodes]
                if len(set(pts)) >= 2:
                    pieces.append((road, pts))

    # Graph nodes are positions (coincident nodes join); keep the largest component.
    g = nx.MultiDiGraph()
    for road, pts in pieces:
        xs, ys = to_metric.transform([p[0] for p in pts], [p[1] for p in pts])
        length = sum(math.hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]) for i in range(len(pts) - 1))
        seconds = length / (road[4] / 3.6)
        g.add_edge(pts[0], pts[-1], seconds=seconds, length=length, cls=road[2], oneway=road[3])
        if not road[3]:
            g.add_edge(pts[-1], pts[0], seconds=seconds, length=length, cls=road[2], oneway=road[3], reverse=True)
    components = sorted(nx.weakly_connected_components(g), key=len, reverse=True)
    if len(components) > 1 and len(components[0]) == len(components[1]):
        raise SystemExit("two largest components of equal size: the test file is ambiguous")
    keep = g.subgraph(components[0]).copy()

    km = {}
    links = oneway = 0
    for _, _, data in keep.edges(data=True):
        if data.get("reverse"):
            continue
        links += 1
        oneway += 1 if data["oneway"] else 0
        km[data["cls"]] = km.get(data["cls"], 0.0) + data["length"] / 1000

    strong = max(nx.strongly_connected_components(keep), key=len)
    strong_links = sum(1 for a, b, d in keep.edges(data=True) if not d.get("reverse") and a in strong and b in strong)

    # Entry points: nodes at an end of a motorway edge where a non-motorway edge arrives.
    on_motorway, arrives = set(), set()
    for a, b, data in keep.edges(data=True):
        if data["cls"] == "motorway":
            on_motorway |= {a, b}
        else:
            arrives.add(b)
    entries = sorted(on_motorway & arrives)

    nodes = sorted(keep.nodes)
    step_s = max(1, len(nodes) // args.sources)
    step_t = max(1, len(nodes) // args.targets)
    samples = []
    for s in nodes[::step_s][: args.sources]:
        dist = nx.single_source_dijkstra_path_length(keep, s, weight="seconds")
        for t in nodes[::step_t][: args.targets]:
            samples.append({"from": list(s), "to": list(t), "seconds": float(dist[t]) if t in dist else None})

    print(json.dumps({
        "nodes": keep.number_of_nodes(), "links": links, "oneway_links": oneway,
        "km_by_class": km, "components": len(components), "samples": samples,
        "strong_nodes": len(strong), "strong_links": strong_links, "entry_points": [list(p) for p in entries],
    }))


if __name__ == "__main__":
    main()
