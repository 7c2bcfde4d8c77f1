"""The browser checks can fail: each check is run on a page of fixtures/site/planted/ that breaks
its rule, and must catch it, while the clean page of the same site passes every check."""

from pathlib import Path

import pytest

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"


def test_a_clean_page_passes_every_check(fixture_browser):
    with fixture_browser.open("") as tab:
        assert tab.load.problems() == {}
        tab.page.get_by_role("button", name="Greet").click()
        assert tab.page.locator("#greeting").text_content() == "Hello"
        assert tab.load.problems() == {}


@pytest.mark.parametrize(
    ("page", "kind", "expected"),
    [
        ("external-script", "blocked third-party requests", "https://cdn.example.com/library.js"),
        ("external-image", "blocked third-party requests", "https://images.example.com/photo.jpg"),
        ("external-font", "blocked third-party requests", "https://fonts.example.com/css?family=Roboto"),
        ("youtube-iframe", "blocked third-party requests", "https://www.youtube.com/embed/aaaaaaaaaaa"),
        ("websocket", "blocked third-party requests", "wss://socket.example.com/live"),
        ("console-error", "console errors", "planted error"),
        ("uncaught-exception", "console errors", "planted exception"),
        ("missing-script", "failed same-origin requests", "HTTP 404"),
        ("missing-image", "broken images", "/img/missing.svg"),
        ("undecodable-image", "broken images", "/img/not-an-image.png"),
        ("missing-link", "links to missing pages or files", "/nowhere/"),
        ("inline-script-refused", "Content-Security-Policy violations", "script-src-elem refused inline"),
    ],
)
def test_a_planted_violation_is_caught(fixture_browser, page, kind, expected):
    with fixture_browser.open(f"planted/{page}/") as tab:
        found = tab.load.problems().get(kind, [])
    assert any(expected in item for item in found), f"{kind} of planted/{page}/: {found}"


def test_every_html_page_of_a_site_is_walked(fixture_browser):
    pages = fixture_browser.files.html_pages()
    assert pages[:2] == ["", "other/"]
    assert len(pages) == 2 + len(list((FIXTURE_SITE / "planted").iterdir()))


def test_bytes_transferred_count_every_response_of_a_cold_load(fixture_browser):
    with fixture_browser.open("") as tab:
        transferred = tab.load.bytes_transferred
        # The walk reuses one tab: a page loaded again is fetched again, not taken from a cache.
        assert tab.goto("other/").bytes_transferred > 0
        assert tab.goto("").bytes_transferred == transferred
    files = ["index.html", "img/dot.svg", "js/greet.js"]
    bodies = sum((FIXTURE_SITE / name).stat().st_size for name in files)
    # Plus a status line and headers per file (http.server sends about 200 bytes).
    assert bodies + 100 * len(files) < transferred < bodies + 300 * len(files)


def test_sideways_scrolling_on_a_phone_is_found(fixture_browser):
    with fixture_browser.open("planted/wide/", phone=True) as tab:
        overflow = tab.horizontal_overflow()
    assert overflow[0] == "page is 608 px wide in a 375 px viewport"
    assert any(item.startswith("div.wide") for item in overflow)
    with fixture_browser.open("", phone=True) as tab:
        assert tab.horizontal_overflow() == []


def test_axe_reports_serious_violations(fixture_browser):
    with fixture_browser.open("planted/inaccessible/") as tab:
        rules = {line.split()[0] for line in tab.axe_violations()}
    assert rules == {"image-alt", "button-name", "color-contrast"}
    with fixture_browser.open("") as tab:
        assert tab.axe_violations() == []
