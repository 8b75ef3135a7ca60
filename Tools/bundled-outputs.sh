#!/usr/bin/env bash
# Writes what towngraph prints and writes for every bundled dataset into one folder, so that
# two builds can be compared byte for byte (a refactor must not change them):
#   Tools/bundled-outputs.sh OUTDIR [TOWNGRAPH]
#   diff -r before/ after/
# Each command's standard output, standard error and exit status are kept.
set -uo pipefail
out=${1:?usage: Tools/bundled-outputs.sh OUTDIR [towngraph binary]}
tg=${2:-.build/release/towngraph}
mkdir -p "$out"
run() {
  local name=$1; shift
  "$tg" "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.status"
}
for ds in dongying yantai shandong binzhou; do
  run "$ds-info" info --data "$ds"
  run "$ds-towns" towns --data "$ds"
  run "$ds-towns-csv" towns --data "$ds" --format csv
  run "$ds-towns-geojson" towns --data "$ds" --format geojson
  run "$ds-export" export --data "$ds" -o "$out/$ds-export.geojson"
  run "$ds-check" check --data "$ds" --details
  run "$ds-check-json" check --data "$ds" --format json --details
  run "$ds-check-geojson" check --data "$ds" --format geojson
  run "$ds-render" render --data "$ds" -o "$out/$ds-map.svg"
done
run check-all check --all
run check-all-details check --all --details
run check-compare check --compare base,2035
run isochrones isochrones --from 主城区 --minutes 30,45,90 -o "$out/isochrones.geojson"
run isochrones-seats isochrones --from sub-class=county-seat --minutes 45 --scenario 2035 -o "$out/isochrones-seats.geojson"
run yantai-isochrones isochrones --data yantai --from level=1 --minutes 30,60 -o "$out/yantai-isochrones.geojson"
run reach reach --from 主城区 --minutes 30,45,90 --all
run reach-json reach --from 主城区 --format json
run matrix matrix --from level=county-centre --to level=county-centre
run matrix-json matrix --from 主城区 --to kind=town --format json
run route route 主城区 利津县城
run route-geojson route 主城区 利津县城 --format geojson
run catchments catchments --members sub-class=county-seat --members zhuchengqu -o "$out/catchments.geojson"
run coverage coverage --from interchanges --minutes 30
run measures measures
run layout layout -o "$out/layout.geojson"
run render-overlays render --isochrones-from 主城区 --minutes 45 --catchments sub-class=county-seat --failing -o "$out/overlays.svg"
run network network
run towns-near towns --near 广饶县城 --within-km 12
run osm-import network import Tests/Fixtures/osm/test.osm.pbf --format json -o "$out/osm-import.geojson"
for f in "$out"/*.out "$out"/*.err; do sed -i "s#$out#OUT#g" "$f"; done
