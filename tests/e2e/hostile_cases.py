"""Hostile and broken packs, one kind each, for `test_hostile_packs.py` (and the hostile-pack
benchmark). Every case writes a folder of extra packs (`--packs DIR`) holding one small, valid pack
`evil` spoiled in one way, and says which file and line the message must name and what it must say.

The unspoiled pack loads cleanly (the "control" case), so each case fails for its own reason.
"""

from __future__ import annotations

import os
import random
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MANIFEST = """\
id: evil
name: Evil test pack
jurisdiction: Nowhere
status: model
version: "1.0"
effective: 2024-01-01
law_as_of: 2024-01-01
approved_by: Nobody
"""

SOURCE = """\
id: evil-law
title: Evil law
kind: statute
status: law
as_of: 2024-01-01
provisions:
  - id: p1
    section: § 1
    title: The only rule
    summary: There is one rule.
    confidence: verified
"""

QUOTING_SOURCE = """\
id: evil-law
title: Evil law
kind: statute
status: law
as_of: 2024-01-01
document: {document}
provisions:
  - id: p1
    section: § 1
    title: The only rule
    quote: There is one rule.
"""

TREE = """\
id: evil-tree
title: Something evil happened
group: Booking
audiences: [booking]
start: what
nodes:
  what:
    type: question
    text: What happened?
    options:
      - label: One thing
        next: first
      - label: Another thing
        next: second
  first:
    type: outcome
    verdict: decline
    headline: Decline.
    cite: [evil-law:p1]
  second:
    type: outcome
    verdict: escalate
    headline: Call the supervisor.
    cite: [evil-law:p1]
    escalate_to: Supervisor
"""

HELP = """\
id: evil-help
title: Help
body: |
  {body}
"""

SCENARIO = """\
id: evil-scenario
title: A scenario
tree: evil-tree
difficulty: easy
narrative: Something happens.
expected_outcome: {outcome}
"""

FIFO, LINKS, SOCKETS, NOT_ROOT = "fifo", "links", "sockets", "not root"


@dataclass(frozen=True)
class Case:
    """One kind of hostile pack: `build(dir)` spoils the packs in `dir`; the message must name
    `file` (relative to the case's folder, which is the working folder) at `line` (None: any) and
    hold `says`. `key` is the pack the window and `list` name as left out."""

    name: str
    build: Callable[[Path], None]
    file: str
    line: int | None
    says: str
    key: str = "evil"
    commands: tuple[str, ...] = ("list",)
    needs: str = ""
    packs_dir: str = "packs"  # what --packs names, relative to the case's folder


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def evil_pack(packs: Path, name: str = "evil", manifest: str = MANIFEST) -> Path:
    """The valid pack, in `packs/name`."""
    pack = packs / name
    write(pack / "pack.yaml", manifest.replace("id: evil", f"id: {name}"))
    write(pack / "sources/evil-law.yaml", SOURCE)
    write(pack / "trees/evil-tree.yaml", TREE)
    return pack


def spoil(relative: str, text: str | bytes) -> Callable[[Path], None]:
    """A case builder: the valid pack with `relative` (inside it) written as `text`."""

    def build(packs: Path) -> None:
        write(evil_pack(packs) / relative, text)

    return build


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """A case builder: the valid pack with `old` replaced by `new` in one of its files."""

    def build(packs: Path) -> None:
        path = evil_pack(packs) / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    return build


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def big_tree(nodes: int) -> str:
    """A tree of `nodes` notes in a chain to one outcome (valid, and about 60 bytes a node)."""
    parts = [TREE.split("nodes:")[0] + "nodes:\n"]
    parts.append("  what:\n    type: question\n    text: What happened?\n    options:\n")
    parts.append("      - {label: One, next: n1}\n      - {label: Two, next: first}\n")
    parts += [f"  n{i}:\n    type: note\n    text: Step {i}.\n    next: n{i + 1}\n" for i in range(1, nodes)]
    parts.append(f"  n{nodes}:\n    type: note\n    text: Last.\n    next: first\n")
    parts.append("  first:\n    type: outcome\n    verdict: decline\n    headline: Decline.\n    cite: [evil-law:p1]\n")
    return "".join(parts)


