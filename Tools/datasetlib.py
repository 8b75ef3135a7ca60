"""Helpers shared by the dataset build scripts in Tools/ (standard library only)."""
import json
import math
import re

PRECISION = 6
KM_PER_DEG_LAT = 111.2


def rnd(x):
    """A coordinate rounded to the datasets' precision (6 decimals, about 0.1 m)."""
    return round(float(x), PRECISION)


def quote(v):
    """A YAML scalar or flow value (JSON is valid YAML), Chinese kept as is."""
    return json.dumps(v, ensure_ascii=False)


def dist_km(a, b):
    """Approximate distance in km between two [lon, lat] points (equirectangular)."""
    lat = math.radians((a[1] + b[1]) / 2)
    return math.hypot((a[0] - b[0]) * KM_PER_DEG_LAT * math.cos(lat), (a[1] - b[1]) * KM_PER_DEG_LAT)


def ring_area2(ring):
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1))


def orient(poly):
    """A polygon's rings rounded, exterior counter-clockwise and holes clockwise (RFC 7946)."""
    out = []
    for i, ring in enumerate(poly):
        ring = [[rnd(x), rnd(y)] for x, y in ring]
        out.append(ring if (i == 0) == (ring_area2(ring) > 0) else ring[::-1])
    return out


def polygon_geometry(g):
    """A Polygon or MultiPolygon geometry with its rings rounded and oriented."""
    if g["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": orient(g["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [orient(p) for p in g["coordinates"]]}


def polygon_centroid(geometry):
    """Area-weighted centroid of a (Multi)Polygon's exterior rings, rounded."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    a_sum = x_sum = y_sum = 0.0
    for poly in polys:
        ring = poly[0]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            a_sum += cross
            x_sum += (x0 + x1) * cross
            y_sum += (y0 + y1) * cross
    return [rnd(x_sum / (3 * a_sum)), rnd(y_sum / (3 * a_sum))]


def polygon_contains(geometry, point):
    """Whether a (Multi)Polygon contains a point (even-odd rule over all rings)."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    x, y = point
    inside = False
    for poly in polys:
        for ring in poly:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def gabriel_pairs(points, max_km=None):
    """Pairs of neighbouring points, in sorted id order: two points are neighbours when no third
    lies inside the circle whose diameter joins them (the Gabriel graph), and, when max_km is
    given, they are at most that far apart. `points` maps an id to [lon, lat]."""
    ids = sorted(points)
    pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            pa, pb = points[a], points[b]
            d = dist_km(pa, pb)
            if max_km is not None and d > max_km:
                continue
            m = [rnd((pa[0] + pb[0]) / 2), rnd((pa[1] + pb[1]) / 2)]
            if any(dist_km(m, points[c]) < d / 2 - 1e-9 for c in ids if c not in (a, b)):
                continue
            pairs.append((a, b))
    return pairs


def write_collection(path, features):
    """Writes a GeoJSON FeatureCollection the way every bundled dataset stores it."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n")


def yaml_lines(value, indent=0):
    """YAML lines for a manifest value: mappings and lists of mappings in block style, lists
    of scalars in flow style, scalars as JSON (strings quoted, Chinese kept as is)."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, dict) or (isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
                lines.append(f"{pad}{key}:")
                lines += yaml_lines(v, indent + 2)
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(v)}")
    elif isinstance(value, list):
        for item in value:
            item_lines = yaml_lines(item, indent + 2)
            lines.append(f"{pad}- " + item_lines[0].lstrip())
            lines += item_lines[1:]
    else:
        lines.append(pad + yaml_scalar(value))
    return lines


def yaml_scalar(v):
    """A scalar or a list of scalars, as YAML (JSON is valid YAML)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, str) and PLAIN.fullmatch(v) and v.lower() not in YAML_WORDS and not NUMBER.fullmatch(v):
        return v
    return quote(v)


# Strings written without quotes: identifiers, file names, CRS codes.
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.:/-]*")
NUMBER = re.compile(r"[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?")
YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def write_manifest(path, script, manifest):
    """Writes a dataset's dataset.yaml from a dict in manifest order; the four dataset scripts
    share this writer, so their manifests have one layout."""
    lines = [f"# TownGraph dataset manifest, written by Tools/{script}. Do not edit by hand."]
    lines += yaml_lines(manifest)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
