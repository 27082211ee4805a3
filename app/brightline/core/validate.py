"""The invariants of DESIGN.md, checked on layered packs.

Graph checks use `brightline.core.graph`: networkx names the cycles of a tree that has any, and
the checks that run on every load (is there a cycle, what is reachable, what can still reach an
outcome) are linear traversals there, since importing networkx would cost a first start more
than its whole budget.

1 acyclic, reachable, every path ends in an outcome; 2 every outcome cites, every citation
resolves; 3 two or more options with distinct labels; 4 layering resolves (see `library`);
5 scenario outcomes reachable; 6 coverage of provisions; 7 no question asks staff to find out
immigration status; 8 every problem names file, line and node.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.core.graph import leading_to, reachable_from, some_cycles, topological_order, tree_successors
from brightline.core.model import HelpArticle, Manifest, Node, Pack, PackFiles, Scenario, Source, Tree
from brightline.core.problems import Problem
from brightline.core.schema import is_date
from brightline.core.standing import hand_framed, lowered
from brightline.core.where import Where

if TYPE_CHECKING:
    from brightline.core.library import Library

# Checks of how content reads (time to act, questions that change nothing, wording that states a
# pack's standing by hand): they judge prose written for officers, not the structure, so generated
# test data is exempt from them (tests/benchmarks/bench_load.py).
READING_CHECKS = frozenset({"outcome.slow_to_read", "question.decides_nothing", "text.hand_framed"})

# Phrases by which a question would send staff to find out someone's status (invariant 7).
STATUS_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(find out|check|determine|verify|confirm|establish|look up|run|ask (about|for))\b[^.?!]{0,40}"
        r"\b(immigration|citizenship|legal|residency)\s+status",
        r"\b(is|are|was|were)\s+(the|this|that)?\s*(person|man|woman|driver|suspect|victim|witness|"
        r"individual|arrestee|detainee|inmate|he|she|they|parent|student|patient)\b[^.?!]{0,30}"
        r"\b(undocumented|illegal|an? (u\.?s\.? )?citizen|deportable|removable|here legally|"
        r"in the country legally|lawfully present|an? (illegal )?alien)\b",
        r"\b(does|do|did)\s+(the|this)?\s*(person|driver|suspect|victim|witness|individual|he|she|they)\b"
        r"[^.?!]{0,30}\b(have|hold)\b[^.?!]{0,20}\b(papers|legal status|a green card|a visa|status)\b",
        r"\bask (him|her|them|the person)\b[^.?!]{0,20}\b(where (he|she|they) (was|were|is|are) born|"
        r"for (his|her|their) papers)",
    )
]


def folded(text: str) -> str:
    return " ".join(text.split())


# Every phrase STATUS_PATTERNS can find holds one of these words; a text holding none of them (in
# lower case, `standing.lowered`) is not searched.
_STATUS_WORDS = (
    "status",
    "undocumented",
    "illegal",
    "citizen",
    "deportable",
    "removable",
    "legally",
    "lawfully",
    "alien",
    "papers",
    "green card",
    "visa",
    "born",
)


def asks_status(text: str) -> str:
    """The phrase in `text` that asks staff to find out someone's status, or ''."""
    low = lowered(text)
    for word in _STATUS_WORDS:
        if word in low:
            break
    else:
        return ""
    for pattern in STATUS_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return ""


def validate_library(library: Library, pack: Pack, files: PackFiles, problems: list[Problem]) -> None:
    """Checks of one layered pack: its own trees and changed trees, citations, scenarios, quotes,
    dates, wording, and verdicts that differ from the pack it extends."""
    documents = [Path(files.folder) / "documents", library.root / "shared" / "documents"]
    for source in files.sources.values():
        problems.extend(check_quotes(source, documents))
        problems.extend(check_dates(source, files.manifest))
    problems.extend(check_wording(files))
    parent = library.packs.get(files.manifest.extends) if files.manifest.extends else None
    for tree in pack.trees.values():
        if tree.origin == files.manifest.id or files.manifest.id in tree.changed_by:
            problems.extend(check_tree(tree, pack))
            if parent is not None and tree.id in parent.trees and files.manifest.id in tree.changed_by:
                problems.extend(check_counterparts(tree, parent.trees[tree.id], files))
    for article in files.help.values():
        problems.extend(check_help_markup(article))
        for ref in article.cite:
            problems.extend(_check_cite(ref, pack, Where(article.where.file, article.where.line, article.id)))
    reachable: dict[str, set[str]] = {}  # tree id → what its start reaches: several scenarios share a tree
    for scenario in files.scenarios.values():
        problems.extend(check_scenario(scenario, pack, reachable))


