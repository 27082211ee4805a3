"""A small, valid pack library written into a temporary folder, for tests to break on purpose."""

from __future__ import annotations

import textwrap
from pathlib import Path

DOCUMENT = "The Department shall not hold anyone on a detainer.\nIt shall honour a judge's warrant.\n"

SOURCE = """\
id: base-law
title: Base law
short: Base law
kind: statute
status: law
as_of: "2018-01-01"
document: policy.txt
provisions:
  - id: no-hold
    section: § 1
    title: No holds
    quote: The Department shall not hold anyone on a detainer.
  - id: warrant
    section: § 2
    title: Warrants
    summary: A judge's warrant is honoured.
    confidence: verified
  - id: findings
    section: § 0
    title: Findings
    summary: Why the law was passed.
    confidence: verified
    not_officer_facing: Legislative findings; nothing for an officer to do.
"""

MANIFEST = """\
id: {id}
name: {name}
jurisdiction: Somewhere
status: {status}
version: "1.10"
law_as_of: "2018-01-01"
effective: 2018-01-01
approved_by: Test council
{extra}"""

TREE = """\
id: detainer
title: A detainer arrived
group: Booking
audiences: [booking]
summary: What to do with a detainer.
keywords: [I-247A, hold]
start: what-paper
nodes:
  what-paper:
    type: question
    text: What kind of paper is it?
    help: warrants
    options:
      - label: An ICE form
        next: note-copy
      - label: A warrant signed by a judge
        next: honour
      - label: "no"
        next: honour
  note-copy:
    type: note
    text: Give the person a copy.
    next: decline
  decline:
    type: outcome
    verdict: decline
    headline: Do not hold the person.
    do: [Release on time.]
    dont: [Do not hold.]
    say: '"We do not hold on detainers."'
    document: [The request.]
    cite: [base-law:no-hold]
    documentation_required: "yes"
  honour:
    type: outcome
    verdict: comply
    headline: Honour the judge's warrant.
    do: [Follow the warrant.]
    cite: [base-law:warrant]
"""

HELP = """\
id: warrants
title: How to tell a warrant
body: |
  A judge signs a **warrant**.

  - An ICE form is signed by an officer.
"""

OVERRIDE = """\
tree: detainer
replace:
  honour:
    type: outcome
    verdict: escalate
    headline: Call the watch commander.
    do: [Call.]
    cite: [base-law:warrant, city-policy:p1]
    escalate_to: Watch commander
amend:
  decline:
    do: [Log it.]
    cite: [city-policy:p1]
"""

CITY_SOURCE = """\
id: city-policy
title: City policy
kind: policy
status: proposed policy
as_of: "2018-01-01"
document: policy.txt
provisions:
  - id: p1
    section: Policy 1
    title: Honour warrants
    quote: It shall honour a judge's warrant.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_library(tmp_path: Path) -> Path:
    """A library root: shared material, a `base` pack and a `city` pack that extends it."""
    root = tmp_path / "decision_trees"
    write(root / "shared/documents/policy.txt", DOCUMENT)
    write(root / "shared/help/warrants.yaml", HELP)
    write(root / "base/pack.yaml", MANIFEST.format(id="base", name="Base", status="law", extra=""))
    write(root / "base/sources/base-law.yaml", SOURCE)
    write(root / "base/trees/detainer.yaml", TREE)
    write(
        root / "base/scenarios/s1.yaml",
        """\
        id: s1
        title: A detainer at night
        tree: detainer
        difficulty: easy
        narrative: A fax arrives.
        expected_outcome: decline
        expected_path: [what-paper, note-copy, decline]
        debrief:
          - point: Detainers are requests.
            cite: [base-law:no-hold]
        """,
    )
    write(
        root / "city/pack.yaml",
        MANIFEST.format(id="city", name="City", status="proposed policy", extra="extends: base\n"),
    )
    write(root / "city/sources/city-policy.yaml", CITY_SOURCE)
    write(root / "city/overrides/detainer.yaml", OVERRIDE)
    return root
