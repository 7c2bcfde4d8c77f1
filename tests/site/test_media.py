"""Recordings and slides on the pages: files under content/ are checked (caption files line by
line), and session pages carry each host's facade, a self-hosted video with its caption
tracks, chapters, the transcript and the slide viewer, loading nothing until the reader asks."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import tiny_site
from colloquium import captions
from colloquium.cli import main
from colloquium.dates import Clock
from colloquium.errors import DataErrors
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n\n00:02.000 --> 00:04.000\nGoodbye.\n"
VIMEO = "https://vimeo.com/76979871/abc123def0"
LECTURE = {
    "kind": "lecture",
    "title": "Tiny Lecture",
    "total_slides": 20,
    "deck": "slides/deck.pdf",
    "sessions": [
        {"number": 1, "title": "Hosted", "slides": {"first": 3, "last": 6},
         "video": {"url": VIMEO, "captions": [{"file": "media/talk.en.vtt", "language": "en"}],
                   "transcript": "https://example.org/transcript"},
         "topics": [{"title": "Opening", "time": "0:00"}, {"title": "Middle", "time": "12:30"}, "Untimed"]},
        {"number": 2, "title": "Own file", "slides": {"first": 7, "last": 9},
         "video": {"url": "media/talk.webm", "transcript": "media/talk.md",
                   "captions": [{"file": "media/talk.en.vtt", "language": "en"}, {"file": "media/talk.ko.vtt", "language": "ko"}],
                   "chapters": [{"time": "0:00", "title": "Start"}, {"time": "0:02", "title": "End"}]},
         "materials": [{"kind": "slides", "url": "slides/deck.pdf#page=7", "title": "Handout"},
                       {"kind": "slides", "url": "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"}]},
    ],
}


SEMINAR = {
    "kind": "seminar", "title": "Tiny Seminar",
    "sessions": [{"number": 1, "title": "Talk", "materials": [{"kind": "slides", "url": "slides/deck.pdf"}]}],
}


def project(root: Path, lecture: dict = LECTURE, files: dict[str, str] | None = None) -> Path:
    tiny_site.write_project(root, events={"tiny-lecture": lecture, "tiny-seminar": SEMINAR})
    content = root / "content"
    for name, text in (files if files is not None else {
        "media/talk.webm": "", "media/talk.en.vtt": VTT, "media/talk.ko.vtt": VTT.replace("Hello", "안녕하세요"),
        "media/talk.md": "The **whole** talk, said again.", "slides/deck.pdf": "%PDF-1.4",
    }).items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    return root


def errors(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_site(root / "data", root=root)
    return [str(error) for error in caught.value.errors]


@pytest.fixture(scope="module")
def lecture_pages(tmp_path_factory) -> dict[str, str]:
    root = project(tmp_path_factory.mktemp("lecture"))
    site = load_site(root / "data", root=root)
    index = build_index(site, Clock(day=dt.date(2025, 9, 20)), Outputs(site_url="https://example.org/tiny/"))
    return tiny_site.generated(index)


def test_a_host_player_is_a_facade_with_chapters_and_caption_links(lecture_pages):
    page = lecture_pages["tiny-lecture/part-1/index.md"]
    assert 'data-embed="https://player.vimeo.com/video/76979871?h=abc123def0&amp;dnt=1&amp;autoplay=1"' in page
    assert "<iframe" not in page and "<video" not in page
    assert '<a href="https://vimeo.com/76979871/abc123def0">Watch “Hosted” on Vimeo</a>' in page
    assert "(plays from player.vimeo.com)" in page
    # the topics with a time are the chapters, each starting the player there
    chapters = re.findall(r'<a class="cq-chapter" href="([^"]+)" data-cq-time="(\d+)" data-cq-player="([^"]+)">', page)
    assert chapters == [
        ("https://vimeo.com/76979871/abc123def0", "0", "https://player.vimeo.com/video/76979871?h=abc123def0&amp;dnt=1&amp;autoplay=1"),
        ("https://vimeo.com/76979871/abc123def0#t=750s", "750",
         "https://player.vimeo.com/video/76979871?h=abc123def0&amp;dnt=1&amp;autoplay=1#t=750s"),
    ]
    assert 'Captions: <a href="../../media/talk.en.vtt" hreflang="en" download>English</a> (WebVTT)' in page
    assert '<p class="cq-transcript"><a href="https://example.org/transcript">Transcript</a></p>' in page


def test_a_video_file_plays_in_the_page_with_its_caption_tracks(lecture_pages):
    page = lecture_pages["tiny-lecture/part-2/index.md"]
    (video,) = re.findall(r"<video [^>]*>.*?</video>", page)
    assert 'preload="none"' in video and 'src="../../media/talk.webm"' in video and "autoplay" not in video
    tracks = re.findall(r'<track kind="captions" src="([^"]+)" srclang="(\w+)" label="([^"]+)">', video)
    assert tracks == [("../../media/talk.en.vtt", "en", "English"), ("../../media/talk.ko.vtt", "ko", "한국어")]
    assert " default" not in video  # a default track would be fetched before the reader plays
    assert re.findall(r'class="cq-chapter" href="([^"]+)" data-cq-time="(\d+)">', page) == [
        ("../../media/talk.webm", "0"), ("../../media/talk.webm#t=2", "2"),
    ]


def test_only_a_session_page_names_its_recording_video(lecture_pages):
    # the anchor the feed's video entries link to; an event page with several would repeat it
    assert lecture_pages["tiny-lecture/part-2/index.md"].count('id="video"') == 1
    event_page = lecture_pages["tiny-lecture/index.md"]
    assert event_page.count('class="cq-recording"') == 2 and 'id="video"' not in event_page


def test_a_transcript_file_is_shown_collapsed_and_searchable(lecture_pages):
    page = lecture_pages["tiny-lecture/part-2/index.md"]
    transcript = re.search(r'<details class="cq-transcript"><summary>Transcript</summary>(.*?)</details>', page, re.S)
    assert "<strong>whole</strong>" in transcript.group(1)
    assert not excluded_from_search(page, "details")


class _Exclusions(HTMLParser):
    """For each element of one tag, whether it is inside a block left out of the search."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag, self.open, self.found = tag, [], []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        excluded = any(name == "data-search-exclude" for name, _ in attrs)
        if tag == self.tag:
            self.found.append(excluded or any(flag for _, flag in self.open))
        if tag not in ("track", "br", "img", "source"):
            self.open.append((tag, excluded))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass


