#!/usr/bin/env bash
# Runs every test: UI (vitest), Rust (core, calendar, documents, app shell), and the end-to-end
# test that drives the real app window through WebDriver under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# A one-off build (CI) gains nothing from incremental caches, which take gigabytes of disk.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
# Test databases keep their key in a 0600 file beside them, never in the OS keyring of the machine
# that runs the tests (src/store/key.rs).
export MOTCUA_KEY_STORE=file
bash scripts/deps.sh

echo "==> UI: build and vitest"
(cd ui && npm run check --silent && npm test --silent)
# Builds the production bundle and fails when it ships the test double.
bash scripts/ci/ui-bundle.sh

echo "==> PostgreSQL on 127.0.0.1 for the portal's tests (the same suite runs on SQLite and PostgreSQL)"
MOTCUA_PORTAL_TEST_PG="$(bash scripts/postgres.sh | tail -n 1)"
export MOTCUA_PORTAL_TEST_PG

echo "==> Rust: cargo test (workspace, without the process-level sync and end-to-end crates)"
cargo test --workspace --exclude motcua-e2e --exclude motcua-sync-tests

echo "==> Fuzzing: every parser of outside input, 10 s per target (fuzz/README.md)"
bash scripts/fuzz.sh

echo "==> Desk ⇄ portal sync: the real motcua and motcua-portal processes on 127.0.0.1, with faults"
cargo build -p motcua -p motcua-portal
cargo test -p motcua-sync-tests -- --nocapture

echo "==> The portal's optional SQLCipher feature: off by default, and a keyed database holds no plaintext"
bash scripts/ci/portal-sqlcipher.sh

echo "==> OpenAPI fuzzing of the portal (schemathesis against the served spec; any 5xx or spec violation fails)"
bash scripts/ci/schemathesis.sh

echo "==> TypeScript bindings generated from Rust are committed and current"
if [ -d .git ] && ! git diff --quiet -- ui/src/lib/bindings; then
  git --no-pager diff --stat -- ui/src/lib/bindings
  echo "ui/src/lib/bindings is stale: commit the regenerated files" >&2
  exit 1
fi

echo "==> The UI test double's answers come from the Rust core and are current"
bash scripts/ci/ui-fixtures.sh

echo "==> End-to-end: the real app under Xvfb through tauri-driver + WebKitWebDriver"
if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --locked --version 2.1.0
fi
cargo build -p motcua-desk -p motcua
bash scripts/cups-pdf-printer.sh
# WebKit helper processes can outlive a WebDriver session; left behind they would hold this
# script's output open, so they are stopped whatever the tests' result.
stop_webkit() {
  pkill -TERM -f WebKitWebDriver 2>/dev/null || true
  pkill -TERM -f 'webkit2gtk-4.1/WebKit(Web|Network)Process' 2>/dev/null || true
  pkill -TERM -f '/debug/motcua-desk' 2>/dev/null || true
}
trap stop_webkit EXIT
status=0
xvfb-run -a -s "-screen 0 1280x800x24" cargo test -p motcua-e2e -- --test-threads=1 --nocapture || status=$?
stop_webkit
exit $status
