"""The domain: sources and provisions, help articles, trees and their nodes, packs, scenarios.

Plain frozen-ish dataclasses with no behaviour beyond simple look-ups; loading and validation
live in `loader` and `validate`, walking in `walk`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from brightline.core.catalogue import AUDIENCES as AUDIENCES  # the pack format's allowed audiences
from brightline.core.where import Where

STATUSES = ("law", "adopted policy", "proposed policy", "community demand", "model")
# A source may also be a policy that no longer applies: it is shown, and cited only as history.
SOURCE_STATUSES = STATUSES + ("rescinded policy",)
VERDICTS = ("decline", "comply", "comply-limited", "escalate")
# The one meaning of each verdict (decision_trees/README.md): what happens to the action the
# situation is about — the request made, or the step an officer is thinking of taking.
VERDICT_WORDS = {
    "decline": "DECLINE — do not do it",
    "comply": "COMPLY — do it as asked",
    "comply-limited": "COMPLY, LIMITED — only as described",
    "escalate": "ESCALATE — the person named decides",
}
# What a provision's text rests on, derived from how it is written (`Provision.basis`).
BASIS_QUOTE = "verbatim document"
BASIS_VERIFIED = "verified text"
BASIS_SECONDARY = "secondary source"
NODE_TYPES = ("question", "note", "outcome")
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass
class Provision:
    id: str
    section: str
    title: str
    text: str
    is_quote: bool
    source_id: str
    where: Where
    confidence: str = ""
    not_officer_facing: str = ""
    as_of: str = ""  # "YYYY-MM-DD": the date of the text checked (the source's unless overridden)
    source_notes: str = ""  # for authors only; never shown to officers

    @property
    def ref(self) -> str:
        return f"{self.source_id}:{self.id}"

    @property
    def basis(self) -> str:
        """What the text rests on: a verbatim document, verified law, or secondary sources."""
        if self.is_quote:
            return BASIS_QUOTE
        return BASIS_SECONDARY if self.confidence == "secondary" else BASIS_VERIFIED


@dataclass
class Source:
    id: str
    title: str
    short: str
    kind: str
    status: str
    where: Where
    document: str = ""
    reference: str = ""
    as_of: str = ""  # "YYYY-MM-DD": the date of the text checked; provisions inherit it
    source_notes: str = ""  # for authors only; never shown to officers
    owner: str = ""  # "shared" or the pack id that defines it
    provisions: dict[str, Provision] = field(default_factory=dict)


@dataclass
class HelpArticle:
    id: str
    title: str
    body: str
    where: Where
    cite: list[str] = field(default_factory=list)


@dataclass
class Option:
    label: str
    next: str
    line: int = 0  # the label's line
    next_line: int = 0


@dataclass
class Node:
    id: str
    type: str
    where: Where
    text: str = ""  # question or note text
    help: str = ""
    hint: str = ""
    options: list[Option] = field(default_factory=list)
    next: str = ""  # notes
    verdict: str = ""
    headline: str = ""
    do: list[str] = field(default_factory=list)
    dont: list[str] = field(default_factory=list)
    say: str = ""
    document: list[str] = field(default_factory=list)
    cite: list[str] = field(default_factory=list)
    documentation_required: bool = False
    escalate_to: str = ""
    differs_because: str = ""  # why a city outcome's verdict differs from the pack it extends
    source_notes: str = ""  # for authors only; never shown to officers

    def successors(self) -> list[str]:
        if self.type == "question":
            return [option.next for option in self.options]
        if self.type == "note":
            return [self.next] if self.next else []
        return []


@dataclass
class Tree:
    id: str
    title: str
    group: str
    audiences: list[str]
    summary: str
    keywords: list[str]
    start: str
    nodes: dict[str, Node]
    where: Where
    pack_id: str = ""  # the pack the walk runs in (set when layered)
    origin: str = ""  # the pack that first defined the tree
    changed_by: list[str] = field(default_factory=list)  # packs whose overrides changed it

    def outcomes(self) -> list[Node]:
        return [node for node in self.nodes.values() if node.type == "outcome"]


@dataclass
class Override:
    tree: str
    where: Where
    title: str = ""
    replace: dict[str, Node] = field(default_factory=dict)
    add: dict[str, Node] = field(default_factory=dict)
    amend: dict[str, Node] = field(default_factory=dict)


@dataclass
class DebriefPoint:
    point: str
    cite: list[str] = field(default_factory=list)


@dataclass
class Scenario:
    id: str
    title: str
    tree: str
    difficulty: str
    narrative: str
    expected_outcome: str
    expected_path: list[str]
    debrief: list[DebriefPoint]
    where: Where
    pack_id: str = ""


@dataclass
class Manifest:
    id: str
    name: str
    jurisdiction: str
    status: str
    version: str
    effective: str
    approved_by: str
    where: Where
    extends: str = ""
    description: str = ""
    law_as_of: str = ""  # "YYYY-MM-DD": the law the pack states is the law as of this date


@dataclass
class PackFiles:
    """One pack as written on disk, before layering."""

    manifest: Manifest
    folder: str
    sources: dict[str, Source] = field(default_factory=dict)
    help: dict[str, HelpArticle] = field(default_factory=dict)
    trees: dict[str, Tree] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    content_hash: str = ""


@dataclass
class Pack:
    """A pack with everything it inherits resolved: what a walk and the window use."""

    manifest: Manifest
    chain: list[str]  # this pack first, then what it extends, outermost last
    sources: dict[str, Source]
    help: dict[str, HelpArticle]
    trees: dict[str, Tree]
    scenarios: dict[str, Scenario]
    content_hash: str

    @property
    def id(self) -> str:
        return self.manifest.id

    def provision(self, ref: str) -> Provision | None:
        source_id, _, provision_id = ref.partition(":")
        source = self.sources.get(source_id)
        return source.provisions.get(provision_id) if source else None