def excluded_from_search(page: str, tag: str) -> bool:
    parser = _Exclusions(tag)
    parser.feed(page)
    assert parser.found, f"no <{tag}>"
    return any(parser.found)


def test_slides_open_in_a_viewer_at_the_first_slide(lecture_pages):
    part = lecture_pages["tiny-lecture/part-1/index.md"]
    assert 'data-embed="../../slides/deck.pdf#page=3"' in part
    assert '<a href="../../slides/deck.pdf#page=3">Slides 3–6 · Tiny Lecture (PDF)</a>' in part
    assert "opens in your browser’s PDF viewer" in part
    second = lecture_pages["tiny-lecture/part-2/index.md"]
    assert 'data-embed="../../slides/deck.pdf#page=7" data-title="Slides: Handout · Part 2: Own file"' in second
    google = "https://docs.google.com/presentation/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    assert f'data-embed="{google}/embed?start=false&amp;loop=false"' in second
    assert f'<a href="{google}/view">Slides · Part 2: Own file (Google Slides)</a>' in second


def test_slides_open_in_a_viewer_on_the_session_page_and_are_a_link_in_lists(lecture_pages):
    assert 'data-embed="../../slides/deck.pdf"' in lecture_pages["tiny-seminar/week-1/index.md"]
    event_page = lecture_pages["tiny-seminar/index.md"]
    assert '<a href="../slides/deck.pdf">Slides</a>' in event_page and "data-embed" not in event_page


def test_slides_keep_their_release_date(tmp_path):
    lecture = {**LECTURE, "deck": {"url": "slides/deck.pdf", "release": "2025-10-01"}}
    site = load_site(project(tmp_path, lecture) / "data", root=tmp_path)
    index = build_index(site, Clock(day=dt.date(2025, 9, 20)), Outputs(site_url="https://example.org/tiny/"))
    page = tiny_site.generated(index)["tiny-lecture/part-1/index.md"]
    assert "deck.pdf" not in page
    assert 'The slides will be released on <time datetime="2025-10-01">' in page


