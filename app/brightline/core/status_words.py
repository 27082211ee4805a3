"""Words that describe a person's immigration status, found in free text (English and Spanish).

The contact log must never hold anyone's immigration or citizenship status (DESIGN.md, "Contact
record"; the policies forbid collecting it). Staff type notes, so the window's record form and
every command that writes notes call `find_status_words` before saving and ask (or refuse) when
it finds some. It is a question, never a silent block: quoting what an agent asked ("asked for
his immigration status") can be right, and the person saving decides.

The terms are a data table, `TERMS`: (language, what the words say, patterns). A pattern is a
regular expression over words; a space in it matches any run of spaces or hyphens, matching
ignores case, and in Spanish patterns every vowel also matches its accented form ("situacion
migratoria" is found as well as "situación migratoria"). Ordinary words that only sometimes
describe status ("illegal", "alien", "papers", "wet"/"mojado", "status", "removable") are not
terms on their own; only the phrases that do are. Add a term by adding a row, and a sentence for
it to `tests/core/test_status_words.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# (language, what the words say, patterns). Longer phrases first where one contains another.
TERMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("en", "undocumented", (r"undocumented",)),
    (
        "en",
        "in the country illegally",
        (
            r"illegal (?:aliens?|immigrants?|migrants?|entrants?|entry|re-?entry|status)",
            r"illegals",
            r"illegally (?:here|present|in the (?:u\.?s\.?a?|us|country|united states)|entered|crossed)",
            r"(?:entered|crossed|came|is here|are here|lives here) (?:the (?:u\.?s\.?a?|us|country|united states|border) )?illegally",
            r"(?:criminal|removable|deportable) aliens?",
            r"unlawful(?:ly)? (?:present|presence|in the (?:u\.?s\.?|us|country|united states))",
            r"out of status",
            r"(?:no|without) (?:legal|lawful|immigration) status",
        ),
    ),
    (
        "en",
        "no papers",
        (
            r"(?:has|have|had|got|with|carries|carried) no (?:legal |immigration )?papers",
            r"without (?:legal |immigration )?papers",
            r"no (?:legal |immigration )?papers\b(?! (?:were|was|are|is|to)\b)",
        ),
    ),
    (
        "en",
        "entered without inspection",
        (r"entered without inspection", r"(?-i:EWI)"),
    ),
    (
        "en",
        "overstayed a visa",
        (
            r"overst(?:ayed|aying|ays?)(?: (?:his|her|their|a|the) visas?)?",
            r"visa overstay",
            r"(?:expired|student|tourist|work) visa",
            r"visa (?:has |had )?expired",
            r"visa status",
        ),
    ),
    (
        "en",
        "removal or deportation",
        (
            r"final (?:order|orders) of (?:removal|deportation)",
            r"(?:removal|deportation) orders?",
            r"orders? of (?:removal|deportation)",
            r"(?:previously|prior|was|been|were) (?:deported|removed from the (?:u\.?s\.?|us|country|united states))",
            r"deportable",
        ),
    ),
    (
        "en",
        "citizenship or residence",
        (
            r"immigration status",
            r"citizenship(?: status)?",
            r"non-? ?citizens?",
            r"not a (?:u\.?s\.? |us |american )?citizen",
            r"(?:u\.?s\.?|us|american) citizen",
            r"green card(?: holder)?",
            r"(?:lawful )?permanent residen(?:t|ce|cy)",
            r"(?-i:DACA)|daca recipient",
            r"(?-i:TPS)(?: holder| status)?",
            r"asylee|asylum (?:seeker|applicant|case)|refugee status",
        ),
    ),
    ("en", "a slur", (r"wetbacks?", r"anchor bab(?:y|ies)")),
    ("es", "indocumentado", (r"indocumentad[oa]s?",)),
    (
        "es",
        "sin papeles",
        (
            r"sin (?:papeles|documentos)",
            r"no tiene (?:papeles|documentos)",
            r"(?:sin|no tiene) (?:estatus|status)(?: legal| migratorio)?",
        ),
    ),
    (
        "es",
        "en el país ilegalmente",
        (
            r"(?:inmigrantes?|migrantes?|extranjer[oa]s?) ilegal(?:es)?",
            r"(?:un|una|los|las) ilegal(?:es)?",
            r"(?:entr[oó]|cruz[oó]|est[aá]|vive|lleg[oó])(?: a| en)? (?:el pa[ií]s |la frontera |los estados unidos )?ilegalmente",
            r"ilegalmente en (?:el pa[ií]s|los estados unidos|ee\.? ?uu\.?)",
            r"entrada ilegal",
            r"sin inspecci[oó]n",
        ),
    ),
    (
        "es",
        "situación migratoria",
        (
            r"(?:estatus|status|situaci[oó]n|estado|condici[oó]n|calidad) migratori[oa]",
            r"estatus legal",
            r"no es ciudadan[oa]",
            r"ciudadan[ií]a",
            r"residente permanente",
            r"tarjeta verde",
            r"visa vencida",
        ),
    ),
    (
        "es",
        "deportación",
        (
            r"orden(?:es)? (?:final(?:es)? )?de (?:deportaci[oó]n|expulsi[oó]n|remoci[oó]n)",
            r"(?:fue|ha sido|han sido|sido|ya) deportad[oa]s?",
            r"deportable",
        ),
    ),
    # Said of a person, "mojado" is a slur; said of a floor it is "wet". Only the person: after
    # an article or "es/son" ("un mojado", "es mojado"), never "está mojado".
    ("es", "un insulto", (r"(?:un|una|el|la|los|las|es|son) mojad[oa]s?", r"espaldas? mojadas?")),
)

_ACCENTS = {"a": "[aá]", "e": "[eé]", "i": "[ií]", "o": "[oó]", "u": "[uúü]", "n": "[nñ]"}


@dataclass(frozen=True)
class StatusWord:
    """Status words found: the phrase as written, where, its language and what it says."""

    phrase: str
    start: int
    end: int
    language: str
    meaning: str


def _spanish(pattern: str) -> str:
    """Let each plain vowel (and n) of a Spanish pattern match its accented forms too."""
    out: list[str] = []
    depth = 0  # inside [...] a letter is already a class member
    escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            depth += 1
            out.append(char)
        elif char == "]":
            depth -= 1
            out.append(char)
        else:
            out.append(_ACCENTS.get(char, char) if depth == 0 else char)
    return "".join(out)


@cache
def _compiled() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    groups: list[str] = []
    meanings: list[tuple[str, str]] = []
    for language, meaning, patterns in TERMS:
        for pattern in patterns:
            text = _spanish(pattern) if language == "es" else pattern
            text = text.replace(" ", r"[\s\-]+")
            groups.append(f"(?P<t{len(groups)}>{text})")
            meanings.append((language, meaning))
    # \b on both sides: "undocumented" inside "undocumentedly" or "daca" inside "dacapo" are not it.
    regex = r"(?<![\w])(?:" + "|".join(groups) + r")(?![\w])"
    return re.compile(regex, re.IGNORECASE), tuple(meanings)


def find_status_words(text: str) -> list[StatusWord]:
    """The status words in `text`, in order, each phrase once (compared without case)."""
    if not text:
        return []
    pattern, meanings = _compiled()
    found: list[StatusWord] = []
    seen: set[str] = set()
    for match in pattern.finditer(text):
        phrase = " ".join(match.group(0).split())
        if phrase.casefold() in seen:
            continue
        seen.add(phrase.casefold())
        assert match.lastgroup is not None
        language, meaning = meanings[int(match.lastgroup[1:])]
        found.append(StatusWord(phrase, match.start(), match.end(), language, meaning))
    return found
