"""Print what Qt computes with ICU data, so the build can compare the full and the trimmed data.

    python installers/icu_probe.py

installers/check_bundle.py runs this twice with the build environment's PySide6 — once as it is,
once with the bundle's trimmed libicudata.so first on LD_LIBRARY_PATH — and fails the build if the
outputs differ. It exercises everything QtCore asks ICU for: collation (QCollator), locale-aware
case mapping, time-zone display names and localized dates (ucal), and text converters.
"""

from __future__ import annotations

LOCALES = ["en_US", "es_MX", "es_ES", "de_DE", "sv_SE", "tr_TR", "vi_VN", "ru_RU", "zh_CN", "ja_JP", "ar_EG", "tl_PH"]
WORDS = [
    "Zoë",
    "zebra",
    "Ángel",
    "angel",
    "Ñandú",
    "nube",
    "Öl",
    "ox",
    "İstanbul",
    "ıssız",
    "Łódź",
    "Lodz",
    "Nguyễn",
    "Ng",
    "Вася",
    "中国",
    "日本",
    "محمد",
    "o'Brien",
    "O’Brien",
    "10",
    "9",
]
ZONES = [b"America/Los_Angeles", b"America/Mexico_City", b"America/New_York", b"Pacific/Honolulu", b"Asia/Manila"]
CODECS = [
    "windows-1252",
    "ISO-8859-1",
    "ISO-8859-15",
    "Shift_JIS",
    "GB18030",
    "Big5",
    "KOI8-R",
    "IBM850",
    "EUC-KR",
    "windows-1258",
    "macintosh",
]


def probe() -> list[str]:
    from PySide6.QtCore import QCollator, QDate, QDateTime, QLocale, QStringConverter, QStringDecoder, QTime, QTimeZone

    lines = []
    for name in LOCALES:
        locale = QLocale(name)
        collator = QCollator(locale)
        lines.append(f"{name} sort {sorted(WORDS, key=collator.sortKey)}")
        collator.setNumericMode(True)
        lines.append(f"{name} numeric {sorted(WORDS, key=collator.sortKey)}")
        lines.append(f"{name} case {locale.toUpper('istanbul ıi ß ǆ')} {locale.toLower('İSTANBUL I Σ ΑΣ')}")
        for zone_id in ZONES:
            zone = QTimeZone(zone_id)
            names = [
                zone.displayName(kind, style, locale)
                for kind in (
                    QTimeZone.TimeType.StandardTime,
                    QTimeZone.TimeType.DaylightTime,
                    QTimeZone.TimeType.GenericTime,
                )
                for style in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName, QTimeZone.NameType.OffsetName)
            ]
            when = QDateTime(QDate(2024, 7, 5), QTime(14, 30), zone)
            lines.append(f"{name} {zone_id.decode()} {names} {locale.toString(when, QLocale.FormatType.LongFormat)}")
    for codec in CODECS:
        decoder = QStringDecoder(codec)
        lines.append(f"codec {codec} {decoder.isValid()} {decoder.name()}")
    lines.append(f"codecs {sorted(QStringConverter.availableCodecs())}")
    return lines


if __name__ == "__main__":
    print("\n".join(probe()))
