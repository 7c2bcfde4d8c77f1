"""Videos are facades: nothing is requested from YouTube until the reader presses play, and
then only the privacy-enhanced player of that one video (youtube-nocookie.com)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

SEMINAR = "diffusion-seminar-2025/"
SESSION_TITLE = "Introduction to Diffusion Model"
PLAY = re.compile(r"^Play video")


@pytest.fixture(scope="module")
def session_with_video(site_files) -> str:
    return site_files.page_titled(SESSION_TITLE, under=SEMINAR)


def youtube_id(watch_link: str) -> str:
    """The video id of a plain YouTube link (https://www.youtube.com/watch?v=ID)."""
    parts = urlsplit(watch_link)
    assert parts.scheme == "https" and parts.hostname in {"www.youtube.com", "youtube.com"}, watch_link
    (video_id,) = parse_qs(parts.query)["v"]
    return video_id


def watch_link(page):
    return page.locator("a[href*='youtube.com/watch']")


@pytest.mark.parametrize("press", ["click", "Enter", "Space"])
def test_pressing_play_replaces_the_facade_with_the_nocookie_player(site_browser, session_with_video, press):
    with site_browser.open(session_with_video) as tab:
        page = tab.page
        play = page.get_by_role("button", name=PLAY)
        expect(play).to_have_count(1)
        expect(play).to_be_visible()
        video_id = youtube_id(watch_link(page).get_attribute("href"))
        assert page.locator("iframe").count() == 0
        assert tab.load.blocked_requests == []

        if press == "click":
            play.click()
        else:
            play.focus()
            page.keyboard.press(press)

        player = page.locator("iframe")
        expect(player).to_have_count(1)
        expect(player).to_have_attribute("src", re.compile(rf"^https://www\.youtube-nocookie\.com/embed/{re.escape(video_id)}(\?|$)"))
        expect(player).to_have_attribute("title", re.compile(re.escape(SESSION_TITLE)))
        expect(play).to_have_count(0)
        tab.settle()
        # The player is the one request that leaves the site (blocked here, so it is recorded).
        assert tab.load.blocked_requests == [player.get_attribute("src")]


def test_only_the_video_asked_for_is_loaded(site_browser):
    with site_browser.open(SEMINAR) as tab:
        facades = tab.page.get_by_role("button", name=PLAY)
        count = facades.count()
        assert count >= 7  # the seminar's released videos at the build date
        facades.nth(2).click()
        expect(tab.page.locator("iframe")).to_have_count(1)
        expect(facades).to_have_count(count - 1)
        tab.settle()
        assert len(tab.load.blocked_requests) == 1


def test_without_javascript_a_plain_link_to_the_video_remains(site_browser, session_with_video):
    with site_browser.open(session_with_video, java_script_enabled=False) as tab:
        link = watch_link(tab.page)
        expect(link).to_have_count(1)
        expect(link).to_be_visible()
        assert youtube_id(link.get_attribute("href"))
        expect(tab.page.get_by_role("button", name=PLAY)).to_have_count(0)
        assert tab.page.locator("iframe").count() == 0
        assert tab.load.blocked_requests == []
