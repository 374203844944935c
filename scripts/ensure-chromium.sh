#!/usr/bin/env bash
# The browser tests drive Debian's chromium package (never a browser downloaded by a test tool).
# Installs it when missing; a no-op when /usr/bin/chromium is there (or CHROMIUM_PATH points to one).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "chromium is missing and cannot be installed without root: apt-get install chromium" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null; }
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || true)"
