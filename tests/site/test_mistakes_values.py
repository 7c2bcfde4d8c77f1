"""Values as organizers write them (issue 10, items 4 and 6): numbers kept as written, arXiv ids
in every usual form, playlists refused in words, suggestions that are valid, sessions named by
number and title, and errors about two fields at the field to change."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from ruamel.yaml import YAML

import tiny_site
from colloquium.cli import main
from colloquium.loader import load_site
from colloquium.model import Reading, Video
from test_validation import REPO_ROOT, SEMINAR, event_errors, errors_of, write_data

READING_GROUP = """\
kind: reading-group
title: Book club
sessions:
  - number: 3
    title: Score matching
    chapter: {chapter}
"""


def test_a_chapter_read_as_a_number_says_how_to_keep_it_as_written(tmp_path):
    assert event_errors(tmp_path, READING_GROUP.format(chapter="3.10")) == [
        "data/events/s.yml:6: week 3 (Score matching).chapter: expected a whole number or text, found 3.10 "
        "(YAML reads 3.10 as the number 3.1; write it in quotes, '3.10', to keep it as text)",
    ]


@pytest.mark.parametrize("chapter, kept", [("'3.10'", "3.10"), ("3", 3), ("Appendix B", "Appendix B")])
def test_chapters_as_text_or_whole_numbers_are_fine(tmp_path, chapter, kept):
    write_data(tmp_path, {"s": READING_GROUP.format(chapter=chapter)})
    assert load_site(tmp_path / "data", known_figures=None, root=tmp_path).events["s"].sessions[0].chapter == kept


# ---------------------------------------------------------------------------- arXiv


@pytest.mark.parametrize("written, kept", [
    ("2006.11239", "2006.11239"),
    ("2006.11239v2", "2006.11239v2"),
    ("0704.0001", "0704.0001"),
    ("math/0211159", "math/0211159"),
    ("math.GT/0309136", "math.GT/0309136"),
    ("hep-th/9901001v3", "hep-th/9901001v3"),
    ("arXiv:2210.02747", "2210.02747"),
    ("arxiv: 2210.02747", "2210.02747"),
    ("https://arxiv.org/abs/2210.02747", "2210.02747"),
    ("https://arxiv.org/pdf/2210.02747v1.pdf", "2210.02747v1"),
    ("http://arxiv.org/abs/math/0211159", "math/0211159"),
])
def test_every_usual_way_to_name_an_arxiv_paper_is_accepted(written, kept):
    reading = Reading.model_validate({"title": "A paper", "arxiv": written})
    assert reading.arxiv == kept
    assert reading.link == f"https://arxiv.org/abs/{kept}"


@pytest.mark.parametrize("written", ["2006.112", "arXiv 2006", "https://example.org/abs/2006.11239", "Math/0211159x"])
def test_a_wrong_arxiv_id_is_explained_in_words(tmp_path, written):
    readings = f"ddpm:\n  title: Denoising Diffusion Probabilistic Models\n  arxiv: '{written}'\n"
    write_data(tmp_path, {"s": SEMINAR}, readings=readings)
    assert errors_of(tmp_path, known_figures=None) == [
        f"data/readings.yml:3: ddpm.arxiv: {written!r} is not an arXiv id (write it as 2006.11239, as an old-style "
        "id such as math/0211159, as arXiv:2006.11239, or as an arxiv.org link)",
    ]


@pytest.mark.parametrize("written, kept, link", [
    ("10.1145/3065386", "10.1145/3065386", "https://doi.org/10.1145/3065386"),
    ("doi:10.1145/3065386", "10.1145/3065386", "https://doi.org/10.1145/3065386"),
    ("DOI: 10.1145/3065386", "10.1145/3065386", "https://doi.org/10.1145/3065386"),
    ("https://doi.org/10.1145/3065386", "10.1145/3065386", "https://doi.org/10.1145/3065386"),
    # a DOI may hold characters that mean something in a link: they are percent-encoded there
    ("http://dx.doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O",
     "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
     "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O"),
    ("10.1000/a#b?c", "10.1000/a#b?c", "https://doi.org/10.1000/a%23b%3Fc"),
])
def test_every_usual_way_to_write_a_doi_is_accepted_and_links_to_doi_org(written, kept, link):
    reading = Reading.model_validate({"title": "A paper", "doi": written})
    assert (reading.doi, reading.doi_link, reading.link) == (kept, link, link)


def test_a_doi_is_shown_on_the_readings_page_and_in_the_bibtex(tmp_path):
    readings = {**tiny_site.READINGS, "krizhevsky2017": {"title": "ImageNet classification", "doi": "10.1145/3065386"}}
    project = tiny_site.write_project(tmp_path / "project", readings=readings)
    assert tiny_site.build(project, tmp_path / "site").returncode == 0
    page = (tmp_path / "site" / "readings" / "index.html").read_text()
    assert '<a href="https://doi.org/10.1145/3065386">doi:10.1145/3065386</a>' in page
    assert "  doi = {10.1145/3065386}," in (tmp_path / "site" / "readings" / "readings.bib").read_text()


@pytest.mark.parametrize("written", ["10.1145", "doi 10.1145/3065386", "https://example.org/10.1145/3065386"])
def test_a_wrong_doi_is_explained_in_words(tmp_path, written):
    readings = f"ddpm:\n  title: Denoising Diffusion Probabilistic Models\n  doi: '{written}'\n"
    write_data(tmp_path, {"s": SEMINAR}, readings=readings)
    assert errors_of(tmp_path, known_figures=None) == [
        f"data/readings.yml:3: ddpm.doi: {written!r} is not a DOI (write it as 10.1000/xyz123, as doi:10.1000/xyz123, "
        "or as a doi.org link)",
    ]


# ---------------------------------------------------------------------------- videos


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    "https://www.youtube-nocookie.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    "https://www.youtube.com/watch?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
])
def test_a_playlist_is_refused_as_a_playlist(url):
    with pytest.raises(ValidationError) as caught:
        Video.model_validate(url)
    assert str(caught.value.errors()[0]["ctx"]["error"]) == (
        f"{url!r} is a playlist, not a video; link one video of it (open the video and copy its address)"
    )


def test_a_video_inside_a_playlist_is_that_video():
    video = Video.model_validate("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG")
    assert video.ref.id == "dQw4w9WgXcQ"


# ---------------------------------------------------------------------------- suggestions


def test_a_misspelled_status_gets_the_allowed_spelling(tmp_path):
    text = SEMINAR + "    status: canceled\n"
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:16: week 1 (DDPM).status: 'canceled' is not one of the allowed values: "
        "'scheduled', 'tentative', 'cancelled', 'rescheduled', 'no-class' (did you mean 'cancelled'?)",
    ]


def test_a_status_in_other_words_gets_the_allowed_one(tmp_path):
    text = SEMINAR + "    status: postponed\n"
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:16: week 1 (DDPM).status: 'postponed' is not one of the allowed values: "
        "'scheduled', 'tentative', 'cancelled', 'rescheduled', 'no-class' (did you mean 'rescheduled'?)",
    ]


@pytest.mark.parametrize("written, example", [("1h", 60), ("1.5 hours", 90), ("90 min", 90), ("soon", 60)])
def test_visible_before_in_other_units_is_told_in_minutes(tmp_path, written, example):
    text = SEMINAR + f"    meeting: {{url: 'https://zoom.us/j/1', visible_before: {written}}}\n"
    assert event_errors(tmp_path, text) == [
        f"data/events/s.yml:16: week 1 (DDPM).meeting.visible_before: {written!r} is not a number of minutes; "
        f"write the minutes as a number, e.g. {example}",
    ]


def test_a_presenters_name_where_an_id_belongs_says_how_to_write_a_guest(tmp_path):
    text = SEMINAR.replace("presenters: [ana-lee]", "presenters:\n      - Ana Lee\n      - Ada Lovelace")
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:13: week 1 (DDPM).presenters[0]: 'Ana Lee' is a name, not an id: write the person's id "
        "from people.yml, 'ana-lee', or, for a guest who is not in people.yml, write `- name: Ana Lee`",
        "data/events/s.yml:14: week 1 (DDPM).presenters[1]: 'Ada Lovelace' is a name, not an id: add the person to "
        "people.yml under an id such as 'ada-lovelace' and write that id here, or, for a guest who is not in "
        "people.yml, write `- name: Ada Lovelace`",
    ]


def test_did_you_mean_never_suggests_an_invalid_id(tmp_path):
    people = "Ana_Lee:\n  name: Ana Lee\nwoojin-kim:\n  name: Woojin Kim\n"
    write_data(tmp_path, {"s": SEMINAR.replace("presenters: [ana-lee]", "presenters: [ana-le]")}, people=people)
    errors = errors_of(tmp_path, known_figures=None)
    assert "data/events/s.yml:12: week 1 (DDPM).presenters[0]: unknown person 'ana-le' (not in people.yml)" in errors
    assert not any("did you mean 'Ana_Lee'" in error for error in errors)


# ---------------------------------------------------------------------------- sessions by number and title


@pytest.mark.parametrize("kind, session, name", [
    ("seminar", "{number: 6, title: DDIM}", "week 6 (DDIM)"),
    ("course", "{number: 6, title: DDIM}", "lecture 6 (DDIM)"),
    ("lecture", "{number: 2, title: Samplers}", "part 2 (Samplers)"),
    ("workshop", "{title: Opening}", "session (Opening)"),
    ("seminar", "{number: 4}", "week 4"),
    ("seminar", "{date: 2025-07-03}", "the 2nd session"),
    ("seminar", "{number: 1, title: 'A very long title that goes on and on about score matching'}",
     "week 1 (A very long title that goes on and on...)"),
])
def test_errors_name_sessions_as_organizers_do(tmp_path, kind, session, name):
    text = f"kind: {kind}\ntitle: T\nsessions:\n  - {{number: 1, title: First}}\n  - {session}\n"
    text = text.replace("- {", "- {wrong: 1, ", 2).replace("- {wrong: 1, number: 1", "- {number: 1", 1)
    errors = [error for error in event_errors(tmp_path, text) if "'wrong'" in error]
    assert errors[0].startswith(f"data/events/s.yml:5: {name}.wrong: unknown field 'wrong'")


# ---------------------------------------------------------------------------- the field to change


@pytest.mark.parametrize("text, error", [
    (SEMINAR.replace("end: 12:00", "end: '10:30'"),
     "data/events/s.yml:11: week 1 (DDPM).end: end 10:30 is the same as start (an end earlier than the start means "
     "the next day)"),
    (SEMINAR.replace("dates: {start: 2025-07-01, end: 2025-08-31}", "dates:\n  start: 2025-07-01\n  end: 2025-06-30"),
     "data/events/s.yml:6: dates.end: end 2025-06-30 is before start 2025-07-01"),
])
def test_a_check_of_two_fields_points_at_the_field_to_change(tmp_path, text, error):
    assert event_errors(tmp_path, text) == [error]


# ---------------------------------------------------------------------------- no regular expression anywhere


def test_no_message_shows_a_regular_expression(tmp_path):
    text = SEMINAR.replace("number: 1", "number: 1\n    id: Week_1").replace("timezone: Asia/Seoul", "timezone: Mars/Olympus")
    readings = "x:\n  title: X\n  arxiv: nope\n  url: ftp://x\n  year: 99999\n"
    write_data(tmp_path, {"s": text}, readings=readings)
    errors = errors_of(tmp_path)
    assert len(errors) >= 5
    assert not any(re.search(r"\^|\$'|\\[dsw]|\[a-z|\{\d", error) for error in errors), errors


# ---------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("argument", ["diffusion-seminar-2025.yml", "data/events/diffusion-seminar-2025.yml"])
def test_new_session_takes_the_event_file_name_too(tmp_path, monkeypatch, argument):
    shutil.copytree(tiny_site.EXAMPLE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = Path("data/events/diffusion-seminar-2025.yml")
    before = len(YAML(typ="safe").load(path.read_text())["sessions"])
    result = CliRunner().invoke(main, ["new", "session", argument], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(YAML(typ="safe").load(path.read_text())["sessions"]) == before + 1


def test_new_session_on_a_file_with_a_syntax_mistake_says_what_and_where(tmp_path, monkeypatch):
    shutil.copytree(tiny_site.EXAMPLE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = Path("data/events/diffusion-seminar-2025.yml")
    lines = path.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[number] = "title: Diffusion: the seminar\n"
    before = "".join(lines)
    path.write_text(before)
    result = CliRunner().invoke(main, ["new", "session", "diffusion-seminar-2025"], catch_exceptions=False)
    assert result.exit_code == 1
    assert (
        f"{path.as_posix()}:{number + 1}: the value of 'title' has a colon followed by a space, which YAML reads as "
        "the start of a new field; put the whole value in quotes: title: 'Diffusion: the seminar'"
    ) in result.output
    assert path.read_text() == before


def test_new_event_takes_the_file_name_too(tmp_path, monkeypatch):
    shutil.copytree(tiny_site.EXAMPLE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "event", "--kind", "seminar", "book-club.yml"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert Path("data/events/book-club.yml").is_file() and not Path("data/events/book-club.yml.yml").exists()


def test_a_misspelled_kind_gets_the_allowed_spelling(tmp_path):
    assert event_errors(tmp_path, "kind: seminr\ntitle: T\n") == [
        "data/events/s.yml:1: kind: 'seminr' is not one of the allowed values: "
        "'seminar', 'reading-group', 'course', 'lecture', 'workshop' (did you mean 'seminar'?)",
    ]
