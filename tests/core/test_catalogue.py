"""The order packs are offered in and the audience choices: one rule, in the core."""

from __future__ import annotations

from brightline.core.catalogue import AUDIENCES, EVERYONE, STATUS_ORDER, audience_choice, pack_order
from brightline.core.model import STATUSES


def test_packs_in_force_come_first_then_templates_then_proposals_each_by_name() -> None:
    packs = [
        ("community demand", "A demand"),
        ("proposed policy", "B proposal"),
        ("model", "Model policy"),
        ("adopted policy", "Pasadena"),
        ("adopted policy", "Long Beach"),
        ("law", "California"),
        ("a status from a newer format", "Aardvark"),
    ]
    ordered = [name for status, name in sorted(packs, key=lambda p: pack_order(*p))]
    assert ordered == [
        "California",
        "Long Beach",
        "Pasadena",
        "Model policy",
        "B proposal",
        "A demand",
        "Aardvark",
    ]


def test_every_pack_status_has_its_place() -> None:
    assert sorted(STATUS_ORDER) == sorted(STATUSES)


def test_an_audience_choice_is_one_offered_or_everyone() -> None:
    assert [audience_choice(a) for a in AUDIENCES] == list(AUDIENCES)
    for stale in ("", "jailers", None, 3, "Booking"):
        assert audience_choice(stale) == EVERYONE
