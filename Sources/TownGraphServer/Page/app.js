// TownGraph's map page: plain JavaScript over the JSON API (docs/api.md) and Leaflet.
// No tiles: the map is the dataset's counties, roads and towns. State the browser tests read
// is kept in window.townGraph.
"use strict";

const FUNCTION_COLOURS = ["#d7301f", "#2b8cbe", "#41ab5d", "#fe9929", "#807dba", "#8c6d31", "#e7298a", "#666666"];
const ISOCHRONE_COLOURS = ["#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef", "#deebf7"];
const LEVEL_RADIUS = [11, 8, 6, 4.5, 3.5];

const state = {
  dataset: null, summary: null, network: null, scenario: "base", compare: false,
  towns: [], markers: new Map(), counties: null, roads: null, overlay: null, pairsLayer: null,
  check: null, comparison: null, hiddenLevels: new Set(), hiddenTypes: new Set(),
  lastRoute: null, lastIsochrones: null, lastReach: null, selectedTarget: null, ready: false, requests: 0,
};
window.townGraph = state;

const map = L.map("map", { zoomControl: true, attributionControl: true, preferCanvas: false });
map.attributionControl.setPrefix("TownGraph · Leaflet");
L.control.scale({ metric: true, imperial: false }).addTo(map);
const legend = L.control({ position: "bottomright" });
legend.onAdd = () => {
  const d = L.DomUtil.create("div", "legend");
  d.id = "legend";
  // On a narrow window the legend starts folded; a click on it folds or unfolds it.
  if (window.innerWidth < 800) d.classList.add("folded");
  L.DomEvent.on(d, "click", () => d.classList.toggle("folded"));
  L.DomEvent.disableClickPropagation(d);
  return d;
};
legend.addTo(map);

// Keep the whole dataset in view when the window changes size.
function fitDataset() {
  map.invalidateSize();
  if (state.counties && state.counties.getLayers().length) map.fitBounds(state.counties.getBounds(), { padding: [10, 10] });
  else if (state.summary && state.summary.bbox) {
    const b = state.summary.bbox;
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20] });
  }
}
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (window.innerWidth < 800) document.getElementById("legend").classList.add("folded");
    fitDataset();
  }, 150);
});

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

function showError(message) {
  const e = $("error");
  e.textContent = message;
  e.hidden = !message;
}

async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const url = `/api/datasets/${encodeURIComponent(state.dataset)}${path}${q.toString() ? "?" + q : ""}`;
  state.requests++;
  try {
    const r = await fetch(url);
    const body = await r.json();
    if (!r.ok) throw new Error(body.error + (body.parameter ? ` (${body.parameter})` : ""));
    return body;
  } finally {
    state.requests--;
  }
}

function routing() {
  return { network: state.network, scenario: state.scenario === "base" ? null : state.scenario };
}

function levelRank(id) {
  const l = state.summary.levels.find((x) => x.id === id);
  return l ? l.rank : 5;
}

function typeColour(id) {
  const i = state.summary.function_types.findIndex((t) => t.id === id);
  return i < 0 ? "#ffffff" : FUNCTION_COLOURS[i % FUNCTION_COLOURS.length];
}

function roadStyle(cls, classes) {
  const c = classes.find((x) => x.id === cls) || {};
  if (c.mode === "rail") return { color: "#3f007d", weight: 2.5 };
  if (c.controlled_access) return { color: "#d94801", weight: 3.5 };
  if ((c.speed_kmh || 0) >= 80) return { color: "#fd8d3c", weight: 2.5 };
  if ((c.speed_kmh || 0) >= 55) return { color: "#969696", weight: 1.6 };
  return { color: "#bdbdbd", weight: 1.1 };
}

// ---- loading a dataset -------------------------------------------------------------------

async function loadDatasets() {
  const r = await fetch("/api/datasets").then((x) => x.json());
  const sel = $("dataset");
  sel.innerHTML = r.datasets.map((d) => `<option value="${esc(d.name)}">${esc(d.name)} · ${esc(d.title)}</option>`).join("");
  const wanted = new URLSearchParams(location.search).get("dataset");
  if (wanted && r.datasets.some((d) => d.name === wanted)) sel.value = wanted;
  await loadDataset(sel.value);
}

