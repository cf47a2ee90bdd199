#!/usr/bin/env bash
# App start to first screen and memory after start, for BENCHMARKS.md.
# Runs the release app under Xvfb N times on a fresh demo database; "first screen" is the UI's
# first IPC call (app_status), printed by the app when MOTCUA_READY_MARKER=1. Memory is RSS and
# PSS of the app and its WebKit processes 4 s after the first screen.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
T="${CARGO_TARGET_DIR:-target}/release"
APP=${APP:-$T/motcua-desk}
# The CLI that makes the demo database (the installed one: CLI=/usr/bin/motcua).
CLI=${CLI:-$T/motcua}
[ -x "$APP" ] || { echo "build first: cargo build --release -p motcua-desk --features motcua-desk/custom-protocol" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MOTCUA_PASSWORD="${MOTCUA_PASSWORD:-demo-password}" "$CLI" --db "$tmp/desk.sqlite" init --demo >/dev/null
for i in $(seq "$RUNS"); do
  out="$tmp/out.$i"
  start=$(date +%s%3N)
  MOTCUA_DB="$tmp/desk.sqlite" MOTCUA_READY_MARKER=1 xvfb-run -a -s "-screen 0 1280x800x24" "$APP" >"$out" 2>/dev/null &
  runner=$!
  for _ in $(seq 300); do grep -q motcua-ready "$out" 2>/dev/null && break; sleep 0.05; done
  ready=$(awk '/motcua-ready/ {print $2}' "$out")
  sleep 4
  app=$(pgrep -n -f "^$APP" || true)
  # The app and its own WebKit processes (web, network): the children it spawned.
  pids="$app $(pgrep -P "$app" || true)"
  rss=0; pss=0
  for p in $pids; do
    r=$(awk '/^Rss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null || echo 0)
    s=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null || echo 0)
    rss=$((rss + ${r:-0})); pss=$((pss + ${s:-0}))
  done
  echo "run $i: first screen $((ready - start)) ms; RSS $((rss / 1024)) MiB, PSS $((pss / 1024)) MiB over $(echo $pids | wc -w) processes"
  kill -TERM $app 2>/dev/null || true
  wait $runner 2>/dev/null || true
done
