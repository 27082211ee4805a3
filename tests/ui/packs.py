"""A small, stable pack library for the UI tests (the shipped packs are still being written).

`write_fixture_packs(root)` copies decision_trees/shared and adds two packs:
- `testville` (adopted policy): two trees, a help article, quoted and summarised provisions;
- `proposalville` (proposed policy), which extends testville and changes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "decision_trees"

DOCUMENT = """Testville Ordinance 12

Section 3. Detainers. The Department shall not hold any person on the basis of an immigration
detainer request after that person becomes eligible for release from custody.

Section 4. Records. Every contact with federal immigration authorities shall be recorded.
"""

PACK = """id: testville
name: Testville Police Department
jurisdiction: Testville, Example State
status: adopted policy
version: "2.1"
law_as_of: "2024-03-01"
effective: 2024-03-01
approved_by: Testville City Council
description: A small pack for tests.
"""

PROPOSAL = """id: proposalville
name: Proposalville draft policy
jurisdiction: Proposalville
status: proposed policy
version: "0.3"
law_as_of: "2024-03-01"
effective: not adopted
approved_by: Not adopted
extends: testville
"""

SOURCE = """id: testville-ordinance
title: Testville Ordinance 12 (immigration enforcement)
short: Testville Ord. 12
kind: policy
status: adopted policy
as_of: "2024-03-01"
document: fixture-testville-ordinance.txt
provisions:
  - id: sec-3
    section: Section 3
    title: No holds on detainers
    quote: |
      The Department shall not hold any person on the basis of an immigration
      detainer request after that person becomes eligible for release from custody.
  - id: sec-4
    section: Section 4
    title: Record every contact
    quote: Every contact with federal immigration authorities shall be recorded.
  - id: judge
    section: Practice note 1
    title: Judicial warrants are honoured
    summary: A warrant signed by a judge is honoured like any other judicial warrant.
    confidence: verified
"""

HELP = """id: fixture-warrant-help
title: How to tell a judge's warrant from an ICE form
body: |
  A judge's warrant names a **court** and is signed by a *judge*.

  ## Signs of an ICE form
  - A DHS or ICE heading
  - Signed by an "immigration officer"
cite: [testville-ordinance:judge]
"""

DETAINER = """id: detainer
title: An ICE detainer (hold request) arrived
group: Booking — requests from ICE
audiences: [booking]
summary: ICE asks the jail to keep a person past their release time (Form I-247A).
keywords: [I-247A, hold, detainer]
start: who-signed
nodes:
  who-signed:
    type: question
    text: Who signed the paper that asks you to keep the person in custody?
    help: fixture-warrant-help
    hint: Look at the signature block at the bottom of the paper.
    options:
      - label: An immigration officer (an ICE or DHS form such as the I-247A, even with an I-200 or I-205 attached to it)
        next: hold-decline
      - label: A judge or magistrate of a court
        next: verify-note
      - label: Not sure
        next: release-soon
  release-soon:
    type: question
    text: Is the person due for release within the next hour?
    options:
      - label: "Yes"
        next: unsure-escalate
      - label: "No"
        next: unsure-limited
  verify-note:
    type: note
    text: Verify the warrant with the issuing court before acting on it.
    cite: [testville-ordinance:judge]
    next: judge-comply
  hold-decline:
    type: outcome
    verdict: decline
    headline: Do not keep the person past their release time on an ICE detainer.
    do:
      - Release the person when they would otherwise be released.
    dont:
      - Do not hold the person past release, not even for a few hours.
    say: |
      "Under Testville policy we do not hold people on immigration detainers."
    document:
      - The form received, the date and time, and that the hold was declined.
    cite: [testville-ordinance:sec-3, testville-ordinance:sec-4]
    documentation_required: "yes"
  judge-comply:
    type: outcome
    verdict: comply
    headline: Act on the verified judge's warrant.
    do:
      - Hold and hand over the person as the warrant directs.
    dont:
      - Do not act on the warrant before it is verified.
    say: |
      "We will act on the judge's warrant once we have verified it."
    document:
      - The court, the judge and the warrant number.
    cite: [testville-ordinance:judge]
  unsure-escalate:
    type: outcome
    verdict: escalate
    headline: Have the watch commander read the paper now.
    do:
      - Take the paper to the watch commander.
    dont:
      - Do not keep the person past release while you wait.
    say: |
      "A supervisor is reviewing the paperwork."
    document:
      - Who reviewed the paper and what they decided.
    cite: [testville-ordinance:sec-3]
    escalate_to: Watch commander
  unsure-limited:
    type: outcome
    verdict: comply-limited
    headline: Ask for a supervisor's review before the release time.
    do:
      - Ask a supervisor to review the paper before the release time.
    dont:
      - Do not share anything beyond what the policy allows.
    say: |
      "We will get back to you once a supervisor has reviewed this."
    document:
      - The paper and the review.
    cite: [testville-ordinance:sec-4]
"""

SCENE = """id: scene-assistance
title: Agents at a scene ask for backup
group: Patrol — in the field
audiences: [patrol, supervisor]
summary: Federal agents at a scene ask patrol officers to help with an arrest.
keywords: [backup, assist, perimeter]
start: what-kind
nodes:
  what-kind:
    type: question
    text: What are the agents asking your officers to do?
    options:
      - label: Help arrest someone for a civil immigration violation
        next: assist-decline
      - label: Keep the peace because a crowd is gathering
        next: peace-comply
  assist-decline:
    type: outcome
    verdict: decline
    headline: Do not help with a civil immigration arrest.
    do:
      - Explain that the department does not take part.
    cite: [testville-ordinance:sec-3]
  peace-comply:
    type: outcome
    verdict: comply
    headline: Keep the peace as you would at any scene.
    do:
      - Keep the peace.
    cite: [testville-ordinance:sec-4]
"""


def write_fixture_packs(root: Path) -> Path:
    """Write the fixture library under `root` (created) and return `root`."""
    shutil.copytree(SHIPPED / "shared", root / "shared")
    (root / "shared" / "documents" / "fixture-testville-ordinance.txt").write_text(DOCUMENT, encoding="utf-8")
    files = {
        "testville/pack.yaml": PACK,
        "testville/sources/testville-ordinance.yaml": SOURCE,
        "testville/help/fixture-warrant-help.yaml": HELP,
        "testville/trees/detainer.yaml": DETAINER,
        "testville/trees/scene-assistance.yaml": SCENE,
        "proposalville/pack.yaml": PROPOSAL,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
