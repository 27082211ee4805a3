"""The pack cache: a warm start gives the same library without parsing YAML again, and any change
to any file is seen at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from brightline.core.library import load_library
from brightline.core.yamlio import ParseCache
from packlib import TREE, write


def summary(root: Path, cache: Path, reuse: bool = True) -> tuple[list[str], dict[str, list[str]]]:
    library = load_library(root, cache_file=cache, reuse_validation=reuse)
    trees = {
        pid: sorted(f"{t.id}:{n.id}:{n.verdict}:{','.join(n.cite)}" for t in p.trees.values() for n in t.nodes.values())
        for pid, p in library.packs.items()
    }
    return [p.format() for p in library.problems], trees


def test_warm_load_equals_cold_load(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "packs.json"
    cold = summary(packs, cache)
    assert cache.exists()
    assert summary(packs, cache) == cold == summary(packs, tmp_path / "none.json", reuse=False)


def test_a_change_after_a_clean_cached_run_is_reported(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    assert summary(packs, cache)[0] == []
    write(packs / "base/trees/detainer.yaml", TREE.replace("[base-law:warrant]", "[base-law:nope]"))
    problems, trees = summary(packs, cache)
    assert any("has no provision 'nope'" in p for p in problems)
    assert "base" not in trees


def test_a_changed_document_invalidates_the_remembered_quote_check(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    assert summary(packs, cache)[0] == []
    (packs / "shared/documents/policy.txt").write_text("Something else entirely.\n", encoding="utf-8")
    assert any("not word for word" in p for p in summary(packs, cache)[0])


def test_a_corrupt_cache_is_ignored_and_rebuilt(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    cache.write_text("{not json", encoding="utf-8")
    assert summary(packs, cache)[0] == []
    assert json.loads(cache.read_text())["version"] == ParseCache.VERSION


def test_a_warm_start_neither_parses_yaml_nor_imports_networkx(packs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "packs.json"
    load_library(packs, cache_file=cache, reuse_validation=True)
    code = (
        "import sys; from pathlib import Path; from brightline.core.library import load_library; "
        f"lib = load_library(Path({str(packs)!r}), cache_file=Path({str(cache)!r}), reuse_validation=True); "
        "print(sorted(lib.packs), 'ruamel.yaml' in sys.modules, 'networkx' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "['base', 'city'] False False"


def test_cached_files_read_back_exactly_as_parsed(tmp_path: Path) -> None:
    """Values, types and every line survive the round trip through the cache file."""
    from test_yamlio import SHIPPED_FILES, shape

    from brightline.core.yamlio import read_yaml

    files = SHIPPED_FILES[::9]
    cache = ParseCache(tmp_path / "packs.json")
    parsed = [shape(read_yaml(path, cache)) for path in files]
    cache.save()
    again = ParseCache(tmp_path / "packs.json")
    assert len(again.entries) == len(set(cache.entries))
    assert [shape(read_yaml(path, again)) for path in files] == parsed
    assert again.used == set(again.entries)  # every file came from the cache


def test_a_damaged_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    from test_yamlio import SHIPPED_FILES, shape

    from brightline.core.yamlio import read_yaml

    path = SHIPPED_FILES[0]
    cache = ParseCache(tmp_path / "packs.json")
    expected = shape(read_yaml(path, cache))
    cache.save()
    stored = json.loads((tmp_path / "packs.json").read_text())
    for damage in ([-1, 1, "id", "one line short"], [-1, "x"], [{"l": 1}], 7, [-1, 1, "a", 1, "b", "a", 2, "c", -3]):
        stored["files"] = {digest: damage for digest in stored["files"]}
        (tmp_path / "packs.json").write_text(json.dumps(stored))
        assert shape(read_yaml(path, ParseCache(tmp_path / "packs.json"))) == expected
