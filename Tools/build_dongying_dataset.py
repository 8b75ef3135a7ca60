#!/usr/bin/env python3
"""Rebuild GeoData/dongying/ from the plan text and the licensed sources in ../shared.

Every value written here traces back to one of:
  * the plan text (../shared/seeds/000_c1a760ce0cdd952f.txt): each level, type, sub-class,
    population band and membership is tied to a sentence, and the script checks that the
    sentence occurs verbatim in the seed and names the unit;
  * ../shared/geodata-sources/compiled/dongying_settlements.csv: WGS84 points (converted from
    GCJ-02 by the source compiler; the GCJ-02 columns are never read here), 2023 codes;
  * ../shared/geodata-sources/modood-stats2023/streets_3705_3706_3716.csv: NBS 2023 codes,
    used to cross-check the codes;
  * ../shared/geodata-sources/compiled/dongying_county_boundaries_wgs84_from_vonng.geojson:
    county polygons (Vonng/adcode, CC BY 4.0, converted to WGS84).

Usage: python3 Tools/build_dongying_dataset.py [--shared PATH] [--out GeoData/dongying]
Standard library only.
"""
import argparse
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_osm_networks  # noqa: E402
import dongying_network  # noqa: E402
from datasetlib import polygon_geometry, rnd, write_collection, write_manifest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SEED = "000_c1a760ce0cdd952f.txt"

# --- The plan's sentences (verbatim; checked against the seed) ---------------------------
S_STRUCTURE = "市域形成“区域中心城市—县城或功能区中心城镇—重点镇—小城镇”四级城镇规模结构。"
S_L1 = "区域中心城市为主城区(含六户镇),由东城、西城和垦利城区构成,人口规模100—150万人。"
S_L2 = "县城或功能区中心城镇5个,包括河口城区、广饶县城、利津县城,人口规模10—30万人;黄三角农高区、东营港城(含仙河镇),人口规模1—5万人。"
S_L3 = "重点镇8个,包括大王镇,人口规模10—30万人;胜坨镇、稻庄镇、史口镇、陈庄镇、孤岛镇、西郊现代服务区(含董集镇、郝家镇),人口规模1—5万人;牛庄镇,人口规模小于1万人。"
S_L4 = "小城镇14个,包括黄河口镇、龙居镇、北宋镇3个特色镇和李鹊镇、盐窝镇、永安镇、义和镇、新户镇、大码头镇、陈官镇、花官镇、汀罗镇、明集乡、刁口乡等11个一般乡镇,人口规模小于1万人。"
S_TYPES = "规划综合型、工业商贸型、现代农渔型和生态旅游型四类城镇职能。"
S_T1 = "综合型城镇4个,包括主城区(含六户镇)、河口城区、广饶县城和利津县城;"
S_T2 = "工业商贸型城镇10个,包括东营港城(含仙河镇)、史口镇、牛庄镇、胜坨镇、西郊现代服务区(含董集镇、郝家镇)、孤岛镇、大王镇、稻庄镇、陈庄镇、明集乡;"
S_T3 = "现代农渔型城镇11个,包括永安镇、新户镇、刁口乡、黄三角农高区、义和镇、大码头镇、陈官镇、花官镇、李鹊镇、盐窝镇、汀罗镇;"
S_T4 = "生态旅游型城镇3个,包括龙居镇、黄河口镇、北宋镇。"
S_GROUPS = "“三组团”,东城、西城和垦利城区等三个城市组团。"
S_BASE = "规划基期年为2020年,规划期为2021—2035年。"
S_INDICATIVE = "注:上述指标目标均为预期性、导向性,各县区可根据实际制定本地相关指标目标。"
S_TRANSPORT = "构建“六纵九横一环多连”普通干线公路网,形成方便快捷、全域通达的公路网络,实现市区到各县区45分钟内到达,各县区间90分钟内通达;所有乡镇及重要交通枢纽、景区等节点30分钟内进入高速公路网。"
TRANSPORT_SECTION = "(三)强化综合交通网络支撑 — 2.完善便捷顺畅的普通干线网"

