"""Generate realistic pack libraries of a chosen size, in the authoring format, for benchmarks.

`write_library(root, total_nodes, big_tree=0)` writes under `root`:

    shared/documents/gen-statute.txt     a generated "law" that provisions quote from
    shared/sources/gen-statute.yaml      quotes and summaries of it
    shared/help/gen-help-*.yaml          a few help articles
    gen-state/                           a pack with its own policy source, trees and scenarios
    gen-city-*/                          packs that `extends: gen-state`, with their own trees,
                                         overrides of inherited trees and scenarios

Trees are directed acyclic graphs of 50–200 nodes (plus, when `big_tree` is given, one tree of
that many nodes): questions with 2–4 options, notes, and outcomes with do / don't / say /
document and citations. Every node is reachable, every path ends in an outcome, every provision
is cited, so the generated library validates without problems. Output is deterministic for a seed.

Only the standard library is used; the YAML is written as text (block style, like the shipped
packs), not through a YAML dumper, so generating 100,000 nodes takes seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.core.model import Tree

WORDS = (
    "officer booking release custody request form paper record supervisor agency office court "
    "judge warrant order policy section person staff shift desk notice copy time date name hold "
    "transfer interview consent counsel commander report review file log visit jail station "
    "vehicle scene case charge hearing county city state federal local written signed received "
    "sent asked given kept checked verified logged stamped attached listed named shown current "
    "prior next same other each any every first last usual normal public private formal"
).split()
VERBS = ("Check", "Keep", "Give", "Write down", "Tell", "Ask", "Record", "Call", "Note", "Hand over", "File", "Read")
VERDICTS = ("decline", "comply", "comply-limited", "escalate")
AUDIENCES = ("booking", "patrol", "supervisor")
LABEL_STEMS = (
    "Yes",
    "No",
    "Not sure",
    "A judge of a court",
    "An agency officer",
    "By fax",
    "In person",
    "By phone",
    "By e-mail",
    "Before release",
    "After release",
    "Someone else",
    "The supervisor",
    "A written request",
    "A spoken request",
    "It names a court",
    "It does not name a court",
)


def _sentence(rng: random.Random, low: int = 6, high: int = 16, end: str = ".") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + end


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _block(text: str, indent: str, width: int = 90) -> str:
    """`text` as the lines of a YAML literal block, wrapped like an author would."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "".join(f"{indent}{item}\n" for item in lines)


@dataclass
class Stats:
    """What was written: counts an author (and the benchmark table) can relate to."""

    packs: int = 0
    trees: int = 0
    nodes: int = 0
    outcomes: int = 0
    files: int = 0
    bytes: int = 0
    provisions: int = 0
    largest_file: int = 0
    trees_by_pack: dict[str, list[str]] = field(default_factory=dict)


class _Writer:
    def __init__(self, root: Path, stats: Stats) -> None:
        self.root = root
        self.stats = stats

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.stats.files += 1
        self.stats.bytes += len(data)
        self.stats.largest_file = max(self.stats.largest_file, len(data))


class _Citations:
    """Hands out provision refs round-robin so every provision is cited by some outcome."""

    def __init__(self, refs: list[str], rng: random.Random) -> None:
        self.refs = refs
        self.rng = rng
        self.next = 0

    def take(self, count: int) -> list[str]:
        chosen = [self.refs[self.next % len(self.refs)]]
        self.next += 1
        while len(chosen) < min(count, len(self.refs)):
            ref = self.rng.choice(self.refs)
            if ref not in chosen:
                chosen.append(ref)
        return chosen


# -- trees --------------------------------------------------------------------------------------


@dataclass
class _Node:
    id: str
    type: str
    successors: list[str]


