#!/usr/bin/env bash
# Run a command as on a machine with only Node and npm: every system package the kiosk and its tests
# could use instead of an npm one (Chromium, socat, mosquitto, poppler, CUPS, system fonts) is hidden,
# even where this machine has it. .ci/run runs `npm test` this way; locally, e.g.
#   tools/without-system-tools.sh node tools/run-tests.mjs e2e license
# PATH becomes a folder of links to every command of the usual folders but those packages' ones;
# fontconfig sees no font; KIOSK_NO_SYSTEM_TOOLS=1 makes the code's own look-ups by absolute path
# (/usr/bin/chromium, /usr/sbin/mosquitto, /usr/share/fonts/…) ignore the system too.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG…]" >&2; exit 2; }

hide=$(mktemp -d)
trap 'rm -rf "$hide"' EXIT
mkdir "$hide/bin"
# node, npm and npx first, wherever they are installed (nvm, /usr/local, …).
for t in node npm npx; do
  p=$(command -v "$t") && ln -s "$p" "$hide/bin/$t"
done
for d in /usr/local/bin /usr/bin /bin /usr/local/sbin /usr/sbin /sbin; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    name=${f##*/}
    case "$name" in
      chromium* | google-chrome* | chrome | socat | mosquitto* | pdf* | lp | lp[a-z]* | cancel | cups* | accept | reject) continue ;;
      fc-*) [ "${KIOSK_KEEP_SYSTEM_FONTS:-}" = 1 ] || continue ;;
    esac
    [ -e "$hide/bin/$name" ] || ln -s "$f" "$hide/bin/$name"
  done
done
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' >"$hide/fonts.conf"
# KIOSK_KEEP_SYSTEM_FONTS=1: fontconfig keeps the system's fonts, for a system browser (CHROMIUM_PATH)
# that cannot draw a page without any; the kiosk's PDFs still take the npm font (KIOSK_NO_SYSTEM_TOOLS).
fonts=(FONTCONFIG_FILE="$hide/fonts.conf")
[ "${KIOSK_KEEP_SYSTEM_FONTS:-}" = 1 ] && fonts=()
hidden=(chromium socat mosquitto pdftotext pdffonts lp lpadmin cupsd)
[ "${KIOSK_KEEP_SYSTEM_FONTS:-}" = 1 ] || hidden+=(fc-list)
for tool in "${hidden[@]}"; do
  if PATH="$hide/bin" command -v "$tool" >/dev/null; then
    echo "$0: hiding failed: $tool is still on PATH" >&2
    exit 1
  fi
done

env PATH="$hide/bin" ${fonts[@]+"${fonts[@]}"} KIOSK_NO_SYSTEM_TOOLS=1 "$@"
