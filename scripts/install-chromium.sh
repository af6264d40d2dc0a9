#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's end-to-end tests (playwright-core drives it; no
# browser download from anywhere but apt). A no-op when /usr/bin/chromium is already there.
# Called by the e2e tests' globalSetup (services/dashboard/e2e/global-setup.ts), so `npm test` on a
# fresh Debian machine (CI runs as root) gets it without a separate step.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-chromium: not root and no sudo; run: apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "install-chromium: installing Debian's chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
[ -x "$CHROMIUM" ] || { echo "install-chromium: $CHROMIUM still missing after apt-get" >&2; exit 1; }
