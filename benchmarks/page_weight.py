"""Page weight of sites that grow: what a reader's browser downloads to open the seminar page.

    python benchmarks/page_weight.py [--sizes 1,5]

Per size (copies of the example's events, as in site_scaling.py) the site is built through the
hooks and served on 127.0.0.1 the way the browser tests serve it (tests/browser_harness.py:
headless Chromium, a cold cache, bytes counted as the server sends them, uncompressed); the
seminar page (diffusion-seminar-2025/) is opened once, then its search box is clicked. The table
gives the bytes the page transferred on load, against the budget the browser tests hold the
example to (browser_harness.SEMINAR_BUDGET), and what opening search added: the search index,
which grows with the site and is requested only then (content/assets/js/search-on-demand.js).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import browser_harness as harness  # noqa: E402  the browser tests' Chromium flags, counting server and tab
from site_build import measured_build  # noqa: E402
from site_scaling import synthetic_project  # noqa: E402

PAGE = "diffusion-seminar-2025/"
URL_PREFIX = "/colloquium/"  # the path of site_url, as GitHub Pages serves the site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5", help="copies of the example's events (default 1,5)")
    args = parser.parse_args()
    budget = harness.SEMINAR_BUDGET
    rows = ["| size | sessions | seminar page on load | budget | opening search adds | search index file |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_FLAGS)
        for copies in (int(size) for size in args.sizes.split(",")):
            project, sessions = synthetic_project(Path(tmp) / f"x{copies}", copies)
            site = Path(tmp) / f"x{copies}-site"
            measured_build(project, site)
            index = (site / "search" / "search_index.json").stat().st_size
            with harness.LocalServer(site, URL_PREFIX).running() as server:
                with harness.SiteBrowser(browser, server).open(PAGE) as tab:
                    transferred = tab.load.bytes_transferred
                    before = server.bytes_sent
                    with tab.page.expect_response(lambda response: response.url.endswith("/search/search_index.json")):
                        tab.page.get_by_role("textbox", name="Search").click()
                    tab.settle()
                    searching = server.bytes_sent - before
            verdict = f"within ({budget:,} B)" if transferred <= budget else f"over by {transferred - budget:,} B"
            rows.append(f"| {'example' if copies == 1 else f'{copies}x'} | {sessions:,} | {transferred:,} B | {verdict} "
                        f"| {searching:,} B | {index:,} B |")
            print(rows[-1], flush=True)
        browser.close()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