async function loadDataset(name) {
  state.ready = false;
  state.dataset = name;
  clearResult();
  state.summary = await api("");
  const s = state.summary;
  $("title").textContent = `TownGraph · ${s.title}`;
  document.title = `TownGraph · ${s.title}`;
  $("network").innerHTML = s.networks.map((n) => `<option value="${esc(n.name)}">${esc(n.name)}</option>`).join("");
  state.network = s.networks.length ? s.networks[0].name : null;
  state.hiddenLevels.clear();
  state.hiddenTypes.clear();
  drawFilters();
  const [counties, towns] = await Promise.all([api("/counties"), api("/settlements")]);
  if (state.counties) state.counties.remove();
  state.counties = L.geoJSON(counties, {
    style: { color: "#7a7a7a", weight: 1.2, fillColor: "#fbfaf3", fillOpacity: 1 },
    onEachFeature: (f, layer) => layer.bindTooltip(esc(f.properties.name_zh), { sticky: true }),
  }).addTo(map);
  state.towns = towns.features.filter((f) => f.geometry);
  fitDataset();
  await loadNetwork();
}

async function loadNetwork() {
  state.ready = false;
  const n = state.summary.networks.find((x) => x.name === state.network);
  const years = n ? n.scenarios : [];
  $("scenario").innerHTML = ["base", ...years].map((y) => `<option value="${y}">${y === "base" ? "base 现状" : y}</option>`).join("");
  state.scenario = "base";
  const last = years.length ? years[years.length - 1] : null;
  $("compare").disabled = last === null;
  $("compare-label").textContent = last === null ? "(no planned links)" : `base → ${last}`;
  if (state.roads) { state.roads.remove(); state.roads = null; }
  if (n) {
    const net = await api("/network", { network: state.network });
    const classes = (net.towngraph && net.towngraph.classes) || [];
    state.roads = L.geoJSON(net, {
      filter: (f) => f.geometry.type === "LineString",
      style: (f) => ({ ...roadStyle(f.properties.class, classes), dashArray: f.properties.status === "planned" ? "6 5" : null, opacity: 0.9 }),
      onEachFeature: (f, layer) => layer.bindTooltip(esc([f.properties.ref, f.properties.name, f.properties.class, f.properties.status === "planned" ? `planned ${f.properties.year}` : ""].filter(Boolean).join(" · ")), { sticky: true }),
    }).addTo(map);
    state.roadClasses = classes;
    map.attributionControl.removeAttribution(state.credit || "");
    state.credit = n.credit ? esc(n.credit) : "";
    if (state.credit) map.attributionControl.addAttribution(state.credit);
  }
  drawTowns();
  drawLegend();
  await loadCheck();
  state.ready = true;
}

// ---- towns and filters -------------------------------------------------------------------

function drawFilters() {
  const s = state.summary;
  $("levels").innerHTML = s.levels.map((l) =>
    `<label><input type="checkbox" data-level="${esc(l.id)}" checked> ${esc(l.name_zh)} <small>${esc(l.name_en)} (${l.count})</small></label>`).join("");
  $("types").innerHTML = s.function_types.map((t) =>
    `<label><input type="checkbox" data-type="${esc(t.id)}" checked> <span class="swatch" style="background:${typeColour(t.id)}"></span>${esc(t.name_zh)} <small>${esc(t.name_en)}</small></label>`).join("")
    || "<small>(the plan names no function types)</small>";
  for (const box of document.querySelectorAll("#levels input, #types input")) {
    box.addEventListener("change", () => {
      const set = box.dataset.level ? state.hiddenLevels : state.hiddenTypes;
      const key = box.dataset.level || box.dataset.type;
      if (box.checked) set.delete(key); else set.add(key);
      applyFilters();
    });
  }
}

