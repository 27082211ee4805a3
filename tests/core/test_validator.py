"""The validator: each kind of broken pack gives one clear FILE:LINE: NODE: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.core.library import load_library
from packlib import TREE, write


def problems_of(root: Path) -> list[str]:
    return [p.format() for p in load_library(root).problems]


def only(root: Path, fragment: str) -> str:
    found = [line for line in problems_of(root) if fragment in line]
    assert found, f"no problem mentions {fragment!r}: {problems_of(root)}"
    return found[0]


def test_the_fixture_library_is_clean(packs: Path) -> None:
    library = load_library(packs)
    assert library.problems == []
    assert set(library.packs) == {"base", "city"}


def test_text_stays_text(packs: Path) -> None:
    library = load_library(packs)
    pack = library.pack("base")
    assert pack.manifest.version == "1.10"
    assert pack.manifest.effective == "2018-01-01"
    labels = [o.label for o in pack.trees["detainer"].nodes["what-paper"].options]
    assert labels[2] == "no"


def test_malformed_yaml_names_file_and_line(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml", TREE.replace("    text: What kind of paper is it?", "    text: [unclosed")
    )
    line = only(packs, "not valid YAML")
    assert line.startswith(str(packs / "base/trees/detainer.yaml")) or "base/trees/detainer.yaml:" in line
    assert ":12:" in line or ":13:" in line


def test_duplicate_key_names_both_lines(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml",
        TREE.replace("title: A detainer arrived\n", "title: A detainer arrived\ntitle: Again\n"),
    )
    line = only(packs, "duplicate key 'title'")
    assert "detainer.yaml:3:" in line and "first given on line 2" in line


def test_duplicate_node_key_is_an_error(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE + "  decline:\n    type: outcome\n")
    assert "duplicate key 'decline'" in only(packs, "duplicate key")


def test_duplicate_tree_id_across_files(packs: Path) -> None:
    write(packs / "base/trees/copy.yaml", TREE)
    assert "tree id 'detainer' is already used" in only(packs, "already used")


def test_wrong_type(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace("audiences: [booking]", "audiences: booking"))
    assert "detainer.yaml:4: -: 'audiences' must be a list, not text" in only(packs, "must be a list")


def test_unknown_key(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml",
        TREE.replace("    verdict: comply\n", "    verdict: comply\n    colour: green\n"),
    )
    line = only(packs, "unknown key 'colour'")
    assert ": honour: " in line


def test_cycle(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace("    next: decline\n", "    next: what-paper\n"))
    line = only(packs, "has a cycle")
    assert "what-paper → note-copy → what-paper" in line or "note-copy → what-paper → note-copy" in line


def test_dangling_next(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml",
        TREE.replace('        next: honour\n      - label: "no"', '        next: honuor\n      - label: "no"'),
    )
    line = only(packs, "leads to 'honuor'")
    assert "detainer.yaml:17: what-paper:" in line


def test_unreachable_node(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml",
        TREE + "  orphan:\n    type: outcome\n    verdict: comply\n    headline: x\n    cite: [base-law:warrant]\n",
    )
    assert ": orphan: node cannot be reached" in only(packs, "cannot be reached")


def test_dead_end(packs: Path) -> None:
    broken = TREE.replace("    next: decline\n", "    next: stuck\n") + (
        "  stuck:\n    type: question\n    text: Which?\n    options:\n"
        "      - {label: A, next: stuck2}\n      - {label: B, next: stuck2}\n"
        "  stuck2:\n    type: note\n    text: Wait.\n    next: nowhere\n"
    )
    write(packs / "base/trees/detainer.yaml", broken)
    assert ": stuck: no path from this node ends in an outcome" in only(packs, ": stuck: no path")


def test_outcome_without_citation(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace("    cite: [base-law:warrant]\n", ""))
    assert ": honour: the outcome cites no provision" in only(packs, "cites no provision")


def test_citation_to_missing_provision(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace("[base-law:warrant]", "[base-law:warant]"))
    assert "source 'base-law' has no provision 'warant'" in only(packs, "has no provision")


def test_citation_to_missing_source(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace("[base-law:warrant]", "[city-policy:p1]"))
    assert "names source 'city-policy', which this pack cannot see" in only(packs, "cannot see")


def test_cyclic_extends(packs: Path) -> None:
    manifest = (packs / "base/pack.yaml").read_text() + "extends: city\n"
    write(packs / "base/pack.yaml", manifest)
    line = only(packs, "'extends' forms a cycle")
    assert "base → city → base" in line or "city → base → city" in line


def test_override_of_missing_node(packs: Path) -> None:
    text = (
        (packs / "city/overrides/detainer.yaml")
        .read_text()
        .replace("  honour:\n    type: outcome", "  honor:\n    type: outcome")
    )
    write(packs / "city/overrides/detainer.yaml", text)
    assert "replaces node 'honor', which does not exist in inherited tree 'detainer'" in only(packs, "does not exist")


def test_override_of_missing_tree(packs: Path) -> None:
    text = (packs / "city/overrides/detainer.yaml").read_text().replace("tree: detainer", "tree: detainers")
    write(packs / "city/overrides/detainer.yaml", text)
    assert "overrides tree 'detainers', which the pack does not inherit" in only(packs, "does not inherit")


def test_non_utf8_file(packs: Path) -> None:
    (packs / "base/trees/detainer.yaml").write_bytes(TREE.encode("utf-8").replace(b"A detainer", b"A d\xe9tainer"))
    line = only(packs, "not UTF-8")
    assert "detainer.yaml:2:" in line


def test_oversized_file(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE + "#" * (1024 * 1024 + 10) + "\n")
    assert "pack files may be at most 1048576 bytes" in only(packs, "at most")


def test_too_few_options_and_duplicate_labels(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace('"no"', "An ICE form"))
    assert "two options have the label 'An ICE form'" in only(packs, "two options")


def test_question_that_asks_status_is_rejected(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", TREE.replace("What kind of paper is it?", "Is the person undocumented?"))
    assert "asks staff to find out a person's immigration status" in only(packs, "immigration status")


@pytest.mark.parametrize(
    "text",
    [
        "Did you check the driver's immigration status?",
        "Is the suspect a U.S. citizen?",
        "Does the person have papers?",
    ],
)
def test_status_phrasings(text: str) -> None:
    from brightline.core.validate import asks_status

    assert asks_status(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is ICE asking for information about immigration status, a release date, or criminal history?",
        "What does the paper ask your agency to do?",
        "Did the person ask for a U visa certification?",
    ],
)
def test_questions_about_requests_are_allowed(text: str) -> None:
    from brightline.core.validate import asks_status

    assert asks_status(text) == ""


def test_quote_must_be_verbatim(packs: Path) -> None:
    text = (packs / "city/sources/city-policy.yaml").read_text().replace("honour a judge's", "honour a judges")
    write(packs / "city/sources/city-policy.yaml", text)
    line = only(packs, "not word for word")
    assert ": p1: " in line and "policy.txt" in line


def test_uncited_provision_is_reported_but_the_pack_loads(packs: Path) -> None:
    text = (
        (packs / "base/sources/base-law.yaml")
        .read_text()
        .replace("    not_officer_facing: Legislative findings; nothing for an officer to do.\n", "")
    )
    write(packs / "base/sources/base-law.yaml", text)
    library = load_library(packs)
    assert "base" in library.packs
    assert any("'base-law:findings' is cited by no outcome" in p.format() for p in library.problems)


def test_scenario_with_unreachable_outcome(packs: Path) -> None:
    text = (
        (packs / "base/scenarios/s1.yaml")
        .read_text()
        .replace("expected_outcome: decline", "expected_outcome: what-paper")
    )
    write(packs / "base/scenarios/s1.yaml", text)
    assert "expected outcome 'what-paper' is not an outcome" in only(packs, "expected outcome")


def test_broken_pack_is_skipped_and_others_load(packs: Path) -> None:
    write(packs / "city/overrides/detainer.yaml", "tree: [oops\n")
    library = load_library(packs)
    assert "base" in library.packs and "city" not in library.packs
    assert "city" in library.broken


def test_broken_parent_skips_child_with_a_reason(packs: Path) -> None:
    write(packs / "base/trees/detainer.yaml", "id: detainer\n")
    library = load_library(packs)
    assert library.packs == {}
    assert any("extends 'base', which has problems" in p.format() for p in library.broken["city"])


def test_every_problem_names_file_line_and_node(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml",
        TREE.replace("[base-law:warrant]", "[nope]").replace("    next: decline\n", "    next: what-paper\n"),
    )
    for line in problems_of(packs):
        file, number, node, message = line.split(":", 3)
        assert file.endswith(".yaml") and int(number) >= 1 and node.strip() and message.strip()


def test_shared_help_may_cite_only_shared_sources(packs: Path) -> None:
    write(
        packs / "shared/help/warrants.yaml",
        (packs / "shared/help/warrants.yaml").read_text() + "cite: [base-law:no-hold]\n",
    )
    assert "shared help cites 'base-law:no-hold'" in only(packs, "shared help cites")


def test_a_cited_provision_cannot_also_be_not_officer_facing(packs: Path) -> None:
    write(
        packs / "base/trees/detainer.yaml", TREE.replace("[base-law:warrant]", "[base-law:warrant, base-law:findings]")
    )
    assert "'base-law:findings' is marked not_officer_facing but base/detainer#honour cites it" in only(
        packs, "marked not_officer_facing"
    )


# -- the fast paths of the validator give exactly what the plain ways gave ------------------------


def test_cycle_messages_are_unchanged(packs: Path) -> None:
    text = TREE.replace("    next: decline\n", "    next: what-paper\n")
    write(packs / "base/trees/detainer.yaml", text)
    assert any("has a cycle: " in line and " → " in line for line in problems_of(packs))


@pytest.mark.parametrize(
    "text",
    [
        "Is the person undocumented?",
        "IS THE DRIVER UNDOCUMENTED?",
        "Is the suspect a U.S. citizen?",
        "Does the person have papers?",
        "Did you verify their legal status?",
        "Ask them where they were born.",
        # Case-insensitive matching takes these for ASCII letters: the shortcut must not skip them.
        "Did you check the driver's immigration \u017ftatus?",
        "Is the person a c\u0130tizen?",
        "Is the person a c\u0131tizen?",
        "Does the person have a \u212a visa?",
        "Is the victim an ALIEN?",
        "What does the paper ask your agency to do?",
        "Is ICE asking about a release date?",
        "",
    ],
)
def test_status_shortcut_never_changes_the_answer(text: str) -> None:
    from brightline.core.validate import STATUS_PATTERNS, asks_status

    full = next((m.group(0) for m in (p.search(text) for p in STATUS_PATTERNS) if m), "")
    assert asks_status(text) == full


def test_coverage_names_the_same_first_citer(packs: Path) -> None:
    from brightline.core.validate import _first_citers, citations_by_provision

    library = load_library(packs)
    assert _first_citers(library) == {ref: found[0] for ref, found in citations_by_provision(library).items()}
    shipped = load_library(Path(__file__).resolve().parents[2] / "decision_trees")
    assert _first_citers(shipped) == {ref: found[0] for ref, found in citations_by_provision(shipped).items()}


def test_valid_packs_load_without_importing_networkx(packs: Path) -> None:
    """networkx (140 ms, 32 MB to import) is for naming cycles; a clean library never needs it."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from brightline.core.library import load_library; "
        f"lib = load_library(Path({str(packs)!r})); print(len(lib.problems), 'networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["0", "False"]


