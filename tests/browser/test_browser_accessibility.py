"""axe-core finds no serious or critical accessibility problem on the pages a reader meets
first: home, the five events, a session, a person, the readings and the figure gallery."""

import pytest
from playwright.sync_api import expect

PAGES = [
    "",
    "diffusion-seminar-2025/",
    "principles-of-diffusion-2026/",
    "cs492c-fall-2025/",
    "lecture-16-diffusion/",
    "ntu-workshop-2026/",
    "people/woojin-kim/",
    "readings/",
    "figures/",
]
SESSIONS = [
    ("Introduction to Diffusion Model", "diffusion-seminar-2025/"),  # with a video facade
    ("Introduction & Motivation", "lecture-16-diffusion/"),  # a Vimeo facade, chapters, the slides' facade
    ("Forward Process", "lecture-16-diffusion/"),  # a video of the site's own, captions, a transcript
]


@pytest.fixture(scope="module")
def pages(site_files) -> list[str]:
    return [*PAGES, *(site_files.page_titled(*session) for session in SESSIONS)]


def test_no_serious_violation_in_light_mode(site_browser, pages):
    found = {}
    with site_browser.open(color_scheme="light") as tab:
        for path in pages:
            tab.goto(path)
            if violations := tab.axe_violations():
                found[path or "(home)"] = violations
    assert not found, "\n".join(f"{page}: {line}" for page, lines in found.items() for line in lines)


def test_text_contrast_holds_in_dark_mode(site_browser, pages):
    found = {}
    with site_browser.open(color_scheme="dark") as tab:
        for path in pages:
            tab.goto(path)
            expect(tab.page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
            if violations := tab.axe_violations(only=["color-contrast", "link-in-text-block"]):
                found[path or "(home)"] = violations
    assert not found, "\n".join(f"{page}: {line}" for page, lines in found.items() for line in lines)