function drawTowns() {
  for (const m of state.markers.values()) m.remove();
  state.markers.clear();
  const ordered = [...state.towns].sort((a, b) => levelRank(b.properties.level) - levelRank(a.properties.level));
  for (const f of ordered) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const rank = levelRank(p.level);
    const m = L.circleMarker([lat, lon], {
      radius: LEVEL_RADIUS[Math.min(rank, LEVEL_RADIUS.length) - 1], color: "#222", weight: 1,
      fillColor: typeColour(p.function_type), fillOpacity: 0.95, className: `town town-${p.id}`,
    });
    if (rank <= 2) m.bindTooltip(esc(p.name_zh), { permanent: true, direction: "right", className: "town-label", offset: [6, 0] });
    m.bindPopup(() => popup(p), { className: "popup" });
    m.feature = f;
    state.markers.set(p.id, m);
  }
  applyFilters();
}

function applyFilters() {
  let shown = 0;
  for (const [, m] of state.markers) {
    const p = m.feature.properties;
    const visible = !state.hiddenLevels.has(p.level) && !state.hiddenTypes.has(p.function_type);
    if (visible) { if (!map.hasLayer(m)) m.addTo(map); shown++; } else if (map.hasLayer(m)) m.remove();
  }
  state.visibleTowns = shown;
  $("town-count").textContent = `${shown} / ${state.markers.size} 城镇 towns shown`;
}

function popup(p) {
  const s = state.summary;
  const level = s.levels.find((l) => l.id === p.level);
  const type = s.function_types.find((t) => t.id === p.function_type);
  const county = s.counties.find((c) => c.id === p.county);
  const div = document.createElement("div");
  div.innerHTML = `<strong>${esc(p.name_zh)}</strong> <small>${esc(p.name_pinyin || p.id)}</small><br>
    层级 level: ${esc(level ? `${level.name_zh} (${level.name_en})` : p.level)}<br>
    职能 type: ${esc(type ? `${type.name_zh} (${type.name_en})` : p.function_type || "—")}<br>
    区县 county: ${esc(county ? county.name_zh : p.county || "—")}<br>
    人口 population: ${esc(p.population_band || "—")}<br>
    ${p.roles && p.roles.length ? `规划定位 roles: ${esc(p.roles.join("; "))}<br>` : ""}
    <button type="button" class="iso">等时圈 isochrones 30/45/90</button><button type="button" class="reach">可达 reach</button>`;
  div.querySelector(".iso").addEventListener("click", () => isochrones(p));
  div.querySelector(".reach").addEventListener("click", () => reach(p));
  return div;
}

function drawLegend() {
  const s = state.summary;
  const parts = [];
  parts.push(`<strong>图例 legend · ${esc(s.title)}</strong>`);
  for (const l of s.levels) {
    const r = LEVEL_RADIUS[Math.min(l.rank, LEVEL_RADIUS.length) - 1];
    parts.push(`<span><i class="dot" style="width:${2 * r}px;height:${2 * r}px;background:#ddd"></i>${esc(l.name_zh)} ${esc(l.name_en)}</span>`);
  }
  for (const t of s.function_types) parts.push(`<span><i class="dot" style="background:${typeColour(t.id)}"></i>${esc(t.name_zh)} ${esc(t.name_en)}</span>`);
  const seen = new Set();
  for (const c of state.roadClasses || []) {
    const st = roadStyle(c.id, state.roadClasses);
    const key = st.color + st.weight;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`<span><i style="border-top:${st.weight}px solid ${st.color}"></i>${esc(c.name_zh)} ${esc(c.name_en)}</span>`);
  }
  if (state.roads) parts.push(`<span><i style="border-top:2px dashed #777"></i>规划 planned</span>`);
  $("legend").innerHTML = parts.join("<br>");
}

// ---- the check ---------------------------------------------------------------------------

