"""Hostile packs through the real command line (`hostile_cases.CASES`, one kind each).

Each case runs `python -m brightline --packs DIR list` (and some `validate DIR`, `walk`) as a
user would, in a subprocess with its address space capped at 300 MB and at most 5 s of processor
time (`capped`: a hang is killed on the clock); its peak resident memory is read back with wait4.
Each must finish within the caps, say which pack was left out with a `FILE:LINE` message naming
the hostile file, never print a traceback, and still list every shipped pack. The cases run two
at a time, in one fixture, so the suite stays short; the clock times, one process at a time, are
printed by `python tests/benchmarks/run.py --only hostile`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from capped import MEMORY_CAP, TIME_CAP, Run, run_capped, run_case
from hostile_cases import CASES, Case, missing_need

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="caps need resource.setrlimit and wait4")

SHIPPED_PACKS = {"california", "long-beach", "model", "pasadena", "sacramento"}
BY_NAME = {case.name: case for case in CASES}

# What `list` prints for a pack left out (brightline.cli.packs._report_broken).
LEFT_OUT = re.compile(
    r"^brightline: pack '(?P<key>.+)' has problems and was not loaded "
    r"\(run 'brightline validate' for all \d+\): (?P<problem>.*)$"
)


def selected_cases(session: pytest.Session) -> list[str]:
    return [
        item.callspec.params["name"]
        for item in session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_hostile_pack" and hasattr(item, "callspec")
    ]


@pytest.fixture(scope="session")
def hostile_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[Path, list[Run]]]]:
    """Every selected case run, two at a time (the machine has few cores and other work)."""
    names = [name for name in selected_cases(request.session) if not missing_need(BY_NAME[name].needs)]
    root = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(run_case, BY_NAME[name], root / f"case-{index}") for index, name in enumerate(names)
        }
        yield {name: future.result() for name, future in futures.items()}


def listed_packs(stdout: str) -> set[str]:
    return {line.split("/", 1)[0] for line in stdout.splitlines() if "/" in line}


def check_problem(problem: str, case: Case) -> None:
    """`problem` is `FILE:LINE: NODE: message`, naming the case's file and line and saying what it must."""
    assert problem.startswith(f"{case.file}:"), f"names another file than {case.file}: {problem}"
    line, node, message = problem[len(case.file) + 1 :].split(": ", 2)
    assert line.isdigit() and (case.line is None or int(line) == case.line), f"line {line}, not {case.line}: {problem}"
    assert node and case.says in message, f"does not say {case.says!r}: {problem}"
    assert "\n" not in problem


@pytest.mark.parametrize("name", list(BY_NAME))
def test_hostile_pack(name: str, hostile_runs: dict[str, tuple[Path, list[Run]]]) -> None:
    case = BY_NAME[name]
    if missing_need(case.needs):
        pytest.skip(missing_need(case.needs))
    folder, runs = hostile_runs[name]
    assert not (folder / "PWNED").exists(), "a YAML tag ran a command"
    for run in runs:
        assert not run.killed and run.cpu_seconds < TIME_CAP, f"not done within {TIME_CAP:g} s: {run.describe()}"
        assert run.peak_bytes < MEMORY_CAP, run.describe()
        assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr, run.describe()
        if run.command == "list":
            assert run.code == 0, run.describe()
            listed = listed_packs(run.stdout)
            assert SHIPPED_PACKS <= listed, f"the shipped packs did not all load: {run.describe()}"
            left_out = {m["key"]: m["problem"] for m in map(LEFT_OUT.match, run.stderr.splitlines()) if m}
            if not case.file:  # the control: the unspoiled pack loads, and nothing is left out
                assert "evil" in listed and not left_out and not run.stderr, run.describe()
                continue
            if "@" not in case.key:  # (a key with '@' is a second pack with an id that did load)
                assert case.key not in listed, run.describe()
            assert case.key in left_out, f"pack {case.key!r} is not said to be left out: {run.describe()}"
            check_problem(left_out[case.key], case)
        elif run.command == "validate":
            assert run.code == 1, run.describe()
            problems = [line for line in run.stdout.splitlines() if line.startswith(f"{case.file}:")]
            assert problems, f"no problem names {case.file}: {run.describe()}"
            check_problem(next((p for p in problems if case.says in p), problems[0]), case)
        else:  # walk
            assert run.code == 1 and "pack 'evil' has problems and was not loaded" in run.stderr, run.describe()


