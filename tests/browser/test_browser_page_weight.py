"""Page weight: what a reader's browser downloads to open a page. The walk of every page
writes each page's bytes to test-artifacts/page-weight.json; the seminar page, with the most
videos, has a budget."""

import re

from browser_harness import SEMINAR_BUDGET

SEMINAR = "diffusion-seminar-2025/"
# A plain YouTube player iframe transfers about 540 kB before anyone presses play (Lighthouse's
# documentation of its audit "Lazy load third-party resources with facades").
YOUTUBE_PLAYER_BYTES = 540_000


def test_the_seminar_page_stays_within_its_budget(site_walk):
    assert site_walk[SEMINAR].bytes_transferred <= SEMINAR_BUDGET


def test_plain_players_would_break_the_budget(site_browser, site_walk):
    # The same page with plain iframes: every facade pressed, so every player is requested.
    with site_browser.open(SEMINAR) as tab:
        facades = tab.page.get_by_role("button", name=re.compile("^Play video"))
        videos = facades.count()
        for _ in range(videos):
            facades.first.click()
        tab.settle()
        players = tab.load.blocked_requests
    assert videos >= 7
    assert len(players) == videos
    assert all(player.startswith("https://www.youtube-nocookie.com/embed/") for player in players)
    # Even if all players after the first came from the browser's cache, the first alone
    # would take the page over its budget; without sharing, each adds as much again.
    assert site_walk[SEMINAR].bytes_transferred + YOUTUBE_PLAYER_BYTES > SEMINAR_BUDGET


def test_a_session_with_a_video_captions_and_slides_stays_within_the_budget(site_walk, site_files):
    # The example lecture's part with a self-hosted video, two caption files and a PDF deck,
    # none of which is transferred before the reader asks (test_browser_video_hosts.py checks
    # each request).
    part = site_walk[site_files.page_titled("Forward Process", under="lecture-16-diffusion/")]
    assert part.bytes_transferred <= SEMINAR_BUDGET
