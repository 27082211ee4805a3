"""The command line, run as a user runs it: a subprocess of `python -m brightline`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def brightline(
    *args: str, packs_root: Path | None = None, data: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if packs_root is not None:
        env["BRIGHTLINE_PACKS_ROOT"] = str(packs_root)
    if data is not None:
        env["BRIGHTLINE_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "brightline", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        input=stdin,
        timeout=120,
    )


def test_version() -> None:
    out = brightline("--version")
    assert out.returncode == 0 and out.stdout.startswith("brightline ")


def test_validate_fixture_is_clean_with_a_summary(packs: Path) -> None:
    out = brightline("validate", str(packs))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == "OK: 2 packs, 2 trees, 8 nodes, 4 outcomes, 6 citations"


@pytest.mark.parametrize(
    "breakage,expected",
    [
        (("    next: decline\n", "    next: what-paper\n"), "has a cycle"),
        (("        next: honour\n", "        next: nowhere\n"), "leads to 'nowhere'"),
        (("    cite: [base-law:warrant]\n", ""), "cites no provision"),
    ],
)
def test_validate_reports_a_broken_tree_with_file_and_line(
    packs: Path, breakage: tuple[str, str], expected: str
) -> None:
    tree = packs / "base/trees/detainer.yaml"
    tree.write_text(tree.read_text().replace(*breakage, 1))
    out = brightline("validate", str(packs))
    assert out.returncode == 1
    lines = [line for line in out.stdout.splitlines() if expected in line]
    assert lines and lines[0].startswith(f"{tree}:"), out.stdout


def test_list_prints_pack_and_tree(packs: Path) -> None:
    out = brightline("list", packs_root=packs)
    assert out.returncode == 0
    assert out.stdout.splitlines() == ["base/detainer  A detainer arrived", "city/detainer  A detainer arrived"]


def test_walk_with_answers_prints_the_cited_outcome(packs: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "detainer", "--answers", "1,1", packs_root=packs)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "VERDICT: DECLINE" in text
    assert "Do not hold the person." in text
    assert "Release on time." in text and "Do not hold." in text
    assert '"We do not hold on detainers."' in text
    assert "The request." in text
    assert (
        "[base-law:no-hold] Base law, § 1 — No holds "
        "[quote from a verbatim document; text checked as of 2018-01-01; law]" in text
    )
    assert "Base (status: law, version 1.10, law as of 2018-01-01" in text
    # the verdict is repeated last, so it is what stays on a terminal
    assert text.rstrip().splitlines()[-2:] == ["VERDICT: DECLINE — do not do it", "  Do not hold the person."]
    assert "The Department shall not hold anyone on a detainer." in text
    assert "Guidance, not legal advice." in text


def test_walk_in_a_layered_pack(packs: Path) -> None:
    out = brightline("walk", "--pack", "city", "--tree", "detainer", "--answers", "2", packs_root=packs)
    assert out.returncode == 0
    assert "VERDICT: ESCALATE" in out.stdout and "City policy, Policy 1" in out.stdout


def test_walk_with_answers_left_over_exits_2(packs: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "detainer", "--answers", "2,1", packs_root=packs)
    assert out.returncode == 2
    assert "1 answer(s) left over: 1" in out.stderr


def test_walk_with_too_few_answers_exits_2(packs: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "detainer", "--answers", "1", packs_root=packs)
    assert out.returncode == 2
    assert "do not reach an outcome" in out.stderr and "note-copy" in out.stderr


def test_walk_with_an_impossible_answer_exits_2(packs: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "detainer", "--answers", "7", packs_root=packs)
    assert out.returncode == 2 and "there is no option 7" in out.stderr


def test_walk_unknown_tree_exits_1(packs: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "nope", "--answers", "1", packs_root=packs)
    assert out.returncode == 1 and "has no tree 'nope'" in out.stderr


def test_walk_unknown_pack_exits_1(packs: Path) -> None:
    out = brightline("walk", "--pack", "nowhere", "--tree", "detainer", packs_root=packs)
    assert out.returncode == 1
    assert "no pack 'nowhere'; packs: base, city" in out.stderr and out.stdout == ""


def test_interactive_walk_with_back_and_quit(packs: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "detainer", packs_root=packs, stdin="1\nb\n2\n")
    assert out.returncode == 0
    assert "1. An ICE form" in out.stdout and "b. back" in out.stdout
    assert "VERDICT: COMPLY" in out.stdout
    out = brightline("walk", "--pack", "base", "--tree", "detainer", packs_root=packs, stdin="q\n")
    assert out.returncode == 130 and "VERDICT" not in out.stdout


def test_interactive_walk_help_enter_past_a_note_and_the_verdict_last(packs: Path, tmp_path: Path) -> None:
    out = brightline(
        "walk", "--pack", "base", "--tree", "detainer", packs_root=packs, data=tmp_path, stdin="?\n1\n\nn\n"
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("Base (status: law, version 1.10, law as of 2018-01-01")
    assert "?. help" in text and "HOW TO TELL A WARRANT" in text and "A judge signs a warrant." in text
    assert "Note: Give the person a copy." in text and "Enter: continue" in text
    assert "Record this contact in the contact log now? [y/N]" in text
    assert text.rstrip().splitlines()[-2:] == ["VERDICT: DECLINE — do not do it", "  Do not hold the person."]
    assert not (tmp_path / "contact-log.sqlite3").exists()


def test_interactive_walk_records_the_contact_there_and_then(packs: Path, tmp_path: Path) -> None:
    answers = "1\n\ny\n\nAna Ruiz (4411)\nICE ERO\n\npigeon\nfax\nI-247A\nFaxed at 02:00.\n"
    out = brightline("walk", "--pack", "base", "--tree", "detainer", packs_root=packs, data=tmp_path, stdin=answers)
    assert out.returncode == 0, out.stderr
    assert "This is needed for the record." in out.stdout  # an empty staff name is asked again
    assert "Type one of: in-person, phone, fax, email, other." in out.stdout
    assert "Logged contact #1" in out.stdout
    assert out.stdout.rstrip().splitlines()[-1] == "  Do not hold the person."
    listing = brightline("log", "list", packs_root=packs, data=tmp_path)
    line = listing.stdout.strip().splitlines()[-1]
    assert "Ana Ruiz" in line and "ICE ERO" in line and "decline" in line


def test_interactive_walk_end_of_input_at_the_offer_records_nothing(packs: Path, tmp_path: Path) -> None:
    out = brightline("walk", "--pack", "base", "--tree", "detainer", packs_root=packs, data=tmp_path, stdin="1\n\ny\n")
    assert out.returncode == 0 and "Not recorded." in out.stdout
    assert out.stdout.rstrip().splitlines()[-2] == "VERDICT: DECLINE — do not do it"
    assert not (tmp_path / "contact-log.sqlite3").exists()


def test_broken_pack_is_reported_and_the_rest_still_works(packs: Path) -> None:
    (packs / "city/overrides/detainer.yaml").write_text("tree: [\n")
    out = brightline("list", packs_root=packs)
    assert out.returncode == 0
    assert out.stdout.splitlines() == ["base/detainer  A detainer arrived"]
    assert "pack 'city' has problems and was not loaded" in out.stderr


def test_data_dir_option_and_environment(tmp_path: Path) -> None:
    code = "from brightline.core.paths import resolve_paths; print(resolve_paths({arg}).data)"
    env = dict(os.environ, BRIGHTLINE_DATA_DIR=str(tmp_path / "env"))
    by_env = subprocess.run(
        [sys.executable, "-c", code.format(arg="None")], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert by_env.stdout.strip() == str(tmp_path / "env")
    by_arg = subprocess.run(
        [sys.executable, "-c", code.format(arg=repr(str(tmp_path / "arg")))],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert by_arg.stdout.strip() == str(tmp_path / "arg")


def test_shipped_packs_validate() -> None:
    out = brightline("validate")
    assert out.returncode == 0, out.stdout[-3000:]
    assert out.stdout.startswith("OK: ")


def test_self_test_prints_ok(tmp_path: Path) -> None:
    out = brightline("self-test", data=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1].startswith("OK")


def test_diff_lists_what_the_city_changes(packs: Path) -> None:
    out = brightline("diff", "--pack", "city", packs_root=packs)
    assert out.returncode == 0
    text = out.stdout
    assert "city (proposed policy) changes base (law):" in text
    # a proposed policy's own words are framed as the proposal's
    assert "replaced honour" in text and "now: escalate: Under the proposed policy, call the watch commander." in text
    assert "amended decline" in text and "+ cites: city-policy:p1" in text


def test_coverage_exits_1_on_an_unexplained_provision(packs: Path) -> None:
    out = brightline("coverage", "--pack", "base", packs_root=packs)
    assert out.returncode == 0
    assert "base-law:no-hold  Base law, § 1 — No holds\n    cited by base/detainer#decline" in out.stdout
    assert "not for officers: Legislative findings" in out.stdout
    source = packs / "base/sources/base-law.yaml"
    source.write_text(
        source.read_text().replace("    not_officer_facing: Legislative findings; nothing for an officer to do.\n", "")
    )
    out = brightline("coverage", "--pack", "base", packs_root=packs)
    assert out.returncode == 1
    assert "NOT COVERED" in out.stdout and "1 not covered" in out.stdout


def test_train_list_and_full_marks(packs: Path, tmp_path: Path) -> None:
    out = brightline("train", "--pack", "base", "--list", packs_root=packs)
    assert out.stdout.splitlines() == ["s1  detainer  A detainer at night"]
    out = brightline(
        "train",
        "--pack",
        "base",
        "--scenario",
        "s1",
        "--answers",
        "1,1",
        "--trainee",
        "Ana Ruiz",
        packs_root=packs,
        data=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "Score: 3 of 3 points (100%)" in out.stdout and "Recorded as training result 1." in out.stdout


def test_train_wrong_answer_shows_the_divergence(packs: Path, tmp_path: Path) -> None:
    out = brightline("train", "--pack", "base", "--scenario", "s1", "--answers", "2", packs_root=packs, data=tmp_path)
    assert out.returncode == 0
    assert "Score: 0 of 3 points (0%)" in out.stdout
    assert "You left the expected path at step 1." in out.stdout
    assert not (tmp_path / "training.sqlite3").exists()


def test_training_export_csv(packs: Path, tmp_path: Path) -> None:
    for answers in ("1,1", "2"):
        brightline(
            "train",
            "--pack",
            "base",
            "--scenario",
            "s1",
            "--answers",
            answers,
            "--trainee",
            "Ana Ruiz",
            packs_root=packs,
            data=tmp_path,
        )
    out = brightline(
        "training", "export", "--format", "csv", "-o", str(tmp_path / "roster.csv"), packs_root=packs, data=tmp_path
    )
    assert out.returncode == 0, out.stderr
    rows = (tmp_path / "roster.csv").read_text().splitlines()
    assert rows[0].startswith("section,trainee,played_at")
    assert sum(r.startswith("result,Ana Ruiz,") for r in rows) == 2
    assert any(r.startswith("completion,Ana Ruiz,,base,") and ",1,1," in r for r in rows)


def test_training_export_pdf_has_roster_and_certificate(packs: Path, tmp_path: Path) -> None:
    brightline(
        "train",
        "--pack",
        "base",
        "--scenario",
        "s1",
        "--answers",
        "1,1",
        "--trainee",
        "Ana Ruiz",
        packs_root=packs,
        data=tmp_path,
    )
    out = brightline(
        "training", "export", "--format", "pdf", "-o", str(tmp_path / "t.pdf"), packs_root=packs, data=tmp_path
    )
    assert out.returncode == 0, out.stderr
    data = (tmp_path / "t.pdf").read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
    )
    assert len(data) > 2000


def test_walk_record_logs_the_contact_and_log_list_shows_it(packs: Path, tmp_path: Path) -> None:
    out = brightline(
        "walk",
        "--pack",
        "base",
        "--tree",
        "detainer",
        "--answers",
        "1,1",
        "--record",
        "--staff",
        "Ana Ruiz (4411)",
        "--agency",
        "ICE ERO",
        "--official",
        "J. Doe (A-17)",
        "--method",
        "fax",
        "--document",
        "I-247A",
        "--notes",
        "Faxed at 02:00.",
        "--at",
        "2026-11-22T02:05",
        packs_root=packs,
        data=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert "VERDICT: DECLINE" in out.stdout and "Logged contact #1" in out.stdout
    listing = brightline("log", "list", packs_root=packs, data=tmp_path)
    assert listing.returncode == 0
    line = listing.stdout.strip().splitlines()[-1]
    assert "Ana Ruiz" in line and "ICE ERO" in line and "detainer" in line and "decline" in line
    verify = brightline("log", "verify", data=tmp_path)
    assert verify.returncode == 0 and "1 record" in verify.stdout


def test_walk_record_needs_the_staff_agency_and_method(packs: Path, tmp_path: Path) -> None:
    out = brightline(
        "walk",
        "--pack",
        "base",
        "--tree",
        "detainer",
        "--answers",
        "1,1",
        "--record",
        "--staff",
        "Ana Ruiz",
        packs_root=packs,
        data=tmp_path,
    )
    assert out.returncode == 2 and "--record needs --staff, --agency and --method" in out.stderr
    assert not (tmp_path / "contact-log.sqlite3").exists()


def test_training_is_never_in_the_contact_log(packs: Path, tmp_path: Path) -> None:
    brightline(
        "train",
        "--pack",
        "base",
        "--scenario",
        "s1",
        "--answers",
        "1,1",
        "--trainee",
        "Ana Ruiz",
        packs_root=packs,
        data=tmp_path,
    )
    assert (tmp_path / "training.sqlite3").exists()
    assert not (tmp_path / "contact-log.sqlite3").exists()


def test_data_dir_may_follow_the_command(tmp_path: Path) -> None:
    out = brightline("log", "verify", "--data-dir", str(tmp_path / "here"))
    assert "there is no contact log here yet" in out.stdout + out.stderr
    assert str(tmp_path / "here" / "contact-log.sqlite3") in out.stdout + out.stderr


WALK_WITH_NOTES = ("walk", "--pack", "base", "--tree", "detainer", "--answers", "1,1", "--record")
PEOPLE = ("--staff", "Ana Ruiz (4411)", "--agency", "ICE ERO", "--method", "fax")


def test_walk_record_refuses_status_words_unless_allowed(packs: Path, tmp_path: Path) -> None:
    notes = ("--notes", "He is undocumented, an illegal alien; sin papeles.")
    out = brightline(*WALK_WITH_NOTES, *PEOPLE, *notes, packs_root=packs, data=tmp_path)
    assert out.returncode == 2
    assert "\u201cundocumented\u201d, \u201cillegal alien\u201d, \u201csin papeles\u201d" in out.stderr
    assert "--allow-status-words" in out.stderr and "Logged contact" not in out.stdout
    assert not (tmp_path / "contact-log.sqlite3").exists()
    out = brightline(*WALK_WITH_NOTES, *PEOPLE, *notes, "--allow-status-words", packs_root=packs, data=tmp_path)
    assert out.returncode == 0 and "Logged contact #1" in out.stdout


@pytest.mark.skipif(os.name == "nt", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize(("answer", "logged"), [("y\n", True), ("\n", False), ("s\n", False)])
def test_walk_record_asks_about_status_words_on_a_terminal(
    packs: Path, tmp_path: Path, answer: str, logged: bool
) -> None:
    import pty

    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", BRIGHTLINE_PACKS_ROOT=str(packs), BRIGHTLINE_DATA_DIR=str(tmp_path)
    )
    command = [sys.executable, "-m", "brightline", *WALK_WITH_NOTES, *PEOPLE, "--notes", "EWI per the agent"]
    main, terminal = pty.openpty()
    child = subprocess.Popen(command, stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=ROOT)
    os.close(terminal)
    seen = b""
    try:
        while b"[y/N]" not in seen:
            chunk = os.read(main, 4096)
            assert chunk, seen.decode(errors="replace")
            seen += chunk
        os.write(main, answer.encode())
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closed with the child
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    assert child.wait(timeout=60) == (0 if logged else 2)
    assert "\u201cEWI\u201d" in seen.decode()
    assert (b"Logged contact #1" in seen) == logged