# -- builders that do more than spoil one file ----------------------------------------------------


def control(packs: Path) -> None:
    evil_pack(packs)


def links_to_itself(packs: Path) -> None:
    pack = evil_pack(packs)
    (pack / "a").symlink_to(".")
    (pack / "b").symlink_to(".")


def link_to_usr(packs: Path) -> None:
    pack = evil_pack(packs)
    (pack / "help").symlink_to("/usr")


def link_out_as_a_tree(packs: Path) -> None:
    (evil_pack(packs) / "trees/passwd.yaml").symlink_to("/etc/passwd")


def link_to_dev_zero(packs: Path) -> None:
    (evil_pack(packs) / "trees/zero.yaml").symlink_to("/dev/zero")


def linked_manifest(packs: Path) -> None:
    pack = evil_pack(packs)
    (pack / "pack.yaml").rename(packs.parent / "manifest.yaml")
    (pack / "pack.yaml").symlink_to(packs.parent / "manifest.yaml")


def linked_pack_folder(packs: Path) -> None:
    evil_pack(packs.parent / "elsewhere")
    (packs / "evil").symlink_to(packs.parent / "elsewhere" / "evil")


def document_named(document: str) -> Callable[[Path], None]:
    return spoil("sources/evil-law.yaml", QUOTING_SOURCE.format(document=document))


def document_pipe(packs: Path) -> None:
    document_named("pipe.txt")(packs)
    (packs / "evil/documents").mkdir()
    os.mkfifo(packs / "evil/documents/pipe.txt")


def document_link_out(packs: Path) -> None:
    document_named("passwd.txt")(packs)
    (packs / "evil/documents").mkdir()
    (packs / "evil/documents/passwd.txt").symlink_to("/etc/passwd")


def document_not_verbatim(packs: Path) -> None:
    document_named("law.txt")(packs)
    write(packs / "evil/documents/law.txt", "There are two rules.\n")


def fifo_tree(packs: Path) -> None:
    os.mkfifo(evil_pack(packs) / "trees/pipe.yaml")


def socket_in_pack(packs: Path) -> None:
    pack = evil_pack(packs)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(pack / "control"))
    finally:
        server.close()  # the socket file stays


def sparse_file(packs: Path) -> None:
    with (evil_pack(packs) / "trees/huge.yaml").open("wb") as stream:
        stream.truncate(2 * 1024**3)


def extends_itself(packs: Path) -> None:
    evil_pack(packs, manifest=MANIFEST + "extends: evil\n")


def extends_cycle(packs: Path) -> None:
    evil_pack(packs, manifest=MANIFEST + "extends: evil2\n")
    evil_pack(packs, "evil2", manifest=MANIFEST + "extends: evil\n")


def broken_parent(packs: Path) -> None:
    write(evil_pack(packs, "evil-parent") / "trees/evil-tree.yaml", "id: [unclosed\n")
    evil_pack(packs, manifest=MANIFEST + "extends: evil-parent\n")


def overrides(text: str) -> Callable[[Path], None]:
    """The pack extends the shipped california pack and overrides one of its trees."""

    def build(packs: Path) -> None:
        pack = evil_pack(packs, manifest=MANIFEST + "extends: california\n")
        write(pack / "overrides/detainer.yaml", text)

    return build


def same_id_twice(packs: Path) -> None:
    evil_pack(packs)
    write(evil_pack(packs, "evil2") / "pack.yaml", MANIFEST)  # id: evil, in folder evil2


def shipped_id(packs: Path) -> None:
    evil_pack(packs, "california", manifest=MANIFEST)
    (packs / "california/pack.yaml").write_text(MANIFEST.replace("id: evil", "id: california"))


def too_many_entries(packs: Path) -> None:
    trees = evil_pack(packs) / "trees"
    for index in range(2001):
        (trees / f"note-{index}.txt").touch()