async function loadCheck() {
  $("check-status").textContent = "核查中 checking…";
  $("targets").tBodies[0].innerHTML = "";
  $("pairs").innerHTML = "";
  state.check = null;
  state.comparison = null;
  if (!state.network || !state.summary.targets.length) {
    $("check-status").textContent = "该数据集无出行时间目标 (no travel-time targets)";
    return;
  }
  try {
    state.check = await api("/check", routing());
    if (state.compare) {
      const n = state.summary.networks.find((x) => x.name === state.network);
      const last = n.scenarios[n.scenarios.length - 1];
      state.comparison = await api("/compare", { network: state.network, scenarios: `base,${last}` });
    }
  } catch (e) {
    $("check-status").textContent = `核查失败 check failed: ${e.message}`;
    return;
  }
  const c = state.check;
  const failing = c.targets.filter((t) => !t.holds).length;
  const verdict = failing === 0 ? "全部达标 all targets hold"
    : `${failing} 项未达标 target${failing === 1 ? "" : "s"} fail${failing === 1 ? "s" : ""}${c.passes ? " (indicative only; binding targets hold)" : ""}`;
  $("check-status").textContent = `${c.network_name}, ${c.scenario}: ${verdict}` +
    (state.comparison ? ` · 对比 ${state.comparison.base} → ${state.comparison.other}: ${state.comparison.changes.length} pairs change` : "");
  const rows = c.targets.map((t, i) => {
    const changed = state.comparison ? state.comparison.changes.filter((x) => x.target === t.id).length : 0;
    return `<tr class="target" data-index="${i}" data-target="${esc(t.id)}"><td>${esc(t.id)}${changed ? ` <small>(${changed} change)</small>` : ""}</td><td>${t.minutes} min</td><td>${t.passed}/${t.pairs}</td><td class="${t.holds ? "holds" : "fails"}">${t.holds ? "达标 holds" : "未达标 fails"}</td></tr>`;
  });
  $("targets").tBodies[0].innerHTML = rows.join("");
  for (const tr of $("targets").tBodies[0].rows) tr.addEventListener("click", () => selectTarget(Number(tr.dataset.index)));
}

function townLatLng(id) {
  const m = state.markers.get(id);
  return m ? m.getLatLng() : null;
}

function selectTarget(i) {
  const t = state.check.targets[i];
  state.selectedTarget = t.id;
  for (const tr of $("targets").tBodies[0].rows) tr.classList.toggle("selected", Number(tr.dataset.index) === i);
  if (state.pairsLayer) state.pairsLayer.remove();
  state.pairsLayer = L.layerGroup().addTo(map);
  const changes = new Map((state.comparison ? state.comparison.changes : []).filter((c) => c.target === t.id).map((c) => [`${c.origin}>${c.destination}`, c]));
  const pairs = t.details || [];
  const items = [];
  pairs.forEach((p, k) => {
    const a = townLatLng(p.origin), b = p.destination ? townLatLng(p.destination) : null;
    const change = changes.get(`${p.origin}>${p.destination}`);
    const colour = change ? "#2166ac" : p.outcome === "passed" ? "#1a7837" : "#b2182b";
    if (a && b) L.polyline([a, b], { color: colour, weight: change ? 3 : 2, opacity: 0.8, dashArray: "2 4", className: `pair-line ${p.outcome}` }).addTo(state.pairsLayer);
    const m = p.minutes === null || p.minutes === undefined ? "—" : `${p.minutes} min`;
    const margin = p.margin_minutes === null || p.margin_minutes === undefined ? "" : ` (${p.margin_minutes > 0 ? "+" : ""}${p.margin_minutes})`;
    const extra = change ? ` → ${change.other_minutes ?? "—"} min ${change.other_outcome} in ${state.comparison.other}` : "";
    items.push(`<div class="pair ${esc(p.outcome)}${change ? " changed" : ""}" data-k="${k}">${esc(p.origin_name)} → ${esc(p.destination_name || "—")}: ${m}${margin} ${esc(p.outcome)}${esc(extra)}</div>`);
  });
  $("pairs").innerHTML = `<h2>${esc(t.id)} <small>${esc(t.plan_sentence)}</small></h2>` + items.join("");
  for (const div of $("pairs").querySelectorAll(".pair")) {
    div.addEventListener("click", () => {
      const p = pairs[Number(div.dataset.k)];
      if (p.destination) showRoute(p.origin, p.destination, p);
    });
  }
}

// ---- questions: route, isochrones, reach -------------------------------------------------

function setOverlay(layer) {
  if (state.overlay) state.overlay.remove();
  state.overlay = layer;
  if (layer) layer.addTo(map);
}