def check_tree(tree: Tree, pack: Pack) -> list[Problem]:
    problems: list[Problem] = []
    nodes = tree.nodes
    tree_where = Where(tree.where.file, tree.where.line, tree.id)
    if tree.start not in nodes:
        problems.append(Problem("tree.start_missing", tree_where, {"start": tree.start}))
    # The graph of the tree as adjacency lists: node → the nodes it leads to (each once, in order).
    successors: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        if node.type == "question":
            targets = [(o.next, o.next_line) for o in node.options]
        elif node.type == "note" and node.next:
            targets = [(node.next, node.where.line)]
        else:
            targets = []
        leads_to: list[str] = []
        for target, line in targets:
            if target in nodes:
                if target not in leads_to:
                    leads_to.append(target)
            elif target:
                problems.append(
                    Problem("tree.dangling_next", Where(node.where.file, line, node_id), {"target": target})
                )
        successors[node_id] = leads_to
        _check_node(node, pack, problems)
    # One topological order serves every graph check below: it holds every node exactly when the
    # tree has no cycle.
    order = topological_order(successors)
    cycle_nodes: set[str] = set()
    if len(order) < len(successors):
        for cycle in some_cycles(successors):
            cycle_nodes.update(cycle)
            first = nodes[cycle[0]]
            problems.append(Problem("tree.cycle", first.where, {"cycle": " → ".join(cycle + [cycle[0]])}))
    if tree.start in nodes and not cycle_nodes:
        from brightline.core.reading import LIMIT_SECONDS, tree_reading_times

        for time in tree_reading_times(pack.id, tree):
            if time.seconds > LIMIT_SECONDS:
                problems.append(
                    Problem(
                        "outcome.slow_to_read",
                        nodes[time.outcome_id].where,
                        {"seconds": round(time.seconds), "limit": round(LIMIT_SECONDS), "words": time.words},
                        blocking=False,
                    )
                )
    if not cycle_nodes:
        problems.extend(_questions_that_decide_nothing(tree, successors, order))
    if tree.start in nodes:
        reachable = reachable_from(successors, tree.start)
        if len(reachable) < len(nodes):
            for node_id in nodes:
                if node_id not in reachable:
                    problems.append(Problem("tree.unreachable", nodes[node_id].where, {"start": tree.start}))
    outcomes = [node_id for node_id, node in nodes.items() if node.type == "outcome"]
    if not outcomes:
        problems.append(Problem("tree.no_outcome", tree_where))
    else:
        can_finish = leading_to(successors, outcomes)
        if len(can_finish) < len(nodes):
            for node_id, node in nodes.items():
                if node_id not in can_finish and node_id not in cycle_nodes:
                    problems.append(Problem("tree.dead_end", node.where))
    return problems


def _questions_that_decide_nothing(
    tree: Tree, successors: dict[str, list[str]], order: list[str] | None = None
) -> list[Problem]:
    """A question must be able to change the answer: the verdict, or for escalate outcomes who
    decides. One after which every outcome answers the same only costs the officer time."""
    problems = []
    below = answers_below(tree, successors, order)
    for node in tree.nodes.values():
        if node.type == "question" and len(node.options) >= 2 and len(below[node.id]) == 1:
            ((verdict, _),) = below[node.id]
            problems.append(Problem("question.decides_nothing", node.where, {"verdict": verdict}, blocking=False))
    return problems


