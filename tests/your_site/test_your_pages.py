"""This repository's own pages in Chromium, whatever data/ holds: every page loads cleanly
(nothing from a third party, no console error, no failed request, no broken image or link),
and the home page and each event page have no serious accessibility violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_harness import LocalServer, SiteBrowser, SiteFiles, url_prefix, walk
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def your_files(your_site: Path) -> SiteFiles:
    return SiteFiles(your_site)


@pytest.fixture(scope="module")
def your_browser(browser, your_site: Path, your_files: SiteFiles):
    with LocalServer(your_site, url_prefix(load_config(str(REPO / "mkdocs.yml"))["site_url"])).running() as server:
        yield SiteBrowser(browser, server, your_files)


@pytest.fixture(scope="module")
def your_walk(your_browser, your_files):
    return walk(your_browser, your_files, "your-site-page-weight.json")


def test_every_page_loads_cleanly(your_walk):
    problems = {path or "(home)": load.problems() for path, load in your_walk.items() if load.problems()}
    assert problems == {}
    assert "" in your_walk and len(your_walk) > 3


def test_the_home_and_event_pages_have_no_serious_accessibility_violation(your_browser, your_site: Path):
    events = sorted(path.parent.name + "/" for path in your_site.glob("*/calendar.ics"))
    assert events, "the site has no event with a calendar"
    with your_browser.open() as tab:
        found = {}
        for path in ["", *events]:
            tab.goto(path)
            found[path or "(home)"] = tab.axe_violations()
    assert {path: v for path, v in found.items() if v} == {}
