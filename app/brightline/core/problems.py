"""Problems found in packs: a code with parameters, and where it is.

The core reports codes and parameters; `describe` turns them into words an author can act on.
The window and the command line both use `describe`, so a message reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brightline.core.where import Where

MESSAGES: dict[str, str] = {
    "file.unreadable": "cannot read the file: {reason}",
    "file.too_large": "the file is {size} bytes; pack files may be at most {limit} bytes",
    "file.not_utf8": "the file is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8",
    "file.link": "'{name}' is a symbolic link, and links are not followed inside a packs folder (one could "
    "lead out of the pack or round in a loop): put the file or folder itself here",
    "file.not_regular": "'{name}' is a {kind}, not a regular file; only regular files are read from a pack",
    "file.not_folder": "'{name}' must be a folder",
    "file.bad_name": "the file name '{name}' holds a line break or another control character; rename the file",
    "file.changed": "the file was replaced while it was being read; run the command again",
    "pack.too_large": "the pack's files add up to more than {limit} bytes, the most one pack may hold; "
    "this file and any after it were not read",
    "pack.too_many_nodes": "the pack's trees and overrides hold more than {limit} nodes, the most one pack may "
    "hold; this one and any after it were not read",
    "pack.more_problems": "{count} more problems from here on are not listed; fix the ones above first",
    "pack.too_many_files": "the pack's folders hold more than {limit} entries; remove what is not part of the pack",
    "packs.link": "the pack folder '{name}' is a symbolic link, which is not followed; "
    "name the folder it leads to with --packs, or move the pack here",
    "packs.too_many": "the folder holds more than {limit} pack folders; the others were not read",
    "packs.unreadable": "cannot read the folder of packs: {reason}",
    "packs.unsigned": "not read: author keys are pinned on this machine, so packs come only from verified "
    "releases ('brightline pack install') and the program itself; this folder is not a signed release",
    "release.unsigned_file": "'{name}' is not one of the files the release's signed manifest names; "
    "only the release's own files are read (reinstall the release)",
    "release.missing_file": "'{name}' is named in the release's signed manifest but is not there "
    "(reinstall the release)",
    "release.file_changed": "'{name}' is not the file the release's signature vouches for: it was changed "
    "after the release was installed (reinstall the release)",
    "document.not_a_name": "document '{document}' must be the name of a .txt file in the pack's documents/ "
    "folder or in shared/documents, not a path",
    "document.unknown": "document '{document}' is not in {folders}",
    "document.not_utf8": "document '{document}' is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8",
    "yaml.syntax": "not valid YAML: {reason}",
    "yaml.duplicate_key": "duplicate key '{key}' (first given on line {first_line})",
    "yaml.alias": "an alias ('*{alias}') is not allowed in pack files: write the text out in full "
    "(a few aliases can stand for gigabytes of text)",
    "yaml.too_deep": "the YAML nests more than {limit} levels deep here; pack files need only a few levels",
    "yaml.long_line": "the line is {length} characters long; lines in pack files may be at most {limit}: "
    "break the text over several lines (a '|' or '>' block)",
    "yaml.long_text": "a text of {length} characters; one text in a pack file may be at most {limit}",
    "yaml.slow": "this file needs the slower YAML reader (for tags, backslash escapes, tabs, anchors or "
    "{{a: b}} mappings, at this line or after it), and one pack may give it at most {limit} characters; "
    "write it in plain YAML like the shipped packs",
    "schema.not_mapping": "{what} must be a mapping of keys to values, not {found}",
    "schema.not_list": "'{key}' must be a list, not {found}",
    "schema.not_text": "'{key}' must be text, not {found}",
    "schema.missing": "'{key}' is required in {what}",
    "schema.unknown_key": "unknown key '{key}' in {what}; allowed: {allowed}",
    "schema.bad_value": "'{key}' is '{value}'; it must be one of: {allowed}",
    "schema.bad_id": "'{value}' is not a valid id: use lower-case letters, digits, '-', '.' or '_'",
    "schema.empty": "'{key}' must not be empty",
    "schema.bad_date": "'{key}' is '{value}'; write a date as YYYY-MM-DD (for example 2026-01-31)",
    "pack.missing_manifest": "the pack folder has no pack.yaml",
    "pack.id_mismatch": "the manifest id '{id}' does not match the folder name '{folder}'",
    "pack.duplicate_id": "{kind} id '{id}' is already used in {other}",
    "pack.extends_unknown": "extends '{parent}', which is not a pack that loaded",
    "pack.extends_cycle": "'extends' forms a cycle: {cycle}",
    "pack.parent_broken": "extends '{parent}', which has problems; fix that pack first",
    "tree.start_missing": "start node '{start}' is not one of the tree's nodes",
    "tree.dangling_next": "option or note leads to '{target}', which is not a node of this tree",
    "tree.cycle": "the tree has a cycle: {cycle}",
    "tree.unreachable": "node cannot be reached from the start node '{start}'",
    "tree.dead_end": "no path from this node ends in an outcome",
    "tree.no_outcome": "the tree has no outcome",
    "question.too_few_options": "a question needs at least two options, it has {count}",
    "question.duplicate_label": "two options have the label '{label}'",
    "question.asks_status": "the question asks staff to find out a person's immigration status "
    "('{phrase}'); ask about the request, the document or the situation instead",
    "outcome.no_citation": "the outcome cites no provision; add at least one to 'cite'",
    "question.decides_nothing": "every answer to this question ends in the same verdict ({verdict}) and, "
    "for escalate, the same person; drop the question and say the difference in the outcome",
    "outcome.escalate_to_nobody": "an escalate outcome must name who decides in 'escalate_to'",
    "outcome.differs_silently": "the verdict '{verdict}' differs from what '{parent}' answers to the same "
    "answers ({theirs}); cite the pack's own source for it, or say why in 'differs_because'",
    "outcome.slow_to_read": "the verdict, headline, Do and Do not take {seconds} s to reach and read "
    "({words} words); at most {limit} s: shorten the actions or move detail to what to say or write down",
    "text.hand_framed": "the text states the pack's standing by hand ('{phrase}'); write it as the policy "
    "itself would say it: the loader words it from the manifest's 'status'",
    "source.newer_than_pack": "text checked as of {as_of}, after the pack's law_as_of {law_as_of}; "
    "bring the pack's law_as_of up to date",
    "cite.bad_form": "citation '{cite}' must look like SOURCE_ID:PROVISION_ID",
    "cite.unknown_source": "citation '{cite}' names source '{source}', which this pack cannot see",
    "cite.unknown_provision": "citation '{cite}': source '{source}' has no provision '{provision}'",
    "cite.not_shared": "shared help cites '{cite}', which is not a shared source's provision; "
    "shared material may cite only shared sources",
    "help.unknown": "help article '{help}' does not exist",
    "help.foreign_markup": "the body holds {what} ('{sample}'), which the restricted Markdown of help "
    "articles does not have: it would show as plain text; see decision_trees/README.md",
    "override.unknown_tree": "overrides tree '{tree}', which the pack does not inherit",
    "override.unknown_node": "{action} node '{node}', which does not exist in inherited tree '{tree}'",
    "override.node_exists": "adds node '{node}', which already exists in inherited tree '{tree}'; use 'replace'",
    "override.not_outcome": "amends node '{node}', which is not an outcome",
    "tree.shadows_inherited": "tree '{tree}' is already inherited from '{parent}'; change it in overrides/",
    "provision.quote_and_summary": "a provision has either 'quote' or 'summary', not both",
    "provision.no_text": "a provision needs 'quote' (verbatim) or 'summary' (our words)",
    "provision.no_confidence": "a summary needs 'confidence': verified (checked against the law's text) "
    "or secondary (known only from secondary sources)",
    "provision.no_document": "the source quotes a document but names none in 'document'",
    "provision.quote_not_found": "the quote is not word for word in '{document}' (first difference near: '{near}')",
    "provision.uncited": "provision '{provision}' is cited by no outcome and has no 'not_officer_facing' reason",
    "provision.cited_not_officer_facing": "provision '{provision}' is marked not_officer_facing but "
    "{by} cites it; drop the mark or the citation",
    "scenario.unknown_tree": "scenario names tree '{tree}', which the pack does not have",
    "scenario.unknown_outcome": "expected outcome '{outcome}' is not an outcome of tree '{tree}'",
    "scenario.unreachable_outcome": "expected outcome '{outcome}' cannot be reached in tree '{tree}'",
    "scenario.bad_path": "expected path is not a path through tree '{tree}': {reason}",
}


@dataclass(frozen=True)
class Problem:
    """One problem: a code from MESSAGES, its parameters, and where it is."""

    code: str
    where: Where
    params: dict[str, Any] = field(default_factory=dict)
    blocking: bool = True  # False: reported (validate fails) but the pack still loads

    @property
    def message(self) -> str:
        return describe(self.code, self.params)

    def format(self) -> str:
        """`FILE:LINE: NODE: message` — the form the validator prints."""
        node = self.where.node or "-"
        line = self.where.line or 1  # a whole-file problem points at the file's first line
        return f"{self.where.file}:{line}: {node}: {self.message}"


# Longer values (a key or value quoted back from a pack) are cut in messages.
SHOWN_CHARS = 500


def describe(code: str, params: dict[str, Any], messages: dict[str, str] | None = None) -> str:
    """Words for a problem code (from `messages`, default MESSAGES); never raises, even for a
    template missing a parameter. Text quoted from a pack is cut to SHOWN_CHARS and its line
    breaks and control characters are escaped, so that one problem is always one line."""
    template = (MESSAGES if messages is None else messages).get(code, code)
    shown = {key: _shown(value) for key, value in params.items()}
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):
        return f"{template} {shown}"


def _shown(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if len(value) > SHOWN_CHARS:
        value = value[: SHOWN_CHARS - 1] + "…"
    if value.isprintable():
        return value
    from brightline.core.packfiles import printable

    return printable(value)
