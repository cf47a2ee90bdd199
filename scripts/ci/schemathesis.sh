#!/usr/bin/env bash
# OpenAPI fuzzing of the portal (issue 14, point 11): schemathesis (PyPI) against the spec the
# portal SERVES (/openapi.json), on a real `motcua-portal serve` on 127.0.0.1, three times: with no
# credential, with a desk's token and with an admin token. Fails on any 5xx, and on any answer the
# spec does not describe (status code, content type, headers, body schema) or any other of
# schemathesis' checks (all are on; scripts/ci/schemathesis.toml says why one is off for one route).
#
# Installs schemathesis into a venv under ~/.cache when missing (python3-venv from apt when that
# is missing). Bounded: SCHEMATHESIS_MAX_TIME seconds per credential (default 60), so about four
# minutes with the build of a warm target. Reports go to target/schemathesis/.
#
#   bash scripts/ci/schemathesis.sh
set -euo pipefail
export CI="${CI:-true}"

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="${SCHEMATHESIS_VENV:-$HOME/.cache/motcua-schemathesis}"
max_time="${SCHEMATHESIS_MAX_TIME:-60}"
log() { echo "schemathesis.sh: $*" >&2; }

# 1. schemathesis, 4.x (its CLI changed in 4.0: `run LOCATION --url`, `--checks all`, `--max-time`).
if ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
        log "installing python3-venv"
        apt-get update -qq </dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv </dev/null
    fi
    log "installing schemathesis into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4.32,<5' </dev/null
fi
st="$venv/bin/schemathesis"
log "$("$st" --version)"
command -v curl >/dev/null || {
    apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl </dev/null
}

# 2. The portal, on a fresh SQLite file, with a unit, one dossier, an enrolled desk and an admin.
cargo build --quiet -p motcua-portal --bin motcua-portal
portal="$target/debug/motcua-portal"
work="$(mktemp -d)"
out="$target/schemathesis"
mkdir -p "$out"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
export MOTCUA_PORTAL_DB="$work/portal.db"
unit="000.00.31.H29"
"$portal" unit add --code "$unit" --name "Trung tâm Phục vụ hành chính công xã Tân Phú" \
    --parent-authority "UBND xã Tân Phú" --place "Tân Phú" --hotline "0296 3 123 456" >/dev/null
enroll_code="$("$portal" --json desk add --unit "$unit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["enrollment_code"])')"
admin_token="$("$portal" --json admin token --label schemathesis | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
# Rate limits off: the fuzzer sends hundreds of requests a second from one address, and a 429 for
# every one of them would test nothing else (the limits have their own tests).
"$portal" serve --listen "127.0.0.1:$port" --rate-per-ip off --rate-per-token off \
    --rate-lookup off --rate-enroll-failures off >"$out/portal.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "$base/healthz" >/dev/null
desk_token="$(curl -fsS -X POST "$base/api/v1/enroll" -H 'x-motcua-protocol: 1' \
    -H 'content-type: application/json' -d "{\"code\":\"$enroll_code\",\"desk_name\":\"Quầy 1\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
# One dossier, so the admin routes and the lookup page have something to show.
python3 - "$base" "$desk_token" "$unit" <<'EOF'
import datetime, hashlib, json, sys, urllib.request, uuid
base, token, unit = sys.argv[1:]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
day = (now + datetime.timedelta(hours=7)).strftime("%y%m%d")
did = str(uuid.uuid4())
payload = json.dumps({
    "id": did, "code": f"{unit}-{day}-0001", "procedure_code": "2.000635",
    "procedure_name": "Cấp bản sao trích lục hộ tịch", "receiving_unit_code": unit,
    "submitter": {"full_name": "Nguyễn Thị Hồng"}, "status": "received",
    "received_at": now.isoformat().replace("+00:00", "Z"), "due_at": None,
})
body = json.dumps({"changes": [{
    "seq": 1, "entity": "dossier", "entity_id": did, "op": "create", "payload": payload,
    "content_hash": hashlib.sha256(payload.encode()).hexdigest(),
    "desk_time": now.isoformat().replace("+00:00", "Z"),
}]}).encode()
req = urllib.request.Request(f"{base}/api/v1/push", data=body, method="POST", headers={
    "authorization": f"Bearer {token}", "x-motcua-protocol": "1", "content-type": "application/json"})
res = json.load(urllib.request.urlopen(req))
assert res["results"][0]["status"] == "stored", res
EOF

# 3. The runs. Every check is on (schemathesis' default, the same set as `--checks all`, which is
# not passed because a command-line check list would override the per-route settings of
# schemathesis.toml); every failure of every check fails the script. One worker: with two
# threads, CPython 3.11 sometimes fails inside schemathesis ("AST constructor recursion depth
# mismatch"), an error of the tool, not of the portal.
status=0
run() {
    local name="$1"; shift
    log "run: $name"
    "$st" --config-file "$root/scripts/ci/schemathesis.toml" run "$base/openapi.json" \
        --max-time "$max_time" \
        --workers 1 \
        --seed 14 \
        --request-timeout 20 \
        --suppress-health-check all \
        --report junit --report-junit-path "$out/$name.xml" \
        "$@" </dev/null 2>&1 | tee "$out/$name.log" || status=1
}
start=$(date +%s)
run no-token
run desk-token -H "Authorization: Bearer $desk_token"
run admin-token -H "Authorization: Bearer $admin_token"
log "wall time of the three runs: $(( $(date +%s) - start )) s"
if grep -q "panicked" "$out/portal.log"; then
    log "the portal panicked:"; grep -n "panicked" "$out/portal.log" >&2; status=1
fi
if [ "$status" != 0 ]; then
    log "FAILED (reports in $out)"
    exit 1
fi
log "ok: zero failures"
