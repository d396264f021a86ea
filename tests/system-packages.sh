#!/bin/sh
# What the tests need from Debian, found or installed: `chromium` (driven headless by Playwright, no browser
# download), `fonts-noto-cjk` (Japanese text in the screenshots) and `virtuoso-opensource` (a real Virtuoso for the
# engine tests). When all are there it does nothing. When one is missing it runs `apt-get update` and
# `apt-get install -y …` of the missing ones as root, or through `sudo` when that works without a password;
# otherwise it prints that command and exits 1.
set -eu

missing=""
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing="chromium"
fi
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"; then
  missing="$missing fonts-noto-cjk"
fi
if ! command -v virtuoso-t >/dev/null 2>&1; then
  missing="$missing virtuoso-opensource"
fi
missing=$(echo "$missing" | sed 's/^ *//')
[ -z "$missing" ] && exit 0

install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing"
if [ "$(id -u)" = 0 ]; then
  echo "system-packages: installing $missing with apt-get" >&2
  sh -c "$install"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "system-packages: installing $missing with sudo apt-get" >&2
  sudo sh -c "$install"
else
  echo "system-packages: the tests need Debian's $missing; install as root with:" >&2
  echo "  apt-get update && apt-get install -y $missing" >&2
  exit 1
fi