S_PATTERN = "(1)构建“一心、两翼”的全域城乡空间格局。"
S_CORE = "“一心”,主城区(含东城、西城、垦利城区)、黄三角农高区等构成中部都市区,以主城区为核心,集聚市域高端功能,培育区域专业功能,推动黄三角农高区、空港工业园、化工产业园区等产业组团专业化发展,建设以三个城区为核心的多中心、串珠型中部都市区。"
S_WINGS_SOUTH = "南翼包括广饶(广饶县城、稻庄、大王等),"
S_WINGS_NORTH = "北翼包括东营港、河口、利津等,"
S_AXES = "强化交通干线、水系等轴线功能,构筑区域东西协同发展轴和“一心、两翼”南北联动发展轴,推动各板块之间融合互动发展。"
S_CITY_AXIS = "依托黄河路—济南路,串联西城、东城和临广利港片区的城市功能发展轴,"
LAYOUT_BUFFER_KM = 5

LAYOUT = [
    dict(id="core", name_zh="一心(中部都市区)", kind="area", members=["zhuchengqu", "dongcheng", "xicheng", "kenli-chengqu", "huangsanjiao-nonggaoqu"],
         plan_sentence=S_CORE, note="convex hull of the members' points, widened by the buffer; 空港工业园 and 化工产业园区 are not located"),
    dict(id="south-wing", name_zh="南翼", kind="area", members=["guangrao-xiancheng", "daozhuang", "dawang"], plan_sentence=S_WINGS_SOUTH,
         note="the plan's list is open (等); convex hull of the named members, widened by the buffer"),
    dict(id="north-wing", name_zh="北翼", kind="area", members=["dongying-gangcheng", "hekou-chengqu", "lijin-xiancheng"], plan_sentence=S_WINGS_NORTH,
         note="东营港 is read as 东营港城, 河口 as 河口城区, 利津 as 利津县城; open list (等)"),
    dict(id="north-south-axis", name_zh="“一心、两翼”南北联动发展轴", kind="axis", members=["guangrao-xiancheng", "zhuchengqu", "hekou-chengqu"], plan_sentence=S_AXES,
         note="the plan names no settlements on the axis; drawn from the south wing's seat through the core's centre to the north wing's 河口城区"),
    dict(id="city-function-axis", name_zh="城市功能发展轴", kind="axis", members=["xicheng", "dongcheng"], plan_sentence=S_CITY_AXIS,
         note="through 西城 and 东城; 临广利港片区 is not located"),
]

TARGETS = [
    dict(id="centre-to-counties", plan_sentence="实现市区到各县区45分钟内到达,", relation="each-to-each",
         origins=[dict(id=["zhuchengqu"])], destinations=[dict(sub_class=["county-seat"])], minutes=45,
         note="市区 is read as 主城区, the regional central city; 各县区 as the seats of the county-level units outside it "
              "(河口城区, 广饶县城, 利津县城): the seats of 东营区 and 垦利区 lie inside 主城区."),
    dict(id="between-counties", plan_sentence="各县区间90分钟内通达;", relation="all-pairs",
         origins=[dict(id=["zhuchengqu"]), dict(sub_class=["county-seat"])], minutes=90,
         note="县区 are represented by their seats: 主城区 (东营区 and 垦利区) and 河口城区, 广饶县城, 利津县城; each pair is timed both ways and the slower direction counts."),
    dict(id="towns-to-expressway", plan_sentence="所有乡镇及重要交通枢纽、景区等节点30分钟内进入高速公路网。", relation="nearest",
         origins=[dict(kind=["town", "township"]), dict(layer="constituents", kind=["town"])],
         destinations=[dict(layer="interchanges")], minutes=30,
         note="乡镇 are every town and township the plan names: 21 planning units and the constituent towns 六户镇, 仙河镇, 董集镇, 郝家镇. "
              "Transport hubs and scenic areas (交通枢纽、景区) are not located in the data and are left out. "
              "Entering the expressway network means reaching an interchange."),
]

