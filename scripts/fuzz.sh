#!/usr/bin/env bash
# Fuzzing (issue 7, item 7): runs every fuzz target of fuzz/ for a bounded time on stable Rust.
# Each target runs its mutation fuzzer and its structured (proptest) generator for
# MOTCUA_FUZZ_SECONDS seconds each (default 10 here; 1 under a plain `cargo test --workspace`),
# the two in parallel. Total about 2 minutes on 2 cores, after the build.
#
#   scripts/fuzz.sh                      # every target, 10 s each
#   scripts/fuzz.sh idcard catalogue     # some targets
#   MOTCUA_FUZZ_SECONDS=300 scripts/fuzz.sh portal_push      # a longer session
#   MOTCUA_FUZZ_SEED=0x1234 MOTCUA_FUZZ_CASES=5000 scripts/fuzz.sh idcard   # a reproducible run
#   MOTCUA_FUZZ_REPLAY=fuzz/artifacts/idcard/crash-… cargo test -p motcua-fuzz --test idcard
#
# A failure prints the input, saves it under fuzz/artifacts/<target>/ and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."

export MOTCUA_FUZZ_SECONDS="${MOTCUA_FUZZ_SECONDS:-10}"
all=(idcard identity tax_code catalogue holidays protocol portal_reference portal_push desk_pull)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

args=()
for t in "${targets[@]}"; do args+=(--test "$t"); done

echo "== fuzz: building the targets"
cargo test -p motcua-fuzz "${args[@]}" --no-run --quiet

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "== fuzz: ${targets[*]} (${MOTCUA_FUZZ_SECONDS} s per test)"
start=$(date +%s)
set +e
cargo test -p motcua-fuzz "${args[@]}" --quiet -- --nocapture --test-threads 2 >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

grep -oE 'FUZZ-STATS .*' "$log" | sed -E 's/^FUZZ-STATS //' | sort | awk '
  { line = ""; for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  %-17s %-13s %9s cases %7s s %9s\n", v["target"], v["mode"], v["cases"], v["seconds"], v["rate"] }'
if [ $status -ne 0 ]; then
  echo "== fuzz: FAILED after ${elapsed} s; details:"
  grep -E -A12 'FUZZ FAILURE|FUZZ HANG|panicked at|error(\[|:)' "$log" | head -150
  exit $status
fi
echo "== fuzz: all targets passed in ${elapsed} s"
