#!/usr/bin/env bash
# Installs the system packages TownGraph needs, with apt-get, when they are missing.
#   Tools/install-deps.sh          GEOS, PROJ, GDAL and zlib development files (to build and run)
#   Tools/install-deps.sh --test   also gdal-bin (ogrinfo), python3-venv, PostgreSQL 15 with PostGIS
#                                  and pgRouting, and Chromium with its driver (for the tests)
set -euo pipefail

need=()
pkg-config --exists geos 2>/dev/null || need+=(libgeos-dev)
pkg-config --exists proj 2>/dev/null || need+=(libproj-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
pkg-config --exists gdal 2>/dev/null || need+=(libgdal-dev)
pkg-config --exists libpq 2>/dev/null || need+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ "${1:-}" = "--test" ]; then
  command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
  # A throwaway PostgreSQL cluster with PostGIS and pgRouting for the database tests.
  ls /usr/lib/postgresql/15/bin/initdb >/dev/null 2>&1 || need+=(postgresql-15)
  ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1 || need+=(postgresql-15-postgis-3)
  ls /usr/share/postgresql/15/extension/pgrouting.control >/dev/null 2>&1 || need+=(postgresql-15-pgrouting)
  # Headless Chromium and its WebDriver for the tests of `towngraph serve`'s page (selenium).
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "TownGraph needs these system packages: ${need[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get is not available (not Debian/Ubuntu). Install the equivalents yourself:" >&2
  echo "  GEOS >= 3.11, PROJ >= 9, GDAL >= 3.4 and libpq with their headers and pkg-config files (for example: brew install geos proj gdal; dnf install geos-devel proj-devel gdal-devel)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
  else
    echo "Installing them needs root. Run, as root or with sudo:" >&2
    echo "  apt-get update && apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
echo "Installing with apt-get: ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