def answers_below(
    tree: Tree, successors: dict[str, list[str]], order: list[str] | None = None
) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each node of an acyclic tree, the (verdict, escalate_to) of the outcomes a path from it
    can reach — at most two of them, which is all a caller needs to know ("one" or "several"): one
    pass from the outcomes upwards, linear in nodes and edges. `order`: the topological order of
    `successors`, when the caller has it."""
    below: dict[str, tuple[tuple[str, str], ...]] = {}
    nodes = tree.nodes
    for node_id in reversed(topological_order(successors) if order is None else order):
        node = nodes[node_id]
        if node.type == "outcome":
            below[node_id] = ((node.verdict, node.escalate_to),)
            continue
        found: tuple[tuple[str, str], ...] = ()
        for target in successors[node_id]:
            for answer in below[target]:
                if answer not in found:
                    found += (answer,)
            if len(found) > 1:
                break
        below[node_id] = found[:2]
    return below


def _check_node(node: Node, pack: Pack, problems: list[Problem]) -> None:
    """The checks of one node on its own, appended to `problems`."""
    kind = node.type
    if kind == "question":
        options = node.options
        if len(options) < 2:
            problems.append(Problem("question.too_few_options", node.where, {"count": len(options)}))
        seen: set[str] = set()
        for option in options:
            key = folded(option.label).casefold()
            if key in seen:
                problems.append(
                    Problem(
                        "question.duplicate_label",
                        Where(node.where.file, option.line, node.id),
                        {"label": option.label},
                    )
                )
            seen.add(key)
        for text in [node.text, node.hint] + [o.label for o in options]:
            phrase = asks_status(text)
            if phrase:
                problems.append(Problem("question.asks_status", node.where, {"phrase": phrase}))
                break
    elif kind == "outcome":
        if not node.cite:
            problems.append(Problem("outcome.no_citation", node.where))
        if node.verdict == "escalate" and not node.escalate_to:
            problems.append(Problem("outcome.escalate_to_nobody", node.where))
    sources = pack.sources
    for ref in node.cite:
        source_id, sep, provision_id = ref.partition(":")
        source = sources.get(source_id)
        if not (sep and source_id and provision_id and source is not None and provision_id in source.provisions):
            problems.extend(_check_cite(ref, pack, node.where))  # says which of these it is
    if node.help and node.help not in pack.help:
        problems.append(Problem("help.unknown", node.where, {"help": node.help}))


def _check_cite(ref: str, pack: Pack, where: Where) -> list[Problem]:
    source_id, sep, provision_id = ref.partition(":")
    if not sep or not source_id or not provision_id:
        return [Problem("cite.bad_form", where, {"cite": ref})]
    source = pack.sources.get(source_id)
    if source is None:
        return [Problem("cite.unknown_source", where, {"cite": ref, "source": source_id})]
    if provision_id not in source.provisions:
        return [Problem("cite.unknown_provision", where, {"cite": ref, "source": source_id, "provision": provision_id})]
    return []


def check_dates(source: Source, manifest: Manifest) -> list[Problem]:
    """A pack states the law as of its `law_as_of`: none of its own texts was checked later."""
    if not manifest.law_as_of or not is_date(manifest.law_as_of):
        return []
    problems = []
    dated: list[tuple[str, Where]] = [(source.as_of, source.where)]
    dated += [(p.as_of, p.where) for p in source.provisions.values()]
    for as_of, where in dated:
        if as_of and is_date(as_of) and as_of > manifest.law_as_of:
            problems.append(
                Problem(
                    "source.newer_than_pack",
                    where,
                    {"as_of": as_of, "law_as_of": manifest.law_as_of},
                    blocking=False,
                )
            )
    return problems


def check_wording(files: PackFiles) -> list[Problem]:
    """Text a pack writes must not state the pack's standing by hand ("Under the proposed …"):
    the loader words it from `status:` (`brightline.core.standing`), so it follows an adoption."""
    problems = []
    nodes = [node for tree in files.trees.values() for node in tree.nodes.values()]
    for override in files.overrides:
        nodes += [*override.replace.values(), *override.add.values(), *override.amend.values()]
    for node in nodes:
        texts = [node.text, node.headline, node.say, *node.do, *node.dont, *node.document]
        if not hand_framed("\n".join(texts)):  # one search for most nodes; then text by text
            continue
        for text in texts:
            phrase = hand_framed(text)
            if phrase:
                problems.append(Problem("text.hand_framed", node.where, {"phrase": phrase}, blocking=False))
                break
    return problems


def check_counterparts(tree: Tree, parent_tree: Tree, files: PackFiles) -> list[Problem]:
    """A layered tree's outcome whose verdict differs from what the extended pack answers to the same
    answers must say why: by citing the pack's own source, or in `differs_because`.

    The same answers are followed through both trees side by side, matching options by label; where
    the extended tree asks something the layered one does not (or the layered one answers with an
    option the other lacks), every outcome the extended tree can still reach counts as its answer."""
    own_sources = set(files.sources)
    parent_successors = {k: [n for n in v.successors() if n in parent_tree.nodes] for k, v in parent_tree.nodes.items()}
    parent_answers = answers_below(parent_tree, parent_successors)
    problems: list[Problem] = []
    reported: set[str] = set()
    seen: set[tuple[str, str]] = set()
    stack = [(tree.start, parent_tree.start)]
    while stack:
        here, there = stack.pop()
        if (here, there) in seen or here not in tree.nodes:
            continue
        seen.add((here, there))
        node = tree.nodes[here]
        theirs = parent_tree.nodes.get(there)
        if node.type == "outcome":
            verdicts = sorted({verdict for verdict, _ in parent_answers.get(there.lstrip("*"), ())})
            grounded = node.differs_because or any(ref.partition(":")[0] in own_sources for ref in node.cite)
            if verdicts and node.verdict not in verdicts and not grounded and node.id not in reported:
                reported.add(node.id)
                problems.append(
                    Problem(
                        "outcome.differs_silently",
                        node.where,
                        {"verdict": node.verdict, "theirs": " or ".join(verdicts), "parent": files.manifest.extends},
                        blocking=False,
                    )
                )
            continue
        if node.type == "note":
            after = theirs.next if theirs is not None and theirs.type == "note" else there
            stack.append((node.next, after))
            continue
        if theirs is not None and theirs.type == "note":
            stack.append((here, theirs.next))
            continue
        labels = (
            {folded(o.label).casefold(): o.next for o in theirs.options}
            if theirs is not None and theirs.type == "question"
            else {}
        )
        for option in node.options:
            after = labels.get(folded(option.label).casefold(), "") if labels else there
            stack.append((option.next, after or f"*{there}"))
    return problems


def check_help_markup(article: HelpArticle) -> list[Problem]:
    """HTML, links or images in a help article's body: the restricted Markdown has none, and the
    window would show them as literal text (`brightline.core.markup`)."""
    from brightline.core.markup import foreign_markup

    found = foreign_markup(article.body)
    if found is None:
        return []
    what, sample = found
    return [
        Problem(
            "help.foreign_markup",
            Where(article.where.file, article.where.line, article.id),
            {"what": what, "sample": sample},
        )
    ]


def check_scenario(scenario: object, pack: Pack, reachable: dict[str, set[str]] | None = None) -> list[Problem]:
    """The scenario's tree, outcome and path exist and fit; `reachable` keeps what each tree's start
    reaches for the next scenario of the same tree."""
    assert isinstance(scenario, Scenario)
    tree = pack.trees.get(scenario.tree)
    if tree is None:
        return [Problem("scenario.unknown_tree", scenario.where, {"tree": scenario.tree})]
    problems: list[Problem] = []
    target = tree.nodes.get(scenario.expected_outcome)
    if target is None or target.type != "outcome":
        problems.append(
            Problem("scenario.unknown_outcome", scenario.where, {"outcome": scenario.expected_outcome, "tree": tree.id})
        )
    elif scenario.expected_outcome not in _reachable(tree, {} if reachable is None else reachable):
        problems.append(
            Problem(
                "scenario.unreachable_outcome", scenario.where, {"outcome": scenario.expected_outcome, "tree": tree.id}
            )
        )
    path = scenario.expected_path
    if path:
        reason = ""
        if path[0] != tree.start:
            reason = f"it must begin at the start node '{tree.start}'"
        elif path[-1] != scenario.expected_outcome:
            reason = "it must end at the expected outcome"
        else:
            for here, there in zip(path, path[1:], strict=False):
                node = tree.nodes.get(here)
                if node is None or there not in node.successors():
                    reason = f"'{there}' does not follow '{here}'"
                    break
        if reason:
            problems.append(Problem("scenario.bad_path", scenario.where, {"tree": tree.id, "reason": reason}))
    for point in scenario.debrief:
        for ref in point.cite:
            problems.extend(_check_cite(ref, pack, scenario.where))
    return problems


def _reachable(tree: Tree, known: dict[str, set[str]]) -> set[str]:
    """The nodes the tree's start reaches, kept in `known` by tree id."""
    found = known.get(tree.id)
    if found is None:
        found = known[tree.id] = reachable_from(tree_successors(tree), tree.start)
    return found


