#!/usr/bin/env bash
# Builds the Windows desk from this Linux machine: the app (motcua-desk.exe) and the CLI
# (motcua.exe) for x86_64-pc-windows-gnu with Debian's mingw-w64 (SQLCipher over a vendored
# OpenSSL on that target, see Cargo.toml), then the installer with Debian's makensis from
# packaging/windows/installer.nsi (nothing is downloaded at build time).
#   scripts/windows.sh            → $OUT/motcua-desk-<version>-setup.exe (OUT: target/windows)
# The first (cold) build takes 20+ minutes on 2 cores; it is not part of CI. Test the result
# under Wine with scripts/windows-test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIPLE=x86_64-pc-windows-gnu
T="${CARGO_TARGET_DIR:-target}"
OUT="${OUT:-$T/windows}"
t0=$SECONDS
step() { echo "==> [$((SECONDS - t0)) s] $*"; }

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
missing=()
for p in gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! rustup target list --installed | grep -qx "$TRIPLE"; then
  step "rustup target add $TRIPLE"
  rustup target add "$TRIPLE"
fi
# Node and the UI's packages (the app embeds ui/dist).
bash scripts/deps.sh

step "building the UI"
(cd ui && npm run build --silent)

step "cargo build --release --target $TRIPLE (motcua, motcua-desk)"
b0=$SECONDS
cargo build --release --target "$TRIPLE" -p motcua -p motcua-desk --features motcua-desk/custom-protocol
echo "    cross-build: $((SECONDS - b0)) s"

R="$T/$TRIPLE/release"
VERSION=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "motcua-desk"))')

step "staging $VERSION"
STAGE="$OUT/stage"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp "$R/motcua-desk.exe" "$R/motcua.exe" "$R/WebView2Loader.dll" "$STAGE/"
cp icons/icon.ico "$STAGE/icon.ico"
# Only Windows' own DLLs and WebView2Loader.dll may be imported: a MinGW runtime DLL
# (libgcc_s, libstdc++, libwinpthread), OpenSSL or SQLite would be missing on a desk PC.
for exe in "$STAGE/motcua-desk.exe" "$STAGE/motcua.exe"; do
  dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
  echo "    $(basename "$exe") imports: $(echo $dlls)"
  bad=$(echo "$dlls" | grep -E '^(lib|.*(crypto|ssl|sqlite))' || true)
  if [ -n "$bad" ]; then
    echo "$(basename "$exe") imports DLLs a desk PC does not have: $bad" >&2
    exit 1
  fi
done
if ls "$STAGE" | grep -qi bcryptprimitives; then
  echo "the ProcessPrng test shim is in the stage folder: refusing to package it" >&2
  exit 1
fi

step "makensis"
SETUP="$OUT/motcua-desk-$VERSION-setup.exe"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSTAGE="$(realpath "$STAGE")" \
  -DOUTFILE="$(realpath "$OUT")/$(basename "$SETUP")" -DICON="$(realpath icons/icon.ico)" \
  packaging/windows/installer.nsi

size=$(stat -c %s "$SETUP")
installed=$(du -cb "$STAGE"/* | tail -n 1 | cut -f1)
budget=$((15 * 1024 * 1024))
mib() { awk -v b="$1" 'BEGIN { printf "%10d bytes (%.2f MiB)", b, b / 1048576 }'; }
echo "    motcua-desk.exe      $(mib "$(stat -c %s "$STAGE/motcua-desk.exe")")"
echo "    motcua.exe           $(mib "$(stat -c %s "$STAGE/motcua.exe")")"
echo "    WebView2Loader.dll   $(mib "$(stat -c %s "$STAGE/WebView2Loader.dll")")"
echo "    installed (4 files)  $(mib "$installed") + uninstall.exe"
echo "    installer            $(mib "$size"), budget 15 MiB"
if [ "$size" -gt "$budget" ]; then
  echo "the installer is over its 15 MiB budget" >&2
  exit 1
fi
step "done: $SETUP"
