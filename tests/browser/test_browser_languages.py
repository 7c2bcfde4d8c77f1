"""A site in another language, in Chromium: Korean labels and the reader's own time in Korean
(a reader in Berlin with a Korean browser), and a right-to-left site (theme.language: ar)
mirrored by the site's own styles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import tiny_site


def _site(tmp_path_factory, language: str) -> Path:
    root = tiny_site.write_project(tmp_path_factory.mktemp(language), events=tiny_site.TIME_ZONE_EVENTS)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = language
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = tiny_site.build(root, root / "site", build_date="2025-10-30")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def korean(serve, tmp_path_factory):
    with serve(_site(tmp_path_factory, "ko"), "/tiny/") as site_browser:
        yield site_browser


@pytest.fixture(scope="module")
def arabic(serve, tmp_path_factory):
    with serve(_site(tmp_path_factory, "ar"), "/tiny/") as site_browser:
        yield site_browser


def test_a_korean_page_in_berlin_shows_korean_labels_and_the_readers_time_in_korean(korean) -> None:
    with korean.open("ny-group/", locale="ko-KR", timezone_id="Europe/Berlin") as tab:
        page = tab.page
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert page.locator("h2", has_text="세션").count() == 1
        # Oct 27, 16:00-17:30 in New York (EDT) is 21:00-22:30 in Berlin (CET), in the page's words
        local = page.locator("tr#week-1 .cq-local").inner_text()
        assert re.fullmatch(r" · 내 시간대 기준 21:00–22:30 \(GMT\+1\)", local), local
        # every session has ended by now: the script's own button, in Korean
        assert re.fullmatch(r"지난 세션 \d+개 보기", page.locator(".cq-past-toggle").inner_text()), page.locator(".cq-past-toggle").inner_text()
        assert page.locator("text=Show").count() == 0 and page.locator("text=your time").count() == 0
        tab.screenshot("korean-reading-group")


def test_a_right_to_left_site_is_mirrored(arabic) -> None:
    with arabic.open("ny-group/week-4/") as tab:
        page = tab.page
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).direction") == "rtl"  # the theme's dir
        previous = page.locator(".cq-pager__previous").bounding_box()
        following = page.locator(".cq-pager__next").bounding_box()
        assert following["x"] + following["width"] <= previous["x"]  # the next session is on the left
        status = page.locator(".cq-status").first.evaluate(
            "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
        assert status[0] != "0px" and status[1] == "0px"  # the notice's bar on the side text starts from
    with arabic.open("ny-group/embed.html") as tab:
        assert tab.page.evaluate("document.documentElement.dir") == "rtl"
