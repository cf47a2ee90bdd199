#!/usr/bin/env bash
# CI: builds the .deb (scripts/package.sh, profile ci-package unless MOTCUA_PACKAGE_PROFILE says
# otherwise), installs it with apt offline as a new desk PC would, runs the smoke test against the
# INSTALLED binaries under Xvfb (sign in, record a dossier, receipt PDF, About), then removes and
# purges the package and checks that the user's database, key and backups are still there.
# Needs root (or sudo without a password) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CI=true CARGO_TERM_COLOR=never MOTCUA_KEY_STORE=file DEBIAN_FRONTEND=noninteractive
export CARGO_INCREMENTAL=0
start=$(date +%s)
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi

bash scripts/deps.sh
if ! command -v dpkg-shlibdeps >/dev/null; then
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
fi
if ! command -v tauri-driver >/dev/null 2>&1; then
  cargo install tauri-driver --locked --version 2.1.0
fi

echo "==> package"
export MOTCUA_PACKAGE_PROFILE=${MOTCUA_PACKAGE_PROFILE:-ci-package}
deb=$(MOTCUA_PACKAGE_SKIP_DEPS=1 bash scripts/package.sh | tail -n 1)
built=$(date +%s)
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

echo "==> apt-get install $deb (offline: every dependency is already on this machine)"
if dpkg-query -W -f='${Status}' motcua-desk 2>/dev/null | grep -q "install ok installed"; then
  $SUDO apt-get purge -y -qq motcua-desk >/dev/null
fi
$SUDO apt-get install -y --no-download -o Acquire::Retries=0 "$deb"
dpkg -L motcua-desk | grep -E '^/usr/(bin|share/applications)/'
test -x /usr/bin/motcua-desk && test -x /usr/bin/motcua
if command -v desktop-file-validate >/dev/null; then desktop-file-validate /usr/share/applications/motcua-desk.desktop; fi

echo "==> smoke test against /usr/bin/motcua-desk under Xvfb"
home=$(mktemp -d /tmp/motcua-smoke-home.XXXXXX)
stop_webkit() {
  pkill -TERM -f WebKitWebDriver 2>/dev/null || true
  pkill -TERM -f 'webkit2gtk-4.1/WebKit(Web|Network)Process' 2>/dev/null || true
  pkill -TERM -x motcua-desk 2>/dev/null || true
}
trap 'stop_webkit; rm -rf "$home"' EXIT
MOTCUA_DESK_BIN=/usr/bin/motcua-desk MOTCUA_BIN=/usr/bin/motcua MOTCUA_SMOKE_HOME="$home" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p motcua-e2e --test installed_smoke -- --ignored --nocapture --test-threads=1
stop_webkit

echo "==> apt-get remove, then purge: the user's data stays"
data="$home/.local/share/motcua-desk"
before=$(cd "$data" && find . -type f | sort | xargs sha256sum)
$SUDO apt-get remove -y -qq motcua-desk >/dev/null
test ! -e /usr/bin/motcua-desk
$SUDO apt-get purge -y -qq motcua-desk >/dev/null
after=$(cd "$data" && find . -type f | sort | xargs sha256sum)
if [ "$before" != "$after" ]; then
  echo "the user's data changed on remove/purge:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
test -s "$data/desk.sqlite" && test -s "$data/desk.sqlite.key"
ls "$data/backups" | grep -q . || { echo "no backup left in $data/backups" >&2; exit 1; }
echo "kept after purge: $(echo "$after" | wc -l) files in $data:"
(cd "$data" && find . -type f | sort)

end=$(date +%s)
echo "==> deb.sh: package $((built - start)) s, install + smoke + remove $((end - built)) s, total $((end - start)) s"
