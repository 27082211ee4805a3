"""Listing and reading pack files: links are never followed, only regular files are read, every
limit holds, and every refusal names the file in words an author can act on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from brightline.core import packfiles
from brightline.core.packfiles import FileRefused, find_document, list_pack, list_packs, read_file
from packlib import make_library

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="the platform has no named pipes")
needs_links = pytest.mark.skipif(sys.platform.startswith("win"), reason="symbolic links need privileges on Windows")


def names(files: list[packfiles.PackFile]) -> list[str]:
    return [file.path.name for file in files]


def refusals(listing: packfiles.PackListing) -> list[tuple[str, str]]:
    return [(path.name, refused.code) for path, refused in listing.refusals]


def test_a_clean_pack_lists_its_files_in_order(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    (root / "base/trees/another.yml").write_text("id: x\n")
    (root / "base/trees/README.md").write_text("not read")
    (root / "base/trees/.hidden.yaml").write_text("not read")
    (root / "base/notes").mkdir()
    (root / "base/notes/extra.yaml").write_text("not read: not a folder of the layout")
    listing = list_pack(root / "base")
    assert listing.refusals == [] and listing.problems == []
    assert listing.manifest is not None and listing.manifest.path == root / "base/pack.yaml"
    assert names(listing.files_in("trees")) == ["another.yml", "detainer.yaml"]
    assert names(listing.files_in("sources")) == ["base-law.yaml"]
    assert names(listing.files_in("help")) == []
    assert [f.path.name for f in listing.all_files()][:2] == ["pack.yaml", "base-law.yaml"]
    shared = list_pack(root / "shared")
    assert shared.manifest is None and names(shared.files_in("documents")) == ["policy.txt"]


@needs_links
def test_links_are_refused_wherever_they_are(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    pack = root / "base"
    (pack / "trees/passwd.yaml").symlink_to("/etc/passwd")
    (pack / "trees/inside.yaml").symlink_to(pack / "trees/detainer.yaml")  # even to a file of the pack
    (pack / "help").symlink_to("/usr")
    (pack / "scenarios/loop-a.yaml").symlink_to("loop-b.yaml")
    (pack / "scenarios/loop-b.yaml").symlink_to("loop-a.yaml")
    (pack / "a").symlink_to(".")  # links to the pack itself, whatever their names
    (pack / "trees/b").symlink_to("..")
    listing = list_pack(pack)
    assert sorted(refusals(listing)) == [
        ("a", "file.link"),
        ("b", "file.link"),
        ("help", "file.link"),
        ("inside.yaml", "file.link"),
        ("loop-a.yaml", "file.link"),
        ("loop-b.yaml", "file.link"),
        ("passwd.yaml", "file.link"),
    ]
    assert names(listing.files_in("trees")) == ["detainer.yaml"]
    message = next(p for p in listing.problems if "passwd" in p.where.file).format()
    assert message.endswith(
        "'passwd.yaml' is a symbolic link, and links are not followed inside a packs folder (one could "
        "lead out of the pack or round in a loop): put the file or folder itself here"
    )


@needs_links
def test_a_linked_pack_yaml_is_refused_and_read_file_refuses_links_too(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    manifest = root / "base/pack.yaml"
    manifest.rename(tmp_path / "elsewhere.yaml")
    manifest.symlink_to(tmp_path / "elsewhere.yaml")
    listing = list_pack(root / "base")
    assert listing.manifest is None and refusals(listing) == [("pack.yaml", "file.link")]
    with pytest.raises(FileRefused) as caught:
        read_file(manifest)
    assert caught.value.code == "file.link"


@needs_fifo
def test_named_pipes_are_refused_by_the_listing_and_by_read_file(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    fifo = root / "base/trees/pipe.yaml"
    os.mkfifo(fifo)
    os.mkfifo(root / "base/notes")
    listing = list_pack(root / "base")
    assert sorted(refusals(listing)) == [("notes", "file.not_regular"), ("pipe.yaml", "file.not_regular")]
    assert "'pipe.yaml' is a named pipe, not a regular file" in listing.problems[-1].message
    with pytest.raises(FileRefused) as caught:  # opened without blocking, then refused
        read_file(fifo)
    assert caught.value.code == "file.not_regular"


def test_a_device_is_refused_by_read_file() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(FileRefused) as caught:
        read_file(Path("/dev/zero"))
    assert caught.value.params["kind"] == "device"


def test_a_huge_sparse_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    huge = root / "base/trees/huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(2 * 1024**3)  # 2 GB, no block written
    listing = list_pack(root / "base")
    assert refusals(listing) == [("huge.yaml", "file.too_large")]
    assert "the file is 2147483648 bytes; pack files may be at most 1048576 bytes" in listing.problems[0].message
    with pytest.raises(FileRefused):
        read_file(huge)


def test_the_whole_pack_has_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path)
    for index in range(5):
        (root / f"base/trees/t{index}.yaml").write_bytes(b"#" * 900_000)
    listing = list_pack(root / "base")
    assert [code for _, code in refusals(listing)] == ["pack.too_large"]
    assert "add up to more than 4194304 bytes" in listing.problems[0].message
    monkeypatch.setattr(packfiles, "MAX_PACK_BYTES", 10 * 1024 * 1024)  # what a benchmark may do
    assert list_pack(root / "base").refusals == []


def test_a_folder_with_a_million_entries_is_not_read_to_the_end(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    trees = root / "base/trees"
    for index in range(packfiles.MAX_FOLDER_ENTRIES + 5):
        (trees / f"n{index}").touch()
    listing = list_pack(root / "base")
    assert refusals(listing) == [("base", "pack.too_many_files")]


def test_file_names_with_line_breaks_are_refused_and_shown_escaped(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    (root / "base/trees/evil\nx.yaml:1: -: fake.yaml").write_text("id: x\n")
    listing = list_pack(root / "base")
    [problem] = listing.problems
    assert problem.code == "file.bad_name"
    assert "\n" not in problem.format() and "evil\\nx.yaml:1: -: fake.yaml" in problem.format()


def test_a_file_swapped_after_the_listing_is_refused(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    listing = list_pack(root / "base")
    [tree] = listing.files_in("trees")
    tree.path.rename(tmp_path / "old.yaml")
    tree.path.write_text("id: swapped\n")
    with pytest.raises(FileRefused) as caught:
        read_file(tree)
    assert caught.value.code == "file.changed"


def test_read_file_stops_at_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 100)
    assert read_file(path, limit=100) == b"x" * 100
    with pytest.raises(FileRefused) as caught:
        read_file(path, limit=99)
    assert caught.value.params == {"size": 100, "limit": 99}


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "../policy.txt", "..", "sub/policy.txt", "C:policy.txt", "policy", ".policy.txt", ""]
)
def test_a_document_must_be_a_bare_text_file_name(tmp_path: Path, name: str) -> None:
    root = make_library(tmp_path)
    with pytest.raises(FileRefused) as caught:
        find_document(name, [root / "base/documents", root / "shared/documents"])
    assert caught.value.code == "document.not_a_name"


def test_a_document_is_looked_up_in_the_packs_own_folder_then_the_shared_one(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    folders = [root / "base/documents", root / "shared/documents"]
    assert find_document("policy.txt", folders).path == root / "shared/documents/policy.txt"
    (root / "base/documents").mkdir()
    (root / "base/documents/policy.txt").write_text("own")
    assert find_document("policy.txt", folders).path == root / "base/documents/policy.txt"
    with pytest.raises(FileRefused) as caught:
        find_document("missing.txt", folders)
    assert caught.value.params["folders"] == "base/documents or shared/documents"


@needs_fifo
def test_a_document_that_is_a_pipe_or_a_link_is_refused(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    documents = root / "shared/documents"
    os.mkfifo(documents / "pipe.txt")
    (documents / "zero.txt").symlink_to("/dev/zero")
    with pytest.raises(FileRefused) as pipe:
        find_document("pipe.txt", [documents])
    with pytest.raises(FileRefused) as link:
        find_document("zero.txt", [documents])
    assert (pipe.value.code, link.value.code) == ("file.not_regular", "file.link")


@needs_links
def test_pack_folders_skip_links_and_say_so(tmp_path: Path) -> None:
    root = make_library(tmp_path)
    (tmp_path / "outside").mkdir()
    (root / "linked").symlink_to(tmp_path / "outside")
    (root / "loop").symlink_to(root)
    (root / "README.md").write_text("beside the packs")
    folders, refused = list_packs(root)
    assert [f.name for f in folders] == ["base", "city"]
    assert sorted((path.name, r.code) for path, r in refused) == [("linked", "packs.link"), ("loop", "packs.link")]


def test_a_packs_folder_that_is_a_file_or_missing_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "packs.txt"
    a_file.write_text("x")
    for root, reason in ((a_file, "it is not a folder"), (tmp_path / "missing", "No such file or directory")):
        folders, [(path, refused)] = list_packs(root)
        assert folders == [] and path == root
        assert (refused.code, refused.params["reason"]) == ("packs.unreadable", reason)


def test_a_folder_in_place_of_a_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        read_file(tmp_path)
    assert (caught.value.code, caught.value.params["kind"]) == ("file.not_regular", "folder")


def test_unreadable_files_are_refused_with_the_reason(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root, where file modes do not stop reading")
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\n")
    path.chmod(0)
    with pytest.raises(FileRefused) as caught:
        read_file(path)
    assert caught.value.params == {"reason": "Permission denied"}


@pytest.mark.parametrize(
    "path", ["a/b.yaml", "./a/b.yaml", "a//b.yaml", "a/./b.yaml", "a/../b.yaml", "a/b/", "b.yaml", "/elsewhere/c.yaml"]
)
def test_display_path_names_a_file_as_pathlib_does(path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text shortcut gives exactly what pathlib's absolute() and relative_to() give."""
    from brightline.core.packfiles import display_path

    monkeypatch.chdir(tmp_path)
    for given in (path, f"{tmp_path}/{path}", f"{tmp_path}//{path}"):
        if given.count("//") > 1 or given.startswith("//"):
            continue
        absolute = Path(given).absolute()
        try:
            expected = str(absolute.relative_to(Path.cwd()))
        except ValueError:
            expected = str(absolute)
        assert display_path(given) == display_path(Path(given)) == expected, given
        assert display_path(given, str(tmp_path)) == expected, given