LEVELS = [
    dict(id="regional-centre", rank=1, name_zh="区域中心城市", name_en="regional central city", stated_count=None, plan_sentence=S_L1,
         note="The plan names one regional central city without stating a count."),
    dict(id="county-centre", rank=2, name_zh="县城或功能区中心城镇", name_en="county seat or functional-zone central town", stated_count=5, plan_sentence=S_L2),
    dict(id="key-town", rank=3, name_zh="重点镇", name_en="key town", stated_count=8, plan_sentence=S_L3),
    dict(id="small-town", rank=4, name_zh="小城镇", name_en="small town", stated_count=14, plan_sentence=S_L4),
]
SUB_CLASSES = [
    dict(id="county-seat", level="county-centre", name_zh="县城", name_en="county seat", stated_count=None, plan_sentence=S_L2,
         note="From the level name 县城或功能区中心城镇; the plan lists the members but states no count per sub-class."),
    dict(id="functional-zone-centre", level="county-centre", name_zh="功能区中心城镇", name_en="functional-zone central town", stated_count=None, plan_sentence=S_L2,
         note="From the level name 县城或功能区中心城镇; the plan lists the members but states no count per sub-class."),
    dict(id="featured-town", level="small-town", name_zh="特色镇", name_en="featured town", stated_count=3, plan_sentence=S_L4),
    dict(id="ordinary-township", level="small-town", name_zh="一般乡镇", name_en="ordinary town or township", stated_count=11, plan_sentence=S_L4),
]
TYPES = [
    dict(id="comprehensive", name_zh="综合型", name_en="comprehensive", stated_count=4, plan_sentence=S_T1),
    dict(id="industry-commerce", name_zh="工业商贸型", name_en="industry and commerce", stated_count=10, plan_sentence=S_T2),
    dict(id="agriculture-fishery", name_zh="现代农渔型", name_en="modern agriculture and fishery", stated_count=11, plan_sentence=S_T3),
    dict(id="eco-tourism", name_zh="生态旅游型", name_en="eco-tourism", stated_count=3, plan_sentence=S_T4),
]
BANDS = {
    "100—150万人": (1_000_000, 1_500_000),
    "10—30万人": (100_000, 300_000),
    "1—5万人": (10_000, 50_000),
    "小于1万人": (None, 10_000),
}

