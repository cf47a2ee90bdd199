#!/usr/bin/env bash
# Runs the desk app. First run: installs what is missing, builds the UI and the app (release),
# and opens the window on a fresh database in the OS data directory (or MOTCUA_DB).
# MOTCUA_DEMO=1 sets up the demo commune centre and catalogue without the setup screen, with the
# demo accounts admin, giamsat and mai, all with the password MOTCUA_PASSWORD (default
# "demo-password"; change it in the app: "Đổi mật khẩu").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
echo "==> building the UI"
(cd ui && npm run build --silent)
echo "==> building the app (release; the first build takes several minutes)"
cargo build --release -p motcua-desk -p motcua --features motcua-desk/custom-protocol
T="${CARGO_TARGET_DIR:-target}/release"
if [ "${MOTCUA_DEMO:-0}" = "1" ]; then
  MOTCUA_PASSWORD="${MOTCUA_PASSWORD:-demo-password}" "$T/motcua" init --demo >/dev/null 2>&1 || true
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running under Xvfb (headless)."
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$T/motcua-desk"
fi
exec "$T/motcua-desk"
