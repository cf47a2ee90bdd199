#!/usr/bin/env bash
# Runs every benchmark and prints the figures BENCHMARKS.md records. Release builds; loopback only.
#   ./scripts/bench.sh            # all
#   ./scripts/bench.sh core       # without the app window (no Xvfb needed)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)"
echo "== due-time computation (100,000 calls)"
cargo run -q --release -p motcua-calendar --example bench_due
echo "== receipt render (Mẫu 01, 200 renders)"
cargo run -q --release -p motcua-documents --example bench_receipt
echo "== intake save latency (10,000 intakes into 100,000 dossiers)"
cargo run -q --release -p motcua --example bench_intake
echo "== register search at 1,000,000 dossiers (the database is built once, ~1 GiB)"
cargo run -q --release --example bench_register -- "${TMPDIR:-/tmp}/motcua-bench-register.sqlite" 1000000 200
echo "== sync against a SQLite portal: 10,000 dossiers from one desk, 50 desks at once, 5,000-procedure catalogue"
cargo build -q --release -p motcua-portal
cargo run -q --release -p motcua-sync-tests --example bench_sync
echo "== the same against a PostgreSQL portal (scripts/postgres.sh: local server, fsync off)"
PG="$(bash scripts/postgres.sh | tail -n 1)"
psql "$PG" -qc "DROP DATABASE IF EXISTS motcua_bench" -c "CREATE DATABASE motcua_bench"
cargo run -q --release -p motcua-sync-tests --example bench_sync -- "${PG%/postgres}/motcua_bench"
if [ "${1:-all}" = "all" ]; then
  echo "== app start to first screen and memory (release app under Xvfb)"
  cargo build -q --release -p motcua-desk -p motcua --features motcua-desk/custom-protocol
  RUNS=${RUNS:-5} bash scripts/bench-app.sh
  echo "== baseline: a bare Tauri window, measured the same way"
  cargo build -q --release -p motcua-desk --example bare_window --features custom-protocol
  APP="${CARGO_TARGET_DIR:-target}/release/examples/bare_window" RUNS=${RUNS:-5} bash scripts/bench-app.sh
fi