# -- hostile or careless packs: reported, left out, the others load -------------------------------


def test_a_pack_that_extends_itself_is_left_out_and_the_others_load(packs: Path) -> None:
    write(packs / "city/pack.yaml", (packs / "city/pack.yaml").read_text().replace("extends: base", "extends: city"))
    library = load_library(packs)
    assert set(library.packs) == {"base"}
    [problem] = library.broken["city"]
    assert problem.format() == f"{packs / 'city/pack.yaml'}:1: -: 'extends' forms a cycle: city → city"


@pytest.mark.parametrize("document", ["/etc/passwd", "../../base/pack.yaml", "../policy.txt", "/dev/zero"])
def test_a_document_that_is_a_path_is_refused(packs: Path, document: str) -> None:
    source = packs / "city/sources/city-policy.yaml"
    write(source, source.read_text().replace("document: policy.txt", f"document: {document}"))
    library = load_library(packs)
    assert "city" not in library.packs
    assert library.broken["city"][0].format() == (
        f"{source}:1: -: document '{document}' must be the name of a .txt file in the pack's documents/ "
        "folder or in shared/documents, not a path"
    )


def test_a_pack_may_quote_a_document_of_its_own(packs: Path) -> None:
    write(packs / "city/documents/city-policy.txt", "Preamble. It shall honour a judge's warrant. Always.\n")
    source = packs / "city/sources/city-policy.yaml"
    write(source, source.read_text().replace("document: policy.txt", "document: city-policy.txt"))
    library = load_library(packs)
    assert library.problems == [] and set(library.packs) == {"base", "city"}
    write(source, source.read_text().replace("document: city-policy.txt", "document: other.txt"))
    assert "document 'other.txt' is not in city/documents or shared/documents" in only(packs, "other.txt")


