#!/usr/bin/env bash
# Issue 14, point 13: the portal's SQLite database encrypted at rest, an optional cargo feature
# (`sqlcipher`) of motcua-portal. Checks that without the feature the portal depends on neither
# SQLCipher nor OpenSSL, then runs the feature's test in a build of the portal alone (its own
# features only: in a workspace build the desk makes libsqlite3-sys SQLCipher anyway).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CI=true
if ! dpkg -s libssl-dev >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config </dev/null
fi

plain="$(cargo tree -p motcua-portal -e normal,build -f '{p} {f}' --prefix none)"
# (openssl-probe, which only finds the system's CA certificate folder for rustls, is not OpenSSL.)
if grep -Eq '^openssl(-sys|-src)? v|sqlcipher' <<<"$plain"; then
  echo "motcua-portal without --features sqlcipher pulls SQLCipher or OpenSSL:" >&2
  grep -E '^openssl(-sys|-src)? v|sqlcipher' <<<"$plain" >&2
  exit 1
fi
keyed="$(cargo tree -p motcua-portal -e normal,build --features sqlcipher -f '{p} {f}' --prefix none)"
grep -q 'bundled-sqlcipher' <<<"$keyed" || { echo "--features sqlcipher does not enable SQLCipher" >&2; exit 1; }
echo "feature check: without it no SQLCipher/OpenSSL; with it libsqlite3-sys/bundled-sqlcipher"

cargo test -p motcua-portal --features sqlcipher --test sqlcipher
cargo test -p motcua-portal --features sqlcipher --lib db_key
