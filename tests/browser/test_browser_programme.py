"""The printed programme (issue 23): each event's programme printed to PDF by headless
Chromium, as a reader's "Save as PDF" makes it, and its QR codes read back by a decoder."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pypdf
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index

import tiny_site

SITE_URL = tiny_site.EXAMPLE_SITE_URL


@pytest.fixture(scope="module")
def index():
    return build_index(load_site(tiny_site.EXAMPLE_DATA), Clock(day=dt.date(2025, 9, 20)), Outputs(site_url=SITE_URL))


def _words(text: str) -> str:
    """Text without white space (a PDF's text breaks lines where the page did) and with
    typographic ligatures spelled out ('ﬀ' is 'ff')."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _print(site_browser, path: str) -> bytes:
    with site_browser.open() as tab:
        load = tab.goto(path)
        assert load.problems() == {}
        page = tab.page
        page.emulate_media(media="print")
        # nothing to navigate or press on paper
        assert page.locator("nav, button, input, .md-header, .md-sidebar, script").count() == 0
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)


@pytest.mark.parametrize("event_id, pages", [("ntu-workshop-2026", (1, 1)), ("cs492c-fall-2025", (2, 6))])
def test_a_programme_prints_every_session_on_a4_without_navigation(site_browser, index, event_id, pages):
    pdf = _print(site_browser, f"{event_id}/programme/")
    document = pypdf.PdfReader(io.BytesIO(pdf))
    low, high = pages
    assert low <= len(document.pages) <= high, f"{len(document.pages)} pages"
    for page in document.pages:  # A4: 595 x 842 points
        assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    text = _words("".join(page.extract_text() for page in document.pages))
    event = index.events[event_id]
    assert _words(event.title) in text
    for session in event.sessions:
        assert _words(session.session.title) in text, session.session.title
    for word in ("Skiptocontent", "Search", "People", "Readings", "Addtocalendar", "Playvideo"):
        assert word not in text


def test_the_workshop_programme_gives_times_in_the_event_s_zone_and_its_status(site_browser):
    pdf = _print(site_browser, "ntu-workshop-2026/programme/")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Times are Taipei time (Asia/Taipei)." in " ".join(text.split())
    assert "Mar 30 – Apr 3, 2026" in " ".join(text.split())
    assert _words("09:30–12:00 Taipei time") in _words(text) and _words("13:30–16:00 Taipei time") in _words(text)
    assert "TENTATIVE" in text.upper()


def test_past_sessions_and_days_without_class_are_in_the_programme(site_browser, index):
    with site_browser.open() as tab:
        tab.goto("cs492c-fall-2025/programme/")
        rows = tab.page.locator("tr.cq-session")
        assert rows.count() == len(index.events["cs492c-fall-2025"].sessions)
        assert tab.page.locator("tr.cq-off").count() == sum(1 for s in index.events["cs492c-fall-2025"].sessions if not s.meets)


def _decode(locator) -> list[str]:
    image = Image.open(io.BytesIO(locator.screenshot(scale="device")))
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("event_id", ["ntu-workshop-2026", "cs492c-fall-2025"])
def test_qr_codes_decode_to_the_event_page_and_each_session_page(site_browser, index, event_id):
    event = index.events[event_id]
    with site_browser.open(device_scale_factor=4) as tab:
        tab.goto(f"{event_id}/programme/")
        page = tab.page
        assert _decode(page.locator(".cq-code--event svg")) == [SITE_URL + event.url]
        codes = page.locator(".cq-code--session svg")
        assert codes.count() == len(event.sessions)
        ordered = event.by_time + [s for s in event.sessions if s.session.date is None]  # the programme's order
        for position in (0, codes.count() // 2, codes.count() - 1):
            assert _decode(codes.nth(position)) == [SITE_URL + ordered[position].url]
            # a screen reader names each code by its page (role img, aria-label; no <title> copy)
            expect(codes.nth(position)).to_have_accessible_name("QR code: the page of " + ordered[position].full_title)


def test_the_event_page_links_to_its_programme(built_site):
    page = (built_site / "ntu-workshop-2026" / "index.html").read_text(encoding="utf-8")
    assert 'href="programme/index.html">Printable programme</a>' in page