# Planning units in plan order: id, Chinese name as the plan writes it, pinyin, kind, level,
# sub-class, type, band, county id, point rule, contained unit ids.
# Point rules: ("csv", key, grade, note) uses a compiled point; ("mid", [ids], note) the midpoint
# of constituents; None means no known location.
UNITS = [
    ("zhuchengqu", "主城区", "Zhuchengqu", "urban-area", "regional-centre", None, "comprehensive", "100—150万人", "dongying-district",
     ("csv", "dongying_city", "B", "municipal government (in 东城, the main centre: 「发挥东城主中心作用」) stands for the composite main urban area"),
     ["dongcheng", "xicheng", "kenli-chengqu", "liuhu"]),
    ("hekou-chengqu", "河口城区", "Hekou Chengqu", "urban-area", "county-centre", "county-seat", "comprehensive", "10—30万人", "hekou-district",
     ("csv", "hekou_district", "B", "河口区 government seat stands for the district's urban area"), []),
    ("guangrao-xiancheng", "广饶县城", "Guangrao Xiancheng", "county-seat", "county-centre", "county-seat", "comprehensive", "10—30万人", "guangrao-county",
     ("csv", "guangrao_county", "B", "广饶县 government seat stands for the county town"), []),
    ("lijin-xiancheng", "利津县城", "Lijin Xiancheng", "county-seat", "county-centre", "county-seat", "comprehensive", "10—30万人", "lijin-county",
     ("csv", "lijin_county", "B", "利津县 government seat stands for the county town"), []),
    ("huangsanjiao-nonggaoqu", "黄三角农高区", "Huangsanjiao Nonggaoqu", "functional-zone", "county-centre", "functional-zone-centre", "agriculture-fishery", "1—5万人", "guangrao-county",
     ("csv", "zone_nonggaoqu", "C", "proxy: 广北农场 village-committee point in the zone's core (no official centre in the sources)"), []),
    ("dongying-gangcheng", "东营港城", "Dongying Gangcheng", "functional-zone", "county-centre", "functional-zone-centre", "industry-commerce", "1—5万人", "hekou-district",
     ("csv", "tn_xianhe", "C", "proxy: 仙河镇 point (the port city contains 仙河镇; the sources hold no point for 东营港经济开发区)"), ["xianhe"]),
    ("dawang", "大王镇", "Dawang", "town", "key-town", None, "industry-commerce", "10—30万人", "guangrao-county", ("csv", "tn_dawang", "A", None), []),
    ("shengtuo", "胜坨镇", "Shengtuo", "town", "key-town", None, "industry-commerce", "1—5万人", "kenli-district", ("csv", "tn_shengtuo", "A", None), []),
    ("daozhuang", "稻庄镇", "Daozhuang", "town", "key-town", None, "industry-commerce", "1—5万人", "guangrao-county", ("csv", "tn_daozhuang", "A", None), []),
    ("shikou", "史口镇", "Shikou", "town", "key-town", None, "industry-commerce", "1—5万人", "dongying-district", ("csv", "tn_shikou", "A", None), []),
    ("chenzhuang", "陈庄镇", "Chenzhuang", "town", "key-town", None, "industry-commerce", "1—5万人", "lijin-county", ("csv", "tn_chenzhuang", "A", None), []),
    ("gudao", "孤岛镇", "Gudao", "town", "key-town", None, "industry-commerce", "1—5万人", "hekou-district", ("csv", "tn_gudao", "A", None), []),
    ("xijiao-fuwuqu", "西郊现代服务区", "Xijiao Xiandai Fuwuqu", "functional-zone", "key-town", None, "industry-commerce", "1—5万人", "kenli-district",
     ("mid", ["dongji", "haojia"], "derived: midpoint of its two constituent towns 董集镇 and 郝家镇 (the sources hold no point for the zone)"), ["dongji", "haojia"]),
    ("niuzhuang", "牛庄镇", "Niuzhuang", "town", "key-town", None, "industry-commerce", "小于1万人", "dongying-district", ("csv", "tn_niuzhuang", "A", None), []),
    ("huanghekou", "黄河口镇", "Huanghekou", "town", "small-town", "featured-town", "eco-tourism", "小于1万人", "kenli-district", ("csv", "tn_huanghekou", "A", None), []),
    ("longju", "龙居镇", "Longju", "town", "small-town", "featured-town", "eco-tourism", "小于1万人", "dongying-district", ("csv", "tn_longju", "A", None), []),
    ("beisong", "北宋镇", "Beisong", "town", "small-town", "featured-town", "eco-tourism", "小于1万人", "lijin-county",
     ("csv", "tn_beisong", "A", "source flags a possible geocoder collision with 利津县县城社区管理委员会; the point lies inside 利津县"), []),
    ("lique", "李鹊镇", "Lique", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "guangrao-county", ("csv", "tn_lique", "A", None), []),
    ("yanwo", "盐窝镇", "Yanwo", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "lijin-county", ("csv", "tn_yanwo", "A", None), []),
    ("yongan", "永安镇", "Yong'an", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "kenli-district", ("csv", "tn_yongan", "A", None), []),
    ("yihe", "义和镇", "Yihe", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "hekou-district", ("csv", "tn_yihe", "A", None), []),
    ("xinhu", "新户镇", "Xinhu", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "hekou-district", ("csv", "tn_xinhu", "A", None), []),
    ("damatou", "大码头镇", "Damatou", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "guangrao-county", ("csv", "tn_damatou", "A", None), []),
    ("chenguan", "陈官镇", "Chenguan", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "guangrao-county", ("csv", "tn_chenguan", "A", None), []),
    ("huaguan", "花官镇", "Huaguan", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "guangrao-county", ("csv", "tn_huaguan", "A", None), []),
    ("tingluo", "汀罗镇", "Tingluo", "town", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "lijin-county", ("csv", "tn_tingluo", "A", None), []),
    ("mingji", "明集乡", "Mingji", "township", "small-town", "ordinary-township", "industry-commerce", "小于1万人", "lijin-county", ("csv", "tn_mingji", "A", None), []),
    ("diaokou", "刁口乡", "Diaokou", "township", "small-town", "ordinary-township", "agriculture-fishery", "小于1万人", "lijin-county", None, []),
]

