"""The schematic road network of Dongying (imported by build_dongying_dataset.py).

No road geometry for Dongying is available offline (see ../shared/geodata-sources/SOURCES-NOTES.md
section 3). This module draws a schematic network, every link marked "modelled": true:

* Expressway corridors through their named interchanges (compiled/dongying_roads.csv). An
  interchange is placed at the point of the place it is named after; where a name only gives a
  direction or the source gives an order without positions, the placement rule is stated in the
  interchange's "note". Every interchange is marked "approximate": true.
* Ordinary roads: straight links between neighbouring places (the Gabriel graph of the
  settlement and constituent points: two places are neighbours when no third place lies in the
  circle whose diameter joins them), no longer than MAX_LINK_KM, drawn straight and costed with
  the circuity factor CIRCUITY.
* A connector from each interchange to its nearest place.
* Planned links from the plan (2021-2035; the plan gives no year per project, so the plan's
  horizon, 2035, is used).

Speeds by class follow the design speeds of the Chinese highway standard JTG B01-2014
(公路工程技术标准), see CLASSES.
"""
import math

from datasetlib import KM_PER_DEG_LAT, dist_km, gabriel_pairs

PLAN_HORIZON = 2035
CIRCUITY = 1.3             # ordinary links: road length / straight-line length
EXPRESSWAY_CIRCUITY = 1.1  # expressway links drawn straight between interchanges
MAX_LINK_KM = 35.0

CLASSES = [
    dict(id="expressway", name_zh="高速公路", name_en="expressway", speed_kmh=100, speed_low_kmh=80, speed_high_kmh=120, controlled_access=True, attachable=False,
         speed_source="JTG B01-2014 表3.0.2: 高速公路 design speed 120/100/80 km/h; the middle value"),
    dict(id="first-class-highway", name_zh="一级公路", name_en="first-class highway", speed_kmh=80, speed_low_kmh=60, speed_high_kmh=100, controlled_access=False, attachable=True,
         speed_source="JTG B01-2014: 一级公路 design speed 100/80/60 km/h; the middle value"),
    dict(id="trunk-road", name_zh="普通干线公路(二级)", name_en="trunk road (class II)", speed_kmh=60, speed_low_kmh=40, speed_high_kmh=80, controlled_access=False, attachable=True,
         speed_source="JTG B01-2014: 二级公路 design speed 80/60 km/h; the lower value, for schematic links between towns"),
    dict(id="connector", name_zh="连接线", name_en="interchange connector", speed_kmh=60, speed_low_kmh=40, speed_high_kmh=80, controlled_access=False, attachable=True,
         speed_source="JTG B01-2014: 二级公路 design speed 80/60 km/h; the lower value"),
]



def offset(p, north_km=0.0, east_km=0.0):
    lon, lat = p
    return [round(lon + east_km / (KM_PER_DEG_LAT * math.cos(math.radians(lat))), 6), round(lat + north_km / KM_PER_DEG_LAT, 6)]


def lerp(a, b, t):
    return [round(a[0] + (b[0] - a[0]) * t, 6), round(a[1] + (b[1] - a[1]) * t, 6)]


def mid(a, b):
    return lerp(a, b, 0.5)


