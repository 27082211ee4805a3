"""A pack not in force says so: the loader words what it adds from `status:` alone, and the
validator keeps each verdict's meaning (who decides an escalation, why a city answer differs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.core.library import load_library
from brightline.core.standing import frame, frame_script, hand_framed
from brightline.core.walk import Walk
from packlib import MANIFEST, OVERRIDE, TREE, write

CITY = MANIFEST.format(id="city", name="City", status="{status}", extra="extends: base\n")


def city_outcome(packs: Path) -> tuple[str, str, list[str]]:
    pack = load_library(packs).pack("city")
    tree = pack.trees["detainer"]
    walk = Walk(tree)
    walk.answer(1)
    assert walk.outcome is not None
    return walk.outcome.headline, walk.outcome.say, tree.nodes["decline"].do


@pytest.mark.parametrize(
    "status,headline,added",
    [
        (
            "proposed policy",
            "Under the proposed policy, call the watch commander.",
            "Under the proposed policy, log it.",
        ),
        (
            "community demand",
            "Under the community demands, call the watch commander.",
            "Under the community demands, log it.",
        ),
        ("adopted policy", "Call the watch commander.", "Log it."),
    ],
)
def test_the_wording_follows_the_status_in_one_line(packs: Path, status: str, headline: str, added: str) -> None:
    write(packs / "city/pack.yaml", CITY.replace("{status}", status))
    got_headline, _, do = city_outcome(packs)
    assert got_headline == headline
    # the base pack's own line is state law and stays as it is; only what the city adds is framed
    assert do == ["Release on time.", added]


def test_a_script_of_a_pack_not_in_force_is_introduced_as_the_proposals(packs: Path) -> None:
    override = OVERRIDE.replace("    do: [Call.]\n", "    do: [Call.]\n    say: '\"Our policy does not allow it.\"'\n")
    write(packs / "city/overrides/detainer.yaml", override)
    _, say, _ = city_outcome(packs)
    assert say == 'Under the proposed policy (not in force), the script would be:\n\n"Our policy does not allow it."'
    write(packs / "city/pack.yaml", CITY.replace("{status}", "adopted policy"))
    assert city_outcome(packs)[1] == '"Our policy does not allow it."'


def test_framing_keeps_names_and_numbered_labels_capitalised() -> None:
    phrase = "Under the proposed policy"
    assert frame("Do not hold anyone.", phrase) == "Under the proposed policy, do not hold anyone."
    assert frame("ICE gets no desk.", phrase) == "Under the proposed policy, ICE gets no desk."
    assert frame("Procedure 3.B: the date.", phrase) == "Under the proposed policy, Procedure 3.B: the date."
    assert frame("California law applies.", phrase) == "Under the proposed policy, California law applies."
    assert frame("Do not hold anyone.", "") == "Do not hold anyone."
    assert frame_script("", phrase) == ""


def test_standing_written_by_hand_is_reported(packs: Path) -> None:
    write(
        packs / "city/overrides/detainer.yaml",
        OVERRIDE.replace("do: [Log it.]", "do: [Under the proposed City policy log it.]"),
    )
    library = load_library(packs)
    assert [p.code for p in library.problems] == ["text.hand_framed"]
    assert "city" in library.packs  # a wording problem is reported; the pack still loads
    assert hand_framed("The demands (not city policy) say") == "not city policy"
    assert hand_framed("Under the model policy, do not") == ""


def test_an_escalation_names_who_decides(packs: Path) -> None:
    write(packs / "city/overrides/detainer.yaml", OVERRIDE.replace("    escalate_to: Watch commander\n", ""))
    lines = [p.format() for p in load_library(packs).problems]
    assert any(
        "detainer.yaml:3: honour: an escalate outcome must name who decides in 'escalate_to'" in line for line in lines
    )


def test_a_city_verdict_that_differs_from_the_state_answer_must_say_why(packs: Path) -> None:
    # The city's replaced outcome cites its own source: its different verdict is grounded.
    assert load_library(packs).problems == []
    silent = OVERRIDE.replace(
        "    cite: [base-law:warrant, city-policy:p1]\n    escalate_to", "    cite: [base-law:warrant]\n    escalate_to"
    )
    write(packs / "city/overrides/detainer.yaml", silent)
    lines = [p.format() for p in load_library(packs).problems]
    assert any(
        "honour: the verdict 'escalate' differs from what 'base' answers to the same answers (comply)" in line
        for line in lines
    ), lines
    write(
        packs / "city/overrides/detainer.yaml",
        silent.replace(
            "    escalate_to:", "    differs_because: The city has every warrant checked first.\n    escalate_to:"
        ),
    )
    assert load_library(packs).problems == []


def test_a_question_whose_answers_all_end_the_same_is_reported(packs: Path) -> None:
    tree = TREE.replace("    verdict: comply\n    headline: Honour", "    verdict: decline\n    headline: Honour")
    write(packs / "base/trees/detainer.yaml", tree)
    lines = [p.format() for p in load_library(packs).problems if p.code == "question.decides_nothing"]
    assert (
        len(lines) == 1 and "what-paper: every answer to this question ends in the same verdict (decline)" in lines[0]
    )


def test_an_outcome_too_slow_to_read_is_reported(packs: Path) -> None:
    long = " ".join(["word"] * 230)
    write(packs / "base/trees/detainer.yaml", TREE.replace("    do: [Release on time.]", f"    do: [{long}]"))
    lines = [p.format() for p in load_library(packs).problems if p.code == "outcome.slow_to_read"]
    # 243 words at 200 a minute is 72.9 s, and the question and the note before it add 3 s
    assert any(
        "decline: the verdict, headline, Do and Do not take 76 s to reach and read (243 words)" in x for x in lines
    )


@pytest.mark.parametrize(
    "text",
    [
        "Under the proposed policy, do not",
        "UNDER THE PROPOSED policy",
        "under  the\ncommunity   demands say",
        "This is not city policy.",
        "not c\u0130ty policy",
        "not c\u0131ty policy",
        "Under the propo\u017fed policy",
        "The proposed Pasadena policy",
        "Under the model policy, do not",
        "Our city is proud.",
        "",
    ],
)
def test_hand_framing_shortcut_never_changes_the_answer(text: str) -> None:
    from brightline.core.standing import _HAND_FRAMING

    match = _HAND_FRAMING.search(text)
    assert hand_framed(text) == (" ".join(match.group(0).split()).lower() if match else "")
