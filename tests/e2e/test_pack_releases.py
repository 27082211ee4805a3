"""The issue's check, end to end on the command line: an author key is made, a release of
`pasadena` published and installed with the key pinned; a changed outcome is published as the
next release and installed; the officer sees the change and acknowledges it; the supervisor's
report shows it; the older release and a tampered release are refused; and the guidance shown
is the installed release's, byte for byte."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from brightline.core.graph import shortest_path, tree_successors
from brightline.core.library import load_library
from releaselib import rezip

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "decision_trees"
TREE, OUTCOME = "detainer-request", "federal-offence"
BEFORE = """    verdict: escalate
    headline: No hold on the detainer. A federal judge's warrant goes to the watch commander, who decides with counsel; judges' criminal warrants are kept, but booking for federal immigration crimes is barred."""
AFTER = """    verdict: decline
    headline: No hold on the detainer and no hand-over to ICE; tell the watch commander about the federal warrant."""


class Machine:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            BRIGHTLINE_DATA_DIR=str(tmp_path / "data"),
            BRIGHTLINE_PACKS_ROOT=str(SHIPPED),
        )
        self.env.pop("BRIGHTLINE_DEPARTMENT", None)

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "brightline", *args],
            capture_output=True,
            text=True,
            env=env or self.env,
            cwd=self.tmp,
            timeout=120,
        )


def answers_to(outcome: str) -> str:
    """The 1-based answers that walk the detainer tree to `outcome`."""
    tree = load_library(SHIPPED).pack("pasadena").trees[TREE]
    path = shortest_path(tree_successors(tree), tree.start, outcome)
    choices = []
    for here, there in zip(path, path[1:], strict=False):
        node = tree.nodes[here]
        if node.type == "question":
            choices.append(str(node.successors().index(there) + 1))
    return ",".join(choices)


@pytest.mark.slow
def test_a_signed_policy_update_from_the_author_to_the_officer(tmp_path: Path) -> None:
    m = Machine(tmp_path)
    out = m.run("pack", "keygen", "-o", "author.key")
    assert out.returncode == 0, out.stderr
    public = (tmp_path / "author.key.pub").read_text().strip()
    assert f"  {public}" in out.stdout.splitlines()
    config = tmp_path / "brightline.toml"
    config.write_text(f'[packs]\ntrusted_keys = ["{public}"]\ninstalled = "{(tmp_path / "installed").as_posix()}"\n')
    m.env["BRIGHTLINE_DEPARTMENT"] = str(config)

    work = tmp_path / "work/pasadena"
    shutil.copytree(SHIPPED / "pasadena", work)
    manifest = work / "pack.yaml"
    old = re.search(r'^version: "([^"]+)"', manifest.read_text(), re.M).group(1)  # type: ignore[union-attr]
    new = "99.0.0"
    out = m.run("pack", "publish", str(work), "--key", "author.key", "-o", "pasadena-1.zip", "--sequence", "1",
                "--effective", "2024-01-01")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert f"Published pasadena release 1 (version {old})" in out.stdout
    out = m.run("pack", "install", "pasadena-1.zip")
    assert out.returncode == 0, out.stderr
    assert f"Installed pasadena release 1 (version {old})" in out.stdout

    override = work / "overrides/detainer-request.yaml"
    text = override.read_text()
    assert BEFORE in text
    override.write_text(
        text.replace(BEFORE, AFTER).replace("    escalate_to: Watch commander; agency counsel\n", "", 1)
    )
    manifest.write_text(manifest.read_text().replace(f'version: "{old}"', f'version: "{new}"'))
    out = m.run("pack", "publish", str(work), "--key", "author.key", "-o", "pasadena-2.zip", "--sequence", "2",
                "--effective", "2025-01-01", "--notes", "A federal warrant with a detainer: no hand-over to ICE")  # fmt: skip
    assert out.returncode == 0, out.stderr
    out = m.run("pack", "install", "pasadena-2.zip")
    assert out.returncode == 0, out.stderr

    out = m.run("list", "--pack", "pasadena")
    assert out.returncode == 0
    assert f"pasadena: signed release 2 (version {new}) in force (effective 2025-01-01" in out.stderr

    out = m.run("pack", "acknowledge", "pasadena", "--name", "Ana Lee", "--badge", "S-12", "--role", "booking")
    assert out.returncode == 0, out.stderr
    assert f"what changed from release 1 (version {old}) to release 2 (version {new})" in out.stdout
    assert "The answer changed" in out.stdout
    assert "before: ESCALATE \u2014 Under the proposed policy, no hold on the detainer. A federal judge's" in out.stdout
    assert "now:    DECLINE \u2014 Under the proposed policy, no hold on the detainer and no hand-over" in out.stdout
    assert f"Ana Lee (S-12) acknowledged pasadena release 2 (version {new})." in out.stdout

    out = m.run("pack", "acknowledgments", "--pack", "pasadena")
    assert out.returncode == 0, out.stderr
    report = out.stdout
    release_two = report[report.index("pasadena release 2") : report.index("pasadena release 1")]
    assert "Acknowledged (1):\n    Ana Lee (S-12)" in release_two

    out = m.run("pack", "install", "pasadena-1.zip")
    assert out.returncode == 1
    assert "an older release is never installed over a newer one" in out.stderr
    rezip(
        tmp_path / "pasadena-2.zip",
        tmp_path / "pasadena-2-tampered.zip",
        lambda old: [(i, d.replace(b"verdict: decline", b"verdict: comply", 1) if i.filename.endswith("detainer-request.yaml") else d) for i, d in old],
    )  # fmt: skip
    out = m.run("pack", "install", "pasadena-2-tampered.zip")
    assert out.returncode == 1
    assert "changed after it was signed" in out.stderr
    out = m.run("pack", "events")
    assert [line.split("  ")[1].split(":")[0] for line in out.stdout.splitlines()] == [
        "installed", "installed", "refused", "refused"
    ]  # fmt: skip

    # The guidance shown is the installed release's, byte for byte: the same walk on a copy of the
    # program's packs with pasadena replaced by the files in the release, no key pinned.
    unpacked = tmp_path / "unpacked"
    shutil.copytree(SHIPPED, unpacked, ignore=shutil.ignore_patterns(".start-index"))
    shutil.rmtree(unpacked / "pasadena")
    with zipfile.ZipFile(tmp_path / "pasadena-2.zip") as archive:
        for info in archive.infolist():
            if info.filename.startswith("pack/"):
                target = unpacked / "pasadena" / info.filename[len("pack/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(info))
    walk = ("walk", "--pack", "pasadena", "--tree", TREE, "--answers", answers_to(OUTCOME))
    shown = m.run(*walk)
    plain = {k: v for k, v in m.env.items() if k != "BRIGHTLINE_DEPARTMENT"}
    expected = m.run(*walk, env={**plain, "BRIGHTLINE_PACKS_ROOT": str(unpacked)})
    program = m.run(*walk, env=plain)
    assert shown.returncode == expected.returncode == program.returncode == 0, shown.stderr
    assert shown.stdout == expected.stdout
    assert "no hand-over to ICE" in shown.stdout and "no hand-over to ICE" not in program.stdout


def test_rotation_rollback_status_and_diff_on_the_command_line(tmp_path: Path) -> None:
    from packlib import make_library
    from releaselib import CHANGED_OVERRIDE

    root = make_library(tmp_path)
    m = Machine(tmp_path)
    m.env["BRIGHTLINE_PACKS_ROOT"] = str(root)
    assert m.run("pack", "keygen", "-o", "old.key").returncode == 0
    assert m.run("pack", "keygen", "-o", "new.key").returncode == 0
    old = (tmp_path / "old.key.pub").read_text().strip()
    config = tmp_path / "brightline.toml"
    config.write_text(f'[packs]\ntrusted_keys = ["{old}"]\ninstalled = "{(tmp_path / "installed").as_posix()}"\n')
    m.env["BRIGHTLINE_DEPARTMENT"] = str(config)
    work = tmp_path / "work/city"
    shutil.copytree(root / "city", work)

    def publish(key: str, sequence: int, *more: str) -> subprocess.CompletedProcess[str]:
        return m.run("pack", "publish", str(work), "--key", key, "-o", f"city-{sequence}.zip", "--sequence",
                     str(sequence), "--effective", "2020-01-01", *more)  # fmt: skip

    assert publish("old.key", 1).returncode == 0
    assert m.run("pack", "install", "city-1.zip").returncode == 0
    (work / "overrides/detainer.yaml").write_text(CHANGED_OVERRIDE)
    assert publish("new.key", 2).returncode == 0
    out = m.run("pack", "install", "city-2.zip")
    assert out.returncode == 1 and "which is not pinned on this machine" in out.stderr
    out = m.run("pack", "endorse", "--key", "old.key", "--new", "new.key.pub", "-o", "endorse.json")
    assert out.returncode == 0, out.stderr
    assert publish("new.key", 2, "--endorsement", "endorse.json").returncode == 0
    out = m.run("pack", "install", "city-2.zip")
    assert out.returncode == 0, out.stderr

    out = m.run("pack", "diff", "city@1", "city@2")
    assert out.returncode == 0, out.stderr
    assert "city: release 1 (version 1.10) \u2192 release 2 (version 1.10)" in out.stdout
    assert "now:    COMPLY \u2014 Under the proposed policy, honour the judge's warrant at once." in out.stdout
    out = m.run("pack", "diff", "city@3", "city@2")
    assert out.returncode == 1
    assert "release 3 of 'city' is not an installed, verified release here (installed: 1, 2)" in out.stderr
    assert "statement" not in out.stderr
    out = m.run("pack", "status")
    assert "city: signed release 2 (version 1.10) in force" in out.stdout

    out = m.run("pack", "sign-rollback", "city", "--from", "2", "--to", "1", "--reason", "paused", "--key",
                "new.key", "-o", "rollback.json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    out = m.run("pack", "rollback", "rollback.json")
    assert out.returncode == 0, out.stderr
    assert "Rolled city back from release 2 to release 1" in out.stdout
    out = m.run("pack", "status")
    assert (
        "city: signed release 1 (version 1.10) in force" in out.stdout
        and "withdrawn by the author: release 2" in out.stdout
    )
    out = m.run("pack", "rollback", "rollback.json")
    assert out.returncode == 1 and "made for another moment" in out.stderr


def test_validate_checks_the_installed_releases_the_program_reads(tmp_path: Path) -> None:
    from packlib import make_library

    root = make_library(tmp_path)
    m = Machine(tmp_path)
    m.env["BRIGHTLINE_PACKS_ROOT"] = str(root)
    assert m.run("pack", "keygen", "-o", "author.key").returncode == 0
    public = (tmp_path / "author.key.pub").read_text().strip()
    config = tmp_path / "brightline.toml"
    config.write_text(f'[packs]\ntrusted_keys = ["{public}"]\ninstalled = "{(tmp_path / "installed").as_posix()}"\n')
    m.env["BRIGHTLINE_DEPARTMENT"] = str(config)
    out = m.run("pack", "publish", str(root / "city"), "--key", "author.key", "-o", "city-1.zip", "--sequence", "1")
    assert out.returncode == 0, out.stderr
    assert m.run("pack", "install", "city-1.zip").returncode == 0
    out = m.run("validate")
    assert out.returncode == 0, out.stdout + out.stderr

    # A file edited in the release folder: the pack is not loaded, and the command the message
    # points to names the file instead of passing.
    installed = next((tmp_path / "installed").rglob("detainer.yaml"))
    installed.write_text(installed.read_text() + "\n# edited\n")
    walked = m.run("walk", "--pack", "city", "--tree", "detainer", "--answers", "1")
    assert walked.returncode == 1 and "run 'brightline validate'" in walked.stderr
    out = m.run("validate")
    assert out.returncode == 1
    assert (
        f"{installed.relative_to(tmp_path).as_posix()}:1:" in out.stdout
        and "changed after the release was installed" in out.stdout
    )
    status = m.run("pack", "status")
    assert status.returncode == 1, status.stdout + status.stderr
    assert "PROBLEM: city: the release in force is left out of the guidance" in status.stdout
    assert "changed after the release was installed" in status.stdout
