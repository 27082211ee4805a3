"""Reading pack files from disk into the model, one file at a time.

Each reader returns what it could read plus the problems it found; a file with problems still
yields as much as was readable, so that one mistake produces one message, not a cascade.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brightline.core.model import (
    AUDIENCES,
    DIFFICULTIES,
    NODE_TYPES,
    SOURCE_STATUSES,
    STATUSES,
    VERDICTS,
    DebriefPoint,
    HelpArticle,
    Manifest,
    Node,
    Option,
    Override,
    PackFiles,
    Provision,
    Scenario,
    Source,
    Tree,
)
from brightline.core.packfiles import (
    MANIFEST,
    FileRefused,
    PackFile,
    PackListing,
    display_path,
    list_pack,
    read_file,
)
from brightline.core.problems import Problem
from brightline.core.schema import ID_RE, Fields, key_set
from brightline.core.where import Where
from brightline.core.yamlio import SlowReading, YamlProblem, gc_paused, line_of_key, read_yaml

SOURCE_KINDS = (
    "statute",
    "regulation",
    "case",
    "form",
    "policy",
    "platform",
    "demand",
    "checklist",
    "guidance",
)
CONFIDENCE = ("verified", "secondary")
NODE_KEYS = (
    "type",
    "text",
    "help",
    "hint",
    "options",
    "next",
    "cite",
    "verdict",
    "headline",
    "do",
    "dont",
    "say",
    "document",
    "documentation_required",
    "escalate_to",
    "differs_because",
    "source_notes",
)
_NODE_KEY_SET = frozenset(NODE_KEYS)
UNREADABLE = object()  # what FileReader.load gives for a file it could not read
# Nodes one pack may hold in its trees and overrides: hundreds of times what a pack needs, and few
# enough that a pack written to be slow still loads quickly (tests/benchmarks/README.md). Read when
# used, so that a benchmark can raise it for one run.
MAX_PACK_NODES = 10_000


class FileReader:
    """Reads the files of one pack (or shared) folder as `packfiles` lists them, naming files
    relative to the working folder in problems."""

    def __init__(self, root: Path, problems: list[Problem], signed: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.problems = problems
        self.signed = signed  # a verified release's files and their digests (`packfiles.list_pack`)
        self.digest = hashlib.sha256()
        self.slow = SlowReading()  # one allowance for the whole folder
        self.nodes_left = MAX_PACK_NODES
        self.cwd = os.getcwd()

    def display(self, path: Path | str) -> str:
        """The path as an author would type it (`packfiles.display_path`)."""
        return display_path(path, self.cwd)

    def load(self, file: PackFile) -> Any:
        """The file's data, or UNREADABLE after recording why it could not be read (an empty file
        is data: None, which the readers report as not a mapping)."""
        try:
            return read_yaml(file, self.digest, self.slow)
        except YamlProblem as exc:
            self.problems.append(Problem(exc.code, Where(self.display(file.location), exc.line), exc.params))
            return UNREADABLE

    def listing(self) -> PackListing:
        """The folder's files (`packfiles.list_pack`); what it refuses is recorded as problems."""
        listing = list_pack(self.root, self.signed)
        self.problems.extend(listing.problems)
        return listing

    def digest_documents(self, listing: PackListing) -> None:
        """The documents' bytes into the digest (quotes are checked against them)."""
        for file in listing.files_in("documents"):
            try:
                self.digest.update(file.path.name.encode() + b"\0" + read_file(file))
            except FileRefused as exc:
                self.problems.append(Problem(exc.code, Where(self.display(file.location)), exc.params))

    # -- manifests ------------------------------------------------------------------------------
    def manifest(self, file: PackFile) -> Manifest | None:
        data = self.load(file)
        if data is UNREADABLE:
            return None
        f = Fields(
            data,
            "pack.yaml",
            self.display(file.location),
            "",
            self.problems,
            (
                "id",
                "name",
                "jurisdiction",
                "status",
                "version",
                "law_as_of",
                "effective",
                "approved_by",
                "extends",
                "description",
            ),
        )
        if not f.ok:
            return None
        return Manifest(
            id=f.ident("id"),
            name=f.text("name"),
            jurisdiction=f.text("jurisdiction"),
            status=f.text("status", choices=STATUSES),
            version=f.text("version"),
            law_as_of=f.date("law_as_of"),
            effective=f.text("effective", required=False),
            approved_by=f.text("approved_by"),
            extends=f.ident("extends", required=False),
            description=f.text("description", required=False),
            where=f.where(),
        )

    # -- sources --------------------------------------------------------------------------------
    def source(self, pack_file: PackFile, owner: str) -> Source | None:
        data = self.load(pack_file)
        if data is UNREADABLE:
            return None
        file = self.display(pack_file.location)
        f = Fields(
            data,
            "a source",
            file,
            "",
            self.problems,
            ("id", "title", "short", "kind", "status", "as_of", "document", "reference", "source_notes", "provisions"),
        )
        if not f.ok:
            return None
        source = Source(
            id=f.ident("id"),
            title=f.text("title"),
            short=f.text("short", required=False),
            kind=f.text("kind", choices=SOURCE_KINDS),
            status=f.text("status", choices=SOURCE_STATUSES),
            document=f.text("document", required=False),
            reference=f.text("reference", required=False),
            as_of=f.date("as_of"),
            source_notes=f.text("source_notes", required=False),
            owner=owner,
            where=f.where(),
        )
        source.short = source.short or source.title
        for line, item in f.items("provisions", required=True):
            p = Fields(
                item,
                "a provision",
                file,
                "",
                self.problems,
                (
                    "id",
                    "section",
                    "title",
                    "quote",
                    "summary",
                    "confidence",
                    "as_of",
                    "not_officer_facing",
                    "source_notes",
                ),
            )
            if not p.ok:
                continue
            pid = p.ident("id")
            p.node = pid
            quote = p.text("quote", required=False)
            summary = p.text("summary", required=False)
            if quote and summary:
                p.problem("provision.quote_and_summary", p.line)
            elif not quote and not summary:
                p.problem("provision.no_text", p.line)
            confidence = p.text("confidence", required=False, choices=CONFIDENCE)
            if summary and not confidence and "confidence" not in p.data:
                p.problem("provision.no_confidence", p.line)
            if pid in source.provisions:
                p.problem(
                    "pack.duplicate_id",
                    p.line,
                    kind="provision",
                    id=pid,
                    other=f"line {source.provisions[pid].where.line}",
                )
                continue
            source.provisions[pid] = Provision(
                id=pid,
                section=p.text("section"),
                title=p.text("title"),
                text=quote or summary,
                is_quote=bool(quote),
                source_id=source.id,
                confidence=confidence,
                not_officer_facing=p.text("not_officer_facing", required=False),
                as_of=p.date("as_of", required=False) or source.as_of,
                source_notes=p.text("source_notes", required=False),
                where=Where(file, line, pid),
            )
        return source

    # -- help -----------------------------------------------------------------------------------
    def help(self, file: PackFile) -> HelpArticle | None:
        data = self.load(file)
        if data is UNREADABLE:
            return None
        f = Fields(
            data, "a help article", self.display(file.location), "", self.problems, ("id", "title", "body", "cite")
        )
        if not f.ok:
            return None
        return HelpArticle(
            id=f.ident("id"), title=f.text("title"), body=f.text("body"), cite=f.text_list("cite"), where=f.where()
        )

    # -- trees ----------------------------------------------------------------------------------
    def node(self, node_id: str, data: Any, file: str, line: int) -> Node | None:
        f = Fields(data, f"node '{node_id}'", file, node_id, self.problems, NODE_KEYS)
        if not f.ok:
            return None
        kind = f.text("type", choices=NODE_TYPES)
        node = Node(id=node_id, type=kind, where=Where(file, line or f.line, node_id))
        node.source_notes = f.text("source_notes", required=False)
        if kind == "question":
            self._only(f, ("type", "text", "help", "hint", "options", "source_notes"))
            node.text = f.text("text")
            node.help = f.ident("help", required=False)
            node.hint = f.text("hint", required=False)
            for _line, item in f.items("options", required=True):
                o = Fields(item, "an option", file, node_id, self.problems, ("label", "next"))
                if o.ok:
                    node.options.append(
                        Option(
                            label=o.text("label"),
                            next=o.ident("next"),
                            line=o.key_line("label"),
                            next_line=o.key_line("next"),
                        )
                    )
        elif kind == "note":
            self._only(f, ("type", "text", "help", "next", "cite", "source_notes"))
            node.text = f.text("text")
            node.help = f.ident("help", required=False)
            node.next = f.ident("next")
            node.cite = f.text_list("cite")
        elif kind == "outcome":
            self._only(
                f,
                (
                    "type",
                    "verdict",
                    "headline",
                    "do",
                    "dont",
                    "say",
                    "document",
                    "cite",
                    "documentation_required",
                    "escalate_to",
                    "differs_because",
                    "help",
                    "source_notes",
                ),
            )
            node.verdict = f.text("verdict", choices=VERDICTS)
            node.headline = f.text("headline")
            node.do = f.text_list("do")
            node.dont = f.text_list("dont")
            node.say = f.text("say", required=False)
            node.document = f.text_list("document")
            node.cite = f.text_list("cite")
            node.help = f.ident("help", required=False)
            node.documentation_required = f.text("documentation_required", False, ("yes", "no")) == "yes"
            node.escalate_to = f.text("escalate_to", required=False)
            node.differs_because = f.text("differs_because", required=False)
        return node

    def _only(self, f: Fields, allowed: tuple[str, ...]) -> None:
        known = key_set(allowed)
        for key in f.data:
            if key not in known and key in _NODE_KEY_SET:
                f.problem(
                    "schema.unknown_key",
                    f.key_line(str(key)),
                    key=key,
                    what=f"a {f.data.get('type')} node",
                    allowed=", ".join(allowed),
                )

    def nodes(self, f: Fields, key: str, file: str, required: bool) -> dict[str, Node]:
        nodes: dict[str, Node] = {}
        raw = f.mapping(key, required=required)
        self.nodes_left -= len(raw)
        if self.nodes_left < 0:
            f.problem("pack.too_many_nodes", line_of_key(f.data, key, f.line), limit=MAX_PACK_NODES)
            return nodes
        for node_id, data in raw.items():
            node_id = str(node_id)
            line = line_of_key(raw, node_id, f.line)
            if not ID_RE.match(node_id):
                f.problem("schema.bad_id", line, value=node_id)
                continue
            node = self.node(node_id, data, file, line)
            if node is not None:
                nodes[node_id] = node
        return nodes

    def tree(self, pack_file: PackFile) -> Tree | None:
        data = self.load(pack_file)
        if data is UNREADABLE:
            return None
        file = self.display(pack_file.location)
        f = Fields(
            data,
            "a tree",
            file,
            "",
            self.problems,
            ("id", "title", "group", "audiences", "summary", "keywords", "start", "nodes"),
        )
        if not f.ok:
            return None
        return Tree(
            id=f.ident("id"),
            title=f.text("title"),
            group=f.text("group"),
            audiences=f.text_list("audiences", required=True, choices=AUDIENCES),
            summary=f.text("summary", required=False),
            keywords=f.text_list("keywords"),
            start=f.ident("start"),
            nodes=self.nodes(f, "nodes", file, required=True),
            where=f.where(),
        )

    def override(self, pack_file: PackFile) -> Override | None:
        data = self.load(pack_file)
        if data is UNREADABLE:
            return None
        file = self.display(pack_file.location)
        f = Fields(data, "an override", file, "", self.problems, ("tree", "title", "replace", "add", "amend"))
        if not f.ok:
            return None
        override = Override(
            tree=f.ident("tree"),
            title=f.text("title", required=False),
            replace=self.nodes(f, "replace", file, required=False),
            add=self.nodes(f, "add", file, required=False),
            where=f.where(),
        )
        raw = f.mapping("amend")
        for node_id, item in raw.items():
            line = line_of_key(raw, str(node_id), f.line)
            a = Fields(
                item, f"amendment of '{node_id}'", file, str(node_id), self.problems, ("do", "dont", "document", "cite")
            )
            if a.ok:
                override.amend[str(node_id)] = Node(
                    id=str(node_id),
                    type="outcome",
                    where=Where(file, line, str(node_id)),
                    do=a.text_list("do"),
                    dont=a.text_list("dont"),
                    document=a.text_list("document"),
                    cite=a.text_list("cite"),
                )
        return override

    # -- scenarios ------------------------------------------------------------------------------
    def scenario(self, pack_file: PackFile) -> Scenario | None:
        data = self.load(pack_file)
        if data is UNREADABLE:
            return None
        file = self.display(pack_file.location)
        f = Fields(
            data,
            "a scenario",
            file,
            "",
            self.problems,
            ("id", "title", "tree", "difficulty", "narrative", "expected_outcome", "expected_path", "debrief"),
        )
        if not f.ok:
            return None
        points: list[DebriefPoint] = []
        for _line, item in f.items("debrief"):
            d = Fields(item, "a debrief point", file, "", self.problems, ("point", "cite"))
            if d.ok:
                points.append(DebriefPoint(point=d.text("point"), cite=d.text_list("cite")))
        scenario_id = f.ident("id")
        return Scenario(
            id=scenario_id,
            title=f.text("title"),
            tree=f.ident("tree"),
            difficulty=f.text("difficulty", choices=DIFFICULTIES),
            narrative=f.text("narrative"),
            expected_outcome=f.ident("expected_outcome"),
            expected_path=f.text_list("expected_path"),
            debrief=points,
            where=Where(file, f.line, scenario_id),
        )