def test_a_documents_bytes_are_part_of_the_packs_hash(packs: Path) -> None:
    write(packs / "city/documents/city-policy.txt", "It shall honour a judge's warrant.\n")
    before = load_library(packs).pack("city").content_hash
    write(packs / "city/documents/city-policy.txt", "It shall honour a judge's warrant!\n")
    assert load_library(packs).pack("city").content_hash != before


@pytest.mark.parametrize(
    "body,what",
    [
        ("See <script>alert(1)</script> here.", "raw HTML ('<script')"),
        ("A ![seal](https://example.org/seal.png) image.", "an image ('![seal](https://example.org/seal.png)')"),
        ("[Click](javascript:alert(1)) now.", "a link ('[Click](javascript:alert(1)')"),
    ],
)
def test_help_with_html_links_or_images_is_reported(packs: Path, body: str, what: str) -> None:
    write(packs / "base/help/extra.yaml", f"id: extra\ntitle: Extra\nbody: |\n  {body}\n")
    line = only(packs, "restricted Markdown")
    assert line.startswith(f"{packs / 'base/help/extra.yaml'}:1: extra: the body holds {what}, which")
    assert "base" not in load_library(packs).packs


def test_help_with_comparisons_is_not_markup(packs: Path) -> None:
    write(packs / "base/help/extra.yaml", "id: extra\ntitle: Extra\nbody: |\n  If a < b and 3<5, **stop**.\n")
    assert problems_of(packs) == []


def test_a_pack_with_thousands_of_problems_reports_the_first_hundred(packs: Path) -> None:
    manifest = packs / "city/pack.yaml"
    first_unknown_line = len(manifest.read_text().splitlines()) + 1
    write(manifest, manifest.read_text() + "".join(f"k{i}: v\n" for i in range(5000)))
    problems = load_library(packs).broken["city"]
    assert len(problems) == 101
    assert problems[0].format().endswith("unknown key 'k0' in pack.yaml; allowed: " + problems[0].params["allowed"])
    assert (
        problems[-1].format()
        == f"{manifest}:{first_unknown_line + 100}: -: 4900 more problems from here on are not listed; fix the ones above first"
    )