def _shape(tree_id: str, size: int, rng: random.Random) -> list[_Node]:
    """A connected DAG of exactly `size` nodes in topological order, node 0 the start.

    Every option points forward (acyclic); each question claims at least one not-yet-claimed
    node (so everything is reachable) and its other options either claim new nodes or join an
    existing later node (paths merge, as real trees do). The last nodes are outcomes.
    """
    assert size >= 3
    types: list[str] = [""] * size
    succ: list[list[int]] = [[] for _ in range(size)]
    claim = 1  # the next node nobody points at yet
    for i in range(size):
        remaining_unclaimed = size - claim
        if i >= size - 1:
            kind = "outcome"
        elif claim <= i + 1 and remaining_unclaimed > 0:
            # The frontier would die here: this node must lead on.
            kind = "question" if i <= size - 3 else "note"
        elif remaining_unclaimed <= 0:
            kind = "outcome" if rng.random() < 0.75 else ("question" if i <= size - 3 else "outcome")
        else:
            roll = rng.random()
            kind = "question" if roll < 0.40 and i <= size - 3 else ("note" if roll < 0.47 else "outcome")
        if i == 0:
            kind = "question"
        types[i] = kind
        if kind == "note":
            if claim < size:
                succ[i] = [claim]
                claim += 1
            else:
                succ[i] = [rng.randint(i + 1, size - 1)]
        elif kind == "question":
            options = min(rng.choice((2, 2, 3, 3, 3, 4)), size - 1 - i)
            targets: list[int] = []
            if claim < size:
                targets.append(claim)
                claim += 1
            while len(targets) < options:
                if claim < size and (rng.random() < 0.75 or claim <= i + 1):
                    targets.append(claim)
                    claim += 1
                else:
                    window_end = min(size - 1, i + 60)
                    target = rng.randint(i + 1, window_end)
                    if target not in targets and target < claim:
                        targets.append(target)
                    elif all(t in targets for t in range(i + 1, min(claim, window_end + 1))) and claim >= size:
                        break  # nothing left to join; fewer options
            if len(targets) < 2:
                types[i] = "note"
                targets = targets[:1]
            succ[i] = targets
    assert claim >= size, (tree_id, claim, size)
    names = [f"{'q' if t == 'question' else 'n' if t == 'note' else 'o'}{i:05d}" for i, t in enumerate(types)]
    return [_Node(names[i], types[i], [names[j] for j in succ[i]]) for i in range(size)]


