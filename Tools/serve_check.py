#!/usr/bin/env python3
"""Tests `towngraph serve` in a real browser (headless Chromium through selenium), then under load.

Starts `towngraph serve --port 0` (every bundled dataset), and checks on the page, against the
CLI's answers to the same questions:
  - it loads with no console errors; the map holds the 27 located Dongying towns and 5 counties;
  - showing only 重点镇 (key towns) leaves 8 towns;
  - clicking a failing pair of a target draws a route whose minutes and km equal `towngraph route`;
  - clicking 广饶县城, then "isochrones", draws three nested polygons whose areas equal
    `towngraph isochrones`;
  - the compare toggle marks the pairs whose verdict changes between base and 2035;
  - every bundled dataset loads from the picker with all its located towns;
  - at 420 px wide the page still fits (no horizontal scrolling);
and saves screenshots (1280x800 and narrow) to --out. Then 200 concurrent requests on loopback
(reach, route, matrix, settlements, check) must each get the answer a lone request got, and the
server's resident memory is reported before and after. Exits 1 with the first failure.

Usage: serve_check.py --towngraph .build/debug/towngraph --out DIR
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def fail(message):
    print(f"FAIL: {message}", flush=True)
    print(f"FAIL: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print(f"ok: {message}", flush=True)


def cli(tg, *args):
    r = subprocess.run([tg, *args], capture_output=True, text=True)
    if r.returncode not in (0, 2):
        fail(f"towngraph {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(driver, script, timeout=60, what="the page"):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    fail(f"timed out waiting for {what}: {script}")


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--towngraph", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    tg = os.path.abspath(args.towngraph)
    os.makedirs(args.out, exist_ok=True)

    server = subprocess.Popen([tg, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"(http://\S+)", line)
        if not m:
            fail(f"serve did not say its URL: {line!r} {server.stderr.read() if server.poll() is not None else ''}")
        base = m.group(1)
        print(f"serving at {base}", flush=True)
        method_checks(base)
        browser_checks(tg, base, args.out)
        load_checks(base, server.pid, args.requests)
    finally:
        server.send_signal(2)  # Ctrl-C: a clean stop
        try:
            code = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            fail("serve did not stop within 20 s of SIGINT")
    check(code == 0, f"serve stops cleanly on Ctrl-C (exit status {code})")


def method_checks(base):
    """GET and HEAD everywhere; any other method a 405 with Allow, even on unknown paths."""
    def ask(method, path):
        req = urllib.request.Request(base.rstrip("/") + path, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    status, headers, body = ask("GET", "/api/datasets")
    h_status, h_headers, h_body = ask("HEAD", "/api/datasets")
    check(status == 200 and h_status == 200 and h_body == b"" and h_headers.get("Content-Type") == headers.get("Content-Type"),
          "HEAD answers GET's status and content type, without a body")
    check(ask("HEAD", "/api/datasets/atlantis")[0] == 404, "HEAD of an unknown dataset is a 404, as GET")
    for method, path in [("POST", "/api/datasets"), ("DELETE", "/api/datasets/dongying"), ("TRACE", "/"),
                         ("PUT", "/static/app.js"), ("OPTIONS", "/api"), ("PATCH", "/no/such/path")]:
        status, headers, body = ask(method, path)
        check(status == 405 and headers.get("Allow") == "GET, HEAD" and b"not allowed" in body,
              f"{method} {path} is a 405 naming GET and HEAD")


def browser_checks(tg, base, out):
    options = Options()
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=zh-CN"]:
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    binary = "/usr/bin/chromium"
    if os.path.exists(binary):
        options.binary_location = binary
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.set_window_size(1280, 800)
        driver.get(base)
        wait_for(driver, "return window.townGraph && window.townGraph.ready", what="Dongying to load")
        errors = console_errors(driver)
        check(not errors, f"the page loads with no console errors {errors if errors else ''}")
        towns = len(driver.find_elements(By.CSS_SELECTOR, "path.town"))
        counties = driver.execute_script("return window.townGraph.counties.getLayers().length")
        check(towns == 27, f"the map holds the 27 located Dongying towns ({towns})")
        check(counties == 5, f"the map holds the 5 counties ({counties})")
        roads = driver.execute_script("return window.townGraph.roads.getLayers().length")
        check(roads > 20, f"the roads are drawn ({roads} links)")

        # Only 重点镇 (key towns).
        for box in driver.find_elements(By.CSS_SELECTOR, "#levels input"):
            if box.get_attribute("data-level") != "key-town":
                box.click()
        shown = driver.execute_script("return window.townGraph.visibleTowns")
        drawn = len(driver.find_elements(By.CSS_SELECTOR, "path.town"))
        check(shown == 8 and drawn == 8, f"filtering by 重点镇 leaves 8 towns ({shown} counted, {drawn} drawn)")
        for box in driver.find_elements(By.CSS_SELECTOR, "#levels input"):
            if not box.is_selected():
                box.click()
        check(len(driver.find_elements(By.CSS_SELECTOR, "path.town")) == 27, "showing every level again gives 27 towns")

        # A failing pair of the first failing target: its route against `towngraph route`.
        row = driver.find_element(By.CSS_SELECTOR, "#targets tbody tr td.fails").find_element(By.XPATH, "..")
        target = row.get_attribute("data-target")
        row.click()
        pair = driver.find_element(By.CSS_SELECTOR, "#pairs .pair.failed")
        index = int(pair.get_attribute("data-k"))
        p = driver.execute_script(
            f"return window.townGraph.check.targets.find(t => t.id === '{target}').details[{index}]")
        pair.click()
        route = wait_for(driver, "return window.townGraph.lastRoute", what="the route")
        expected = json.loads(cli(tg, "route", p["origin"], p["destination"], "--format", "geojson"))["features"][0]["properties"]
        check(abs(route["km"] - expected["km"]) < 1e-9 and abs(route["minutes"] - expected["minutes"]) < 1e-9,
              f"the failing pair {p['origin']} → {p['destination']} of {target} draws the CLI's route: "
              f"{route['minutes']} min, {route['km']} km (CLI {expected['minutes']} min, {expected['km']} km)")
        check(len(driver.find_elements(By.CSS_SELECTOR, "path.route-line")) >= 1, "the route is drawn on the map")
        summary = driver.find_element(By.ID, "route-summary").text
        check(str(expected["km"]) in summary and "margin" in summary, f"the route panel says time, km and margin: {summary}")

        # 广饶县城 → isochrones 30/45/90.
        driver.execute_script("window.townGraph.markers.get('guangrao-xiancheng').openPopup()")
        wait_for(driver, "return document.querySelector('.leaflet-popup button.iso')", what="the popup")
        popup = driver.find_element(By.CSS_SELECTOR, ".leaflet-popup-content").text
        check("县城或功能区中心城镇" in popup and "综合型" in popup and "10—30万人" in popup,
              "the popup names level, function type and population band")
        driver.find_element(By.CSS_SELECTOR, ".leaflet-popup button.iso").click()
        iso = wait_for(driver, "return window.townGraph.lastIsochrones", what="the isochrones")
        cli_iso = json.loads(cli(tg, "isochrones", "--from", "guangrao-xiancheng", "--minutes", "30,45,90", "-o", "-"))
        want = sorted((f["properties"]["minutes"], f["properties"]["area_km2"]) for f in cli_iso["features"])
        got = sorted((f["minutes"], f["area_km2"]) for f in iso["features"])
        polygons = len(driver.find_elements(By.CSS_SELECTOR, "path.isochrone"))
        check(got == want and polygons == 3, f"广饶县城's isochrones: three polygons with the CLI's areas {got}")
        check(got[0][1] < got[1][1] < got[2][1], "the three isochrones are nested (areas grow with the limit)")
        driver.save_screenshot(os.path.join(out, "serve-dongying.png"))

        # Reach from the popup.
        driver.execute_script("window.townGraph.markers.get('guangrao-xiancheng').openPopup()")
        wait_for(driver, "return document.querySelector('.leaflet-popup button.reach')", what="the popup")
        driver.find_element(By.CSS_SELECTOR, ".leaflet-popup button.reach").click()
        reach = wait_for(driver, "return window.townGraph.lastReach", what="reach")
        cli_reach = json.loads(cli(tg, "reach", "--from", "guangrao-xiancheng", "--minutes", "30,45,90", "--format", "json"))
        check(reach == cli_reach, "reach from the popup equals `towngraph reach`")

        # The compare toggle.
        driver.find_element(By.ID, "compare").click()
        wait_for(driver, "return window.townGraph.ready && window.townGraph.comparison", what="the comparison")
        comparison = driver.execute_script("return window.townGraph.comparison")
        cli_cmp = json.loads(cli(tg, "check", "--compare", "base,2035", "--format", "json"))
        check(comparison == cli_cmp, f"the compare toggle shows `check --compare base,2035` ({len(cli_cmp['changes'])} changes)")
        if cli_cmp["changes"]:
            t = cli_cmp["changes"][0]["target"]
            driver.find_element(By.CSS_SELECTOR, f"#targets tr[data-target='{t}']").click()
            marked = len(driver.find_elements(By.CSS_SELECTOR, "#pairs .pair.changed"))
            want_marked = sum(1 for c in cli_cmp["changes"] if c["target"] == t)
            check(marked == want_marked, f"target {t}: the {want_marked} pairs whose verdict changes are marked ({marked})")
        driver.find_element(By.ID, "compare").click()
        wait_for(driver, "return window.townGraph.ready", what="the check")

        # Every bundled dataset from the picker.
        names = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#dataset option")]
        for name in names:
            driver.execute_script(
                f"const s = document.getElementById('dataset'); s.value = '{name}'; s.dispatchEvent(new Event('change'));")
            time.sleep(0.2)
            wait_for(driver, f"return window.townGraph.ready && window.townGraph.dataset === '{name}'", what=name)
            located = driver.execute_script("return window.townGraph.summary.located")
            drawn = driver.execute_script("return window.townGraph.markers.size")
            check(drawn == located and located > 0, f"{name}: all {located} located towns on the map")
        errors = console_errors(driver)
        check(not errors, f"no console errors across the datasets {errors if errors else ''}")

        # A narrow window.
        driver.execute_script(
            "const s = document.getElementById('dataset'); s.value = 'dongying'; s.dispatchEvent(new Event('change'));")
        time.sleep(0.2)
        wait_for(driver, "return window.townGraph.ready && window.townGraph.dataset === 'dongying'", what="dongying")
        driver.set_window_size(420, 800)
        time.sleep(1.0)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        inner = driver.execute_script("return window.innerWidth")
        map_h = driver.execute_script("return document.getElementById('map').getBoundingClientRect().height")
        check(width <= inner and map_h > 200, f"at {inner} px wide the page fits ({width} px) and the map shows ({map_h:.0f} px)")
        in_view = driver.execute_script(
            "const b = window.townGraph.markers.get('zhuchengqu')._map.getBounds();"
            "return [...window.townGraph.markers.values()].filter(m => b.contains(m.getLatLng())).length")
        check(in_view == 27, f"after the resize the map still shows all 27 towns ({in_view} in view)")
        driver.save_screenshot(os.path.join(out, "serve-dongying-narrow.png"))
    finally:
        driver.quit()


def load_checks(base, pid, n):
    def get(path):
        with urllib.request.urlopen(base.rstrip("/") + path, timeout=120) as r:
            return r.status, r.read()

    ids = [f["id"] for f in json.loads(get("/api/datasets/dongying/settlements")[1])["features"] if f["geometry"]]
    rnd = random.Random(7)
    paths = []
    for i in range(n):
        kind = i % 5
        a, b = rnd.sample(ids, 2)
        if kind == 0:
            paths.append(f"/api/datasets/dongying/reach?from={a}&minutes=30,45")
        elif kind == 1:
            paths.append(f"/api/datasets/dongying/route?from={a}&to={b}")
        elif kind == 2:
            paths.append(f"/api/datasets/dongying/matrix?from={a},{b}&to=" + urllib.parse.quote("kind=town"))
        elif kind == 3:
            paths.append("/api/datasets/dongying/settlements?level=key-town")
        else:
            paths.append("/api/datasets/dongying/check?scenario=2035")
    expected = {}
    for p in set(paths):
        status, body = get(p)
        expected[p] = (status, body)
    before = rss_mb(pid)
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(get, paths))
    seconds = time.time() - t0
    after = rss_mb(pid)
    wrong = [p for p, a in zip(paths, answers) if a != expected[p]]
    check(not wrong, f"{n} concurrent requests all answered as alone ({seconds:.1f} s; {len(wrong)} wrong)")
    check(all(a[0] == 200 for a in answers), "every one with 200")
    print(f"server memory: {before:.0f} MB before the {n} concurrent requests, {after:.0f} MB after", flush=True)


if __name__ == "__main__":
    main()
