#!/bin/sh
# OpenKiosk launcher: owns updates and their rollback, so that a new build that cannot even start
# is still taken back. It is installed by the deb (never replaced by an update) and started by the
# systemd unit each time the app exits; it then execs the build to run.
#
# State, in $KIOSK_LAUNCHER_DIR (default $KIOSK_DATA_DIR/launcher), all renames on one file system:
#   pending.AppImage  a verified (signature-checked) update the app staged; installed at the next start
#   current.AppImage  the installed update (none: run the factory build, $KIOSK_FACTORY_BUILD)
#   previous.AppImage the build before it (none: the factory build)
#   probation         starts of the current build so far without a health mark
#   healthy           written by the app once it is up; ends the probation
#   rolled-back       why the launcher went back (the app reads it, reports it, and removes it)
# After $KIOSK_MAX_UNHEALTHY_STARTS (default 3) starts without a health mark the previous build is
# put back. Plain POSIX sh, so it runs before and without anything the update could break.
set -u
DATA="${KIOSK_DATA_DIR:-/var/lib/openkiosk}"
STATE="${KIOSK_LAUNCHER_DIR:-$DATA/launcher}"
FACTORY="${KIOSK_FACTORY_BUILD:-/opt/OpenKiosk/openkiosk}"
MAX="${KIOSK_MAX_UNHEALTHY_STARTS:-3}"
case "$MAX" in '' | *[!0-9]*) MAX=3 ;; esac

say() { echo "openkiosk-launcher: $*" >&2; }

mkdir -p "$STATE" || { say "cannot create $STATE"; exec "$FACTORY" "$@"; }
cd "$STATE" || exec "$FACTORY" "$@"

if [ -f pending.AppImage ]; then
  # The current build becomes the previous one; with none installed the previous is the factory build.
  if [ -f current.AppImage ]; then mv -f current.AppImage previous.AppImage; else rm -f previous.AppImage; fi
  chmod 0755 pending.AppImage
  mv -f pending.AppImage current.AppImage
  rm -f healthy rolled-back
  echo 0 >probation.tmp && mv -f probation.tmp probation
  say "installed the staged update; on probation for $MAX starts"
fi

if [ -f probation ]; then
  if [ -f healthy ]; then
    rm -f probation
    say "the update came up healthy; probation over"
  else
    n=$(cat probation 2>/dev/null)
    case "$n" in '' | *[!0-9]*) n=0 ;; esac
    n=$((n + 1))
    if [ "$n" -gt "$MAX" ]; then
      if [ -f previous.AppImage ]; then mv -f previous.AppImage current.AppImage; else rm -f current.AppImage; fi
      rm -f probation healthy
      echo "the update did not come up healthy in $MAX starts; the launcher went back to the previous build" >rolled-back
      say "rolled back to the previous build"
    else
      echo "$n" >probation.tmp && mv -f probation.tmp probation
    fi
  fi
fi

export KIOSK_LAUNCHER_DIR="$STATE"
if [ -x current.AppImage ]; then exec "$STATE/current.AppImage" "$@"; fi
exec "$FACTORY" "$@"