def read_shared(folder: Path, problems: list[Problem]) -> tuple[dict[str, Source], dict[str, HelpArticle], str]:
    """The shared sources and help articles every pack sees, and the digest of everything read."""
    with gc_paused():
        return _read_shared(folder, problems)


def _read_shared(folder: Path, problems: list[Problem]) -> tuple[dict[str, Source], dict[str, HelpArticle], str]:
    reader = FileReader(folder, problems)
    listing = reader.listing()
    sources: dict[str, Source] = {}
    for file in listing.files_in("sources"):
        source = reader.source(file, "shared")
        if source is not None and source.id:
            _put(sources, source.id, source, "source", problems)
    helps: dict[str, HelpArticle] = {}
    for file in listing.files_in("help"):
        article = reader.help(file)
        if article is not None and article.id:
            _put(helps, article.id, article, "help article", problems)
    reader.digest_documents(listing)
    return sources, helps, reader.digest.hexdigest()


def read_pack(folder: Path, problems: list[Problem], signed: Mapping[str, str] | None = None) -> PackFiles | None:
    """One pack folder as written; None when it has no readable manifest. `signed`: the folder
    holds a verified release, and these are its files' digests (`packfiles.list_pack`)."""
    with gc_paused():
        return _read_pack(folder, problems, signed)


