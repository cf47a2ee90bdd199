#!/usr/bin/env bash
# The production UI bundle must not ship the test double (ui/src/lib/fake-api.ts, ui/src/lib/fake/,
# the core's fixtures): main.ts loads it only under `import.meta.env.DEV`, which `vite build`
# drops. Builds the UI and fails when a chunk or its text is found in ui/dist.
set -euo pipefail
export CI=true
cd "$(dirname "$0")/../../ui"

if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq </dev/null && apt-get install -y -qq nodejs npm </dev/null
fi
[ -d node_modules ] || npm ci --no-audit --no-fund </dev/null

echo "==> UI bundle: no test double in the production build"
npm run build --silent </dev/null >/dev/null
ls -l dist/assets
if ls dist/assets | grep -Ei 'fake|fixture|core-answers'; then
  echo "ui/dist ships a test-double chunk" >&2
  exit 1
fi
# Text only the double holds: its refusal of unknown inputs, its demo password, a fixture note.
if grep -rlE 'the core gave no answer|matkhau-123|Written by `cargo test -p motcua --test ui_fixtures`' dist; then
  echo "ui/dist ships the test double's code or fixtures" >&2
  exit 1
fi
echo "ui/dist holds no test double"
