# TownGraph: the two commands of the quick start are `make demo` and `make test`.
SWIFT ?= swift
VENV  := .venv
PY    := $(VENV)/bin/python
SHARED ?= ../shared
TOWNGRAPH := .build/release/towngraph

.PHONY: demo test build deps test-deps dataset dataset-check lint format fuzz api-fuzz bench bench-isochrones bench-osm bench-postgis clean

## demo: build the tool and run it on the bundled Dongying dataset
demo: build
	$(TOWNGRAPH) info
	$(TOWNGRAPH) towns --function industry-commerce
	@mkdir -p out
	$(TOWNGRAPH) export -o out/dongying.geojson
	$(TOWNGRAPH) check --details
	$(TOWNGRAPH) check --compare base,2035
	$(TOWNGRAPH) render -o out/dongying-map.svg

## test: the whole test suite (Swift tests, cross-checks against shapely/pyproj/GDAL/pgRouting on a
## throwaway PostgreSQL cluster, data rebuild check)
test: test-deps
	Tools/test-db.sh run env TOWNGRAPH_PYTHON="$(CURDIR)/$(PY)" $(SWIFT) test --disable-xctest
	$(MAKE) --no-print-directory dataset-check

## lint: the code is formatted as .swift-format says (generated protobuf code aside)
SWIFT_SOURCES = find Sources Tests Package.swift -name '*.swift' -not -path '*/Generated/*'
lint:
	@$(SWIFT_SOURCES) -print0 | xargs -0 $(SWIFT) format lint --strict --parallel
	@echo "lint: Sources and Tests follow .swift-format"

## format: formats the code in place
format:
	@$(SWIFT_SOURCES) -print0 | xargs -0 $(SWIFT) format format --in-place --parallel

## fuzz: coverage-guided fuzzing of the PBF, XML, GeoJSON and manifest readers (FUZZ_SECONDS each)
FUZZ_SECONDS ?= 60
fuzz: deps
	Tools/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

## api-fuzz: schemathesis against `towngraph serve` (a debug build: its checks on) from
## docs/openapi.yaml, deterministic; in CI
api-fuzz: deps test-deps
	$(SWIFT) build --product towngraph
	$(PY) Tools/api_fuzz.py --towngraph .build/debug/towngraph

build: deps
	$(SWIFT) build -c release --product towngraph

deps:
	@Tools/install-deps.sh

test-deps: $(VENV)/.installed
	@Tools/install-deps.sh --test

$(VENV)/.installed: Tools/requirements-test.txt
	@Tools/install-deps.sh --test
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r Tools/requirements-test.txt
	@touch $@

## bench: routing benchmark against scipy and igraph (minutes; not part of the tests)
bench: deps .venv-bench/.installed
	$(SWIFT) build -c release --product towngraph-bench
	.venv-bench/bin/python Tools/benchmark_routing.py $(BENCH_ARGS)

## bench-isochrones: isochrone benchmark against shapely 2
bench-isochrones: deps .venv-bench/.installed
	$(SWIFT) build -c release --product towngraph-bench
	.venv-bench/bin/python Tools/benchmark_isochrones.py $(BENCH_ARGS)

## bench-postgis: db push of the 100,000-node synthetic network, read back and matrix, beside pgRouting
bench-postgis: deps
	@Tools/install-deps.sh --test
	$(SWIFT) build -c release --product towngraph-bench
	$(SWIFT) build -c release --product towngraph
	TOWNGRAPH_TEST_DB_FSYNC=on Tools/test-db.sh run python3 Tools/benchmark_postgis.py $(BENCH_ARGS)

## bench-osm: OpenStreetMap import speed and memory beside pyosmium
bench-osm: deps .venv-bench/.installed
	$(SWIFT) build -c release --product towngraph
	.venv-bench/bin/python Tools/benchmark_osm_import.py $(BENCH_ARGS)

.venv-bench/.installed: Tools/requirements-bench.txt
	python3 -m venv .venv-bench
	.venv-bench/bin/python -m pip install -q --disable-pip-version-check -r Tools/requirements-bench.txt
	@touch $@

## dataset: rebuild the bundled datasets from ../shared
dataset:
	python3 Tools/build_dongying_dataset.py --shared $(SHARED)
	python3 Tools/build_shandong_dataset.py --shared $(SHARED)
	python3 Tools/build_yantai_dataset.py --shared $(SHARED)
	python3 Tools/build_binzhou_dataset.py --shared $(SHARED)
	python3 Tools/build_osm_networks.py --shared $(SHARED)

## dataset-check: the committed datasets are exactly what the scripts make from ../shared
dataset-check:
	@if [ ! -d "$(SHARED)/geodata-sources" ]; then \
	  echo "dataset-check: $(SHARED)/geodata-sources not present, rebuild check not run"; exit 0; fi; \
	tmp=$$(mktemp -d); bad=""; \
	for ds in dongying shandong yantai binzhou; do \
	  python3 Tools/build_$${ds}_dataset.py --shared $(SHARED) --out $$tmp/$$ds >/dev/null || { rm -rf $$tmp; exit 1; }; done; \
	python3 Tools/build_osm_networks.py --shared $(SHARED) --root $$tmp >/dev/null || { rm -rf $$tmp; exit 1; }; \
	for ds in dongying shandong yantai binzhou; do \
	  for f in dataset.yaml settlements.geojson counties.geojson network.geojson osm-major-roads.geojson osm-major-roads.md; do \
	    if [ -e $$tmp/$$ds/$$f ] || [ -e GeoData/$$ds/$$f ]; then cmp -s $$tmp/$$ds/$$f GeoData/$$ds/$$f || bad="$$bad $$ds/$$f"; fi; done; done; \
	rm -rf $$tmp; \
	if [ -n "$$bad" ]; then echo "dataset-check: differs from what the Tools scripts make:$$bad (run make dataset)"; exit 1; fi; \
	echo "dataset-check: GeoData/dongying, shandong, yantai and binzhou (schematic and OpenStreetMap-derived networks) match their Tools scripts' output"

clean:
	rm -rf .build $(VENV) .venv-bench out
