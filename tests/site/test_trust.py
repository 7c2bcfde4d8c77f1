"""Seams that must hold beyond the pages: what a build keeps between runs, files copied from
the data, addresses that hand-written pages own, announcement e-mails, a shallow clone."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import tiny_site
from colloquium.cli import main
from colloquium.dates import Clock
from colloquium.errors import DataErrors
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.site_build import SHALLOW_CLONE, build_site

HOSTILE = '<svg onload="alert(1)">'


def build(root: Path):
    return build_site(root, data_dir="data", figure_policy="warn", clock=Clock(day=dt.date(2025, 9, 20)),
                      outputs=Outputs(site_url="https://example.org/tiny/"), site_name="Tiny")


def test_the_build_cache_lives_in_the_projects_own_folder(tmp_path: Path) -> None:
    from colloquium import build_cache

    root = tiny_site.write_project(tmp_path)
    build(root)
    assert build_cache.cached("probe", tmp_path, lambda: b"made once") == b"made once"
    (kept,) = (root / ".cache" / "colloquium" / "build" / "probe").iterdir()
    assert kept.read_bytes() == b"made once"
    assert build_cache.cached("probe", tmp_path, lambda: b"made again") == b"made once"


def test_an_event_cannot_take_the_address_of_a_hand_written_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "contact.md").write_text("# Contact\n")
    root = tiny_site.write_project(tmp_path, events={"contact": tiny_site.EVENTS["tiny-seminar"]})
    with pytest.raises(DataErrors) as caught:
        load_site(root / "data", root=root, content_dir=content)
    (error,) = caught.value.errors
    assert error.file == "data/events/contact.yml" and "content/contact.md already has the address /contact/" in error.message


@pytest.mark.parametrize("svg, found", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "a <script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "an event handler (onload)"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"><rect/></a></svg>',
     "a javascript: link"),
])
def test_a_photo_that_is_an_svg_with_script_is_refused_at_its_line(tmp_path: Path, svg: str, found: str) -> None:
    content = tmp_path / "content"
    (content / "assets").mkdir(parents=True)
    (content / "assets" / "ada.svg").write_text(svg)
    people = {"ada-lovelace": {"name": "Ada Lovelace", "photo": "assets/ada.svg"}}
    root = tiny_site.write_project(tmp_path, people=people, events={"only": {"kind": "seminar", "title": "S"}})
    with pytest.raises(DataErrors) as caught:
        load_site(root / "data", root=root, content_dir=content)
    (error,) = caught.value.errors
    assert error.file == "data/people.yml" and error.field == "ada-lovelace.photo" and found in error.message
    (content / "assets" / "ada.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    assert load_site(root / "data", root=root, content_dir=content).people["ada-lovelace"].photo == "assets/ada.svg"


def announce(root: Path, *options: str) -> email.message.EmailMessage:
    result = CliRunner().invoke(main, ["announce", "--data", str(root / "data"), "--config", str(root / "mkdocs.yml"),
                                       *options, "hostile", "1"], env={"COLLOQUIUM_BUILD_DATE": "2025-09-20"})
    assert result.exit_code == 0, result.output
    return email.message_from_bytes(result.output.encode(), policy=email.policy.default)


def test_an_announcement_in_markdown_carries_text_not_html_and_folds_its_headers(tmp_path: Path) -> None:
    title = "A talk " * 190 + HOSTILE  # 1,300 characters and a tag
    event = {"kind": "seminar", "title": f"Group {HOSTILE}", "sessions": [
        {"number": 1, "title": title, "date": "2025-10-01", "abstract": f"We show **this**. {HOSTILE}",
         "presenters": [{"name": f"Eve {HOSTILE}", "bio": "Eve <script>alert(1)</script> works on *samplers*."}]},
    ]}
    root = tiny_site.write_project(tmp_path, events={"hostile": event})
    for options in ((), ("--markdown",)):
        message = announce(root, *options)
        raw = message.as_bytes()
        assert all(len(line) <= 998 for line in raw.split(b"\r\n" if b"\r\n" in raw else b"\n"))
        assert message["Subject"] == f"[Group {HOSTILE}] Week 1: {' '.join(title.split())}, Wed, Oct 1, 2025"
    body = announce(root, "--markdown").get_content()
    assert "<svg" not in body and "<script" not in body
    assert "&lt;svg onload=\"alert\\(1\\)\"&gt;" in body or "&lt;svg onload=" in body
    assert "We show **this**." in body  # the abstract keeps its Markdown


def test_a_shallow_clone_is_a_notice_and_a_full_one_is_not(tmp_path: Path) -> None:
    source = tiny_site.write_project(tmp_path / "source")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=source, check=True)
    for n in range(2):
        (source / "data" / "events" / "tiny-seminar.yml").write_text(
            (source / "data" / "events" / "tiny-seminar.yml").read_text() + f"# change {n}\n")
        subprocess.run([*git, "add", "-A"], cwd=source, check=True)
        subprocess.run([*git, "commit", "-qm", f"change {n}"], cwd=source, check=True)
    shallow, full = tmp_path / "shallow", tmp_path / "full"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(shallow)], check=True)
    subprocess.run(["git", "clone", "-q", f"file://{source}", str(full)], check=True)
    for clone in (shallow, full):
        shutil.copyfile(source / "mkdocs.yml", clone / "mkdocs.yml")
    assert SHALLOW_CLONE in build(shallow).notices
    assert SHALLOW_CLONE not in build(full).notices


# ---------------------------------------------------------------------------- validated means it builds


def errors_of(tmp_path: Path, event: dict, event_id: str = "only") -> list:
    root = tiny_site.write_project(tmp_path, events={event_id: event})
    with pytest.raises(DataErrors) as caught:
        load_site(root / "data", root=root)
    return caught.value.errors


def seminar(*sessions: dict, **fields) -> dict:
    return {"kind": "seminar", "title": "S", "timezone": "America/New_York", "sessions": list(sessions), **fields}


def test_a_time_the_clocks_skip_is_an_error_that_gives_the_time_after_the_change(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, seminar({"number": 1, "title": "Spring", "date": "2026-03-08", "start": "02:30", "end": "03:30"}))
    assert error.field == "week 1 (Spring).start"
    assert error.message.startswith("02:30 on 2026-03-08 does not exist in America/New_York") and "e.g. 03:30" in error.message


def test_a_time_that_happens_twice_is_an_error(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, seminar({"number": 1, "title": "Autumn", "date": "2026-11-01", "start": "00:30", "end": "01:30"}))
    assert error.field == "week 1 (Autumn).end" and "happens twice in America/New_York" in error.message


def test_a_usual_time_that_does_not_exist_that_day_is_an_error_at_the_session(tmp_path: Path) -> None:
    event = seminar({"number": 1, "title": "Spring", "date": "2026-03-08"}, session_time={"start": "02:15", "end": "03:15"})
    (error,) = errors_of(tmp_path, event)
    assert error.field == "week 1 (Spring)" and "does not exist" in error.message


def test_local_mean_time_is_an_error_not_an_offset_browsers_cannot_read(tmp_path: Path) -> None:
    event = {"kind": "seminar", "title": "S", "timezone": "Asia/Seoul",
             "sessions": [{"number": 1, "title": "Old", "date": "1900-01-01", "start": "10:00"}]}
    (error,) = errors_of(tmp_path, event)
    assert error.field == "week 1 (Old).start" and "local mean time" in error.message


def test_a_due_time_without_a_due_day_is_an_error(tmp_path: Path) -> None:
    course = {"kind": "course", "title": "C", "timezone": "Asia/Seoul",
              "assignments": [{"id": "hw-1", "title": "Homework 1", "due_time": "23:59"}]}
    (error,) = errors_of(tmp_path, course)
    assert error.field == "assignments[0].due_time" and "due_time is given without `due`" in error.message


def test_ids_are_bounded_so_that_every_file_name_fits(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path / "session", seminar({"id": "x" * 65, "title": "Long"}))
    assert error.field.endswith(".id") and "at most 64" in error.message
    (error,) = errors_of(tmp_path / "event", seminar(), event_id="e" * 65)
    assert error.file == f"data/events/{'e' * 65}.yml" and "at most 64" in error.message


def test_a_link_with_a_user_name_or_password_is_refused(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, seminar(meeting="https://alice:S3cret@zoom.us/j/123"))
    assert error.field == "meeting.url" and "user name or password" in error.message


def test_a_build_date_far_outside_the_data_is_a_plain_error() -> None:
    from colloquium.dates import build_clock

    with pytest.raises(ValueError, match=r"COLLOQUIUM_BUILD_DATE='9999-12-31T23:59Z' is out of range"):
        build_clock({"COLLOQUIUM_BUILD_DATE": "9999-12-31T23:59Z"})


def test_new_session_keeps_a_files_line_ends(tmp_path: Path) -> None:
    root = tiny_site.write_project(tmp_path, events={"crlf": {"kind": "seminar", "title": "S", "sessions": [
        {"number": 1, "title": "One", "date": "2025-10-01"}]}})
    path = root / "data" / "events" / "crlf.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    added = CliRunner().invoke(main, ["new", "session", "--data", str(root / "data"), "crlf"])
    assert added.exit_code == 0, added.output
    written = path.read_bytes()
    assert b"number: 2" in written and b"\n" not in written.replace(b"\r\n", b"")


# ---------------------------------------------------------------------------- links


def test_meeting_and_stream_links_must_be_https(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, seminar(stream="http://example.org/live?pwd=123"))
    assert error.field == "stream.url" and "must start with https://" in error.message


def test_a_held_back_link_may_not_wait_longer_than_four_weeks(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, seminar(meeting={"url": "https://zoom.us/j/1", "visible_before": 100000000000000000000}))
    assert error.field == "meeting.visible_before" and "40320" in error.message


def test_a_meeting_link_can_come_from_a_repository_secret_and_never_be_in_git(tmp_path: Path, monkeypatch) -> None:
    event = seminar({"number": 1, "title": "Talk", "date": "2025-10-01", "start": "16:00", "end": "17:00"},
                    meeting={"secret": "ZOOM_LINK"})
    root = tiny_site.write_project(tmp_path, events={"only": event})
    monkeypatch.delenv("ZOOM_LINK", raising=False)
    without = build(root)
    assert "zoom.us" not in without.sources["only/week-1/index.md"]
    (notice,) = [n for n in without.notices if "ZOOM_LINK" in n]
    assert "data/events/only.yml" in notice and "the secret ZOOM_LINK is not set in this build" in notice
    monkeypatch.setenv("ZOOM_LINK", "https://zoom.us/j/987654321")
    with_secret = build(root)
    assert 'href="https://zoom.us/j/987654321">Join on Zoom</a>' in with_secret.sources["only/week-1/index.md"]
    assert not [n for n in with_secret.notices if "ZOOM_LINK" in n]
    monkeypatch.setenv("ZOOM_LINK", "http://zoom.us/j/1")  # not https: left out, and said so
    (notice,) = [n for n in build(root).notices if "ZOOM_LINK" in n]
    assert "does not hold an https link" in notice
    assert "zoom.us" not in (root / "data" / "events" / "only.yml").read_text()


def test_a_build_warns_before_github_turns_off_the_hourly_rebuild(tmp_path: Path) -> None:
    root = tiny_site.write_project(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    env = {"GIT_AUTHOR_DATE": "2025-07-25T12:00:00Z", "GIT_COMMITTER_DATE": "2025-07-25T12:00:00Z"}
    subprocess.run([*git, "commit", "-qm", "data"], cwd=root, check=True, env={**os.environ, **env})
    (notice,) = [n for n in build(root).notices if "hourly rebuild" in n]  # built 2025-09-20: 57 days later
    assert notice.startswith("the last commit is 57 days old") and "from 2025-09-23" in notice
    fresh = build_site(root, data_dir="data", figure_policy="warn", clock=Clock(day=dt.date(2025, 8, 1)),
                       outputs=Outputs(site_url="https://example.org/tiny/"), site_name="Tiny")
    assert not [n for n in fresh.notices if "hourly rebuild" in n]


def test_an_address_written_into_a_text_is_a_notice(tmp_path: Path) -> None:
    people = {"ada-lovelace": {"name": "Ada Lovelace", "email": "ada@example.org", "bio": "Write to ada.l@example.org."}}
    root = tiny_site.write_project(tmp_path, people=people, events={"only": seminar(organizers=["ada-lovelace"])})
    (notice,) = [n for n in build(root).notices if "harvesters" in n]
    assert notice.startswith("data/people.yml:") and "ada-lovelace.bio: ada.l@example.org is published as written" in notice


def test_a_persons_email_is_shown_obfuscated_and_kept_out_of_the_search_index(tmp_path: Path) -> None:
    root = tiny_site.write_project(tmp_path)  # Ada Lovelace has ada@example.org
    result = tiny_site.build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "people" / "ada-lovelace" / "index.html").read_text()
    assert "ada (at) example (dot) org" in page and "ada@example.org" not in page
    index = (tmp_path / "site" / "search" / "search_index.json").read_text()
    assert "(at)" not in index and "ada@example.org" not in index


def test_a_second_build_of_the_same_site_at_once_is_refused_with_a_message(tmp_path: Path) -> None:
    from colloquium.files import BuildLock

    root = tiny_site.write_project(tmp_path)
    running = BuildLock(root)
    running.acquire()  # a build in another process, half-way
    (tmp_path / ".site.building").mkdir()
    (tmp_path / ".site.building" / "index.html").write_text("the running build's page")
    try:
        second = tiny_site.build(root, tmp_path / "site")
    finally:
        running.release()
    assert second.returncode != 0 and "another build of this site is running" in second.stderr
    assert not (tmp_path / "site").exists()  # it touched nothing, not even the other build's work
    assert (tmp_path / ".site.building" / "index.html").read_text() == "the running build's page"
    shutil.rmtree(tmp_path / ".site.building")
    assert tiny_site.build(root, tmp_path / "site").returncode == 0


# A hook beside the generator's that fails the way a build can fail after MkDocs has begun to
# write: a warning that `--strict` turns into an abort at the very end, or a page that cannot be
# written (a full disk, a plugin's error) half-way through.
FAILING_HOOK = """
import logging, os
log = logging.getLogger("mkdocs.plugins.failing")