def _read_pack(folder: Path, problems: list[Problem], signed: Mapping[str, str] | None) -> PackFiles | None:
    reader = FileReader(folder, problems, signed)
    listing = reader.listing()
    if listing.manifest is None:
        if not any(path == folder / MANIFEST for path, _ in listing.refusals):
            problems.append(Problem("pack.missing_manifest", Where(reader.display(folder / MANIFEST), 0)))
        return None
    manifest = reader.manifest(listing.manifest)
    if manifest is None:
        return None
    if manifest.id and manifest.id != folder.name:
        problems.append(Problem("pack.id_mismatch", manifest.where, {"id": manifest.id, "folder": folder.name}))
    pack = PackFiles(manifest=manifest, folder=str(folder))
    for file in listing.files_in("sources"):
        source = reader.source(file, manifest.id)
        if source is not None and source.id:
            _put(pack.sources, source.id, source, "source", problems)
    for file in listing.files_in("help"):
        article = reader.help(file)
        if article is not None and article.id:
            _put(pack.help, article.id, article, "help article", problems)
    for file in listing.files_in("trees"):
        tree = reader.tree(file)
        if tree is not None and tree.id:
            tree.origin = manifest.id
            _put(pack.trees, tree.id, tree, "tree", problems)
    for file in listing.files_in("overrides"):
        override = reader.override(file)
        if override is not None:
            pack.overrides.append(override)
    for file in listing.files_in("scenarios"):
        scenario = reader.scenario(file)
        if scenario is not None and scenario.id:
            scenario.pack_id = manifest.id
            _put(pack.scenarios, scenario.id, scenario, "scenario", problems)
    reader.digest_documents(listing)
    pack.content_hash = reader.digest.hexdigest()
    return pack


def _put(table: dict[str, Any], key: str, value: Any, kind: str, problems: list[Problem]) -> None:
    if key in table:
        other = table[key].where
        problems.append(
            Problem("pack.duplicate_id", value.where, {"kind": kind, "id": key, "other": f"{other.file}:{other.line}"})
        )
        return
    table[key] = value
