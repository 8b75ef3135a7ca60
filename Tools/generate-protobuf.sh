#!/usr/bin/env bash
# Regenerates the Swift code for the OSM PBF messages (Tools/proto/osm_pbf.proto) into
# Sources/OSMKit/Generated. The generated file is committed: builds never run protoc.
# Needs protoc (Debian: protobuf-compiler) and protoc-gen-swift of the swift-protobuf
# version Package.swift names; pass its path as $PROTOC_GEN_SWIFT or put it on PATH
# (build it with: swift build -c release --product protoc-gen-swift in a swift-protobuf checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}"
[ -x "$plugin" ] || { echo "protoc-gen-swift not found: set PROTOC_GEN_SWIFT" >&2; exit 1; }
protoc --plugin=protoc-gen-swift="$plugin" --proto_path=Tools/proto \
  --swift_opt=Visibility=Internal --swift_out=Sources/OSMKit/Generated Tools/proto/osm_pbf.proto
echo "wrote Sources/OSMKit/Generated/osm_pbf.pb.swift"