def too_many_bytes(packs: Path) -> None:
    trees = evil_pack(packs) / "trees"
    for index in range(5):
        write(trees / f"padding-{index}.yaml", "#" * 900_000 + "\n")


def slow_yaml(packs: Path) -> None:
    trees = evil_pack(packs) / "trees"
    for index in range(3):  # valid trees, but with an escape (\"), that only the pure reader reads
        text = TREE.replace("id: evil-tree", f"id: slow-{index}")
        text = text.replace("title: Something evil happened", 'title: "Something \\"slow\\" happened"')
        write(trees / f"slow-{index}.yaml", text + "".join(f"# padding line {i}\n" for i in range(5500)))


def too_many_packs(packs: Path) -> None:
    for index in range(501):
        (packs / f"p{index:03}").mkdir(parents=True)


def unreadable_tree(packs: Path) -> None:
    (evil_pack(packs) / "trees/evil-tree.yaml").chmod(0)


def many_keys(packs: Path) -> None:
    write(evil_pack(packs) / "pack.yaml", MANIFEST + "".join(f"k{i}: v\n" for i in range(95_000)))


def python_tag(packs: Path) -> None:
    marker = packs.parent / "PWNED"
    text = MANIFEST.replace("name: Evil test pack", f'name: !!python/object/apply:os.system ["touch {marker}"]')
    write(evil_pack(packs) / "pack.yaml", text)


def many_broken_nodes(packs: Path) -> None:
    nodes = "".join(f"  n{i}:\n    type: outcome\n" for i in range(9_990))
    write(
        evil_pack(packs) / "trees/broken.yaml",
        TREE.replace("id: evil-tree", "id: broken").split("nodes:")[0] + "nodes:\n" + nodes,
    )


T = "packs/evil/trees/evil-tree.yaml"
M = "packs/evil/pack.yaml"
S = "packs/evil/sources/evil-law.yaml"
EITHER = ("list", "validate")
EVERY = ("list", "validate", "walk")


def tree_case(name: str, old: str, new: str, line: int | None, says: str) -> Case:
    """A case of the tree file with `old` replaced by `new`."""
    return Case(name, edit("trees/evil-tree.yaml", old, new), T, line, says)


