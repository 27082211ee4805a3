"""Signed releases: published, installed against pinned keys, in force from their date, rolled back
only by the author's signed word, and shown only as their signature vouches for them."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from brightline.core.library import load_library
from brightline.core.machine_config import load_machine_config
from brightline.core.paths import resolve_paths
from brightline.core.releases.events import read_events
from brightline.core.releases.install import apply_rollback
from brightline.core.releases.refusal import ReleaseRefused
from brightline.core.releases.statements import ENDORSEMENT_FORMAT, ROLLBACK_FORMAT, make_statement
from brightline.core.releases.trust import decide_trust
from brightline.core.signing import public_key_text, read_author_key
from brightline.core.startcache import StartCache
from packlib import make_library
from releaselib import (
    APP,
    CHANGED_OVERRIDE,
    TODAY,
    author_key,
    config_file,
    install,
    publish_city,
    read,
    snapshot,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_library(tmp_path)


def verdict(library_root: Path, paths_trust: object) -> str:
    library = load_library(library_root, trust=paths_trust)  # type: ignore[arg-type]
    return library.pack("city").trees["detainer"].nodes["honour"].verdict


def test_an_author_key_is_private_and_never_overwritten(tmp_path: Path) -> None:
    key = author_key(tmp_path)
    if os.name != "nt":
        assert (tmp_path / "author.key").stat().st_mode & 0o777 == 0o600
    assert read_author_key(tmp_path / "author.key").public_key == key.public_key
    with pytest.raises(Exception, match="never overwritten"):
        author_key(tmp_path)
    (tmp_path / "signing-key").write_text((tmp_path / "author.key").read_text().replace("author", "ed25519"))
    with pytest.raises(Exception, match="not a policy author's key"):
        read_author_key(tmp_path / "signing-key")


def test_a_release_installed_with_its_key_pinned_is_what_the_library_shows(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    install(publish_city(root, key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE), machine, key, root)
    config = load_machine_config(config_file(tmp_path, [key], machine))
    paths = decide_trust(resolve_paths(extra_packs=[]), config, TODAY)
    assert paths.trust is not None
    standing = paths.trust.standings["city"]
    assert standing.in_force is not None and standing.in_force.sequence == 2
    assert standing.previous is not None and standing.previous.sequence == 1
    assert "signed release 2" in standing.explain()
    assert verdict(root, paths.trust) == "comply"  # the release's answer, not the program's (escalate)
    assert verdict(root, None) == "escalate"
    # Every file shown comes from the release as signed.
    [folder] = paths.trust.releases
    assert folder == machine / "city" / "2" / "city"
    assert (folder / "overrides/detainer.yaml").read_text() == CHANGED_OVERRIDE


def test_a_file_changed_after_installing_is_refused_as_it_is_read(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    config = load_machine_config(config_file(tmp_path, [key], machine))
    paths = decide_trust(resolve_paths(), config, TODAY)
    assert paths.trust is not None
    override = machine / "city/1/city/overrides/detainer.yaml"
    override.write_text(override.read_text().replace("verdict: escalate", "verdict: comply"))
    library = load_library(root, trust=paths.trust)
    assert "city" not in library.packs
    [problem] = [p for p in library.broken["city"] if p.code == "release.file_changed"]
    assert "detainer.yaml" in problem.format() and "reinstall the release" in problem.message
    extra = machine / "city/1/city/trees/extra.yaml"
    override.unlink()
    extra.parent.mkdir()
    extra.write_text("id: extra\n")
    codes = {p.code for p in load_library(root, trust=paths.trust).broken["city"]}
    assert {"release.missing_file", "release.unsigned_file"} <= codes


def test_the_start_up_cache_is_keyed_on_the_verified_release(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_PACKS_ROOT", str(root))
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    config = load_machine_config(config_file(tmp_path, [key], machine))
    paths = decide_trust(resolve_paths(), config, TODAY)
    first = StartCache(paths)
    first.save(first.library())
    assert StartCache(paths).cached_library() is not None
    assert StartCache(paths).differences(load_library(root, trust=paths.trust)) == []
    install(publish_city(root, key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE), machine, key, root)
    after = decide_trust(resolve_paths(), config, TODAY)
    cache = StartCache(after)
    assert cache.cached_library() is None  # another release: the cache does not stand for it
    assert cache.library().pack("city").trees["detainer"].nodes["honour"].verdict == "comply"
    # Without the keys, the same folders are the program's packs alone: another key again.
    assert StartCache(resolve_paths()).packs != cache.packs


def test_with_keys_pinned_extra_pack_folders_are_refused_and_without_them_read(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    extra = make_library(tmp_path / "extra")
    (extra / "base").rename(extra / "other")
    (extra / "other/pack.yaml").write_text((extra / "other/pack.yaml").read_text().replace("id: base", "id: other"))
    unsigned = resolve_paths(extra_packs=[str(extra)])
    config = load_machine_config(config_file(tmp_path, [key], tmp_path / "machine"))
    paths = decide_trust(unsigned, config, TODAY)
    assert paths.extra_packs == () and paths.trust is not None and paths.trust.refused == (extra,)
    library = load_library(root, list(paths.extra_packs), trust=paths.trust)
    refusal = next(p for problems in library.broken.values() for p in problems if p.code == "packs.unsigned")
    assert "author keys are pinned" in refusal.message and str(extra.name) in refusal.format()
    assert "other" not in library.packs
    # No key pinned: exactly as before.
    nothing = load_machine_config(config_file(tmp_path, [], tmp_path / "machine"))
    assert decide_trust(unsigned, nothing, TODAY) is unsigned
    assert "other" in load_library(root, list(unsigned.extra_packs)).packs


def test_a_release_for_a_later_date_waits_for_it(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    later = publish_city(root, key, tmp_path / "city-2.zip", 2, effective="2026-09-01", override=CHANGED_OVERRIDE)
    install(later, machine, key, root)
    releases = read(machine, key)
    before = releases.standing("city", TODAY)
    assert before.in_force is not None and before.in_force.sequence == 1
    assert [p.sequence for p in before.pending] == [2]
    assert "release 2 (version 1.10) is installed and comes into force on 2026-09-01" in before.explain()
    on_the_day = releases.standing("city", date(2026, 9, 1))
    assert on_the_day.in_force is not None and on_the_day.in_force.sequence == 2 and not on_the_day.pending


def test_sequences_only_grow(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    one = publish_city(root, key, tmp_path / "city-1.zip", 1)
    two = publish_city(root, key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE)
    install(one, machine, key, root)
    assert install(one, machine, key, root).already
    install(two, machine, key, root)
    kept = snapshot(machine)
    with pytest.raises(ReleaseRefused, match="release 2 is installed already: an older release is never installed"):
        install(one, machine, key, root)
    other_two = publish_city(root, key, tmp_path / "other-2.zip", 2, notes="another release 2")
    with pytest.raises(ReleaseRefused, match="one sequence number never stands for two releases"):
        install(other_two, machine, key, root)
    assert snapshot(machine) == kept


def test_the_machine_keeps_the_release_in_force_and_the_one_before(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    for sequence in (1, 2, 3):
        install(
            publish_city(root, key, tmp_path / f"city-{sequence}.zip", sequence, notes=str(sequence)),
            machine,
            key,
            root,
        )
    assert sorted(p.name for p in (machine / "city").iterdir()) == ["2", "3"]
    assert not [p for p in machine.iterdir() if p.name.startswith(".incoming")]


def rollback_statement(key: object, path: Path, pack: str, old: int, new: int) -> Path:
    document = {"pack": pack, "from_sequence": old, "to_sequence": new, "reason": "the council paused it", "made": "x"}
    path.write_bytes(make_statement(key, ROLLBACK_FORMAT, document))  # type: ignore[arg-type]
    return path


def test_a_rollback_needs_the_authors_signed_statement(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    stranger = author_key(tmp_path, "stranger.key")
    machine = tmp_path / "machine"
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    install(publish_city(root, key, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE), machine, key, root)
    pinned = {key.public_key}
    forged = rollback_statement(stranger, tmp_path / "forged.json", "city", 2, 1)
    with pytest.raises(ReleaseRefused, match="not pinned"):
        apply_rollback(forged, machine, pinned, APP)
    tampered = tmp_path / "tampered.json"
    data = json.loads(rollback_statement(key, tmp_path / "good.json", "city", 2, 1).read_text())
    data["statement"] = data["statement"].replace('"to_sequence": 1', '"to_sequence": 0')
    tampered.write_text(json.dumps(data))
    with pytest.raises(ReleaseRefused, match="signature does not match"):
        apply_rollback(tampered, machine, pinned, APP)
    stale = rollback_statement(key, tmp_path / "stale.json", "city", 3, 1)
    with pytest.raises(ReleaseRefused, match="it was made for another moment"):
        apply_rollback(stale, machine, pinned, APP)
    assert read(machine, key).standing("city", TODAY).in_force.sequence == 2  # type: ignore[union-attr]

    done = apply_rollback(tmp_path / "good.json", machine, pinned, APP)
    assert done.rollback.to_sequence == 1
    standing = read(machine, key).standing("city", TODAY)
    assert standing.in_force is not None and standing.in_force.sequence == 1 and standing.withdrawn == (2,)
    with pytest.raises(ReleaseRefused, match="withdrawn by the author's rollback statement"):
        install(tmp_path / "city-2.zip", machine, key, root)
    install(publish_city(root, key, tmp_path / "city-3.zip", 3, override=CHANGED_OVERRIDE), machine, key, root)
    assert read(machine, key).standing("city", TODAY).in_force.sequence == 3  # type: ignore[union-attr]
    events = [(e["event"], e["sequence"]) for e in read_events(machine)]
    assert ("rolled back", 1) in events and ("rollback refused", 0) in events and ("installed", 3) in events


def test_a_new_key_endorsed_by_the_pinned_one_is_accepted_and_an_unendorsed_one_is_not(
    root: Path, tmp_path: Path
) -> None:
    old = author_key(tmp_path, "old.key")
    new = author_key(tmp_path, "new.key")
    machine = tmp_path / "machine"
    install(publish_city(root, old, tmp_path / "city-1.zip", 1), machine, old, root)
    unendorsed = publish_city(root, new, tmp_path / "city-2.zip", 2, override=CHANGED_OVERRIDE)
    with pytest.raises(ReleaseRefused, match=f"signed by key {new.key_id}, which is not pinned"):
        install(unendorsed, machine, old, root)
    document = {"old_key": public_key_text(old.public_key), "new_key": public_key_text(new.public_key), "made": "x"}
    endorsement = json.loads(make_statement(old, ENDORSEMENT_FORMAT, document))
    carried = json.dumps([endorsement]).encode()
    endorsed = publish_city(root, new, tmp_path / "city-2e.zip", 2, override=CHANGED_OVERRIDE, endorsements=carried)
    assert install(endorsed, machine, old, root).release.signature.key == new.public_key
    releases = read(machine, old)
    assert releases.standing("city", TODAY).in_force.key_id == new.key_id  # type: ignore[union-attr]
    # An endorsement someone else signed, naming the pinned key as the old one, proves nothing.
    mallory = author_key(tmp_path, "mallory.key")
    forged = json.loads(
        make_statement(mallory, ENDORSEMENT_FORMAT, {**document, "new_key": public_key_text(mallory.public_key)})
    )
    forged["key"] = public_key_text(old.public_key)
    with pytest.raises(ValueError, match="signature does not match"):
        publish_city(root, mallory, tmp_path / "city-3.zip", 3, endorsements=json.dumps([forged]).encode())


def test_every_install_refusal_and_rollback_is_in_the_event_log(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    one = publish_city(root, key, tmp_path / "city-1.zip", 1)
    install(one, machine, key, root)
    with pytest.raises(ReleaseRefused):
        install(one, machine, set(), root)  # no key pinned at all
    with pytest.raises(ReleaseRefused):
        install(one, machine, author_key(tmp_path, "other.key"), root)
    events = read_events(machine)
    assert [e["event"] for e in events] == ["installed", "refused", "refused"]
    assert events[0]["pack"] == "city" and events[0]["sequence"] == 1 and events[0]["account"]
    assert "no author key is pinned" in events[1]["detail"] and "not pinned" in events[2]["detail"]


def test_a_folder_in_the_way_that_is_no_release_is_set_aside_not_deleted(root: Path, tmp_path: Path) -> None:
    key = author_key(tmp_path)
    machine = tmp_path / "machine"
    leftover = machine / "city" / "1"
    leftover.mkdir(parents=True)
    (leftover / "manifest.json").write_text("{}")
    releases = read(machine, key)
    assert releases.releases["city"] == [] and "this installed release is not used" in releases.problems[0]
    install(publish_city(root, key, tmp_path / "city-1.zip", 1), machine, key, root)
    assert read(machine, key).standing("city", TODAY).in_force is not None
    [kept] = [p for p in (machine / "city").iterdir() if p.name.startswith(".not-a-release-1-")]
    assert (kept / "manifest.json").read_text() == "{}"


def test_a_release_folder_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    key = author_key(tmp_path)
    (tmp_path / "machine").write_text("not a folder")
    releases = read(tmp_path / "machine", key)
    assert releases.releases == {} and "the installed releases cannot be read" in releases.problems[0]
    assert read(tmp_path / "nothing-yet", key).problems == []


def test_start_up_looks_for_the_machine_wide_file_where_its_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brightline.core.machine_config import config_file as machine_config_file
    from brightline.core.releases.trust import _machine_config_may_exist, trust_for_machine

    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc"))
    path, named = machine_config_file()
    assert not named and not _machine_config_may_exist()
    assert trust_for_machine(resolve_paths()).trust is None
    path.parent.mkdir(parents=True)
    config_file(tmp_path, [author_key(tmp_path)], tmp_path / "machine").replace(path)
    assert _machine_config_may_exist()
    assert trust_for_machine(resolve_paths()).trust is not None  # found where machine_config looks


def test_a_machine_wide_file_that_cannot_be_used_stops_every_command_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from brightline.cli.main import main

    config = tmp_path / "brightline.toml"
    config.write_text('[packs]\ntrusted_key = ["ed25519:x"]\n')  # misspelt: must never mean "no key pinned"
    monkeypatch.setenv("BRIGHTLINE_DEPARTMENT", str(config))
    assert main(["list"]) == 1
    assert f"brightline: {config}: [packs]: unknown key 'trusted_key'" in capsys.readouterr().err
    config.write_text('[packs]\ntrusted_keys = ["ed25519:x"]\n')
    assert main(["list"]) == 1
    assert "packs.trusted_keys: key 1: 'ed25519:x' is not an Ed25519 public key" in capsys.readouterr().err
