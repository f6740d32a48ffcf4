#!/bin/sh
# Runs after the deb is installed (electron-builder deb.afterInstall):
#  - the kiosk user reads serial ports (dialout), HID readers/scanners (plugdev) and printers (lp);
#  - udev rules for those devices;
#  - the launcher that installs fleet updates and rolls a broken one back (outside the build);
#  - the systemd unit that runs the app under the cage kiosk compositor (installed, not enabled:
#    enabling it takes tty1 away from the console, which is the site's decision).
set -e
KIOSK_USER="${KIOSK_USER:-kiosk}"
RES=/opt/OpenKiosk/resources
for g in dialout lp plugdev; do
  getent group "$g" >/dev/null 2>&1 || groupadd --system "$g" || echo "openkiosk: could not create group $g" >&2
done
if id "$KIOSK_USER" >/dev/null 2>&1; then
  usermod -a -G dialout,lp,plugdev "$KIOSK_USER" || echo "openkiosk: could not add $KIOSK_USER to dialout/lp/plugdev" >&2
else
  echo "openkiosk: no user $KIOSK_USER yet; create it with: useradd -m -G dialout,lp,plugdev $KIOSK_USER" >&2
fi
if [ -d /etc/udev/rules.d ] && [ -f "$RES/udev/99-openkiosk.rules" ]; then
  install -m 0644 "$RES/udev/99-openkiosk.rules" /etc/udev/rules.d/99-openkiosk.rules
  udevadm control --reload-rules 2>/dev/null && udevadm trigger --subsystem-match=tty --subsystem-match=hidraw --subsystem-match=usbmisc 2>/dev/null || echo "openkiosk: udev not reloaded (reboot or run udevadm control --reload-rules)" >&2
fi
if [ -d /lib/systemd/system ] && [ -f "$RES/systemd/openkiosk.service" ]; then
  install -m 0644 "$RES/systemd/openkiosk.service" /lib/systemd/system/openkiosk.service
  systemctl daemon-reload 2>/dev/null || echo "openkiosk: systemd not reloaded" >&2
fi
if [ -f "$RES/launcher/openkiosk-launcher" ]; then
  install -D -m 0755 "$RES/launcher/openkiosk-launcher" /usr/lib/openkiosk/openkiosk-launcher
fi
mkdir -p /var/lib/openkiosk /etc/openkiosk
if id "$KIOSK_USER" >/dev/null 2>&1; then chown "$KIOSK_USER" /var/lib/openkiosk; fi
chmod 0750 /var/lib/openkiosk
exit 0
