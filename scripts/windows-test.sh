#!/usr/bin/env bash
# Tests the Windows installer built by scripts/windows.sh under Wine (Debian's wine64), in a
# throw-away WINEPREFIX:
#   1. without the WebView2 runtime the silent install refuses (exit code 3, Vietnamese message in
#      its log) and installs nothing;
#   2. with the runtime's registry key (Microsoft's documented Evergreen key, set here because
#      Wine has no WebView2) `setup.exe /S` installs per machine: Program Files, the Vietnamese
#      Start-menu shortcut, the uninstall entry;
#   3. the INSTALLED motcua.exe runs a scripted day on the desk's default data folder
#      (%APPDATA%\motcua-desk): init --demo, an intake, the receipt PDF, a backup, a restore, and a
#      sync (enroll + push) with a Linux motcua-portal on 127.0.0.1; the same day runs with the
#      Linux motcua, and the results must match (receipt text exact; JSON equal once ids, times
#      and paths are masked). The Windows backup is restored by the Linux motcua, whose receipt
#      must be byte-for-byte the Windows one;
#   4. printing: the printers Windows sees (under Wine: the CUPS queues), a print to a printer
#      that does not exist (clear message), and a real print attempt (see README: Wine has no
#      Windows.Data.Pdf, so it must fail with a message, not a crash);
#   5. `uninstall.exe /S` removes the program and keeps the clerk's data.
# The window itself (motcua-desk.exe) cannot run under Wine: there is no WebView2 runtime here.
# Wine 8 lacks bcryptprimitives.dll!ProcessPrng, which Rust's std needs: a test-only stand-in
# (packaging/windows/test-only) goes into the Wine prefix's system32, never into the install.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
T="${CARGO_TARGET_DIR:-target}"
case "$T" in /*) ;; *) T="$ROOT/$T" ;; esac
OUT="${OUT:-$T/windows}"
t0=$SECONDS
step() { echo "==> [$((SECONDS - t0)) s] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

SETUP=$(ls -t "$OUT"/motcua-desk-*-setup.exe 2>/dev/null | head -n 1 || true)
[ -n "$SETUP" ] || fail "no installer in $OUT: run scripts/windows.sh first"

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
missing=()
for p in wine64 gcc-mingw-w64-x86-64 poppler-utils python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

step "building the Linux reference: motcua and motcua-portal"
cargo build -q -p motcua -p motcua-portal
LINUX_MOTCUA="$T/debug/motcua"
PORTAL="$T/debug/motcua-portal"

WORK=$(mktemp -d /tmp/motcua-wine.XXXXXX)
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all WINEARCH=win64
WINE=/usr/lib/wine/wine64
PORTAL_PIDS=()
cleanup() {
  for p in "${PORTAL_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  WINEPREFIX="$WINEPREFIX" /usr/lib/wine/wineserver -k 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# The day's secrets (test values) and the same language on both sides.
export MOTCUA_PASSWORD=demo-password MOTCUA_LANG=vi MOTCUA_BACKUP_PASSPHRASE="sao-luu-thu-nghiem-2026"
unset MOTCUA_DB MOTCUA_USER MOTCUA_PRINTER MOTCUA_RECEIPTS_DIR

step "Wine prefix ($($WINE --version))"
$WINE wineboot -i >/dev/null 2>&1
/usr/lib/wine/wineserver -w
C="$WINEPREFIX/drive_c"
INSTDIR="$C/Program Files/MotCua Desk"
UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\MotCuaDesk'
WEBVIEW2_KEY='HKLM\SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'
utf16() { iconv -f UTF-16 -t UTF-8 "$1" | tr -d '\r'; }

step "1. silent install without the WebView2 runtime: refused"
set +e
(cd "$WORK" && $WINE "$SETUP" /S '/LOG=Z:'"${WORK//\//\\}"'\no-webview2.log')
rc=$?
set -e
utf16 "$WORK/no-webview2.log" | sed 's/^/    log: /'
[ "$rc" = 3 ] || fail "expected exit code 3 without WebView2, got $rc"
utf16 "$WORK/no-webview2.log" | grep -q "chưa có Microsoft Edge WebView2 Runtime" || fail "no WebView2 message in the log"
[ ! -e "$INSTDIR" ] || fail "something was installed without WebView2"
echo "    exit code $rc, nothing installed"

step "2. silent install with the runtime's registry key"
$WINE reg add "$WEBVIEW2_KEY" /v pv /t REG_SZ /d 131.0.2903.70 /f /reg:64 >/dev/null
i0=$SECONDS
(cd "$WORK" && $WINE "$SETUP" /S '/LOG=Z:'"${WORK//\//\\}"'\install.log') || fail "silent install failed: $?"
echo "    installed in $((SECONDS - i0)) s"
utf16 "$WORK/install.log" | sed 's/^/    log: /'
files=$(cd "$INSTDIR" && ls | sort | tr '\n' ' ')
echo "    $INSTDIR: $files"
[ "$files" = "WebView2Loader.dll icon.ico motcua-desk.exe motcua.exe uninstall.exe " ] || fail "unexpected installed files: $files"
[ -f "$C/ProgramData/Microsoft/Windows/Start Menu/Programs/Một Cửa - Tiếp nhận hồ sơ.lnk" ] || fail "no Start-menu shortcut"
$WINE reg query "$UNINSTALL_KEY" /reg:64 | grep -q QuietUninstallString || fail "no uninstall entry"
installed_bytes=$(du -cb "$INSTDIR"/* | tail -n 1 | cut -f1)
echo "    installer $(stat -c %s "$SETUP") bytes; installed $installed_bytes bytes ($(awk -v b="$installed_bytes" 'BEGIN { printf "%.2f", b / 1048576 }') MiB)"

step "2b. reinstall (upgrade) while the app runs: refused, then done once it is closed"
# A program that keeps running stands in for the app (the real window cannot run under Wine).
cp "$C/windows/system32/ping.exe" "$INSTDIR/motcua-desk.exe"
(cd "$WORK" && exec $WINE "$INSTDIR/motcua-desk.exe" -n 15 127.0.0.1 >/dev/null 2>&1) &
running=$!
sleep 3
set +e
(cd "$WORK" && $WINE "$SETUP" /S '/LOG=Z:'"${WORK//\//\\}"'\running.log')
rc=$?
set -e
utf16 "$WORK/running.log" | tail -n 1 | sed 's/^/    log: /'
[ "$rc" = 6 ] || fail "expected exit code 6 while the app runs, got $rc"
wait "$running" || true
(cd "$WORK" && $WINE "$SETUP" /S) || fail "reinstall failed: $?"
cmp -s "$INSTDIR/motcua-desk.exe" "$OUT/stage/motcua-desk.exe" || fail "the reinstall did not replace motcua-desk.exe"
echo "    refused with exit code 6 while running; reinstalled over the old install afterwards"

step "ProcessPrng stand-in for Wine (test only, in the prefix's system32)"
x86_64-w64-mingw32-gcc -shared -O2 -o "$C/windows/system32/bcryptprimitives.dll" \
  packaging/windows/test-only/processprng-shim.c -ladvapi32
WIN_MOTCUA() { $WINE "$INSTDIR/motcua.exe" "$@"; }
LIN_MOTCUA() { "$LINUX_MOTCUA" "$@"; }
WIN_MOTCUA --version

# A Linux portal on 127.0.0.1 with the demo unit: prints "PORT CODE".
start_portal() {
  local dir=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local P=("$PORTAL" --db "$dir/portal.sqlite")
  "${P[@]}" unit add --code 000.00.31.H29 --name "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ" \
    --parent-authority "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ" --place "Tân Phú" --hotline "1900 0000" \
    --lookup-url "http://127.0.0.1:$port/tra-cuu" >/dev/null
  "${P[@]}" catalogue import --unit 000.00.31.H29 "$ROOT/assets/catalogue/demo-catalogue.json" >/dev/null
  local code
  code=$("${P[@]}" --json desk add --unit 000.00.31.H29 |
    python3 -c 'import json,sys; v=json.load(sys.stdin); print(next(v[k] for k in ("enrollment_code","code","one_time_code") if k in v))')
  "${P[@]}" serve --listen "127.0.0.1:$port" --public-url "http://127.0.0.1:$port" >"$dir/portal.log" 2>&1 &
  PORTAL_PIDS+=($!)
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
    sleep 0.1
  done
  echo "$port $code"
}

# The scripted day. $1: WIN or LIN; $2: the folder for its files; then the --db arguments (none:
# the OS data folder). Writes *.json, receipt.pdf/.txt, backup.sqlite, portal-list.json.
day() {
  local os=$1 dir=$2; shift 2
  local M="${os}_MOTCUA" DB=("$@") d0=$SECONDS
  mkdir -p "$dir"
  cd "$dir"
  $M "${DB[@]}" --json init --demo >init.json
  $M "${DB[@]}" --json --user mai intake --procedure 2.000815 --name "Nguyễn Văn An" \
    --id-number 001090012345 --phone 0912345678 >intake.json
  local code
  code=$(python3 -c 'import json; print(json.load(open("intake.json"))["code"])')
  $M "${DB[@]}" --user mai receipt "$code" -o receipt.pdf >/dev/null
  pdftotext -layout receipt.pdf receipt.txt
  $M "${DB[@]}" --json --user admin backup -o backup.sqlite >backup.json
  $M --db restored.sqlite --json restore backup.sqlite >restore.json
  $M --db restored.sqlite --json --user mai dossiers list >restored-list.json
  read -r port enroll_code < <(start_portal "$dir")
  $M "${DB[@]}" --json --user admin enroll --portal "http://127.0.0.1:$port" --code "$enroll_code" >enroll.json
  $M "${DB[@]}" --json --user admin sync >sync.json
  "$PORTAL" --db "$dir/portal.sqlite" --json dossiers list >portal-list.json
  grep -q "\"$code\"" portal-list.json || fail "$os: the portal does not have $code"
  grep -q "\"$code\"" restored-list.json || fail "$os: the restored database lacks $code"
  echo "    $os day: $code received, receipt, backup, restore, enrolled and pushed to 127.0.0.1:$port in $((SECONDS - d0)) s"
  cd "$ROOT"
}

step "3a. the scripted day with the installed motcua.exe (data in %APPDATA%\\motcua-desk)"
day WIN "$WORK/win"
step "3b. the same day with the Linux motcua"
day LIN "$WORK/lin" --db "$WORK/lin/desk.sqlite"

step "3c. comparing"
APPDATA_DIR=$(find "$C/users" -maxdepth 4 -type d -name motcua-desk -path '*Roaming*' | head -n 1)
[ -n "$APPDATA_DIR" ] || fail "no %APPDATA%\\motcua-desk folder"
echo "    Windows data folder: ${APPDATA_DIR#"$C/"}: $(cd "$APPDATA_DIR" && ls | tr '\n' ' ')"
python3 - "$WORK/win" "$WORK/lin" <<'PY'
import json, re, sys
win, lin = sys.argv[1], sys.argv[2]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
HHMM = re.compile(r"\b\d{2}:\d{2}\b")
def norm(v, key=""):
    if isinstance(v, dict):
        return {k: norm(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str):
        if key in ("path", "backup", "file", "db", "database", "portal", "url", "key_file") or "\\" in v or v.startswith("/"):
            return "<path>"
        v = UUID.sub("<uuid>", v)
        v = TIME.sub("<time>", v)
        return HHMM.sub("<hh:mm>", v)
    if isinstance(v, (int, float)) and key in ("bytes", "size", "elapsed_ms", "ms", "duration_ms", "cursor", "seq", "desk_seq", "port", "pages", "page_count"):
        return "<n>"
    return v
bad = []
for f in ["init.json", "intake.json", "backup.json", "restore.json", "restored-list.json", "enroll.json", "sync.json", "portal-list.json"]:
    a, b = norm(json.load(open(f"{win}/{f}"))), norm(json.load(open(f"{lin}/{f}")))
    same = a == b
    print(f"    {f:20} {'same' if same else 'DIFFERENT'}")
    if not same:
        bad.append(f)
        print("      windows:", json.dumps(a, ensure_ascii=False)[:1500])
        print("      linux:  ", json.dumps(b, ensure_ascii=False)[:1500])
rw, rl = open(f"{win}/receipt.txt").read(), open(f"{lin}/receipt.txt").read()
same = HHMM.sub("<hh:mm>", rw) == HHMM.sub("<hh:mm>", rl)
print(f"    {'receipt.txt':20} {'same (times of day masked)' if same else 'DIFFERENT'}")
if not same:
    bad.append("receipt.txt")
sys.exit(1 if bad else 0)
PY
# The Windows backup on Linux: same receipt, to the byte.
mkdir -p "$WORK/cross"
code=$(python3 -c 'import json; print(json.load(open("'"$WORK"'/win/intake.json"))["code"])')
"$LINUX_MOTCUA" --db "$WORK/cross/desk.sqlite" --json restore "$WORK/win/backup.sqlite" >/dev/null
"$LINUX_MOTCUA" --db "$WORK/cross/desk.sqlite" --user mai receipt "$code" -o "$WORK/cross/receipt.pdf" >/dev/null
pdftotext -layout "$WORK/cross/receipt.pdf" "$WORK/cross/receipt.txt"
cmp -s "$WORK/win/receipt.txt" "$WORK/cross/receipt.txt" || {
  diff "$WORK/win/receipt.txt" "$WORK/cross/receipt.txt" | head -n 20
  fail "the receipt rendered on Windows differs from the Linux one of the same backup"
}
echo "    Windows backup restored on Linux: receipt text identical ($(wc -l <"$WORK/win/receipt.txt") lines)"
sed -n '1,12p' "$WORK/win/receipt.txt" | sed 's/^/    | /'

step "4. printing through Windows"
WIN_MOTCUA --json printers | tee "$WORK/printers.json" | sed 's/^/    /'
set +e
WIN_MOTCUA --user mai print receipt "$code" --printer "Máy in không có" 2>"$WORK/print-missing.err"
rc_missing=$?
WIN_MOTCUA --user mai print receipt "$code" >"$WORK/print.out" 2>"$WORK/print.err"
rc_print=$?
set -e
echo "    unknown printer: exit $rc_missing: $(cat "$WORK/print-missing.err")"
[ "$rc_missing" = 1 ] && grep -q "Không tìm thấy máy in" "$WORK/print-missing.err" || fail "no clear message for an unknown printer"
echo "    default printer: exit $rc_print: $(cat "$WORK/print.out" "$WORK/print.err")"

step "5. silent uninstall keeps the data"
$WINE "$INSTDIR/uninstall.exe" /S
/usr/lib/wine/wineserver -w
[ ! -e "$INSTDIR/motcua.exe" ] || fail "motcua.exe is still installed"
[ ! -e "$C/ProgramData/Microsoft/Windows/Start Menu/Programs/Một Cửa - Tiếp nhận hồ sơ.lnk" ] || fail "the shortcut is still there"
if $WINE reg query "$UNINSTALL_KEY" /reg:64 >/dev/null 2>&1; then fail "the uninstall entry is still there"; fi
[ -f "$APPDATA_DIR/desk.sqlite" ] || fail "the uninstall removed the database"
echo "    program removed; kept: ${APPDATA_DIR#"$C/"}: $(cd "$APPDATA_DIR" && ls | tr '\n' ' ')"
step "all Windows checks passed"
