#!/bin/sh
# Install Brightline from the unpacked tarball, for this user (default) or for all users (--system).
#
#   ./install.sh              this user:  ~/.local/opt/brightline, ~/.local/bin/brightline,
#                             a menu entry and icon in ~/.local/share
#   sudo ./install.sh --system  all users: /opt/brightline, /usr/local/bin/brightline,
#                             a menu entry and icon in /usr/share
#   ./install.sh --uninstall [--system]   remove what the matching install put there (the installed
#                             copy of this script can do it: ~/.local/opt/brightline/install.sh --uninstall)
#
# Installing again (from a newer tarball) replaces the application folder. Neither installing nor
# uninstalling touches anyone's data folder (~/.local/share/brightline: the contact log, training
# records, settings).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
scope=user
action=install
for arg in "$@"; do
    case "$arg" in
        --system) scope=system ;;
        --user) scope=user ;;
        --uninstall) action=uninstall ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

if [ "$scope" = system ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "install.sh: --system installs for all users and needs root: sudo $0 $*" >&2
        exit 1
    fi
    appdir=/opt/brightline
    bindir=/usr/local/bin
    share=/usr/share
else
    appdir="${HOME}/.local/opt/brightline"
    bindir="${HOME}/.local/bin"
    share="${XDG_DATA_HOME:-${HOME}/.local/share}"
fi
desktop="${share}/applications/brightline.desktop"
icon_svg="${share}/icons/hicolor/scalable/apps/brightline.svg"
icon_png="${share}/icons/hicolor/256x256/apps/brightline.png"

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "${share}/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "${share}/icons/hicolor" 2>/dev/null || true
}

if [ "$action" = uninstall ]; then
    rm -rf "$appdir"
    [ -L "${bindir}/brightline" ] && rm -f "${bindir}/brightline"
    rm -f "$desktop" "$icon_svg" "$icon_png"
    refresh_menus
    echo "Brightline removed from ${appdir}."
    echo "Data folders were left alone (the contact log is in ~/.local/share/brightline for each user)."
    exit 0
fi

if [ ! -x "${here}/brightline" ] || [ ! -d "${here}/_internal" ]; then
    echo "install.sh: run me from the unpacked Brightline folder (it holds 'brightline' and '_internal')" >&2
    exit 1
fi
if [ "$here" = "$appdir" ]; then
    echo "install.sh: already installed in ${appdir}" >&2
    exit 1
fi

# Copy beside the old version, then swap, so a failed copy leaves the old version working.
mkdir -p "$(dirname "$appdir")" "$bindir" "${share}/applications" "$(dirname "$icon_svg")" "$(dirname "$icon_png")"
rm -rf "${appdir}.new"
cp -R "$here" "${appdir}.new"
rm -rf "${appdir}.old"
[ -d "$appdir" ] && mv "$appdir" "${appdir}.old"
mv "${appdir}.new" "$appdir"
rm -rf "${appdir}.old"

ln -sf "${appdir}/brightline" "${bindir}/brightline"
cp "${here}/brightline.svg" "$icon_svg"
cp "${here}/brightline.png" "$icon_png"
# The menu entry names the program by its full path: ~/.local/bin is not on every desktop's PATH.
sed -e "s|^Exec=.*|Exec=${appdir}/brightline|" -e "s|^TryExec=.*|TryExec=${appdir}/brightline|" \
    "${here}/brightline.desktop" > "$desktop"
chmod 644 "$desktop"
refresh_menus

echo "Brightline $("${appdir}/brightline" --version | sed 's/^brightline //') installed in ${appdir}."
echo "Start it from the applications menu, or run: ${bindir}/brightline"
case ":${PATH}:" in *":${bindir}:"*) ;; *) echo "(${bindir} is not on your PATH.)" ;; esac