def check_quotes(source: Source, documents: list[Path]) -> list[Problem]:
    """Every `quote` of the source appears word for word (white space folded) in its document, a
    .txt file named in the first of the `documents` folders that has it (`packfiles.find_document`:
    never a path, a link or anything but a regular file)."""
    from brightline.core.packfiles import FileRefused, find_document, read_file

    quotes = [p for p in source.provisions.values() if p.is_quote]
    if not quotes:
        return []
    if not source.document:
        return [Problem("provision.no_document", source.where)]
    try:
        text = folded(read_file(find_document(source.document, documents)).decode("utf-8"))
    except FileRefused as exc:
        return [Problem(exc.code, source.where, exc.params)]
    except UnicodeDecodeError as exc:
        return [Problem("document.not_utf8", source.where, {"document": source.document, "offset": exc.start})]
    problems = []
    for provision in quotes:
        quote = folded(provision.text)
        if quote not in text:
            low, high = 0, len(quote)
            while low < high:  # longest prefix that is still in the document
                mid = (low + high + 1) // 2
                if quote[:mid] in text:
                    low = mid
                else:
                    high = mid - 1
            near = quote[max(0, low - 20) : low + 20]
            problems.append(
                Problem("provision.quote_not_found", provision.where, {"document": source.document, "near": near})
            )
    return problems


