"""Every host stays private until the reader asks: a page requests nothing from a video or
slide host before the reader presses play (or opens the slides), then only that host's
private player, at the start time asked for; chapters start the recording at their time; a
video the site serves plays in the page's own <video> with its caption tracks; a PDF deck opens
in the browser's own viewer at the part's first slide.

Each host has a session on a small site; the example site's lecture has a Vimeo recording, a
self-hosted clip with captions and chapters, and a PDF deck. Every request that leaves the
machine is blocked and recorded (tests/browser_harness.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import tiny_site

PLAY = re.compile(r"^Play video")
OPEN_SLIDES = re.compile(r"^Open slides")
GUID = "0f3b5a5e-1d2c-4b7a-9e8f-0123456789ab"
SPEAKER_DECK = "0123456789abcdef0123456789abcdef"
GOOGLE_SLIDES = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
CHAPTERS = [{"time": "0:00", "title": "Opening"}, {"time": "2:05", "title": "The method"}]
# session id -> (the link as pasted, the player the reader's Enter loads, the player the
# second chapter (2:05) loads)
HOSTS = {
    "youtube": (
        "https://youtu.be/dQw4w9WgXcQ?si=tracking&t=42",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=42",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=125",
    ),
    "vimeo": (
        "https://vimeo.com/76979871/abc123def0#t=42s",
        "https://player.vimeo.com/video/76979871?h=abc123def0&dnt=1&autoplay=1#t=42s",
        "https://player.vimeo.com/video/76979871?h=abc123def0&dnt=1&autoplay=1#t=125s",
    ),
    "bilibili": (
        "https://www.bilibili.com/video/BV1xx411c7mD/?p=2&t=42&spm_id_from=333",
        "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&page=2&autoplay=1&danmaku=0&t=42",
        "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&page=2&autoplay=1&danmaku=0&t=125",
    ),
    "panopto": (
        f"https://uni.hosted.panopto.com/Panopto/Pages/Viewer.aspx?id={GUID}&start=42",
        f"https://uni.hosted.panopto.com/Panopto/Pages/Embed.aspx?id={GUID}&autoplay=true&offerviewer=false&showtitle=false"
        "&interactivity=none&start=42",
        f"https://uni.hosted.panopto.com/Panopto/Pages/Embed.aspx?id={GUID}&autoplay=true&offerviewer=false&showtitle=false"
        "&interactivity=none&start=125",
    ),
}
DECKS = {
    "speaker-deck": (f"https://speakerdeck.com/player/{SPEAKER_DECK}?slide=4", f"https://speakerdeck.com/player/{SPEAKER_DECK}?slide=4"),
    "google-slides": (
        f"https://docs.google.com/presentation/d/{GOOGLE_SLIDES}/edit#slide=4",
        f"https://docs.google.com/presentation/d/{GOOGLE_SLIDES}/embed?start=false&loop=false#slide=4",
    ),
}
REMOTE_FILE = "https://media.example.org/talks/week-1.webm"
LECTURE = "lecture-16-diffusion/"


@pytest.fixture(scope="module")
def hosts_browser(serve, tmp_path_factory):
    sessions = [
        {"id": host, "title": f"On {host}", "video": {"url": link, "chapters": CHAPTERS}}
        for host, (link, _, _) in HOSTS.items()
    ] + [
        {"id": "file", "title": "A file elsewhere", "video": REMOTE_FILE},
    ] + [
        {"id": name, "title": f"Slides on {name}", "materials": [{"kind": "slides", "url": link}]}
        for name, (link, _) in DECKS.items()
    ]
    event = {"kind": "seminar", "title": "Hosts", "timezone": "UTC", "sessions": sessions}
    root = tiny_site.write_project(tmp_path_factory.mktemp("hosts"), events={"hosts": event})
    result = tiny_site.build(root, root / "site")
    assert result.returncode == 0, result.stderr
    with serve(root / "site", "/tiny/") as site_browser:
        yield site_browser


def sent(url: str) -> str:
    """A request as it leaves the browser: without its #fragment (Vimeo's start time is one,
    which the player reads from its own address)."""
    return url.partition("#")[0]


def policy_violations(tab) -> list:
    """What the page's Content-Security-Policy refused so far (the harness listens from the start)."""
    return tab.page.evaluate("window.__policyViolations || []")


def requests_while(tab, action) -> list[str]:
    """The URLs the page requests (the site's own and the blocked others) while `action` runs."""
    seen: list[str] = []
    tab.page.on("request", lambda request: seen.append(request.url))
    action()
    tab.settle()
    return seen


@pytest.mark.parametrize("host", HOSTS)
def test_a_player_loads_only_after_enter_and_starts_at_the_links_time(hosts_browser, host):
    _, player, _ = HOSTS[host]
    with hosts_browser.open(f"hosts/{host}/") as tab:
        assert tab.load.blocked_requests == []
        assert tab.page.locator("iframe").count() == 0
        play = tab.page.get_by_role("button", name=PLAY)
        expect(play).to_have_accessible_name(re.compile(rf"Play video.*On {host}"))
        play.focus()
        tab.page.keyboard.press("Enter")
        frame = tab.page.locator("iframe")
        expect(frame).to_have_attribute("src", player)
        expect(frame).to_have_attribute("title", re.compile(f"On {host}"))
        tab.settle()
        assert tab.load.blocked_requests == [sent(player)]
        assert policy_violations(tab) == []  # the page's policy lets this player in, as it must


