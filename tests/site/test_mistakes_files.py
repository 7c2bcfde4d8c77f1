"""Files and folders (issue 10, item 5): a missing or empty data folder, a missing events
folder, files under another extension, a photo that is not there and a data file that links
out of the project are errors, from `colloquium validate` as from the build."""

import os
from textwrap import dedent

import pytest
from click.testing import CliRunner

from colloquium.cli import main
from colloquium.errors import DataErrors
from colloquium.loader import load_site
from test_validation import PEOPLE, SEMINAR, errors_of, write_data


def validate(*args: str):
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def test_validate_from_the_wrong_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = validate()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "data: the data folder does not exist; run colloquium in the project's folder, or name the data folder with --data",
    ]


def test_validate_with_a_data_folder_that_does_not_exist_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = validate("--data", "no/such/folder")
    assert result.exit_code == 1
    assert result.stdout.startswith("no/such/folder: the data folder does not exist;")


def test_an_empty_data_folder_is_an_error(tmp_path):
    (tmp_path / "data").mkdir()
    assert errors_of(tmp_path) == [
        "data: the data folder is empty (no people.yml, readings.yml or events/); is it the project's data folder?",
    ]


def test_a_missing_events_folder_is_an_error(tmp_path):
    write_data(tmp_path, {}).joinpath("events").rmdir()
    assert errors_of(tmp_path) == [
        "data/events: the folder of event files is missing; start an event with `colloquium new event --kind KIND ID`",
    ]


def test_an_events_folder_without_events_is_an_error(tmp_path):
    write_data(tmp_path, {})
    assert errors_of(tmp_path) == [
        "data/events: there are no event files (.yml) in this folder, so the site would have no events; "
        "start one with `colloquium new event --kind KIND ID`",
    ]
    (tmp_path / "data" / "people.yml").write_text("ana-lee:\n  nme: Ana\n")  # told along with other errors
    assert errors_of(tmp_path)[0].startswith("data/events: there are no event files")


@pytest.mark.parametrize("name, problem", [
    ("seminar.yaml", "event files end in .yml: rename it to seminar.yml"),
    ("seminar.YML", "event files end in .yml: rename it to seminar.yml"),
    ("seminar.txt", "only event files (.yml) belong in data/events/; rename it to seminar.yml if it is one, or move it out"),
    ("seminar.yml.bak", "only event files (.yml) belong in data/events/; rename it to seminar.yml.yml if it is one, or move it out"),
])
def test_an_event_file_under_another_extension_is_an_error(tmp_path, name, problem):
    data = write_data(tmp_path, {"s": SEMINAR})
    (data / "events" / name).write_text(SEMINAR)
    assert errors_of(tmp_path) == [f"data/events/{name}: {problem}"]


def test_a_folder_inside_the_events_folder_is_an_error_and_hidden_files_are_ignored(tmp_path):
    data = write_data(tmp_path, {"s": SEMINAR})
    (data / "events" / "old").mkdir()
    (data / "events" / ".s.yml.swp").write_bytes(b"\x00editor state")
    assert errors_of(tmp_path) == [
        "data/events/old: a folder in data/events/ is not read; move its event files up into data/events/",
    ]


def test_a_photo_that_is_not_there_is_an_error(tmp_path):
    people = PEOPLE + "  photo: assets/people/woojin.jpg\n"
    write_data(tmp_path, {"s": SEMINAR}, people=people)
    (tmp_path / "content" / "assets" / "people").mkdir(parents=True)
    line = people.count("\n")
    assert errors_of(tmp_path) == [
        f"data/people.yml:{line}: ana-lee.photo: 'assets/people/woojin.jpg' is not a file under content/ "
        "(photos are paths under content/, e.g. assets/people/ana-lee.jpg, or web links)",
    ]
    (tmp_path / "content" / "assets" / "people" / "woojin.jpg").write_bytes(b"\xff\xd8")
    load_site(tmp_path / "data", known_figures=None, root=tmp_path)


def test_a_photo_path_cannot_leave_the_content_folder(tmp_path):
    people = PEOPLE + "  photo: ../data/people.yml\n"
    write_data(tmp_path, {"s": SEMINAR}, people=people)
    (tmp_path / "content").mkdir()
    (error,) = errors_of(tmp_path)
    assert error.endswith("ana-lee.photo: '../data/people.yml' is not a file under content/ "
                          "(photos are paths under content/, e.g. assets/people/ana-lee.jpg, or web links)")


def test_a_data_file_linking_out_of_the_project_is_an_error(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yml").write_text("password: hunter2\n")
    project = tmp_path / "project"
    data = write_data(project, {"s": SEMINAR})
    (data / "events" / "leak.yml").symlink_to(outside / "secret.yml")
    errors = errors_of(project)
    assert errors == [
        "data/events/leak.yml: the file is a link to a file outside the project; put the file itself in the data folder",
    ]
    assert "hunter2" not in "".join(errors)


def test_a_link_inside_the_project_is_fine(tmp_path):
    data = write_data(tmp_path, {})
    (tmp_path / "shared.yml").write_text(dedent(SEMINAR))
    (data / "events" / "s.yml").symlink_to(os.path.relpath(tmp_path / "shared.yml", data / "events"))
    assert list(load_site(data, known_figures=None, root=tmp_path).events) == ["s"]


def test_no_message_shows_more_of_a_file_than_the_offending_token(tmp_path):
    long_url = "https://example.org/" + "x" * 500
    text = SEMINAR.replace("video: https://youtu.be/abcdefghijk?si=tracking", f"video: {long_url}") + f"    materials: [{{kind: slides, url: \"javascript:{long_url}\"}}]\n"
    write_data(tmp_path, {"s": text})
    with pytest.raises(DataErrors) as caught:
        load_site(tmp_path / "data", known_figures=None, root=tmp_path)
    assert len(caught.value.errors) == 2
    assert all(len(str(error)) < 250 for error in caught.value.errors), str(caught.value)
    assert "x" * 100 not in str(caught.value)


def test_a_data_file_that_cannot_be_read_is_an_error(tmp_path):
    data = write_data(tmp_path, {"s": SEMINAR}, people=None)
    (data / "people.yml").mkdir()
    assert errors_of(tmp_path) == ["data/people.yml: the file cannot be read (Is a directory)"]
