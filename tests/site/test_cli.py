"""The organizer's command line: validate, new event, new session."""

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

import tiny_site
from colloquium.cli import main
from colloquium.kinds import KINDS

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_EVENTS = sorted(p.stem for p in (tiny_site.EXAMPLE_DATA / "events").glob("*.yml"))
# `file:line: field: message`, or `file:line: message` for a problem with a whole file
ERROR_LINE = re.compile(r"^(?P<file>[^:\s]+\.yml):(?P<line>\d+):(?: (?P<field>[^:\s]+):)? (?P<message>.+)$")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example data, in a working directory of its own (as an organizer's checkout)."""
    shutil.copytree(tiny_site.EXAMPLE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return Path("data")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def validates(data: Path) -> bool:
    result = run("validate", "--data", str(data))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code == 0


def only_insertions(before: str, after: str) -> bool:
    opcodes = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes()
    return {op for op, *_ in opcodes} == {"equal", "insert"}


# ---------------------------------------------------------------------------- validate


def test_validate_accepts_the_example_data(data):
    result = run("validate", "--data", str(data))
    assert result.exit_code == 0, result.output
    *notices, summary = result.stdout.splitlines()
    assert f"{len(EXAMPLE_EVENTS)} events" in summary
    assert all(line.startswith("notice: ") for line in notices)


def test_validate_reports_every_error_with_its_file_and_line(data):
    seminar = data / "events" / "diffusion-seminar-2025.yml"
    lines = seminar.read_text().splitlines(keepends=True)
    # three mistakes in one file, one in another: all must be reported, each at its line
    title = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = lines[title].replace("title:", "titel:")
    presenter = next(n for n, line in enumerate(lines) if "presenters: [" in line)
    lines[presenter] = re.sub(r"\[[^\]]*\]", "[nobody-by-this-id]", lines[presenter])
    seminar.write_text("".join(lines))
    people = data / "people.yml"
    people_lines = people.read_text().splitlines(keepends=True)
    homepage = next(n for n, line in enumerate(people_lines) if "homepage:" in line)
    people_lines[homepage] = re.sub(r"homepage:.*", "homepage: javascript:alert(1)", people_lines[homepage])
    people.write_text("".join(people_lines))

    result = run("validate", "--data", str(data))
    assert result.exit_code == 1
    reported = [ERROR_LINE.match(line) for line in result.stdout.splitlines()]
    assert reported and all(reported), result.stdout  # every line is file:line: field: message
    where = {(Path(m["file"]).name, int(m["line"])) for m in reported}
    assert ("diffusion-seminar-2025.yml", title + 1) in where
    assert ("diffusion-seminar-2025.yml", presenter + 1) in where
    assert ("people.yml", homepage + 1) in where
    assert "titel" in result.stdout and "nobody-by-this-id" in result.stdout


def test_validate_knows_the_figure_names(data):
    seminar = data / "events" / "diffusion-seminar-2025.yml"
    lines = seminar.read_text().splitlines(keepends=True)
    figures = next(n for n, line in enumerate(lines) if line.strip().startswith("figures: ["))
    lines[figures] = re.sub(r"\[[^\]]*\]", "[forward-proces]", lines[figures])
    seminar.write_text("".join(lines))
    result = run("validate", "--data", str(data))
    assert result.exit_code == 1
    (error,) = result.stdout.splitlines()
    assert error.startswith(f"{seminar.as_posix()}:{figures + 1}: ")
    assert "forward-proces" in error and "forward-process" in error  # and the likely intended name


# ---------------------------------------------------------------------------- new event


@pytest.mark.parametrize("kind", KINDS)
def test_new_event_writes_a_skeleton_that_validates(data, kind):
    result = run("new", "event", "--kind", kind, "--data", str(data), "my-new-event")
    assert result.exit_code == 0, result.output
    written = (data / "events" / "my-new-event.yml").read_text()
    assert written.startswith("# yaml-language-server: $schema=../schema/event.schema.json\n")
    event = YAML(typ="safe").load(written)
    assert event["kind"] == kind and len(event["sessions"]) == 1
    assert validates(data)


def test_new_event_never_overwrites(data):
    path = data / "events" / "diffusion-seminar-2025.yml"
    before = path.read_bytes()
    result = run("new", "event", "--kind", "course", "--data", str(data), "diffusion-seminar-2025")
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert path.read_bytes() == before


def test_new_event_rejects_an_id_that_is_no_address(data):
    result = run("new", "event", "--kind", "seminar", "--data", str(data), "My Seminar!")
    assert result.exit_code != 0
    assert "not a valid id" in result.output
    taken = run("new", "event", "--kind", "seminar", "--data", str(data), "people")  # the /people/ page
    assert taken.exit_code != 0
    assert "not written" in taken.output
    assert sorted(p.stem for p in (data / "events").glob("*.yml")) == EXAMPLE_EVENTS


# ---------------------------------------------------------------------------- new session


@pytest.mark.parametrize("event_id", EXAMPLE_EVENTS)
def test_new_session_appends_keeping_every_line_and_validates(data, event_id):
    path = data / "events" / f"{event_id}.yml"
    before = path.read_text()
    old = YAML(typ="safe").load(before)["sessions"]
    result = run("new", "session", "--data", str(data), event_id)
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert only_insertions(before, after)  # comments, blank lines and layout untouched
    new = YAML(typ="safe").load(after)["sessions"]
    assert len(new) == len(old) + 1 and new[:-1] == old
    numbers = [s["number"] for s in old if "number" in s]
    if numbers:
        assert new[-1]["number"] == max(numbers) + 1
    assert validates(data)


def test_new_session_proposes_the_next_weekly_date(data):
    run("new", "event", "--kind", "reading-group", "--data", str(data), "book-club")
    path = data / "events" / "book-club.yml"
    first = YAML(typ="safe").load(path.read_text())["sessions"][0]["date"]
    assert run("new", "session", "--data", str(data), "book-club").exit_code == 0
    assert run("new", "session", "--data", str(data), "book-club").exit_code == 0
    sessions = YAML(typ="safe").load(path.read_text())["sessions"]
    assert [(s["number"], (s["date"] - first).days) for s in sessions] == [(1, 0), (2, 7), (3, 14)]
    assert validates(data)


def test_new_session_starts_the_list_of_an_event_without_sessions(data):
    path = data / "events" / "empty.yml"
    path.write_text("# Our seminar\nkind: seminar\ntitle: Empty  # for now\nsessions: []\n")
    assert run("new", "session", "--data", str(data), "empty").exit_code == 0
    text = path.read_text()
    assert text.startswith("# Our seminar\nkind: seminar\ntitle: Empty  # for now\nsessions:\n  - id: week-1  ")
    assert "\n    number: 1\n" in text
    assert validates(data)


@pytest.mark.parametrize(("kind", "expected"), [("seminar", "week-1"), ("workshop", None), ("course", "lecture-1")])
def test_skeletons_pin_each_session_id(data, kind, expected):
    """A session's id is written out, so that a new title, date or slot keeps its address."""
    run("new", "event", "--kind", kind, "--data", str(data), "pinned")
    assert run("new", "session", "--data", str(data), "pinned").exit_code == 0
    sessions = YAML(typ="safe").load((data / "events" / "pinned.yml").read_text())["sessions"]
    assert all(session.get("id") for session in sessions)
    if expected:
        assert sessions[0]["id"] == expected
    else:  # a workshop session is named by its day and slot
        assert sessions[0]["id"] == f"{sessions[0]['date']}-morning"


def test_new_session_leaves_a_file_it_cannot_extend_untouched(data):
    path = data / "events" / "principles-of-diffusion-2026.yml"
    broken = path.read_text().replace("kind: reading-group", "kind: reading-group\nkind: seminar", 1)
    path.write_text(broken)
    result = run("new", "session", "--data", str(data), "principles-of-diffusion-2026")
    assert result.exit_code != 0
    assert path.read_text() == broken
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_new_session_refuses_a_result_that_would_not_validate(data):
    # the next number is 3, whose derived id `week-3` is already taken by the second session
    path = data / "events" / "clash.yml"
    original = (
        "kind: seminar\ntitle: Clash\nsessions:\n"
        "  - number: 2\n    title: Two\n  - id: week-3\n    title: Three, with an explicit id\n"
    )
    path.write_text(original)
    assert validates(data)
    result = run("new", "session", "--data", str(data), "clash")
    assert result.exit_code != 0
    assert "week-3" in result.output and "left unchanged" in result.output
    assert path.read_text() == original


def test_a_failed_write_leaves_the_file_as_it_was(data, monkeypatch):
    path = data / "events" / "diffusion-seminar-2025.yml"
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("colloquium.files.os.replace", disk_full)
    with pytest.raises(OSError):
        run("new", "session", "--data", str(data), "diffusion-seminar-2025")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_new_session_needs_an_existing_event(data):
    result = run("new", "session", "--data", str(data), "no-such-event")
    assert result.exit_code != 0
    assert "does not exist" in result.output
    assert not (data / "events" / "no-such-event.yml").exists()


# ---------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ([], "validate"),
        (["validate"], "file:line: field: message"),
        (["new"], "skeleton"),
        (["new", "event"], "--kind [seminar|reading-group|course|lecture|workshop]"),
        (["new", "session"], "next number"),
    ],
)
def test_every_command_explains_itself(command, expected):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    assert expected in result.output


def test_validate_builds_nothing_and_needs_no_torch():
    """`validate` must stay quick: neither MkDocs nor torch is imported on the way."""
    probe = (
        "import sys\n"
        "from colloquium.cli import main\n"
        "try:\n"
        f"    main(['validate', '--data', {str(tiny_site.EXAMPLE_DATA)!r}])\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "print(sorted(name for name in ('torch', 'mkdocs', 'material') if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
