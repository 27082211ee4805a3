#!/usr/bin/env bash
# Build Brightline for macOS: Brightline.app (PyInstaller, onedir), checked, in a .dmg; optionally
# signed with a Developer ID and notarised.
#
#   bash installers/macos/build.sh
#
# -> dist/Brightline.app and dist/brightline-VERSION-macos-ARCH.dmg (ARCH: arm64 or x86_64, the
#    build machine's; build on each architecture you ship, or on a universal2 Python — see the README, "Install").
#
# Signing and notarisation, when these are set (see the README, "Install"):
#   BRIGHTLINE_CODESIGN_IDENTITY  "Developer ID Application: Name (TEAMID)" — PyInstaller signs every
#                                 binary and the .app with it, hardened runtime, secure timestamp;
#                                 this script signs the .dmg.
#   BRIGHTLINE_NOTARY_PROFILE     a notarytool keychain profile (xcrun notarytool store-credentials);
#                                 the .dmg is submitted, waited for, and the ticket stapled.
# Without them the app is ad-hoc signed: fine for testing, but Gatekeeper will refuse it elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS

[ "$(uname -s)" = Darwin ] || { echo "build: this builds the macOS app; run it on a Mac" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
    python3 installers/dev.py setup
fi
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
    echo "build: installing PyInstaller into .venv (pip install -e '.[build]')" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[build]"
fi
version=$(.venv/bin/python -c "import app; print(brightline.__version__)")
arch=$(uname -m)
app=dist/Brightline.app
dmg="dist/brightline-${version}-macos-${arch}.dmg"
identity="${BRIGHTLINE_CODESIGN_IDENTITY:-}"

echo "build: Brightline ${version} for macOS ${arch}"
.venv/bin/python installers/icons.py build/icons
BRIGHTLINE_ICON_DIR="$PWD/build/icons" BRIGHTLINE_CODESIGN_IDENTITY="$identity" \
    .venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    installers/brightline.spec

# --- checks: any failure fails the build ----------------------------------------------------------
for plugin in platforms/libqcocoa.dylib platforms/libqoffscreen.dylib; do
    if ! find "$app" -path "*plugins/${plugin}" | grep -q .; then
        echo "build: FAILED: the Qt plug-in ${plugin} is missing from the app" >&2; exit 1
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
    cd "$work"
    env -i HOME="$work" PATH=/usr/bin:/bin BRIGHTLINE_DATA_DIR="$work/data" QT_QPA_PLATFORM=offscreen \
        "$OLDPWD/$app/Contents/MacOS/brightline" self-test | tee "$work/self-test.txt"
) || { echo "build: FAILED: brightline self-test" >&2; exit 1; }
grep -q '^OK' "$work/self-test.txt" || { echo "build: FAILED: brightline self-test did not say OK" >&2; exit 1; }
# The window on the native (cocoa) platform plug-in, when there is a GUI session to show it in.
if launchctl managername 2>/dev/null | grep -q Aqua; then
    BRIGHTLINE_DATA_DIR="$work/data" BRIGHTLINE_QUIT_WHEN_READY=1 "$app/Contents/MacOS/brightline" \
        || { echo "build: FAILED: the window did not start on the cocoa platform plug-in" >&2; exit 1; }
    echo "build: the window started on the cocoa platform plug-in and quit after its first paint"
else
    echo "build: no GUI session (Aqua): the cocoa start was not tried" >&2
fi
if [ -n "$identity" ]; then
    codesign --verify --deep --strict --verbose=2 "$app"
fi
echo "build: size: $(du -sh "$app" | cut -f1) on disk; the largest files:"
find "$app" -type f -exec stat -f '%z %N' {} + | sort -rn | head -15 \
    | awk '{ printf "  %8.2f MB  %s\n", $1 / 1000000, $2 }'

# --- the disk image -------------------------------------------------------------------------------
stage="$work/dmg"
mkdir -p "$stage"
ditto "$app" "$stage/Brightline.app"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname "Brightline ${version}" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
if [ -n "$identity" ]; then
    codesign --sign "$identity" --timestamp "$dmg"
fi
if [ -n "${BRIGHTLINE_NOTARY_PROFILE:-}" ]; then
    [ -n "$identity" ] || { echo "build: FAILED: notarisation needs BRIGHTLINE_CODESIGN_IDENTITY" >&2; exit 1; }
    xcrun notarytool submit "$dmg" --keychain-profile "$BRIGHTLINE_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
    xcrun stapler validate "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
fi
echo "build: built ${app} and ${dmg} in $((SECONDS - started)) s"