@pytest.mark.parametrize("host", HOSTS)
def test_a_chapter_starts_the_player_at_its_time(hosts_browser, host):
    _, player, at_chapter = HOSTS[host]
    with hosts_browser.open(f"hosts/{host}/") as tab:
        chapter = tab.page.locator(".cq-chapter", has_text="The method")
        expect(chapter).to_contain_text("2:05")
        chapter.focus()
        tab.page.keyboard.press("Enter")
        frame = tab.page.locator("iframe")
        expect(frame).to_have_attribute("src", at_chapter)
        # a chapter of a playing recording moves that player, with no second one
        tab.page.locator(".cq-chapter", has_text="Opening").click()
        expect(frame).to_have_count(1)
        at_start = at_chapter.replace("#t=125s", "") if host == "vimeo" else at_chapter.replace("=125", "=0")
        expect(frame).to_have_attribute("src", at_start)
        tab.settle()
        assert tab.load.blocked_requests[0] == sent(at_chapter) and len(tab.load.blocked_requests) == 2


@pytest.mark.parametrize("deck", DECKS)
def test_slide_hosts_wait_behind_the_same_facade(hosts_browser, deck):
    _, player = DECKS[deck]
    with hosts_browser.open(f"hosts/{deck}/") as tab:
        assert tab.load.blocked_requests == []
        tab.page.get_by_role("button", name=OPEN_SLIDES).press("Enter")
        expect(tab.page.locator("iframe")).to_have_attribute("src", player)
        tab.settle()
        assert tab.load.blocked_requests == [sent(player)]
        assert policy_violations(tab) == []


def test_a_video_file_at_another_address_is_fetched_only_when_played(hosts_browser):
    with hosts_browser.open("hosts/file/") as tab:
        video = tab.page.locator("video")
        expect(video).to_have_attribute("src", REMOTE_FILE)
        assert tab.load.blocked_requests == []
        video.evaluate("v => v.play().catch(() => {})")
        tab.settle()
        assert tab.load.blocked_requests == [REMOTE_FILE]
        assert policy_violations(tab) == []  # the page's policy lets in the media it links


def test_without_javascript_each_host_leaves_a_plain_link(hosts_browser):
    with hosts_browser.open("hosts/vimeo/", java_script_enabled=False) as tab:
        expect(tab.page.get_by_role("link", name=re.compile("on Vimeo$"))).to_have_attribute("href", "https://vimeo.com/76979871/abc123def0#t=42s")
        expect(tab.page.get_by_role("button", name=PLAY)).to_have_count(0)
        assert tab.load.blocked_requests == []


def test_the_example_lectures_vimeo_recording_has_chapters_from_its_topics(site_browser, site_files):
    with site_browser.open(site_files.page_titled("Introduction & Motivation", under=LECTURE)) as tab:
        assert tab.load.blocked_requests == []
        tab.page.locator(".cq-chapter", has_text="Intuitive Understanding").click()
        expect(tab.page.locator("iframe")).to_have_attribute("src", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1#t=20s")


def test_a_self_hosted_video_plays_in_the_page_with_its_captions(site_browser, site_files):
    with site_browser.open() as tab:
        asked = requests_while(tab, lambda: tab.goto(site_files.page_titled("Forward Process", under=LECTURE)))
        video = tab.page.locator("video")
        # nothing of the recording, its captions or the slides before the reader asks
        assert not [url for url in asked if re.search(r"\.(webm|vtt|pdf)\b", url)], asked
        assert tab.load.blocked_requests == []
        expect(video).to_have_attribute("preload", "none")
        expect(video.locator("track")).to_have_count(2)
        assert video.evaluate("v => Array.from(v.textTracks, t => [t.kind, t.language, t.label])") == [
            ["captions", "en", "English"], ["captions", "ko", "한국어"],
        ]
        # the reader turns the English captions on: the track loads and has the file's cues
        video.evaluate("v => { v.textTracks[0].mode = 'showing'; }")
        tab.page.wait_for_function("() => document.querySelector('video').textTracks[0].cues?.length === 3")
        first_cue = video.evaluate("v => v.textTracks[0].cues[0].text")
        assert first_cue.startswith("Rings, the picture we start from")

        # a chapter starts the page's own video at its time
        played = requests_while(tab, lambda: tab.page.locator(".cq-chapter", has_text="Cumulative Effect").click())
        tab.page.wait_for_function("() => document.querySelector('video').currentTime >= 3")
        assert any(url.endswith("media/forward-process.webm") for url in played), played
        assert tab.load.blocked_requests == [] and tab.load.failed_requests == []
        assert policy_violations(tab) == []


@pytest.mark.parametrize("part, first_slide", [("Introduction & Motivation", 3), ("Forward Process", 7)])
def test_a_parts_slides_open_the_pdf_deck_at_its_first_slide(site_browser, site_files, part, first_slide):
    with site_browser.open(site_files.page_titled(part, under=LECTURE)) as tab:
        open_slides = tab.page.get_by_role("button", name=OPEN_SLIDES)
        expect(open_slides).to_have_accessible_name(re.compile(rf"Open slides Slides {first_slide}–"))
        opened = requests_while(tab, lambda: open_slides.press("Enter"))
        frame = tab.page.locator("iframe")
        expect(frame).to_have_attribute("src", re.compile(rf"/slides/lecture-16-diffusion\.pdf#page={first_slide}$"))
        assert any(url.endswith("slides/lecture-16-diffusion.pdf") for url in opened), opened
        # the browser's own PDF viewer asks for its chrome:// parts; nothing goes to another host
        assert [url for url in tab.load.blocked_requests if not url.startswith(("chrome://", "chrome-extension://"))] == []
        assert policy_violations(tab) == []