def test_at_least_forty_kinds() -> None:
    assert len([case for case in CASES if case.file]) >= 40


TOGETHER = ["an alias bomb, 9 levels", "a folder link to /usr", "a pack that extends itself", "a 2 GB sparse file"]
if hasattr(__import__("os"), "mkfifo"):
    TOGETHER.append("document: a named pipe")


def several_hostile_folders(root: Path) -> list[str]:
    """One packs folder for each case of TOGETHER, its pack renamed `evil-N`; the --packs options."""
    options = []
    for index, name in enumerate(TOGETHER):
        packs = root / f"packs-{index}"
        packs.mkdir(parents=True)
        BY_NAME[name].build(packs)
        manifest = packs / "evil/pack.yaml"
        manifest.write_text(manifest.read_text().replace("evil", f"evil-{index}"))
        (packs / "evil").rename(packs / f"evil-{index}")
        options += ["--packs", packs.name]
    return options


def first_answers(pack: str = "california", tree_id: str = "detainer-request") -> str:
    """`--answers` that take the first option at every question of a shipped tree to an outcome."""
    from brightline.core.library import load_library

    tree = load_library(Path(__file__).resolve().parents[2] / "decision_trees").pack(pack).trees[tree_id]
    node, answers = tree.nodes[tree.start], []
    while node.type != "outcome":  # a note is answered too: 1 goes on
        answers.append("1")
        node = tree.nodes[node.options[0].next if node.type == "question" else node.next]
    return ",".join(answers)


def test_several_hostile_packs_at_once_in_list_walk_and_self_test(tmp_path: Path) -> None:
    packs = several_hostile_folders(tmp_path)
    brightline = [sys.executable, "-m", "brightline", "--data-dir", str(tmp_path / "data"), *packs]
    listed = run_capped("list", [*brightline, "list"], tmp_path)
    assert not listed.killed and listed.code == 0, listed.describe()
    assert SHIPPED_PACKS == listed_packs(listed.stdout), listed.describe()
    left_out = {m["key"] for m in map(LEFT_OUT.match, listed.stderr.splitlines()) if m}
    assert left_out == {f"evil-{index}" for index in range(len(TOGETHER))}, listed.describe()

    walk = ["walk", "--pack", "california", "--tree", "detainer-request", "--answers", first_answers()]
    walked = run_capped("walk", [*brightline, *walk], tmp_path)
    assert walked.code == 0 and "VERDICT: " in walked.stdout, walked.describe()

    # The self-test opens the window and walks every shipped tree: its own work is seconds, and Qt
    # maps more address space than the cap allows, so it is capped more loosely and its resident
    # memory measured instead.
    tested = run_capped("self-test", [*brightline, "self-test"], tmp_path, memory_cap=None, time_cap=60, hang_cap=120)
    assert not tested.killed and tested.peak_bytes < MEMORY_CAP, tested.describe()
    assert tested.code == 1, tested.describe()
    failures = [line for line in tested.stdout.splitlines() if line.startswith("FAIL: ")]
    assert len(failures) == len(TOGETHER), tested.describe()
    assert all(re.match(r"FAIL: pack 'evil-\d' did not load: packs-\d/evil-\d/\S+:\d+: ", f) for f in failures)
    from brightline.core.library import load_library

    shipped = load_library(Path(__file__).resolve().parents[2] / "decision_trees")
    walked_all = f"; {len(shipped.packs)} packs, {sum(len(p.trees) for p in shipped.packs.values())} trees walked"
    assert walked_all in tested.stdout, tested.describe()
