#!/usr/bin/env bash
# A real CUPS print queue for tests: starts cupsd if it is not running and adds the queue
# "MotcuaPDF" (cups-pdf), which writes each printed job as a PDF into ~/PDF/.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
# `lpstat -r` exits 0 either way; only its words tell whether the scheduler runs.
running() { lpstat -r 2>/dev/null | grep -q "scheduler is running"; }
if ! running; then
  $SUDO /usr/sbin/cupsd </dev/null >/dev/null 2>&1
  for _ in $(seq 100); do running && break; sleep 0.1; done
fi
if ! lpstat -p MotcuaPDF >/dev/null 2>&1; then
  $SUDO lpadmin -p MotcuaPDF -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd 2>/dev/null
fi
lpstat -p MotcuaPDF