# Constituent units (contained in a planning unit): id, name, pinyin, kind, part_of, county,
# point rule, plan sentence naming the containment.
CONSTITUENTS = [
    ("dongcheng", "东城", "Dongcheng", "urban-group", "zhuchengqu", "dongying-district", ("csv", "sd_dongcheng", "A", "东城街道 point"), S_L1),
    ("xicheng", "西城", "Xicheng", "urban-group", "zhuchengqu", "dongying-district",
     ("csv", "sd_wenhui", "C", "proxy: 文汇街道 point, the core of the old oilfield city that 西城 names (not an administrative unit)"), S_L1),
    ("kenli-chengqu", "垦利城区", "Kenli Chengqu", "urban-group", "zhuchengqu", "kenli-district",
     ("csv", "kenli_district", "B", "垦利区 government seat (垦利街道 has no point of its own in the sources)"), S_L1),
    ("liuhu", "六户镇", "Liuhu", "town", "zhuchengqu", "dongying-district", ("csv", "tn_liuhu", "A", None), S_L1),
    ("xianhe", "仙河镇", "Xianhe", "town", "dongying-gangcheng", "hekou-district", ("csv", "tn_xianhe", "A", None), S_L2),
    ("dongji", "董集镇", "Dongji", "town", "xijiao-fuwuqu", "kenli-district", ("csv", "tn_dongji", "A", None), S_L3),
    ("haojia", "郝家镇", "Haojia", "town", "xijiao-fuwuqu", "kenli-district", ("csv", "tn_haojia", "A", None), S_L3),
]

COUNTIES = [
    # id, adcode, name_zh, pinyin, kind
    ("dongying-district", "370502", "东营区", "Dongying Qu", "district"),
    ("hekou-district", "370503", "河口区", "Hekou Qu", "district"),
    ("kenli-district", "370505", "垦利区", "Kenli Qu", "district"),
    ("lijin-county", "370522", "利津县", "Lijin Xian", "county"),
    ("guangrao-county", "370523", "广饶县", "Guangrao Xian", "county"),
]

VONNG = "Vonng/adcode @ b755d6e (Amap district centre, GCJ-02 converted to WGS84 by the source compiler; CC BY 4.0)"


def fail(msg):
    sys.exit(f"build_dongying_dataset: {msg}")


def level_sentence(level_id):
    return next(l["plan_sentence"] for l in LEVELS if l["id"] == level_id)


def type_sentence(type_id):
    return next(t["plan_sentence"] for t in TYPES if t["id"] == type_id)


def check_sentences(seed_text):
    sentences = [S_STRUCTURE, S_TYPES, S_GROUPS, S_BASE, S_INDICATIVE, S_TRANSPORT, S_PATTERN] + [e["plan_sentence"] for e in LAYOUT] + [t["plan_sentence"] for t in TARGETS] + [x["plan_sentence"] for x in LEVELS + SUB_CLASSES + TYPES]
    for s in sentences:
        if s not in seed_text:
            fail(f"sentence not found verbatim in the seed: {s}")
    for u in UNITS:
        uid, name, _, _, level, sub, ftype, band, *_ = u
        if name not in level_sentence(level):
            fail(f"{uid}: {name} is not named in its level sentence")
        if name not in type_sentence(ftype):
            fail(f"{uid}: {name} is not named in its function-type sentence")
        if band.replace("人", "") not in level_sentence(level):
            fail(f"{uid}: band {band} does not occur in its level sentence")
        if sub and next(s for s in SUB_CLASSES if s["id"] == sub)["name_zh"] not in level_sentence(level) + LEVELS[1]["name_zh"]:
            fail(f"{uid}: sub-class {sub} not found in the level sentence")
    for c in CONSTITUENTS:
        if c[1] not in c[7]:
            fail(f"constituent {c[0]}: {c[1]} not named in its sentence")


def read_points(shared):
    path = os.path.join(shared, "geodata-sources/compiled/dongying_settlements.csv")
    with open(path, encoding="utf-8") as f:
        return {row["key"]: row for row in csv.DictReader(f)}


