#!/usr/bin/env bash
# The UI's test double (ui/src/lib/fake-api.ts) answers from ui/src/lib/fixtures/core.json, which
# the Rust core writes (tests/ui_fixtures.rs). Rewrites it, then fails when the committed file is
# not what the core answers now (a rule changed in Rust without regenerating the fixtures).
set -euo pipefail
export CI=true
cd "$(dirname "$0")/../.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is needed (rustup)" >&2
  exit 1
fi
if ! command -v git >/dev/null 2>&1; then
  sudo -n apt-get update -qq </dev/null && sudo -n apt-get install -y -qq git </dev/null
fi

echo "==> UI fixtures: the core's answers for the UI test double"
cargo test -p motcua --test ui_fixtures --quiet

if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
  untracked=$(git ls-files --others --exclude-standard -- ui/src/lib/fixtures)
  if ! git diff --quiet -- ui/src/lib/fixtures || [ -n "$untracked" ]; then
    git --no-pager diff --stat -- ui/src/lib/fixtures
    [ -n "$untracked" ] && echo "untracked: $untracked"
    echo "ui/src/lib/fixtures is stale: run 'cargo test -p motcua --test ui_fixtures' and commit" >&2
    exit 1
  fi
fi
echo "ui/src/lib/fixtures is current"
