"""What a reader does: search, switch to dark mode, read on a phone. The screenshots of the
event pages are written to test-artifacts/screenshots/ for a person to look at."""

import re
from urllib.parse import quote_plus, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

EVENTS = [
    "diffusion-seminar-2025/",
    "principles-of-diffusion-2026/",
    "cs492c-fall-2025/",
    "lecture-16-diffusion/",
    "ntu-workshop-2026/",
]


def search(tab, query: str) -> list[str]:
    """Type `query` into the site's search box key by key (Material's search listens to key
    events, so filling the field at once would not search) and return the result pages."""
    box = tab.page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially(query, delay=10)
    results = tab.page.locator(".md-search-result__item > .md-search-result__link")
    # Results are shown while typing; the highlight parameter tells when they are for the whole query.
    expect(results.first).to_have_attribute("href", re.compile(re.escape("h=" + quote_plus(query.lower())) + "$"))
    return sorted({urlsplit(tab.site_path(result)).path for result in results.all()})


@pytest.mark.parametrize(
    ("query", "session_title", "event"),
    [
        ("Technical components", "Technical components", "diffusion-seminar-2025/"),  # a session's title
        ("Dayeon Yoon", "Distillation-Based Methods", "principles-of-diffusion-2026/"),  # its presenter
        ("process backwards", "Forward Process", "lecture-16-diffusion/"),  # its recording's transcript
    ],
)
def test_search_finds_a_session(site_browser, site_files, query, session_title, event):
    session = site_files.page_titled(session_title, under=event)
    with site_browser.open("") as tab:
        assert session in search(tab, query)
        assert tab.load.problems() == {}


def test_the_search_index_is_downloaded_only_for_a_reader_who_searches(site_browser, site_files):
    """The index grows with the site and a page needs none of it; search still works, and a
    page opened from a search result highlights the terms (which needs the index)."""
    with site_browser.open() as tab:
        requested = []
        tab.page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        tab.goto(EVENTS[0])
        assert requested and not [path for path in requested if path.endswith("search_index.json")]
        session = site_files.page_titled("Technical components", under=EVENTS[0])
        assert session in search(tab, "Technical components")
        assert [path for path in requested if path.endswith("/search/search_index.json")]
        assert tab.load.problems() == {}
    with site_browser.open() as tab:
        tab.goto(session + "?h=technical")
        expect(tab.page.locator("article mark").first).to_have_text(re.compile("technical", re.IGNORECASE))


def test_dark_mode_toggles_and_persists(site_browser):
    with site_browser.open("", color_scheme="light") as tab:
        page = tab.page
        scheme = page.locator("body")
        expect(scheme).to_have_attribute("data-md-color-scheme", "default")
        page.get_by_title("Switch to dark mode").click()
        expect(scheme).to_have_attribute("data-md-color-scheme", "slate")
        tab.goto(EVENTS[0])
        expect(scheme).to_have_attribute("data-md-color-scheme", "slate")
        page.reload()
        expect(scheme).to_have_attribute("data-md-color-scheme", "slate")
        page.get_by_title("Switch to light mode").click()
        expect(scheme).to_have_attribute("data-md-color-scheme", "default")
        tab.goto("")
        expect(scheme).to_have_attribute("data-md-color-scheme", "default")


def test_the_chosen_scheme_is_kept_under_the_site_s_root_and_applied_before_the_theme_s_bundle(site_browser):
    """The theme's head and header scripts, served as files (assets/js/theme-scope.js and
    theme-palette.js), keep the reader's choice under the site's root and apply it as the header
    is read: a page shows it even when the theme's bundle never arrives."""
    with site_browser.open("", color_scheme="light") as tab:
        page = tab.page
        page.get_by_title("Switch to dark mode").click()
        assert urlsplit(tab.url("")).path + ".__palette" in page.evaluate("Object.keys(localStorage)")
        page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
        tab.goto(EVENTS[0] + "week-3/")
        assert page.evaluate("typeof component$") == "undefined"  # Material's bundle did not run
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_the_headers_icons_are_drawn_from_the_sites_icon_file(site_browser):
    """Pages refer to the theme's icons in assets/icons.svg (colloquium.built_pages): each one
    is drawn, at its size, in the colour of the text around it."""
    with site_browser.open(EVENTS[0] + "week-3/", phone=True) as tab:
        icons = tab.page.locator("header .md-header__button svg")
        assert icons.count() >= 3 and tab.page.locator("header svg path").count() == 0  # none inline
        for icon in icons.all():
            if icon.is_visible():
                box = icon.locator("use").evaluate("use => { const b = use.getBBox(); return [b.width, b.height]; }")
                assert box[0] > 10 and box[1] > 10, box  # the symbol's path, loaded from the file
        assert tab.load.problems() == {}


@pytest.mark.parametrize("event", EVENTS)
def test_event_page_fits_a_phone_screen(site_browser, event):
    with site_browser.open(event, phone=True) as tab:
        assert tab.horizontal_overflow() == []
        assert Image.open(tab.screenshot(f"{event.strip('/')}-phone")).width == 375


@pytest.mark.parametrize("event", EVENTS)
def test_event_page_screenshot_at_desktop_width(site_browser, event):
    with site_browser.open(event) as tab:
        assert Image.open(tab.screenshot(f"{event.strip('/')}-desktop")).width == 1280