def check_shared(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    documents = [library.root / "shared" / "documents"]
    for source in library.shared_sources.values():
        problems.extend(check_quotes(source, documents))
    # Shared help is shown in every pack, so it may cite only what every pack can see.
    for article in library.shared_help.values():
        problems.extend(check_help_markup(article))
        for ref in article.cite:
            source_id, _, provision_id = ref.partition(":")
            shared = library.shared_sources.get(source_id)
            if shared is None or provision_id not in shared.provisions:
                where = Where(article.where.file, article.where.line, article.id)
                problems.append(Problem("cite.not_shared", where, {"cite": ref}))
    return problems


def citations_by_provision(library: Library) -> dict[str, list[tuple[str, str, str]]]:
    """For each cited provision ref, the (pack, tree, outcome node) that cite it."""
    cited: dict[str, list[tuple[str, str, str]]] = {}
    for pack in library.packs.values():
        for tree in pack.trees.values():
            for node in tree.outcomes():
                for ref in node.cite:
                    cited.setdefault(ref, []).append((pack.id, tree.id, node.id))
    return cited


def _first_citers(library: Library) -> dict[str, tuple[str, str, str]]:
    """For each cited provision ref, the first (pack, tree, outcome node) that cites it, in the order
    of `citations_by_provision`. A layered pack shares the node table of every tree it inherits
    unchanged, so a table already read is skipped: it can only cite again what it cited first."""
    first: dict[str, tuple[str, str, str]] = {}
    seen: set[int] = set()
    for pack in library.packs.values():
        for tree in pack.trees.values():
            if id(tree.nodes) in seen:
                continue
            seen.add(id(tree.nodes))
            for node in tree.nodes.values():
                if node.type == "outcome":
                    for ref in node.cite:
                        if ref not in first:
                            first[ref] = (pack.id, tree.id, node.id)
    return first


def check_coverage(library: Library) -> list[Problem]:
    """Invariant 6: every provision is cited by some outcome or says why it is not for officers."""
    first = _first_citers(library)
    problems = []
    owners = {**{s.id: s for s in library.shared_sources.values()}}
    for pack in library.packs.values():
        for source in pack.sources.values():
            if source.owner == pack.id:
                owners[source.id] = source
    for source in owners.values():
        for provision in source.provisions.values():
            if provision.ref not in first and not provision.not_officer_facing:
                problems.append(
                    Problem("provision.uncited", provision.where, {"provision": provision.ref}, blocking=False)
                )
            elif provision.ref in first and provision.not_officer_facing:
                pack_id, tree_id, node_id = first[provision.ref]
                problems.append(
                    Problem(
                        "provision.cited_not_officer_facing",
                        provision.where,
                        {"provision": provision.ref, "by": f"{pack_id}/{tree_id}#{node_id}"},
                        blocking=False,
                    )
                )
    return problems
