"""How current a pack's law is, and saying so: `as_of` on sources and provisions, the basis of each
text, `law_as_of` on the manifest, and editors' notes kept for authors only."""

from __future__ import annotations

from pathlib import Path

from brightline.core.library import load_library
from brightline.core.model import BASIS_QUOTE, BASIS_SECONDARY, BASIS_VERIFIED
from brightline.core.text import outcome_text, pack_line
from packlib import MANIFEST, SOURCE, write


def problems_of(root: Path) -> list[str]:
    return [p.format() for p in load_library(root).problems]


def test_provisions_inherit_the_sources_date_and_say_what_they_rest_on(packs: Path) -> None:
    source = packs / "base/sources/base-law.yaml"
    write(
        source,
        SOURCE.replace(
            "    confidence: verified\n  - id: findings",
            '    confidence: secondary\n    as_of: "2017-06-01"\n  - id: findings',
        ),
    )
    pack = load_library(packs).pack("base")
    assert pack.sources["base-law"].as_of == "2018-01-01"
    quoted, warrant = pack.provision("base-law:no-hold"), pack.provision("base-law:warrant")
    assert quoted is not None and warrant is not None
    assert (quoted.as_of, quoted.basis) == ("2018-01-01", BASIS_QUOTE)
    assert (warrant.as_of, warrant.basis) == ("2017-06-01", BASIS_SECONDARY)
    assert pack.provision("base-law:findings").basis == BASIS_VERIFIED  # type: ignore[union-attr]


def test_the_walk_shows_the_law_as_of_date_beside_the_version_and_each_texts_date(packs: Path) -> None:
    pack = load_library(packs).pack("base")
    tree = pack.trees["detainer"]
    assert pack_line(pack.manifest) == "Base (status: law, version 1.10, law as of 2018-01-01, effective 2018-01-01)"
    text = outcome_text(pack, tree, tree.nodes["decline"])
    assert "[quote from a verbatim document; text checked as of 2018-01-01; law]" in text


def test_a_source_without_a_date_or_with_a_wrong_one_is_reported(packs: Path) -> None:
    source = packs / "base/sources/base-law.yaml"
    write(source, SOURCE.replace('as_of: "2018-01-01"\n', ""))
    assert any("base-law.yaml:1: -: 'as_of' is required in a source" in p for p in problems_of(packs))
    write(source, SOURCE.replace('as_of: "2018-01-01"', 'as_of: "2018-02-30"'))
    assert any("'as_of' is '2018-02-30'; write a date as YYYY-MM-DD" in p for p in problems_of(packs))
    write(source, SOURCE.replace('as_of: "2018-01-01"', 'as_of: "2019-01-01"'))
    assert any("text checked as of 2019-01-01, after the pack's law_as_of 2018-01-01" in p for p in problems_of(packs))


def test_a_pack_says_the_date_of_the_law_it_states(packs: Path) -> None:
    write(
        packs / "base/pack.yaml",
        MANIFEST.format(id="base", name="Base", status="law", extra="").replace('law_as_of: "2018-01-01"\n', ""),
    )
    assert any("base/pack.yaml:1: -: 'law_as_of' is required in pack.yaml" in p for p in problems_of(packs))


def test_a_summary_must_say_whether_it_was_checked_against_the_law(packs: Path) -> None:
    write(
        packs / "base/sources/base-law.yaml",
        SOURCE.replace(
            "    summary: A judge's warrant is honoured.\n    confidence: verified\n",
            "    summary: A judge's warrant is honoured.\n",
        ),
    )
    assert any("warrant: a summary needs 'confidence'" in p for p in problems_of(packs))


def test_editors_notes_are_kept_for_authors_and_never_shown(packs: Path) -> None:
    write(
        packs / "base/sources/base-law.yaml",
        SOURCE.replace('as_of: "2018-01-01"\n', 'as_of: "2018-01-01"\nsource_notes: "§ 3 was not reviewed."\n').replace(
            "    title: No holds\n", "    title: No holds\n    source_notes: Subdivision number not verified.\n"
        ),
    )
    pack = load_library(packs).pack("base")
    assert pack.sources["base-law"].source_notes == "§ 3 was not reviewed."
    assert pack.provision("base-law:no-hold").source_notes == "Subdivision number not verified."  # type: ignore[union-attr]
    text = outcome_text(pack, pack.trees["detainer"], pack.trees["detainer"].nodes["decline"])
    assert "not reviewed" not in text and "not verified" not in text
