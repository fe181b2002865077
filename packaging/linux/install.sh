#!/bin/sh
# Install or update Gópý Kiosk from a built folder (dist/gopy, `make package`), as root:
#   sudo packaging/linux/install.sh dist/gopy
# The program goes to /opt/gopy-kiosk, replaced as a whole on every update; the kiosk's data in
# /var/lib/gopy (database, keys, settings, logs) is never touched: the kiosk migrates its own
# database when it starts. The previous program is kept in /opt/gopy-kiosk.previous to go back to.
set -eu

SOURCE=${1:?usage: install.sh PATH/TO/dist/gopy}
PREFIX=${PREFIX:-/opt/gopy-kiosk}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$SOURCE/gopy" ] || { echo "install.sh: $SOURCE/gopy is not a built kiosk folder" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 2; }
systemd_running() { [ -d /run/systemd/system ]; }

# The program runs only if it runs on this machine: check before touching anything.
"$SOURCE/gopy" --help >/dev/null

id gopy >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/gopy --no-create-home \
    --shell /usr/sbin/nologin gopy

systemd_running && systemctl stop gopy-kiosk.service 2>/dev/null || true
rm -rf "$PREFIX.new"
cp -a "$SOURCE" "$PREFIX.new"
chown -R root:root "$PREFIX.new"
chmod -R go-w "$PREFIX.new"
if [ -d "$PREFIX" ]; then
    rm -rf "$PREFIX.previous"
    mv "$PREFIX" "$PREFIX.previous"
fi
mv "$PREFIX.new" "$PREFIX"

install -m 0755 "$HERE/gopy-kiosk-session" /usr/local/bin/gopy-kiosk-session
install -m 0644 "$HERE/gopy-kiosk.service" /etc/systemd/system/gopy-kiosk.service
install -d -o gopy -g gopy -m 0700 /var/lib/gopy

if systemd_running; then
    systemctl daemon-reload
    systemctl enable gopy-kiosk.service
    systemctl set-default graphical.target
    systemctl start gopy-kiosk.service
fi
echo "Gópý Kiosk installed in $PREFIX; data in /var/lib/gopy."