def test_files_named_under_content_must_be_there(tmp_path):
    project(tmp_path, files={"media/talk.en.vtt": VTT})
    # (tiny_site writes the keys in alphabetical order)
    assert errors(tmp_path) == [
        "data/events/tiny-lecture.yml:1: deck: 'slides/deck.pdf' is not a file under content/",
        "data/events/tiny-lecture.yml:24: part 2 (Own file).materials[0].url: 'slides/deck.pdf' is not a file under content/",
        "data/events/tiny-lecture.yml:36: part 2 (Own file).video.captions[1].file: 'media/talk.ko.vtt' is not a file under content/",
        "data/events/tiny-lecture.yml:43: part 2 (Own file).video.transcript: 'media/talk.md' is not a file under content/",
        "data/events/tiny-lecture.yml:44: part 2 (Own file).video.url: 'media/talk.webm' is not a file under content/",
        "data/events/tiny-seminar.yml:5: week 1 (Talk).materials[0].url: 'slides/deck.pdf' is not a file under content/",
    ]


def test_a_caption_file_that_is_not_webvtt_is_an_error_at_its_line(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n"
    broken = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n\n00:03,000 --> 00:04.000\nComma.\n"
    project(tmp_path, files={
        "media/talk.webm": "", "media/talk.en.vtt": srt, "media/talk.ko.vtt": broken, "media/talk.md": "", "slides/deck.pdf": "",
    })
    assert errors(tmp_path) == [
        "content/media/talk.en.vtt:1: a WebVTT caption file starts with the line WEBVTT",
        "content/media/talk.ko.vtt:6: '00:03,000 --> 00:04.000' are not a caption's times; write them as "
        "00:01.000 --> 00:04.500 (a dot before the milliseconds, not a comma as in .srt files)",
    ]


@pytest.mark.parametrize("text, problems", [
    (VTT, []),
    ("\ufeffWEBVTT - Lecture 1\r\nKind: captions\r\n\r\nNOTE made by hand\r\n\r\nintro\r\n00:00:00.000 --> 00:00:01.500 line:90%\r\nHi\r\n", []),
    ("WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\n00:01.000 --> 00:02.000\nA\n", []),
    ("WEBVTT\n00:01.000 --> 00:02.000\nA\n", [(2, "leave a blank line between the WEBVTT line and the first caption")]),
    ("WEBVTT\n\nintro\nHello\n", [(3, "'intro' is not followed by the caption's times; each caption starts with a line such as "
                                  "00:01.000 --> 00:04.500 (after an optional name line)")]),
    ("WEBVTT\n\n00:02.000 --> 00:01.000\nA\n", [(3, "the caption ends before it starts (or when it starts)")]),
    ("WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n",
     [(6, "the caption starts before the one above it; captions come in the order they are shown")]),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:02.000 --> 00:03.000\nB\n",
     [(5, "'-->' in a caption's text; leave a blank line before the next caption")]),
    ("WEBVTT\n\n", [(3, "the file holds no captions (each is a line of times, such as 00:01.000 --> 00:04.500, and its text)")]),
])
def test_webvtt_check(text, problems):
    assert captions.problems(text) == problems


def test_the_example_captions_are_valid():
    for file in sorted((tiny_site.REPO / "content" / "media").glob("*.vtt")):
        assert captions.problems(file.read_text(encoding="utf-8")) == [], file


def test_chapters_print_as_video_descriptions_take_them(tmp_path, monkeypatch):
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["chapters", "tiny-lecture", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "0:00 Opening\n12:30 Middle\n"
    assert result.stderr == "note: YouTube shows chapters only when there are at least three chapters\n"
    missing = CliRunner().invoke(main, ["chapters", "tiny-lecture", "part-9"])
    assert missing.exit_code == 1 and "tiny-lecture has no session 'part-9' (sessions: part-1, part-2)" in missing.output


def test_the_example_shows_each_kind_of_media():
    lecture = yaml.safe_load((tiny_site.EXAMPLE_DATA / "events" / "lecture-16-diffusion.yml").read_text(encoding="utf-8"))
    videos = [part["video"] for part in lecture["sessions"] if "video" in part]
    assert lecture["deck"].endswith(".pdf")
    assert any("vimeo.com" in str(video) for video in videos)
    assert any(isinstance(video, dict) and video["url"].endswith(".webm") and video["captions"] for video in videos)
    assert any("time" in topic for part in lecture["sessions"] for topic in part.get("topics", []) if isinstance(topic, dict))
    for name in ("media/forward-process.webm", "slides/lecture-16-diffusion.pdf"):
        assert (tiny_site.REPO / "content" / name).stat().st_size < 300_000, name
