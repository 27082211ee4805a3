"""Ship a smaller ICU data library (Linux): 32 MB of Unicode data of which Qt uses half.

The PySide6 wheel's Qt links its own ICU (libicuuc, libicui18n and libicudata.so.NN, whose one
symbol `icudtNN_dat` is ICU's whole data package). In the bundle only QtCore links ICU, and it calls
four families of functions: converters (`ucnv_*`, QStringConverter), collation (`ucol_*`,
QCollator and sorting), calendars and time-zone names (`ucal_*`, QTimeZone / QLocale) and case
mapping (`u_strToUpper/Lower`, QLocale::toUpper). None of them reads the display names of
languages, regions, currencies and units, the break-iterator rules and dictionaries, the
transliterators, the spell-out rules, stringprep profiles, the confusables list or the character
names. Those are removed with ICU's own `icupkg` and the rest is linked back into a
libicudata.so.NN with the same soname and symbol.

Two guards keep this honest: trimming is skipped (with a warning) when any bundled library calls
an ICU function outside those families — a newer Qt may — and installers/icu_probe.py compares
collation, case mapping, time-zone names, dates and converters between the full and the trimmed
data at build time (installers/check_bundle.py).

Needs `icupkg` (Debian: icu-devtools), a C compiler driver (gcc or cc) and binutils' `nm`; without
them the full library ships and the build says so.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

# ICU data not read by ucnv_*, ucol_*, ucal_* and case mapping: trees, suffixes and single items.
REMOVE_TREES = ("brkitr", "curr", "lang", "rbnf", "region", "translit", "unit")
REMOVE_SUFFIXES = (".spp", ".cfu")
REMOVE_ITEMS = ("unames.icu",)
# The ICU functions (without the _NN version suffix) the trimmed data still serves.
ALLOWED_PREFIXES = ("ucnv_", "UCNV_", "ucol_", "ucal_", "u_strToUpper", "u_strToLower")

ICUDATA = re.compile(r"^libicudata\.so\.(\d+)$")


def _elf_symbol_bytes(path: Path, symbol: str) -> bytes:
    """The bytes of one defined symbol of a 64-bit little-endian ELF shared library."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, _shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind not in (2, 11):  # SHT_SYMTAB, SHT_DYNSYM
            continue
        strings = sections[link]
        for at in range(offset, offset + size, entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", data, at)
            start = strings[4] + st_name
            name = data[start : data.index(b"\0", start)].decode()
            if name == symbol and st_shndx != 0:
                section = sections[st_shndx]
                file_at = section[4] + (st_value - section[3])
                return data[file_at : file_at + st_size]
    raise ValueError(f"{path}: no symbol {symbol}")


def icu_imports(binaries: list, version: str) -> set[str]:  # type: ignore[type-arg]
    """ICU functions (without the version suffix) that the bundled binaries call."""
    suffix = f"_{version}"
    called: set[str] = set()
    for dest, src, _kind in binaries:
        if os.path.basename(dest).startswith("libicu"):
            continue
        result = subprocess.run(["nm", "-D", "--undefined-only", src], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            name = line.split()[-1] if line.split() else ""
            if name.endswith(suffix):
                called.add(name[: -len(suffix)])
    return called


def removable(items: list[str]) -> list[str]:
    """The package items (tree/name.ext, without the package prefix) the trimmed data drops."""
    return [
        item
        for item in items
        if item.split("/")[0] in REMOVE_TREES or item.endswith(REMOVE_SUFFIXES) or item in REMOVE_ITEMS
    ]


def trim_library(source: Path, version: str, work: Path) -> Path:
    """Build a trimmed libicudata.so.<version> in `work`; return its path."""
    package = f"icudt{version}l"
    full = work / "full" / f"{package}.dat"
    trimmed = work / "trimmed" / f"{package}.dat"
    for folder in (full.parent, trimmed.parent):
        folder.mkdir(parents=True, exist_ok=True)
    full.write_bytes(_elf_symbol_bytes(source, f"icudt{version}_dat"))
    listing = subprocess.run(["icupkg", "-l", str(full)], capture_output=True, text=True, check=True).stdout.split()
    drop = removable(listing)
    (work / "remove.txt").write_text("\n".join(drop) + "\n")
    trimmed.unlink(missing_ok=True)
    subprocess.run(
        ["icupkg", "-r", str(work / "remove.txt"), str(full), str(trimmed)], check=True, capture_output=True, text=True
    )
    assembly = work / "icudata.S"
    quoted = str(trimmed).replace("\\", "\\\\").replace('"', '\\"')
    assembly.write_text(
        '\t.section .note.GNU-stack,"",@progbits\n'
        "\t.section .rodata\n"
        f"\t.globl icudt{version}_dat\n"
        f"\t.type icudt{version}_dat, @object\n"
        "\t.balign 16\n"
        f"icudt{version}_dat:\n"
        f'\t.incbin "{quoted}"\n'
        f"\t.size icudt{version}_dat, . - icudt{version}_dat\n"
    )
    compiler = shutil.which("gcc") or shutil.which("cc")
    output = work / f"libicudata.so.{version}"
    subprocess.run(
        [
            str(compiler),
            "-shared",
            "-nostdlib",
            f"-Wl,-soname,libicudata.so.{version}",
            "-o",
            str(output),
            str(assembly),
        ],
        check=True,
    )
    return output


def apply(binaries: list, work: Path, log=print) -> list:  # type: ignore[type-arg]
    """Replace libicudata in PyInstaller's binaries TOC with a trimmed build, when that is safe."""
    if os.environ.get("BRIGHTLINE_FULL_ICU") == "1":
        log("icu_trim: BRIGHTLINE_FULL_ICU=1: shipping the full ICU data")
        return binaries
    found = [(i, entry) for i, entry in enumerate(binaries) if ICUDATA.match(os.path.basename(entry[0]))]
    if not found:
        return binaries  # this Qt has no bundled ICU (Windows and macOS wheels)
    index, (dest, src, kind) = found[0]
    match = ICUDATA.match(os.path.basename(dest))
    assert match is not None
    version = match.group(1)
    missing = [tool for tool in ("icupkg", "nm") if not shutil.which(tool)]
    if not (shutil.which("gcc") or shutil.which("cc")):
        missing.append("gcc")
    if missing:
        log(
            f"icu_trim: WARNING: {', '.join(missing)} not found (Debian: icu-devtools binutils gcc); "
            "shipping the full 32 MB ICU data"
        )
        return binaries
    unexpected = sorted(f for f in icu_imports(binaries, version) if not f.startswith(ALLOWED_PREFIXES))
    if unexpected:
        log(
            f"icu_trim: WARNING: bundled libraries call ICU functions the trimmed data may not serve "
            f"({', '.join(unexpected)}); shipping the full ICU data — review installers/icu_trim.py"
        )
        return binaries
    trimmed = trim_library(Path(src), version, work)
    log(
        f"icu_trim: libicudata.so.{version}: {Path(src).stat().st_size / 1e6:.1f} MB -> "
        f"{trimmed.stat().st_size / 1e6:.1f} MB"
    )
    result = list(binaries)
    result[index] = (dest, str(trimmed), kind)
    return result
