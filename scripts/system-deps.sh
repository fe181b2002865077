#!/usr/bin/env bash
# Install the Debian libraries Qt and the tests need, when missing and when we are root.
# Usage: scripts/system-deps.sh run|test|package|centre
set -euo pipefail

# What Qt loads even offscreen: EGL/GL, xkbcommon, fontconfig, D-Bus, and
# PulseAudio (the virtual keyboard's component plugin links Qt Multimedia).
qt=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libpulse0 libglib2.0-0)
# What a real window on X11 needs besides (the xcb platform plugin).
window=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
        libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libx11-xcb1)
# What the tests check output with: pdftotext/pdffonts/pdftoppm, a real print system, msgfmt.
checks=(poppler-utils cups cups-client printer-driver-cups-pdf gettext binutils libreoffice-writer-nogui)
# The centre's tests: a real PostgreSQL (started by the tests as the postgres user), Debian's
# chromium driven by Playwright (never a downloaded browser), fonts with Vietnamese for its screenshots.
centre_tests=(postgresql chromium fonts-dejavu-core)
# Reading aloud for real ("Đọc to" through Qt's speechd engine); the espeak-ng module is only a
# Recommends of speech-dispatcher, which --no-install-recommends below leaves out.
speech=(speech-dispatcher espeak-ng speech-dispatcher-espeak-ng)
# A real X server with no window manager, for the full-screen test (with the xcb libraries above).
xserver=(xvfb)
# PyInstaller needs objcopy and strip.
build=(binutils)

case "${1:-run}" in
  run) wanted=("${qt[@]}" "${window[@]}") ;;
  test) wanted=("${qt[@]}" "${window[@]}" "${checks[@]}" "${centre_tests[@]}" "${speech[@]}" "${xserver[@]}") ;;
  centre) wanted=() ;;  # the demo centre runs on the embedded SQLite: Python only
  package) wanted=("${qt[@]}" "${build[@]}") ;;
  *) echo "usage: $0 run|test|package|centre" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages (run as root to install them): ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
