#!/bin/sh
# Runs after the deb is installed: the kiosk user reads serial ports (dialout) and printers (lp).
set -e
KIOSK_USER="${KIOSK_USER:-kiosk}"
if id "$KIOSK_USER" >/dev/null 2>&1; then
  usermod -a -G dialout,lp,plugdev "$KIOSK_USER" || echo "openkiosk: could not add $KIOSK_USER to dialout/lp/plugdev" >&2
fi
if [ -d /etc/udev/rules.d ] && [ -f /opt/OpenKiosk/resources/udev/99-openkiosk.rules ]; then
  cp /opt/OpenKiosk/resources/udev/99-openkiosk.rules /etc/udev/rules.d/
  udevadm control --reload-rules || true
fi