def on_post_page(output, page, config):
    if os.environ.get("FAIL_AT") == "warning":
        log.warning("a warning that --strict refuses")
    if os.environ.get("FAIL_AT") == "page" and page.file.src_uri == "people/index.md":
        raise OSError("No space left on device")
    return output
"""


def _files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("stage", ["warning", "page"])
def test_a_build_that_fails_after_writing_began_leaves_the_published_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    import yaml

    root = tiny_site.write_project(tmp_path / "project")
    (root / "failing.py").write_text(FAILING_HOOK)
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["hooks"].append(str(root / "failing.py"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
    site = tmp_path / "site"
    assert tiny_site.build(root, site).returncode == 0
    published = _files(site)
    assert "tiny-seminar/week-1/index.html" in published

    monkeypatch.setenv("FAIL_AT", stage)
    (root / "data" / "events" / "tiny-seminar.yml").write_text(
        (root / "data" / "events" / "tiny-seminar.yml").read_text().replace("Released", "Renamed"))
    failed = tiny_site.build(root, site)
    assert failed.returncode != 0
    assert _files(site) == published  # every file as it was, none added, none half-written
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site"]  # no staging left

    monkeypatch.delenv("FAIL_AT")
    assert tiny_site.build(root, site).returncode == 0  # the next good build replaces the site whole
    assert "Renamed" in (site / "tiny-seminar" / "week-1" / "index.html").read_text()


def test_a_good_build_replaces_the_site_folder_whole(tmp_path: Path) -> None:
    root = tiny_site.write_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "left-over.html").write_text("from an older build")
    result = tiny_site.build(root, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "left-over.html").exists() and (site / "index.html").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site"]
