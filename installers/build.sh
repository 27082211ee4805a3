#!/usr/bin/env bash
# Build Brightline's Linux bundle and tarball:
#
#   bash installers/build.sh [--no-install] [--skip-checks]
#
# -> dist/brightline/ and dist/brightline-VERSION-linux-x86_64.tar.gz, checked (installers/linux/build.py
# says what each step does). Uses the project's .venv, creating it with installers/dev.py when it is
# missing, and installs PyInstaller into it (the "build" extra) when it is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 installers/dev.py setup
fi
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
    echo "build: installing PyInstaller into .venv (pip install -e '.[build]')" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[build]"
fi
exec .venv/bin/python installers/linux/build.py "$@"