CASES = [
    Case("control: the unspoiled pack loads", control, "", None, ""),
    # -- the attacks of the issue --
    Case("a pack that extends itself", extends_itself, M, 1, "'extends' forms a cycle: evil → evil", commands=EVERY),
    Case("two packs that extend each other", extends_cycle, M, 1, "'extends' forms a cycle: "),
    Case(
        "an alias bomb, 7 levels",
        spoil("trees/bomb.yaml", alias_bomb(7)),
        "packs/evil/trees/bomb.yaml",
        2,
        "an alias ('*a0') is not allowed",
        commands=EITHER,
    ),
    Case(
        "an alias bomb, 9 levels",
        spoil("trees/bomb.yaml", alias_bomb(9)),
        "packs/evil/trees/bomb.yaml",
        2,
        "an alias ('*a0') is not allowed",
        commands=EVERY,
    ),
    Case(
        "two folder links to '.' in a pack",
        links_to_itself,
        "packs/evil/a",
        1,
        "'a' is a symbolic link",
        commands=EITHER,
        needs=LINKS,
    ),
    Case(
        "a folder link to /usr",
        link_to_usr,
        "packs/evil/help",
        1,
        "'help' is a symbolic link",
        commands=("list", "walk"),
        needs=LINKS,
    ),
    Case(
        "document: /dev/zero",
        document_named("/dev/zero"),
        S,
        1,
        "document '/dev/zero' must be the name of a .txt file",
        commands=EITHER,
    ),
    Case(
        "document: a named pipe",
        document_pipe,
        "packs/evil/documents/pipe.txt",
        1,
        "'pipe.txt' is a named pipe, not a regular file",
        commands=EITHER,
        needs=FIFO,
    ),
    Case(
        "document: /etc/passwd",
        document_named("/etc/passwd"),
        S,
        1,
        "document '/etc/passwd' must be the name of a .txt file",
        commands=EITHER,
    ),
    Case(
        "document: ../ out of the folder",
        document_named("../../california/pack.yaml"),
        S,
        1,
        "must be the name of a .txt file",
        commands=EITHER,
    ),
    Case(
        "document: a link out of the pack",
        document_link_out,
        "packs/evil/documents/passwd.txt",
        1,
        "'passwd.txt' is a symbolic link",
        commands=EITHER,
        needs=LINKS,
    ),
    # -- kinds the validator already reported --
    tree_case("malformed YAML", "text: What happened?", "text: [unclosed", None, "not valid YAML"),
    tree_case(
        "a duplicate key",
        "group: Booking\n",
        "group: Booking\ngroup: Again\n",
        4,
        "duplicate key 'group' (first given on line 3)",
    ),
    Case(
        "a duplicate tree id",
        lambda packs: write(evil_pack(packs) / "trees/copy.yaml", TREE),
        "packs/evil/trees/evil-tree.yaml",
        1,
        "tree id 'evil-tree' is already used",
    ),
    tree_case(
        "a list where text belongs",
        "audiences: [booking]",
        "audiences: booking",
        4,
        "'audiences' must be a list, not text",
    ),
    tree_case(
        "an unknown key",
        "    verdict: decline\n",
        "    verdict: decline\n    colour: red\n",
        18,
        "unknown key 'colour'",
    ),
    tree_case("a cycle in a tree", "        next: first\n", "        next: what\n", None, "the tree has a cycle"),
    tree_case(
        "an option leading to itself",
        "        next: second\n",
        "        next: what\n",
        None,
        "the tree has a cycle: what → what",
    ),
    tree_case(
        "an option leading nowhere", "        next: second\n", "        next: nowhere\n", 14, "leads to 'nowhere'"
    ),
    tree_case(
        "a tree whose start is missing",
        "start: what",
        "start: nowhere",
        1,
        "start node 'nowhere' is not one of the tree's nodes",
    ),
    tree_case(
        "an outcome without a citation",
        "    headline: Decline.\n    cite: [evil-law:p1]\n",
        "    headline: Decline.\n",
        15,
        "the outcome cites no provision",
    ),
    tree_case(
        "a citation of a missing provision",
        "    headline: Decline.\n    cite: [evil-law:p1]",
        "    headline: Decline.\n    cite: [evil-law:p9]",
        15,
        "source 'evil-law' has no provision 'p9'",
    ),
    tree_case(
        "a citation of a missing source",
        "    headline: Decline.\n    cite: [evil-law:p1]",
        "    headline: Decline.\n    cite: [nope:p1]",
        15,
        "names source 'nope', which this pack cannot see",
    ),
    tree_case(
        "too few options",
        "      - label: Another thing\n        next: second\n",
        "",
        None,
        "a question needs at least two options",
    ),
    tree_case(
        "two options with one label",
        "label: Another thing",
        "label: One thing",
        13,
        "two options have the label 'One thing'",
    ),
    tree_case(
        "a question about immigration status",
        "What happened?",
        "Is the person undocumented?",
        None,
        "asks staff to find out a person's immigration status",
    ),
    tree_case(
        "a help article that does not exist",
        "    text: What happened?\n",
        "    text: What happened?\n    help: nowhere\n",
        None,
        "help article 'nowhere' does not exist",
    ),
    Case(
        "a quote that is not word for word", document_not_verbatim, S, 8, "the quote is not word for word in 'law.txt'"
    ),
    Case(
        "a scenario's outcome that is not an outcome",
        spoil("scenarios/s.yaml", SCENARIO.format(outcome="what")),
        "packs/evil/scenarios/s.yaml",
        1,
        "expected outcome 'what' is not an outcome",
    ),
    Case(
        "an override of a tree that is not inherited",
        overrides("tree: nope\n"),
        "packs/evil/overrides/detainer.yaml",
        1,
        "overrides tree 'nope', which the pack does not inherit",
    ),
    Case(
        "an override of a node that does not exist",
        overrides(
            "tree: detainer-request\nreplace:\n  nope:\n    type: outcome\n    verdict: decline\n    headline: x\n    cite: [evil-law:p1]\n"
        ),
        "packs/evil/overrides/detainer.yaml",
        3,
        "replaces node 'nope', which does not exist",
    ),
    Case(
        "a pack extending an unknown pack",
        lambda packs: evil_pack(packs, manifest=MANIFEST + "extends: nowhere\n") and None,
        M,
        1,
        "extends 'nowhere', which is not a pack that loaded",
    ),
    Case("a child of a broken pack", broken_parent, M, 1, "extends 'evil-parent', which has problems"),
    Case(
        "a manifest id unlike its folder",
        edit("pack.yaml", "id: evil", "id: other"),
        M,
        1,
        "the manifest id 'other' does not match the folder name 'evil'",
        key="other",
    ),
    Case(
        "one pack id in two folders",
        same_id_twice,
        "packs/evil2/pack.yaml",
        1,
        "the manifest id 'evil' does not match the folder name 'evil2'",
        key="evil@packs/evil2",
    ),
    Case(
        "a shipped pack's id",
        shipped_id,
        "packs/california",
        1,
        "pack id 'california' is already used",
        key="california@packs/california",
    ),
    Case(
        "an id that is a path",
        edit("pack.yaml", "id: evil", "id: ../../etc"),
        M,
        1,
        "'../../etc' is not a valid id",
        key="../../etc",
    ),
    Case("python tags in YAML", python_tag, M, 2, "'name' must be text, not a list"),
    Case(
        "text that is not UTF-8",
        spoil("trees/evil-tree.yaml", TREE.encode().replace(b"Something", b"Som\xe9thing")),
        T,
        2,
        "the file is not UTF-8 text (bad byte at offset 24)",
    ),
    Case(
        "a file over 1 MiB",
        spoil("trees/evil-tree.yaml", TREE + "#" * (1024 * 1024) + "\n"),
        T,
        1,
        "pack files may be at most 1048576 bytes",
    ),
    # -- more --
    Case("a 2 GB sparse file", sparse_file, "packs/evil/trees/huge.yaml", 1, "the file is 2147483648 bytes"),
    Case(
        "a 1 MB single line",
        spoil("trees/evil-tree.yaml", "id: " + "x" * 1_000_000 + "\n"),
        T,
        1,
        "the line is 1000004 characters long",
    ),
    Case("binary garbage", spoil("trees/evil-tree.yaml", random.Random(12).randbytes(4096)), T, None, "not UTF-8 text"),
    Case(
        "a UTF-16 file with its byte order mark",
        spoil("trees/evil-tree.yaml", TREE.encode("utf-16")),
        T,
        1,
        "not UTF-8 text (bad byte at offset 0)",
    ),
    Case(
        "NUL bytes",
        spoil("trees/evil-tree.yaml", TREE.replace("Booking", "Boo\0king")),
        T,
        3,
        "special characters are not allowed",
    ),
    Case(
        "deeply nested lists",
        spoil("trees/evil-tree.yaml", "id:\n" + " [\n" * 5000 + " ]\n" * 5000),
        T,
        65,
        "nests more than 64 levels deep",
    ),
    Case(
        "a very long text",
        spoil("trees/evil-tree.yaml", "id: x\ntitle: |\n" + "  words and words\n" * 8000),
        T,
        2,
        "a text of 128000 characters",
    ),
    Case(
        "100,000 nodes in one tree", spoil("trees/evil-tree.yaml", big_tree(100_000)), T, 1, "pack files may be at most"
    ),
    Case(
        "10,000 nodes in one pack, each broken",
        many_broken_nodes,
        "packs/evil/trees/broken.yaml",
        None,
        "'verdict' is required",
    ),
    Case("95,000 keys in the manifest", many_keys, M, 9, "unknown key 'k0'"),
    tree_case(
        "a key holding a line break",
        "group: Booking\n",
        'group: Booking\n"a\\nb:1: -: forged": x\n',
        4,
        "unknown key 'a\\nb:1: -: forged'",
    ),
    Case(
        "a pack folder that is a link",
        linked_pack_folder,
        "packs/evil",
        1,
        "the pack folder 'evil' is a symbolic link",
        key="packs/evil",
        needs=LINKS,
    ),
    Case("a pack.yaml that is a link", linked_manifest, M, 1, "'pack.yaml' is a symbolic link", needs=LINKS),
    Case(
        "a tree file that is a link out",
        link_out_as_a_tree,
        "packs/evil/trees/passwd.yaml",
        1,
        "is a symbolic link",
        needs=LINKS,
    ),
    Case(
        "a tree file that is a link to /dev/zero",
        link_to_dev_zero,
        "packs/evil/trees/zero.yaml",
        1,
        "is a symbolic link",
        needs=LINKS,
    ),
    Case("a tree file that is a named pipe", fifo_tree, "packs/evil/trees/pipe.yaml", 1, "is a named pipe", needs=FIFO),
    Case("a socket in a pack", socket_in_pack, "packs/evil/control", 1, "'control' is a socket", needs=SOCKETS),
    Case(
        "a file name holding a line break",
        spoil("trees/a\nb.yaml", TREE),
        "packs/evil/trees/a\\nb.yaml",
        1,
        "holds a line break or another control character",
    ),
    Case("'trees' that is a file", spoil("help", "not a folder"), "packs/evil/help", 1, "'help' must be a folder"),
    Case(
        "no pack.yaml",
        lambda packs: write(packs / "evil/trees/evil-tree.yaml", TREE) and None,
        M,
        1,
        "the pack folder has no pack.yaml",
    ),
    Case(
        "an empty pack.yaml", spoil("pack.yaml", ""), M, 1, "pack.yaml must be a mapping of keys to values, not nothing"
    ),
    Case(
        "two documents in one file",
        spoil("trees/evil-tree.yaml", TREE + "---\nid: again\n"),
        T,
        None,
        "but found another document",
    ),
    Case("2,001 entries in a folder", too_many_entries, "packs/evil", 1, "hold more than 2000 entries"),
    Case(
        "5 files of 900 KB", too_many_bytes, "packs/evil/trees/padding-4.yaml", 1, "add up to more than 4194304 bytes"
    ),
    Case(
        "300 KB that only the slow reader reads",
        slow_yaml,
        "packs/evil/trees/slow-2.yaml",
        2,
        "one pack may give it at most 262144 characters",
    ),
    Case("501 pack folders", too_many_packs, "packs", 1, "holds more than 500 pack folders", key="packs"),
    Case(
        "Markdown with raw HTML",
        spoil("help/h.yaml", HELP.format(body="<script>alert(1)</script>")),
        "packs/evil/help/h.yaml",
        1,
        "the body holds raw HTML ('<script')",
    ),
    Case(
        "Markdown with a remote image",
        spoil("help/h.yaml", HELP.format(body="![x](https://example.org/x.png)")),
        "packs/evil/help/h.yaml",
        1,
        "the body holds an image",
    ),
    Case(
        "Markdown with a javascript: link",
        spoil("help/h.yaml", HELP.format(body="[go](javascript:alert(1))")),
        "packs/evil/help/h.yaml",
        1,
        "the body holds a link",
    ),
    Case("a file its reader may not read", unreadable_tree, T, 1, "Permission denied", needs=NOT_ROOT),
]


def missing_need(need: str) -> str:
    """Why a case cannot run here ('' when it can)."""
    if need == FIFO and not hasattr(os, "mkfifo"):
        return "the platform has no named pipes"
    if need in (LINKS, SOCKETS) and sys.platform.startswith("win"):
        return "links and Unix sockets need privileges or are missing on Windows"
    if need == NOT_ROOT and hasattr(os, "geteuid") and os.geteuid() == 0:
        return "running as root, where file modes do not stop reading"
    return ""