def read_codes(shared):
    path = os.path.join(shared, "geodata-sources/modood-stats2023/streets_3705_3706_3716.csv")
    with open(path, encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def resolve_point(rule, points, resolved):
    """Returns (geometry, coord_source, coord_quality, stats_code, note)."""
    if rule is None:
        return None, None, "none", None, "no coordinate in any source reachable offline; not located"
    if rule[0] == "csv":
        _, key, grade, note = rule
        row = points[key]
        lon, lat = rnd(row["lon_wgs84"]), rnd(row["lat_wgs84"])
        source = f"compiled/dongying_settlements.csv row {key}: {row['coord_source']}; WGS84 columns"
        return {"type": "Point", "coordinates": [lon, lat]}, source, grade, row["stats_code_2023"], note
    if rule[0] == "mid":
        _, ids, note = rule
        pts = [resolved[i]["geometry"]["coordinates"] for i in ids]
        lon = rnd(sum(p[0] for p in pts) / len(pts))
        lat = rnd(sum(p[1] for p in pts) / len(pts))
        return {"type": "Point", "coordinates": [lon, lat]}, "derived from constituents " + ", ".join(ids), "C", None, note
    fail(f"unknown point rule {rule}")


def build_settlements(points, codes):
    features = []
    resolved = {}
    # Constituents first, so derived points can use them.
    constituent_features = []
    for cid, name, pinyin, kind, part_of, county, rule, sentence in CONSTITUENTS:
        geom, source, grade, code, note = resolve_point(rule, points, resolved)
        # A constituent carries a statistical code only when it is that statistical unit.
        code = code if code and codes.get(code[:9]) == name else None
        props = {
            "id": cid, "role": "constituent", "name_zh": name, "name_pinyin": pinyin, "kind": kind,
            "part_of": part_of, "county": county, "stats_code_2023": code,
            "coord_source": source, "coord_quality": grade, "coord_note": note, "plan_sentence": sentence,
        }
        feat = {"type": "Feature", "id": cid, "properties": props, "geometry": geom}
        resolved[cid] = feat
        constituent_features.append(feat)
    for uid, name, pinyin, kind, level, sub, ftype, band, county, rule, contains in UNITS:
        geom, source, grade, code, note = resolve_point(rule, points, resolved)
        if kind in ("town", "township"):
            # Towns are statistical units: take the code from the point row, or from NBS 2023 by name.
            if code is None:
                match = [c for c, n in codes.items() if n == name]
                if len(match) != 1:
                    fail(f"{uid}: no unique NBS 2023 code for {name}")
                code = match[0] + "000"
            if codes.get(code[:9]) != name:
                fail(f"{uid}: code {code} is {codes.get(code[:9])} in NBS 2023, not {name}")
        elif kind == "functional-zone" and code and codes.get(code[:9], "").endswith("示范区"):
            pass  # 黄三角农高区 is the NBS unit 东营农业高新技术产业示范区
        else:
            code = None
        lo, hi = BANDS[band]
        props = {
            "id": uid, "role": "planning-unit", "name_zh": name, "name_pinyin": pinyin, "kind": kind,
            "level": level, "sub_class": sub, "function_type": ftype,
            "population_band": band, "population_min": lo, "population_max": hi,
            "county": county, "stats_code_2023": code, "contains": contains,
            "coord_source": source, "coord_quality": grade, "coord_note": note,
        }
        features.append({"type": "Feature", "id": uid, "properties": props, "geometry": geom})
    return features + constituent_features


def build_counties(shared):
    path = os.path.join(shared, "geodata-sources/compiled/dongying_county_boundaries_wgs84_from_vonng.geojson")
    src = json.load(open(path, encoding="utf-8"))
    by_code = {f["properties"]["adcode"]: f for f in src["features"]}
    features = []
    for cid, adcode, name, pinyin, kind in COUNTIES:
        f = by_code[adcode]
        if f["properties"]["name"] != name:
            fail(f"county {adcode} is {f['properties']['name']} in the source, not {name}")
        geom = polygon_geometry(f["geometry"])
        features.append({"type": "Feature", "id": cid, "properties": {
            "id": cid, "name_zh": name, "name_pinyin": pinyin, "kind": kind, "adcode": adcode,
            "source": "Vonng/adcode @ b755d6e data/fences/%s.json (Amap boundary, CC BY 4.0), GCJ-02 converted to WGS84 by the source compiler" % adcode,
        }, "geometry": geom})
    return features


def manifest():
    """The manifest as a dict, in the order it is written."""
    def pick(item, keys, omit_none=("note", "level")):
        return {k: item.get(k) for k in keys if not (item.get(k) is None and k in omit_none)}
    targets = []
    for t in TARGETS:
        target = {"id": t["id"], "plan_sentence": t["plan_sentence"], "plan_section": TRANSPORT_SECTION,
                  "relation": t["relation"]}
        for role in ("origins", "destinations"):
            if role in t:
                target[role] = t[role]
        target.update({"minutes": t["minutes"], "status": "indicative", "note": t["note"]})
        targets.append(target)
    return {
        "name": "dongying",
        "title": "东营市城镇体系 (Dongying town system)",
        "region": "东营市, 山东省",
        "plan": {
            "title": "东营市新型城镇化规划(2021—2035年)",
            "title_note": "The body never names itself and the scraped page header carries another document title; the title here is the plan notes’ reading (plans/seed-000-dongying.md).",
            "base_year": 2020, "start_year": 2021, "end_year": 2035, "seed": SEED,
            "period_sentence": S_BASE, "targets_status_sentence": S_INDICATIVE,
        },
        "structure_sentence": S_STRUCTURE,
        "function_types_sentence": S_TYPES,
        "crs": "OGC:CRS84",
        "metric_crs": "EPSG:4549",
        "layers": {"settlements": "settlements.geojson", "counties": "counties.geojson"},
        "levels": [pick(l, ["id", "rank", "name_zh", "name_en", "stated_count", "plan_sentence", "note"]) for l in LEVELS],
        "sub_classes": [pick(c, ["id", "level", "name_zh", "name_en", "stated_count", "plan_sentence", "note"]) for c in SUB_CLASSES],
        "function_types": [pick(t, ["id", "name_zh", "name_en", "stated_count", "plan_sentence"]) for t in TYPES],
        "default_network": "schematic",
        "networks": [{
            "id": "schematic",
            "file": "network.geojson",
            "description": "schematic Dongying network (modelled, Tools/dongying_network.py)",
            "snap_tolerance_m": 1, "interchange_tolerance_m": 50, "access_speed_kmh": 30, "max_attach_m": 5000,
            "ramp_speed_kmh": 40,
            "classes": [pick(c, ["id", "name_zh", "name_en", "speed_kmh", "speed_low_kmh", "speed_high_kmh", "controlled_access",
                                 "attachable", "speed_source"], ())
                        for c in dongying_network.CLASSES],
        }, build_osm_networks.manifest_entry("东营市 and 25 km around it")],
        "layout": {
            "buffer_km": LAYOUT_BUFFER_KM,
            "pattern_sentence": S_PATTERN,
            "elements": [pick(e, ["id", "name_zh", "kind", "members", "plan_sentence", "note"], ()) for e in LAYOUT],
        },
        "targets": targets,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"), help="path to the shared folder (default: ../shared beside the checkout)")
    ap.add_argument("--out", default=os.path.join(ROOT, "GeoData", "dongying"), help="output folder")
    args = ap.parse_args()
    seed_path = os.path.join(args.shared, "seeds", SEED)
    if not os.path.exists(seed_path):
        fail(f"seed not found: {seed_path} (pass --shared)")
    check_sentences(open(seed_path, encoding="utf-8").read())
    points = read_points(args.shared)
    codes = read_codes(args.shared)
    os.makedirs(args.out, exist_ok=True)
    settlements = build_settlements(points, codes)
    write_collection(os.path.join(args.out, "settlements.geojson"), settlements)
    write_collection(os.path.join(args.out, "counties.geojson"), build_counties(args.shared))
    points = {f["id"]: f["geometry"]["coordinates"] for f in settlements if f["geometry"]}
    names = {f["id"]: f["properties"]["name_zh"] for f in settlements}
    network = dongying_network.build(points, names)
    write_collection(os.path.join(args.out, "network.geojson"), network)
    write_manifest(os.path.join(args.out, "dataset.yaml"), "build_dongying_dataset.py", manifest())
    located = sum(1 for f in settlements if f["geometry"])
    roads = sum(1 for f in network if f["geometry"]["type"] == "LineString")
    print(f"wrote {args.out}: {len(settlements)} settlement features ({located} located), {len(COUNTIES)} counties, "
          f"{roads} road links and {len(network) - roads} interchanges")


if __name__ == "__main__":
    main()