def build(points, names):
    """points: {place id: [lon, lat]} of located settlements and constituents; names: {id: 中文名}.
    Returns the network's features: road links, then interchanges."""
    P = points
    ic = {}

    def place_ic(iid, name, refs, at, note, status="existing", year=None):
        f = {"type": "Feature", "id": iid, "properties": {
            "id": iid, "feature": "interchange", "name": name, "refs": refs, "approximate": True, "note": note,
            "status": status}, "geometry": {"type": "Point", "coordinates": at}}
        if year:
            f["properties"]["year"] = year
        ic[iid] = f
        return at

    # --- G25/G18 东青 corridor (existing): 垦利北 hub - 垦利 - 东营北 - 东营 - 李庄 - 辛庄子 - 大王 - (青州)
    kenli = place_ic("ic-kenli", "垦利互通", ["G25"], P["kenli-chengqu"], "placed at the 垦利城区 point")
    kenli_n = place_ic("ic-kenli-north", "垦利北枢纽", ["G25", "G18", "S7201"], offset(P["kenli-chengqu"], north_km=8),
                       "G18/G25/S7201 hub 'north of 垦利': placed 8 km due north of the 垦利城区 point (position not in the sources)")
    dongying = place_ic("ic-dongying", "东营互通", ["G25"], mid(P["dongcheng"], P["xicheng"]),
                        "the corridor runs between 西城 and 东城: placed at the midpoint of their points")
    dongying_n = place_ic("ic-dongying-north", "东营北互通", ["G25"], mid(kenli, dongying), "placed midway between the 垦利 and 东营 interchanges")
    dawang = place_ic("ic-dawang", "大王互通", ["G25"], P["dawang"], "placed at the 大王镇 point")
    lizhuang = place_ic("ic-lizhuang", "李庄互通", ["G25"], lerp(dongying, dawang, 1 / 3),
                        "between 东营 and 大王 in the source's order; position not stated: placed one third of the way")
    xinzhuangzi = place_ic("ic-xinzhuangzi", "辛庄子互通", ["G25"], lerp(dongying, dawang, 2 / 3),
                           "between 东营 and 大王 in the source's order; position not stated: placed two thirds of the way")
    # 广饶 interchange: on the corridor at the latitude of 广饶县城.
    t = (dongying[1] - P["guangrao-xiancheng"][1]) / (dongying[1] - dawang[1])
    guangrao = place_ic("ic-guangrao", "广饶互通", ["G25"], lerp(dongying, dawang, t),
                        "position not stated: placed on the corridor at the latitude of 广饶县城")
    qingzhou_exit = offset(dawang, north_km=-15, east_km=-5)  # the corridor leaves the city towards 青州
    g25_points = sorted([kenli_n, kenli, dongying_n, dongying, lizhuang, guangrao, xinzhuangzi, dawang], key=lambda p: -p[1]) + [qingzhou_exit]

    # --- G2516 东吕 (existing, 利津县): 陈庄南 (east end, joins G18 and S7201) - 盐窝 - 利津北 - (滨州)
    chenzhuang_s = place_ic("ic-chenzhuang-south", "陈庄南互通", ["G2516", "G18"], offset(P["chenzhuang"], north_km=-4),
                            "'south of 陈庄': placed 4 km due south of the 陈庄镇 point; taken as the G2516 east end where it meets G18")
    yanwo = place_ic("ic-yanwo", "盐窝互通", ["G2516"], P["yanwo"], "placed at the 盐窝镇 point")
    lijin_n = place_ic("ic-lijin-north", "利津北互通", ["G2516"], offset(P["lijin-xiancheng"], north_km=5),
                       "'north of 利津': placed 5 km due north of the 利津县城 point")
    binzhou_exit = [117.964812, 37.381346]  # toward 滨州 (滨州市 seat, compiled/neighbour_seats.csv)
    g2516_points = [chenzhuang_s, yanwo, lijin_n, lerp(lijin_n, binzhou_exit, 0.5)]

    # --- G18 荣乌 (existing): 垦利北 hub west across the Yellow River to 陈庄南, then north-west toward 沾化.
    zhanhua_exit = [118.092686, 37.698284]  # 沾化区 seat (compiled/neighbour_seats.csv)
    g18_points = [kenli_n, chenzhuang_s, lerp(chenzhuang_s, zhanhua_exit, 0.5)]

    # --- S7201 东营港疏港高速 (existing): from the 垦利北 hub north-east to the port; no interchange is named,
    # so only its port terminus gives access (an expressway's end joins the ordinary roads).
    port = place_ic("ic-port", "东营港(疏港高速终点)", ["S7201"], offset(P["xianhe"], east_km=3),
                    "S7201 terminus at the port: placed 3 km east of the 仙河镇 point; the sources name no S7201 interchange")
    s7201_points = [kenli_n, port]

    features = []

    def link(lid, cls, pts, name, ref=None, status="existing", year=None, circuity=None, note=None):
        props = {"id": lid, "class": cls, "ref": ref, "name": name, "oneway": False, "status": status, "modelled": True,
                 "circuity": circuity if circuity is not None else (EXPRESSWAY_CIRCUITY if cls == "expressway" else CIRCUITY)}
        if year:
            props["year"] = year
        if note:
            props["note"] = note
        features.append({"type": "Feature", "id": lid, "properties": props, "geometry": {"type": "LineString", "coordinates": pts}})

    link("g25", "expressway", g25_points, "长深高速/荣乌高速 东营—青州段 (东青高速)", "G25")
    link("g2516", "expressway", g2516_points, "东吕高速 东营段", "G2516")
    link("g18", "expressway", g18_points, "荣乌高速 东营段", "G18")
    link("s7201", "expressway", s7201_points, "东营港疏港高速", "S7201")

    # --- Planned (plan horizon 2035).
    hekou = place_ic("ic-hekou", "河口互通(规划)", ["荣乌高速河口连接线"], offset(P["hekou-chengqu"], north_km=-3),
                     "planned link terminus: placed 3 km south of the 河口城区 point", status="planned", year=PLAN_HORIZON)
    link("rongwu-hekou-link", "expressway", [chenzhuang_s, hekou], "荣乌高速河口连接线 (规划)", None, "planned", PLAN_HORIZON,
         note="「规划建设荣乌高速河口连接线」; alignment unknown: drawn from the G18/G2516 junction to 河口")
    coastal_towns = ["xinhu", "hekou-chengqu", "gudao", "huanghekou", "huangsanjiao-nonggaoqu"]
    coastal_ics = []
    for tid in coastal_towns:
        at = offset(P[tid], north_km=0, east_km=4)
        coastal_ics.append(place_ic(f"ic-coastal-{tid}", f"滨东潍沿海高速{names[tid]}互通(规划)", ["滨东潍沿海高速"], at,
                                    f"planned; placed 4 km east of the {names[tid]} point", status="planned", year=PLAN_HORIZON))
    weifang_exit = offset(P["huangsanjiao-nonggaoqu"], north_km=-30, east_km=-5)
    link("bindongwei-coastal", "expressway", coastal_ics + [weifang_exit], "滨东潍沿海高速 (规划)", None, "planned", PLAN_HORIZON,
         note="「规划建设…滨东潍沿海高速」; alignment unknown: drawn along the coastal towns of the 北翼 and 黄三角农高区 towards 潍坊")
    link("cross-river-lijin", "first-class-highway", [P["lijin-xiancheng"], P["xicheng"]], "跨河通道 利津—主城区 (规划)", None, "planned", PLAN_HORIZON,
         circuity=1.1, note="「推进跨河通道建设,…促进主城区与利津县的互联互通」; drawn straight from 利津县城 to 西城")

    # --- Ordinary roads: the Gabriel graph of the places.
    ids = sorted(P)
    unique = {}
    for i in ids:
        unique.setdefault(tuple(P[i]), i)
    names = sorted(unique.values())
    pts = {i: P[i] for i in names}
    for a, b in gabriel_pairs(pts, MAX_LINK_KM):
        link(f"road-{a}--{b}", "trunk-road", [pts[a], pts[b]], f"{a}—{b}",
             note="modelled: straight link between neighbouring places (Gabriel graph)")
    # --- Connectors from each interchange to its nearest place.
    for iid, f in sorted(ic.items()):
        at = f["geometry"]["coordinates"]
        near = min(names, key=lambda n: dist_km(at, pts[n]))
        if dist_km(at, pts[near]) < 1e-6:
            # The interchange sits on the place itself: a short stub keeps the two apart in the graph.
            continue
        props = f["properties"]
        link(f"connector-{iid}", "connector", [at, pts[near]], f"{props['name']} 连接线", None, props["status"], props.get("year"),
             circuity=CIRCUITY, note=f"modelled: from the interchange to the nearest place, {near}")
    return features + [ic[k] for k in sorted(ic)]
