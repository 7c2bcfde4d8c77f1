"""The example's event pages a year after their last session, as readers in three zones see
them on a narrow phone (360 px): every session past and collapsed behind "Show past sessions",
the reader's own times beside the event's. Nothing may stick out sideways, and no heading or
table head may stand over nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tiny_site
from browser_harness import url_prefix

BUILT_ON = "2027-09-01"  # the example's last session is on 2026-08-24
READ_AT = dt.datetime(2027, 9, 1, 12, tzinfo=dt.timezone.utc)
READERS = ["America/New_York", "Europe/Berlin", "Asia/Seoul"]
EVENTS = sorted(path.stem for path in (tiny_site.EXAMPLE_DATA / "events").glob("*.yml"))
NARROW_PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}

# A heading is empty when nothing with visible text follows it before the next heading of its
# level or above; a table head is empty when its table shows no row.
_EMPTY_JS = """() => {
  const shown = el => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0;
  const article = document.querySelector("article");
  const found = [];
  for (const heading of article.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    if (!shown(heading)) continue;
    const level = Number(heading.tagName[1]);
    let content = false;
    for (let el = heading.nextElementSibling; el && !content; el = el.nextElementSibling) {
      if (/^H[1-6]$/.test(el.tagName) && Number(el.tagName[1]) <= level) break;
      content = shown(el) && el.innerText.trim() !== "";
    }
    if (!content) found.push(`heading over nothing: ${heading.innerText.trim()}`);
  }
  for (const head of article.querySelectorAll("thead")) {
    const rows = Array.from(head.closest("table").tBodies, body => Array.from(body.rows)).flat();
    if (shown(head) && !rows.some(shown)) found.push(`table head over no row: ${head.innerText.trim()}`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def later_site(tmp_path_factory) -> Path:
    project = tiny_site.example_project(tmp_path_factory.mktemp("later"))
    site = tmp_path_factory.mktemp("later-site")
    result = tiny_site.build(project, site, build_date=BUILT_ON)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def later_browser(serve, later_site):
    with serve(later_site, url_prefix(tiny_site.EXAMPLE_SITE_URL)) as site_browser:
        yield site_browser


@pytest.mark.parametrize("reader", READERS)
def test_past_event_pages_fit_a_narrow_phone_and_show_no_empty_heading(later_browser, reader):
    collapsed = []
    with later_browser.open(timezone_id=reader, **NARROW_PHONE) as tab:
        tab.page.clock.set_fixed_time(READ_AT)
        for event in EVENTS:
            tab.goto(f"{event}/")
            assert tab.horizontal_overflow() == [], event
            assert tab.page.evaluate(_EMPTY_JS) == [], event
            toggle = tab.page.locator(".cq-past-toggle")  # sessions with times; a date alone does not end
            if toggle.count():
                toggle.click()  # shown again, the past sessions fit too
                assert tab.horizontal_overflow() == [], event
            collapsed.append(toggle.count())
    assert sum(collapsed) >= 3  # the course, the lecture and the workshop (at least) were collapsed