function showResult(title, html) {
  $("result").hidden = false;
  $("result-title").textContent = title;
  $("result-body").innerHTML = html;
}

function clearResult() {
  setOverlay(null);
  $("result").hidden = true;
  state.lastRoute = state.lastIsochrones = state.lastReach = null;
}

async function showRoute(from, to, pair) {
  try {
    const r = await api("/route", { from, to, ...routing() });
    const f = r.features[0];
    setOverlay(L.geoJSON(r, { style: { color: "#e7298a", weight: 5, opacity: 0.85, className: "route-line" } }));
    state.lastRoute = { from, to, minutes: f.properties.minutes, km: f.properties.km };
    const margin = pair && pair.margin_minutes !== null && pair.margin_minutes !== undefined ? `, margin 余量 ${pair.margin_minutes} min` : "";
    showResult("路线 route", `<p id="route-summary">${esc(pair ? pair.origin_name : from)} → ${esc(pair ? pair.destination_name : to)}: <b>${f.properties.minutes} min</b>, <b>${f.properties.km} km</b>${esc(margin)}</p>`);
  } catch (e) { showError(e.message); }
}

async function isochrones(p) {
  map.closePopup();
  try {
    const r = await api("/isochrones", { from: p.id, minutes: "30,45,90", ...routing() });
    const features = [...r.features].sort((a, b) => b.properties.minutes - a.properties.minutes);
    setOverlay(L.geoJSON({ type: "FeatureCollection", features }, {
      style: (f) => ({ color: "#08519c", weight: 1, fillColor: ISOCHRONE_COLOURS[[30, 45, 90].indexOf(f.properties.minutes)] || "#9ecae1", fillOpacity: 0.35, className: "isochrone" }),
    }));
    state.lastIsochrones = { origin: p.id, features: r.features.map((f) => ({ minutes: f.properties.minutes, area_km2: f.properties.area_km2 })) };
    showResult(`等时圈 isochrones · ${p.name_zh}`, "<table id='iso-table'><tr><th>min</th><th>km²</th></tr>" +
      r.features.map((f) => `<tr><td>${f.properties.minutes}</td><td>${f.properties.area_km2}</td></tr>`).join("") + "</table>");
  } catch (e) { showError(e.message); }
}

async function reach(p) {
  map.closePopup();
  try {
    const r = await api("/reach", { from: p.id, minutes: "30,45,90", ...routing() });
    const layer = L.layerGroup();
    const limits = r.limits_minutes;
    const bands = [];
    limits.forEach((lim, i) => {
      const ids = r.reached[String(lim)] || [];
      bands.push(`<tr><td>≤ ${lim} min</td><td>${ids.length}</td></tr>`);
      for (const id of ids) {
        const ll = townLatLng(id);
        if (ll) L.circleMarker(ll, { radius: 13, color: ISOCHRONE_COLOURS[i], weight: 3, fill: false, className: "reached" }).addTo(layer);
      }
    });
    setOverlay(layer);
    state.lastReach = r;
    showResult(`可达 reach · ${p.name_zh}`, `<table>${bands.join("")}</table>`);
  } catch (e) { showError(e.message); }
}

// ---- controls ----------------------------------------------------------------------------

$("dataset").addEventListener("change", (e) => loadDataset(e.target.value).catch((x) => showError(x.message)));
$("network").addEventListener("change", (e) => { state.network = e.target.value; clearResult(); loadNetwork().catch((x) => showError(x.message)); });
$("scenario").addEventListener("change", async (e) => {
  state.scenario = e.target.value;
  clearResult();
  state.ready = false;
  await loadCheck().catch((x) => showError(x.message));
  state.ready = true;
});
$("compare").addEventListener("change", async (e) => {
  state.compare = e.target.checked;
  state.ready = false;
  await loadCheck().catch((x) => showError(x.message));
  if (state.selectedTarget && state.check) {
    const i = state.check.targets.findIndex((t) => t.id === state.selectedTarget);
    if (i >= 0) selectTarget(i);
  }
  state.ready = true;
});
$("clear").addEventListener("click", clearResult);

loadDatasets().catch((e) => showError(`TownGraph could not load: ${e.message}`));
