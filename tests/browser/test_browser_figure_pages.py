"""Pages with figures stay light and still: every session page of the example that shows a figure
transfers at most the page budget (browser_harness.SEMINAR_BUDGET) and shifts its layout by less than 0.1 (cumulative layout
shift, Chromium's own measure), and its figures arrive as WebP at the size they are shown, with
width and height, the first one not lazy-loaded."""

from __future__ import annotations

import json

import pytest

from browser_harness import ARTIFACTS, SEMINAR_BUDGET

# The gallery (every figure, and the code that made each) is a reference page, not a session's: no budget.
GALLERY = "figures/"
# "Good" cumulative layout shift (web.dev, "Cumulative Layout Shift"): below 0.1.
CLS_LIMIT = 0.1

# Sum of the layout-shift entries Chromium buffered since navigation start, except those right
# after input (which CLS leaves out too).
CLS_JS = """() => new Promise(resolve => {
  let cls = 0;
  new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) cls += entry.value; })
    .observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(cls)));
})"""
FIGURES_JS = """() => [...document.querySelectorAll("figure.cq-figure img")].map(img => ({
  src: img.currentSrc, loading: img.loading, width: img.getAttribute("width"), height: img.getAttribute("height"),
  shown: img.clientWidth, natural: img.naturalWidth, webp: !!img.parentElement.querySelector("source[type='image/webp']"),
}))"""


@pytest.fixture(scope="module")
def figure_pages(site_browser, site_files) -> dict[str, dict]:
    """Every page with a figure: bytes on load, CLS after load and after scrolling to the end, its figures
    (also written to test-artifacts/figure-pages.json for a person to read)."""
    html = {path: site_files.root / (path + "index.html" if path.endswith("/") or not path else path) for path in site_files.html_pages()}
    pages = [path for path, file in html.items() if 'class="cq-figure"' in file.read_text(encoding="utf-8")]
    measured = {}
    for path in pages:
        with site_browser.open() as tab:
            load = tab.goto(path)
            at_load = tab.page.evaluate(CLS_JS)
            figures = tab.page.evaluate(FIGURES_JS)
            tab.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            tab.settle()
            measured[path] = {"bytes": load.bytes_transferred, "cls_at_load": at_load, "cls": tab.page.evaluate(CLS_JS), "figures": figures}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "figure-pages.json").write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")
    return measured


def test_there_are_session_pages_with_several_figures(figure_pages):
    assert len(figure_pages) >= 20
    assert max(len(page["figures"]) for page in figure_pages.values()) >= 3


def test_every_session_page_with_figures_stays_within_the_budget(figure_pages):
    heavy = {path: page["bytes"] for path, page in figure_pages.items() if path != GALLERY and page["bytes"] > SEMINAR_BUDGET}
    assert not heavy, heavy


def test_no_page_with_figures_shifts_its_layout(figure_pages):
    shifting = {path: (page["cls_at_load"], page["cls"]) for path, page in figure_pages.items() if page["cls"] >= CLS_LIMIT}
    assert not shifting, shifting


def test_figures_come_as_webp_at_the_size_they_are_shown_with_width_and_height(figure_pages):
    for path, page in figure_pages.items():
        for figure in page["figures"]:
            assert figure["webp"] and figure["width"] and figure["height"], (path, figure)
            if figure["src"]:  # loaded (a lazy figure far below the fold may not be)
                assert figure["src"].endswith(".webp"), (path, figure)
                assert figure["natural"] == int(figure["width"]) >= figure["shown"], (path, figure)


def test_only_the_first_figure_of_a_page_loads_at_once(figure_pages):
    for path, page in figure_pages.items():
        first, *others = page["figures"]
        assert first["loading"] == "auto" and first["src"], (path, first)
        assert all(figure["loading"] == "lazy" for figure in others), path