def _tree_data(
    tree_id: str, title: str, group: str, shape: list[_Node], rng: random.Random, cites: _Citations, help_ids: list[str]
) -> dict[str, Any]:
    """The tree as the YAML reader would return it (plain dicts, lists and text)."""
    nodes: dict[str, dict[str, Any]] = {}
    for node in shape:
        data: dict[str, Any] = {"type": node.type}
        if node.type == "question":
            data["text"] = _sentence(rng, 7, 15, "?")
            if help_ids and rng.random() < 0.1:
                data["help"] = rng.choice(help_ids)
            if rng.random() < 0.3:
                data["hint"] = _sentence(rng, 6, 12)
            labels = rng.sample(LABEL_STEMS, len(node.successors))
            data["options"] = [
                {"label": label, "next": target} for label, target in zip(labels, node.successors, strict=True)
            ]
        elif node.type == "note":
            data["text"] = _sentence(rng, 8, 18)
            if rng.random() < 0.3:  # notes do not count towards coverage: do not use up the round
                data["cite"] = [rng.choice(cites.refs)]
            data["next"] = node.successors[0]
        else:
            verdict = rng.choice(VERDICTS)
            data["verdict"] = verdict
            data["headline"] = _sentence(rng, 6, 12)
            data["do"] = [f"{rng.choice(VERBS)} {_sentence(rng, 5, 12).lower()}" for _ in range(rng.randint(1, 3))]
            data["dont"] = [f"Do not {_sentence(rng, 4, 10).lower()}" for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.7:
                data["say"] = '"' + _sentence(rng, 8, 18) + '"'
            data["document"] = [_sentence(rng, 5, 12) for _ in range(rng.randint(1, 2))]
            data["cite"] = cites.take(rng.randint(1, 3))
            if rng.random() < 0.5:
                data["documentation_required"] = "yes"
            if verdict == "escalate":
                data["escalate_to"] = "Watch commander"
        nodes[node.id] = data
    return {
        "id": tree_id,
        "title": title,
        "group": group,
        "audiences": sorted(rng.sample(AUDIENCES, rng.randint(1, 2))),
        "summary": _sentence(rng, 8, 14),
        "keywords": rng.sample(WORDS, 4),
        "start": shape[0].id,
        "nodes": nodes,
    }


def _tree_yaml(tree: dict[str, Any]) -> str:
    """The tree in block style, the way the shipped packs are written."""
    out = [f"{key}: {tree[key]}\n" for key in ("id", "title", "group")]
    out.append(f"audiences: [{', '.join(tree['audiences'])}]\n")
    out.append(f"summary: {tree['summary']}\n")
    out.append(f"keywords: [{', '.join(tree['keywords'])}]\n")
    out.append(f"start: {tree['start']}\nnodes:\n")
    for node_id, data in tree["nodes"].items():
        out.append(f"  {node_id}:\n")
        for key, value in data.items():
            if key == "options":
                out.append("    options:\n")
                out.extend(f"      - label: {o['label']}\n        next: {o['next']}\n" for o in value)
            elif key == "cite":
                out.append(f"    cite: [{', '.join(value)}]\n")
            elif isinstance(value, list):
                out.append(f"    {key}:\n")
                out.extend(f"      - {item}\n" for item in value)
            elif key == "say":
                out.append("    say: |\n" + _block(value, "      "))
            elif key == "documentation_required":
                out.append(f'    {key}: "{value}"\n')
            else:
                out.append(f"    {key}: {value}\n")
    return "".join(out)


def model_tree(size: int, seed: int = 1, refs: list[str] | None = None) -> Tree:
    """One generated tree of `size` nodes built straight into the model (no YAML), for the
    engine, window and search benchmarks, where reading a 10,000-node file would dominate."""
    from brightline.core.model import Node, Option, Tree
    from brightline.core.where import Where

    rng = random.Random(seed)
    tree_id = f"generated-{size}"
    shape = _shape(tree_id, size, rng)
    data = _tree_data(
        tree_id,
        f"Generated situation of {size} nodes",
        "Generated",
        shape,
        rng,
        _Citations(refs or ["gen-statute:s1"], rng),
        [],
    )
    file = f"<generated {tree_id}>"
    nodes: dict[str, Node] = {}
    for line, (node_id, raw) in enumerate(data["nodes"].items(), start=1):
        node = Node(id=node_id, type=raw["type"], where=Where(file, line, node_id))
        node.options = [Option(label=o["label"], next=o["next"], line=line) for o in raw.get("options", [])]
        for key in ("text", "help", "hint", "next", "verdict", "headline", "say", "escalate_to"):
            if key in raw:
                setattr(node, key, raw[key])
        for key in ("do", "dont", "document", "cite"):
            if key in raw:
                setattr(node, key, list(raw[key]))
        node.documentation_required = raw.get("documentation_required") == "yes"
        nodes[node_id] = node
    return Tree(
        id=tree_id,
        title=data["title"],
        group=data["group"],
        audiences=data["audiences"],
        summary=data["summary"],
        keywords=data["keywords"],
        start=data["start"],
        nodes=nodes,
        where=Where(file, 0, tree_id),
        pack_id="generated",
        origin="generated",
    )


def _outcome_yaml(rng: random.Random, cites: _Citations, indent: str) -> str:
    verdict = rng.choice(VERDICTS)
    lines = [
        "type: outcome",
        f"verdict: {verdict}",
        f"headline: {_sentence(rng, 6, 12)}",
        "do:",
        f"  - {rng.choice(VERBS)} {_sentence(rng, 5, 12).lower()}",
        "dont:",
        f"  - Do not {_sentence(rng, 4, 10).lower()}",
        "document:",
        f"  - {_sentence(rng, 5, 12)}",
        f"cite: [{', '.join(cites.take(2))}]",
    ]
    if verdict == "escalate":
        lines.append("escalate_to: Watch commander")
    return "".join(f"{indent}{line}\n" for line in lines)


def _path_to(shape: list[_Node], goal: str) -> list[str]:
    by_id = {n.id: n for n in shape}
    parent: dict[str, str] = {shape[0].id: ""}
    queue = [shape[0].id]
    for node_id in queue:
        if node_id == goal:
            break
        for succ in by_id[node_id].successors:
            if succ not in parent:
                parent[succ] = node_id
                queue.append(succ)
    path = [goal]
    while parent[path[-1]]:
        path.append(parent[path[-1]])
    return path[::-1]


# -- sources ------------------------------------------------------------------------------------


def _source_yaml(
    source_id: str,
    title: str,
    kind: str,
    status: str,
    document: str,
    doc_paragraphs: list[str],
    count: int,
    rng: random.Random,
) -> tuple[str, list[str]]:
    out = [
        f"id: {source_id}\n",
        f"title: {title}\n",
        f"short: {title.split(' (')[0]}\n",
        f"kind: {kind}\n",
        f"status: {status}\n",
        'as_of: "2020-01-01"\n',
    ]
    if document:
        out.append(f"document: {document}\n")
    out.append("provisions:\n")
    refs = []
    for index in range(count):
        pid = f"s{index + 1}"
        refs.append(f"{source_id}:{pid}")
        out.append(f"  - id: {pid}\n    section: Section {index + 1}\n    title: {_sentence(rng, 3, 7, '')}\n")
        if document and index % 2 == 0:
            paragraph = doc_paragraphs[index % len(doc_paragraphs)]
            sentences = paragraph.split(". ")
            start = rng.randrange(len(sentences))
            quote = ". ".join(sentences[start : start + 2])
            out.append("    quote: |\n" + _block(quote, "      "))
        else:
            out.append("    summary: |\n" + _block(_paragraph(rng, 2), "      "))
            out.append("    confidence: verified\n")
    return "".join(out), refs


# -- the library --------------------------------------------------------------------------------


def _tree_sizes(total: int, rng: random.Random, big_tree: int) -> list[int]:
    sizes = [big_tree] if big_tree else []
    left = total - big_tree
    while left > 0:
        size = rng.randint(50, 200)
        if left - size < 50:
            size = left if left >= 3 else size
        sizes.append(min(size, left) if left >= 3 else left)
        left -= sizes[-1]
    if sizes and sizes[-1] < 3:  # fold a tiny remainder into the previous tree
        tail = sizes.pop()
        sizes[-1] += tail
    return sizes


def write_library(root: Path, total_nodes: int, big_tree: int = 0, cities: int = 3, seed: int = 1) -> Stats:
    """Write a library of about `total_nodes` tree nodes under `root` (see the module docstring)."""
    rng = random.Random(seed)
    stats = Stats()
    w = _Writer(root, stats)
    sizes = _tree_sizes(total_nodes, rng, big_tree)

    paragraphs = [_paragraph(rng, 4) for _ in range(60)]
    w.write(
        "shared/documents/gen-statute.txt",
        "GENERATED STATUTE\n\n" + "\n\n".join("\n".join(_block(p, "").splitlines()) for p in paragraphs) + "\n",
    )
    text, shared_refs = _source_yaml(
        "gen-statute", "Generated statute (benchmark)", "statute", "law", "gen-statute.txt", paragraphs, 40, rng
    )
    w.write("shared/sources/gen-statute.yaml", text)
    help_ids = []
    for index in range(3):
        help_id = f"gen-help-{index + 1}"
        help_ids.append(help_id)
        body = "\n\n".join(_paragraph(rng, 3) for _ in range(3)) + "\n\n- " + _sentence(rng) + "\n- " + _sentence(rng)
        w.write(
            f"shared/help/{help_id}.yaml",
            f"id: {help_id}\ntitle: {_sentence(rng, 4, 8, '')}\nbody: |\n"
            + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())
            + f"cite: [{shared_refs[0]}]\n",
        )
    stats.provisions += 40

    # Every city gets at least one tree of its own, so that its policy is cited.
    cities = min(cities, (len(sizes) - (1 if big_tree else 0)) // 2)
    pack_ids = ["gen-state"] + [f"gen-city-{i + 1}" for i in range(cities)]
    # The state pack gets the big tree and about half of the rest; the cities share the others.
    assignment: dict[str, list[int]] = {p: [] for p in pack_ids}
    for index, size in enumerate(sizes):
        if (big_tree and index == 0) or index % 2 == 0 or cities == 0:
            assignment["gen-state"].append(size)
        else:
            assignment[pack_ids[1 + (index // 2) % cities]].append(size)

    state_shapes: dict[str, list[_Node]] = {}
    for pack_id in pack_ids:
        is_state = pack_id == "gen-state"
        manifest = [
            f"id: {pack_id}",
            f"name: {'Generated state law' if is_state else 'Generated city policy ' + pack_id[-1]}",
            "jurisdiction: Nowhere (benchmark data)",
            f"status: {'law' if is_state else 'adopted policy'}",
            'version: "1.0.0"',
            'law_as_of: "2020-01-01"',
            "effective: 2020-01-01",
            "approved_by: Benchmark generator",
        ]
        if not is_state:
            manifest.append("extends: gen-state")
        manifest.append("description: |\n  Generated for the benchmarks; not guidance.")
        w.write(f"{pack_id}/pack.yaml", "\n".join(manifest) + "\n")
        stats.packs += 1
        source_id = f"{pack_id}-policy"
        text, own_refs = _source_yaml(
            source_id,
            f"Generated policy of {pack_id} (benchmark)",
            "policy",
            "law" if is_state else "adopted policy",
            "",
            paragraphs,
            20,
            rng,
        )
        w.write(f"{pack_id}/sources/{source_id}.yaml", text)
        stats.provisions += 20
        # The state's outcomes cover the shared source; every pack's cover its own policy.
        cites = _Citations((own_refs + shared_refs) if is_state else own_refs + shared_refs[:5], rng)
        shapes: dict[str, list[_Node]] = {}
        for number, size in enumerate(assignment[pack_id]):
            tree_id = f"{pack_id}-t{number + 1:03d}"
            shape = _shape(tree_id, size, rng)
            shapes[tree_id] = shape
            w.write(
                f"{pack_id}/trees/{tree_id}.yaml",
                _tree_yaml(
                    _tree_data(
                        tree_id,
                        f"Situation {number + 1} of {pack_id}",
                        f"Group {number % 5 + 1}",
                        shape,
                        rng,
                        cites,
                        help_ids,
                    )
                ),
            )
            stats.trees += 1
            stats.nodes += size
            stats.outcomes += sum(1 for n in shape if n.type == "outcome")
            stats.trees_by_pack.setdefault(pack_id, []).append(tree_id)
        if is_state:
            state_shapes = shapes
        else:
            # Overrides: amend one outcome and replace another in two inherited small trees.
            small = [t for t, s in state_shapes.items() if len(s) <= 200]
            for tree_id in rng.sample(small, min(2, len(small))):
                outcomes = [n.id for n in state_shapes[tree_id] if n.type == "outcome"]
                amend_id, replace_id = rng.sample(outcomes, 2)
                body = (
                    f"tree: {tree_id}\nreplace:\n  {replace_id}:\n"
                    + _outcome_yaml(rng, cites, "    ")
                    + f"amend:\n  {amend_id}:\n    do:\n      - {_sentence(rng)}\n"
                    f"    cite: [{cites.take(1)[0]}]\n"
                )
                w.write(f"{pack_id}/overrides/{tree_id}.yaml", body)
        # Scenarios on the pack's own trees.
        for number, (tree_id, shape) in enumerate(list(shapes.items())[:5]):
            goal = rng.choice([n.id for n in shape if n.type == "outcome"])
            path = _path_to(shape, goal)
            w.write(
                f"{pack_id}/scenarios/{tree_id}-s{number + 1}.yaml",
                (
                    f"id: {tree_id}-s{number + 1}\ntitle: {_sentence(rng, 4, 8, '')}\ntree: {tree_id}\n"
                    f"difficulty: {rng.choice(('easy', 'medium', 'hard'))}\nnarrative: |\n"
                    + _block(_paragraph(rng, 3), "  ")
                    + f"expected_outcome: {goal}\nexpected_path: [{', '.join(path)}]\n"
                    f"debrief:\n  - point: {_sentence(rng)}\n    cite: [{cites.take(1)[0]}]\n"
                ),
            )
    return stats
