#!/usr/bin/env bash
# Coverage-guided fuzzing of TownGraph's readers with libFuzzer and AddressSanitizer.
#   Tools/fuzz.sh [SECONDS] [TARGET...]      (targets: pbf xml geojson manifest; default all)
# Builds towngraph-fuzz into .build-fuzz, then runs each target for SECONDS (default 60)
# on a working copy of its seed corpus (Tests/Fuzz/corpus/TARGET), so the inputs it finds
# stay out of the checkout. Any crash, leak, timeout (10 s for one input) or memory over
# 2 GB stops the run with the reproducing input saved under .build-fuzz/findings/TARGET
# and a non-zero exit. Run longer by giving more seconds: Tools/fuzz.sh 3600 pbf
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pbf xml geojson manifest)

echo "fuzz: building towngraph-fuzz with -sanitize=fuzzer,address" >&2
swift build --scratch-path .build-fuzz -c debug --product towngraph-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
  -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld 2>&1 | grep -v "Cannot export local symbol" >&2
fuzzer=.build-fuzz/debug/towngraph-fuzz

declare -A max_len=([pbf]=65536 [xml]=16384 [geojson]=16384 [manifest]=8192)
status=0
for t in "${targets[@]}"; do
  [ -n "${max_len[$t]:-}" ] || { echo "fuzz: unknown target $t (pbf, xml, geojson, manifest)" >&2; exit 2; }
  work=.build-fuzz/corpus/$t
  findings=.build-fuzz/findings/$t
  mkdir -p "$work" "$findings"
  cp -n Tests/Fuzz/corpus/$t/* "$work"/ 2>/dev/null || true
  echo "fuzz: $t for ${seconds}s" >&2
  if ! TOWNGRAPH_FUZZ_TARGET=$t ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=Tests/Fuzz/lsan-suppressions.txt \
      "$fuzzer" "$work" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
      -artifact_prefix="$findings/" -print_final_stats=1 2> "$findings/log.txt"; then
    echo "fuzz: $t FAILED; the log ends:" >&2
    tail -40 "$findings/log.txt" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^Done" "$findings/log.txt" | sed "s/^/fuzz: $t: /" >&2 || true
  fi
done
exit $status
