#!/usr/bin/env python3
"""Render the application's icon (installers/art/brightline.svg) for the installers and the window.

    python installers/icons.py OUT_DIR
    python installers/icons.py --resources

The first writes OUT_DIR/brightline-SIZE.png (16 … 1024), OUT_DIR/brightline.ico (Windows:
PyInstaller and Inno Setup) and OUT_DIR/brightline.icns (macOS), with Qt's SVG renderer from the
build environment and the standard library, so no image tool has to be installed. Both container
formats hold PNG images, which Windows (Vista and later) and macOS (10.7 and later) read.

The second renders the PNGs the window itself uses (resources/icons/*.png, committed) from
installers/art/: the window icon and the combo boxes' arrow. The window reads no SVG: loading one
loads Qt's SVG library and two plug-ins (about 6 ms of every start), and with no SVG among the
resources the bundle leaves them out. Run it after changing an SVG; tests/ui/test_icons.py fails
while a PNG differs from its SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ART = ROOT / "installers" / "art"  # the SVG sources
SVG = ART / "brightline.svg"
SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
# ICNS element types holding PNG data, by pixel size (Apple's icns format).
ICNS_TYPES = [
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
]


RESOURCE_ICONS = ROOT / "resources" / "icons"
# What the window reads (app/brightline/ui/app.py, resources/style.qss): PNG name → (SVG, width, height).
WINDOW_PNGS = {
    **{f"brightline-{size}.png": ("brightline.svg", size, size) for size in (16, 24, 32, 48, 64, 128, 256)},
    "chevron-down.png": ("chevron-down.svg", 12, 8),
    "chevron-down@2x.png": ("chevron-down.svg", 24, 16),
}


def render_png(svg: Path, width: int, height: int) -> bytes:
    """`svg` rendered at width × height, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 — keeps Qt's GUI state alive
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: cannot read {svg}")
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def render_pngs(out: Path) -> dict[int, bytes]:
    """Render the SVG at every size; return {size: PNG bytes} and write brightline-SIZE.png."""
    pngs = {}
    for size in SIZES:
        pngs[size] = render_png(SVG, size, size)
        (out / f"brightline-{size}.png").write_bytes(pngs[size])
    return pngs


def write_window_pngs() -> None:
    for name, (svg, width, height) in WINDOW_PNGS.items():
        (RESOURCE_ICONS / name).write_bytes(render_png(ART / svg, width, height))


def write_ico(path: Path, pngs: dict[int, bytes]) -> None:
    entries = [(size, pngs[size]) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory = b""
    for size, data in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    path.write_bytes(header + directory + b"".join(data for _size, data in entries))


def write_icns(path: Path, pngs: dict[int, bytes]) -> None:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def make_icons(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(out)
    write_ico(out / "brightline.ico", pngs)
    write_icns(out / "brightline.icns", pngs)
    (out / "brightline.svg").write_bytes(SVG.read_bytes())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    if sys.argv[1] == "--resources":
        write_window_pngs()
    else:
        make_icons(Path(sys.argv[1]))
