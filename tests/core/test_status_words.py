"""The status-word check finds what describes a person's status, in English and Spanish, and
leaves ordinary words alone."""

from __future__ import annotations

import pytest

from brightline.core.status_words import TERMS, find_status_words

FOUND = [
    ("he is undocumented, an illegal alien", ["undocumented", "illegal alien"]),
    ("Agent said she is an illegal immigrant", ["illegal immigrant"]),
    ("the illegals were taken to the van", ["illegals"]),
    ("He entered illegally in 2019", ["entered illegally"]),
    ("subject is illegally present", ["illegally present"]),
    ("unlawfully present per ICE", ["unlawfully present"]),
    ("student has been out of status since May", ["out of status"]),
    ("he has no papers", ["has no papers"]),
    ("No papers.", ["No papers"]),
    ("Person is EWI per the agent", ["EWI"]),
    ("entered without inspection", ["entered without inspection"]),
    ("she overstayed her visa", ["overstayed her visa"]),
    ("a visa overstay since 2021", ["visa overstay"]),
    ("ICE says final order of removal from 2018", ["final order of removal"]),
    ("there is a deportation order", ["deportation order"]),
    ("he was previously deported", ["previously deported"]),
    ("agent asked about his immigration status", ["immigration status"]),
    ("is not a U.S. citizen", ["not a U.S. citizen"]),
    ("green card holder", ["green card holder"]),
    ("lawful permanent resident", ["lawful permanent resident"]),
    ("DACA recipient", ["DACA"]),
    ("wetback", ["wetback"]),
    ("es indocumentado y sin papeles", ["indocumentado", "sin papeles"]),
    ("Indocumentada", ["Indocumentada"]),
    ("no tiene papeles", ["no tiene papeles"]),
    ("es un ilegal, entró ilegalmente", ["un ilegal", "entró ilegalmente"]),
    ("cruzo la frontera ilegalmente", ["cruzo la frontera ilegalmente"]),
    ("situación migratoria irregular", ["situación migratoria"]),
    ("situacion migratoria", ["situacion migratoria"]),
    ("tiene orden de deportación", ["orden de deportación"]),
    ("ya fue deportado", ["fue deportado"]),
    ("le dicen que es mojado", ["es mojado"]),
    ("los mojados", ["los mojados"]),
    ("no es ciudadano", ["no es ciudadano"]),
]

ORDINARY = [
    "Illegal parking outside the sally port; illegal U-turn by the agent's car.",
    "The floor was wet. El piso estaba mojado; la ropa está mojada.",
    "Papers on the desk; no papers were handed over; the agent showed papers.",
    "Status of the warrant: unsigned. Status update at 03:00.",
    "Removable media not allowed; the cover is removable.",
    "An alien object in the fax tray.",
    "Detainer faxed at 02:10 for a person due for release at 03:00; declined as policy requires.",
    "Documentos entregados al supervisor; el agente trajo los papeles del juez.",
    "Es ilegal estacionarse aquí.",
    "Orden judicial firmada por la jueza.",
    "Officer Dacapo and Sgt. Ewing were present.",
    "",
]


@pytest.mark.parametrize(("text", "phrases"), FOUND)
def test_status_words_are_found_as_written(text: str, phrases: list[str]) -> None:
    assert [w.phrase for w in find_status_words(text)] == phrases


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_raise_no_alarm(text: str) -> None:
    assert find_status_words(text) == []


def test_each_phrase_is_named_once_with_its_language_and_place() -> None:
    text = "undocumented. UNDOCUMENTED! sin papeles"
    found = find_status_words(text)
    assert [(w.phrase, w.language) for w in found] == [("undocumented", "en"), ("sin papeles", "es")]
    assert text[found[1].start : found[1].end] == "sin papeles" and found[1].meaning == "sin papeles"


def test_every_term_of_the_table_is_exercised() -> None:
    meanings = {meaning for _, meaning, _ in TERMS}
    covered = {w.meaning for text, _ in FOUND for w in find_status_words(text)}
    assert covered == meanings
