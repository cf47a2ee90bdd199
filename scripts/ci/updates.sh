#!/usr/bin/env bash
# Signed updates, end to end (issue 11, item 4): builds `motcua` twice (versions 0.1.0 and 0.2.0)
# and `motcua-portal`, all with a release key pair made for this run (MOTCUA_RELEASE_PUBKEY at
# build time: the project's key in keys/release.pub is never used for tests), then runs
# tests/sync/tests/update.rs (installs a test package with apt-get: run as root) and the update
# download + verify benchmark (BENCHMARKS.md). The next ordinary build rebuilds motcua without the
# test key.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CI=true
for tool in dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || { echo "updates.sh: $tool is needed (Debian/Ubuntu)"; exit 1; }
done
if [ "$(id -u)" != 0 ]; then
  echo "updates.sh: run as root (the test installs and removes a package with apt-get)"; exit 1
fi
target="${CARGO_TARGET_DIR:-target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "==> updates: a release key pair for this run"
cargo build -q -p motcua --bin motcua
"$target/debug/motcua" release keygen --out "$work/test-release.key" >/dev/null
pub="$(grep -v '^#' "$work/test-release.key.pub" | tr -d '[:space:]')"
export MOTCUA_RELEASE_PUBKEY="$pub"

for v in 0.1.0 0.2.0; do
  echo "==> updates: motcua $v (test key)"
  MOTCUA_BUILD_VERSION="$v" cargo build -q -p motcua --bin motcua
  cp "$target/debug/motcua" "$work/motcua-$v"
done
echo "==> updates: motcua-portal (test key)"
# Same MOTCUA_BUILD_VERSION as the last desk build: the desk library is not rebuilt again.
export MOTCUA_BUILD_VERSION=0.2.0
cargo build -q -p motcua-portal --bin motcua-portal

echo "==> updates: install N, publish N+1, the desk updates itself; bad packages refused"
MOTCUA_UPDATE_TEST_BINS="$work" cargo test -p motcua-sync-tests --test update -- --nocapture

echo "==> updates: download + verify of a 10 MiB package on loopback (budget 2 s)"
MOTCUA_UPDATE_TEST_BINS="$work" cargo run -q -p motcua-sync-tests --example bench_update
