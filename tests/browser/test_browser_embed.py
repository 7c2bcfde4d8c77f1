"""Each event's embeddable "next sessions" view, as a lab's page shows it in an iframe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

EVENTS = ["cs492c-fall-2025", "ntu-workshop-2026", "principles-of-diffusion-2026"]


@pytest.mark.parametrize("event_id", EVENTS)
def test_the_embed_lists_the_next_sessions_and_asks_nothing_of_third_parties(site_browser, event_id):
    with site_browser.open(timezone_id="Europe/Berlin") as tab:
        tab.page.clock.set_fixed_time(dt.datetime(2025, 9, 20, 12, tzinfo=dt.timezone.utc))
        load = tab.goto(f"{event_id}/embed.html")
        assert load.problems() == {}  # no console error, failed or third-party request, broken link
        items = tab.page.locator("[data-cq-next-sessions] li:visible")
        assert 1 <= items.count() <= 5
        for link in tab.page.locator("a[href]").all():
            assert link.get_attribute("target") == "_top"  # opens in the embedding page's window


def test_inside_an_iframe_it_drops_sessions_that_have_ended(site_browser):
    """A lab page that embeds the workshop, read during the workshop's second day."""
    with site_browser.open(timezone_id="Asia/Taipei") as tab:
        page = tab.page
        page.clock.set_fixed_time(dt.datetime(2026, 3, 31, 6, 30, tzinfo=dt.timezone.utc))  # 14:30 in Taipei
        page.set_content(f'<iframe title="Next sessions" src="{tab.url("ntu-workshop-2026/embed.html")}" width="400" height="600"></iframe>')
        frame = page.frame_locator("iframe")
        first = frame.locator("[data-cq-next-sessions] li:visible").first
        expect(first).to_contain_text("Tue, Mar 31, 2026")
        expect(first).to_contain_text("Happening now")  # the afternoon slot, 13:30-16:00
        expect(frame.locator("li:visible", has_text="Mon, Mar 30, 2026")).to_have_count(0)  # ended: hidden
        assert tab.load.blocked_requests == []
