#!/usr/bin/env bash
# Builds the Debian/Ubuntu package dist/motcua-desk_<version>_<arch>.deb: the desk app
# (motcua-desk, release build with the custom-protocol feature, the UI embedded) and the `motcua`
# CLI, the desktop entry and icons, and Depends derived from what the two binaries link
# (dpkg-shlibdeps). Built with dpkg-deb from a staged tree: no Tauri CLI, no download.
#
#   scripts/package.sh                   # the shipped package (profile `release`)
#   MOTCUA_PACKAGE_PROFILE=ci-package scripts/package.sh   # CI's faster build, same contents
#
# Prints the path of the .deb on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export MOTCUA_KEY_STORE=file
PROFILE=${MOTCUA_PACKAGE_PROFILE:-release}
OUT=${MOTCUA_PACKAGE_OUT:-dist}

if [ "${MOTCUA_PACKAGE_SKIP_DEPS:-}" != "1" ]; then bash scripts/deps.sh; fi
command -v dpkg-shlibdeps >/dev/null || { echo "dpkg-shlibdeps is missing (apt-get install dpkg-dev)" >&2; exit 1; }

# One version for everything: the app crate, the core crate (the CLI) and tauri.conf.json.
crate_version() { sed -n 's/^version = "\(.*\)"$/\1/p' "$1" | head -n 1; }
VERSION=$(crate_version src-tauri/Cargo.toml)
core_version=$(crate_version Cargo.toml)
conf_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' src-tauri/tauri.conf.json)
if [ "$VERSION" != "$core_version" ] || [ "$VERSION" != "$conf_version" ]; then
  echo "versions differ: src-tauri/Cargo.toml $VERSION, Cargo.toml $core_version, tauri.conf.json $conf_version" >&2
  exit 1
fi
ARCH=$(dpkg --print-architecture)

# The build shown in the About view: the commit (and -dirty for uncommitted changes).
if git rev-parse --git-dir >/dev/null 2>&1; then
  MOTCUA_BUILD=$(git rev-parse --short=10 HEAD)
  git diff --quiet HEAD -- . 2>/dev/null || MOTCUA_BUILD="$MOTCUA_BUILD-dirty"
else
  MOTCUA_BUILD=unknown
fi
export MOTCUA_BUILD

echo "==> UI build"
(cd ui && npm run build --silent)

echo "==> cargo build --profile $PROFILE (motcua-desk with custom-protocol, motcua)"
cargo build --locked --profile "$PROFILE" -p motcua-desk -p motcua --features motcua-desk/custom-protocol
TARGET=${CARGO_TARGET_DIR:-target}
case "$TARGET" in /*) ;; *) TARGET="$PWD/$TARGET" ;; esac
BIN="$TARGET/$PROFILE"

echo "==> staging"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/motcua-desk_${VERSION}_${ARCH}"
install -Dm755 "$BIN/motcua-desk" "$root/usr/bin/motcua-desk"
install -Dm755 "$BIN/motcua" "$root/usr/bin/motcua"
# The profiles strip already; strip again in case a profile without it was used.
strip --strip-unneeded "$root/usr/bin/motcua-desk" "$root/usr/bin/motcua"
install -Dm644 packaging/deb/motcua-desk.desktop "$root/usr/share/applications/motcua-desk.desktop"
install -Dm644 icons/32x32.png "$root/usr/share/icons/hicolor/32x32/apps/motcua-desk.png"
install -Dm644 icons/128x128.png "$root/usr/share/icons/hicolor/128x128/apps/motcua-desk.png"
install -Dm644 icons/128x128@2x.png "$root/usr/share/icons/hicolor/256x256/apps/motcua-desk.png"
install -Dm644 icons/512x512.png "$root/usr/share/icons/hicolor/512x512/apps/motcua-desk.png"
install -Dm644 packaging/deb/copyright "$root/usr/share/doc/motcua-desk/copyright"
install -Dm644 packaging/deb/provision.example.json "$root/usr/share/doc/motcua-desk/provision.example.json"

# Depends: the packages whose shared libraries the two binaries link (WebKitGTK 4.1, GTK 3,
# libssl for SQLCipher, …), with the versions their symbols need.
mkdir -p "$work/shlibs/debian"
printf 'Source: motcua-desk\n\nPackage: motcua-desk\nArchitecture: any\n' >"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O -e"$root/usr/bin/motcua-desk" -e"$root/usr/bin/motcua" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_kib=$(du -sk --apparent-size "$root/usr" | cut -f1)
mkdir -p "$root/DEBIAN"
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@INSTALLED_SIZE@|$installed_kib|" \
  -e "s|@DEPENDS@|$depends|" packaging/deb/control.in >"$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
# No maintainer scripts: nothing of the package touches the users' data, so remove and purge
# leave every database, key and backup where it is.

# Same inputs, same package: file times from the commit.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
find "$root" -exec touch -h -d "@$epoch" {} +
mkdir -p "$OUT"
deb="$OUT/motcua-desk_${VERSION}_${ARCH}.deb"
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "==> $(du -h "$deb" | cut -f1) $deb; Installed-Size ${installed_kib} KiB"
echo "    Depends: $depends"
size=$(stat -c %s "$deb")
if [ "$size" -gt $((10 * 1024 * 1024)) ]; then
  echo "the package is $size bytes: over the 10 MiB budget" >&2
  exit 1
fi
echo "$PWD/$deb"
