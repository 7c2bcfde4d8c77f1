"""Harness for the browser tests: Debian's Chromium driven by Playwright, a site served on
127.0.0.1, and a record of everything the browser does while a page loads. A pytest plugin
(tests/conftest.py loads it): tests/browser and tests/your_site share its fixtures.

No request may leave the machine: every request to a host other than 127.0.0.1 is aborted
before it is sent and written down, so a test can assert that the list stays empty (or holds
exactly the request the reader asked for, such as a video after its facade was clicked).
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Request, Response, Route
from playwright.sync_api import WebSocketRoute

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = Path(__file__).parent / "browser" / "fixtures" / "site"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Written by the tests for a person to look at; ignored by git.
ARTIFACTS = REPO_ROOT / "test-artifacts"

# Debian's package (`apt-get install chromium`). Playwright's own browser download is never
# used: `playwright install` needs hosts this project cannot reach.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",  # the tests run as root in CI containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium itself calls home (component updates, sync, field trials), which
    # is noise at best and a hang on a machine without network at worst.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Bytes the seminar page (diffusion-seminar-2025/, the most videos) may transfer on load, as the
# local server sends them: uncompressed, status lines and headers included. It measured 363 kB
# (2026-11-30) with seven video facades and the search index left until the reader opens
# search; the budget leaves room for the videos still to come and is less than the page plus
# one plain YouTube player (tests/browser/test_browser_page_weight.py). benchmarks/page_weight.py
# holds sites five times the example's to it.
SEMINAR_BUDGET = 500_000
LOCAL_HOST = "127.0.0.1"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

# A page has settled when no request has been in flight for this long after its load event
# (Playwright's "networkidle" waits 500 ms, which makes walking every page needlessly slow).
QUIET_MS = 100
SETTLE_TIMEOUT_S = 10.0


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


def is_local(url: str) -> bool:
    return urlsplit(url).hostname == LOCAL_HOST


# Every URL except those of the local server (and of no other scheme a page can fetch from).
ELSEWHERE = re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/])")


class LocalServer:
    """The standard library's http.server serving a folder on 127.0.0.1 (a free port), under
    `url_prefix` as GitHub Pages serves a project site. It counts the bytes it sends (status
    lines, headers and bodies), which is what a reader's browser downloads from the site."""

    def __init__(self, directory: Path, url_prefix: str = "/") -> None:
        self.bytes_sent = 0
        self._lock = threading.Lock()
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def setup(self) -> None:
                super().setup()
                self.wfile = _CountingWriter(self.wfile, server._count)

            def translate_path(self, path: str) -> str:
                if not path.startswith(url_prefix):
                    return str(directory / "does-not-exist")
                return super().translate_path("/" + path[len(url_prefix) :])

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._http = ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(Handler, directory=str(directory)))
        self.base_url = f"http://{LOCAL_HOST}:{self._http.server_port}{url_prefix}"

    def _count(self, size: int) -> None:
        with self._lock:
            self.bytes_sent += size

    @contextmanager
    def running(self) -> Iterator[LocalServer]:
        thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._http.shutdown()
            thread.join()
            self._http.server_close()


class _CountingWriter:
    def __init__(self, stream, count) -> None:  # noqa: ANN001 (a socket file, a callback)
        self._stream = stream
        self._count = count

    def write(self, data: bytes) -> int:
        self._count(len(data))
        return self._stream.write(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class SiteFiles:
    """The files of a built site, addressed by URL path relative to the site's base URL."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def html_pages(self) -> list[str]:
        """Every generated HTML page, as the path a reader's browser asks for ("a/" for a/index.html)."""
        pages = []
        for file in sorted(self.root.rglob("*.html")):
            path = file.relative_to(self.root).as_posix()
            pages.append(path.removesuffix("index.html"))
        return pages

    def page_titled(self, words: str, under: str = "") -> str:
        """The one page below `under` whose main heading contains `words`."""
        found = []
        for path in self.html_pages():
            if not path.startswith(under):
                continue
            file = self.root / (path + "index.html" if path.endswith("/") or not path else path)
            heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", file.read_text(encoding="utf-8"), re.DOTALL)
            if heading and words in unescape(re.sub(r"<[^>]+>", "", heading.group(1))):
                found.append(path)
        assert len(found) == 1, f"pages below '{under}' headed with '{words}': {found}"
        return found[0]

    def has(self, path: str) -> bool:
        target = self.root / unquote(path).lstrip("/")
        return target.is_file() or (target / "index.html").is_file()


@dataclass
class PageLoad:
    """What the browser did while loading one page (and afterwards, until the next load)."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    # Same-origin requests that failed on the network or were answered with an HTTP error.
    failed_requests: list[str] = field(default_factory=list)
    # Requests to any other host: aborted before they were sent.
    blocked_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    missing_link_targets: list[str] = field(default_factory=list)
    # What the page's Content-Security-Policy refused (directive, what, where), and the policy.
    policy_violations: list[str] = field(default_factory=list)
    policy: str | None = None
    # What the server sent for the page and everything it loaded (status lines, headers,
    # bodies), uncompressed: GitHub Pages compresses text, so readers download less.
    bytes_transferred: int = 0

    def problems(self) -> dict[str, list[str]]:
        found = {
            "console errors": self.console_errors,
            "failed same-origin requests": self.failed_requests,
            "blocked third-party requests": self.blocked_requests,
            "broken images": self.broken_images,
            "links to missing pages or files": self.missing_link_targets,
            "Content-Security-Policy violations": self.policy_violations,
        }
        return {kind: items for kind, items in found.items() if items}


# Images that finished loading but cannot be decoded are broken; an image that has not loaded
# (lazy and off screen) is checked as a link target instead.
_BROKEN_IMAGES_JS = """async () => {
  const broken = [];
  for (const img of document.images) {
    if (!img.complete) continue;
    try { await img.decode(); } catch { broken.push(img.currentSrc || img.src || img.outerHTML); }
  }
  return broken;
}"""
_LINK_TARGETS_JS = """() => [
  ...Array.from(document.querySelectorAll("a[href]"), a => a.href),
  ...Array.from(document.images, img => img.src),
]"""


_HORIZONTAL_OVERFLOW_JS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    Array.from(el.classList, c => "." + c).join("");
  const sticking_out = Array.from(document.body.querySelectorAll("*"))
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .map(el => `${describe(el)} (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`);
  return [`page is ${root.scrollWidth} px wide in a ${root.clientWidth} px viewport`, ...sticking_out.slice(0, 8)];
}"""


# Chromium fires `securitypolicyviolation` for everything a Content-Security-Policy refuses
# (CSP Level 3, §5.3): an inline script or handler, a frame, an image, a request.
_RECORD_POLICY_VIOLATIONS_JS = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", event => window.__policyViolations.push(
  `${event.effectiveDirective} refused ${event.blockedURI || "(inline)"} at ${event.sourceFile}:${event.lineNumber}`));
"""
_POLICY_JS = """(document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || null"""


@functools.cache
def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT.relative_to(REPO_ROOT)} is missing: run `npm ci` in the repository root")
    return AXE_SCRIPT.read_text(encoding="utf-8")


class Tab:
    """One browser context with one page, recording every page load into a `PageLoad`."""

    def __init__(self, context: BrowserContext, server: LocalServer, files: SiteFiles | None) -> None:
        self.context = context
        self.server = server
        self.base_url = server.base_url
        self.files = files
        self.load = PageLoad(url="about:blank")
        self._origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base_url))
        self._in_flight: set[Request] = set()
        # Patterns, not functions: the browser then pauses only the requests that match (those
        # that would leave the machine), and the site's own requests go through untouched.
        context.route(ELSEWHERE, self._block)
        context.route_web_socket(ELSEWHERE, self._block_socket)
        context.add_init_script(_RECORD_POLICY_VIOLATIONS_JS)  # the browser's own report, before any script of the page
        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.load.console_errors.append(f"uncaught: {error}"))
        self.page.on("request", lambda request: self._in_flight.add(request))
        self.page.on("requestfinished", lambda request: self._in_flight.discard(request))
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.context.close()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def goto(self, path: str) -> PageLoad:
        """Load `path` (relative to the site's base URL), wait until it has settled, and
        return what happened."""
        self.load = PageLoad(url=self.url(path))
        sent_before = self.server.bytes_sent
        self.page.goto(self.load.url, wait_until="load")
        self.settle()
        self.load.bytes_transferred = self.server.bytes_sent - sent_before
        self.load.broken_images = self.page.evaluate(_BROKEN_IMAGES_JS)
        self.load.policy_violations = self.page.evaluate("window.__policyViolations || []")
        self.load.policy = self.page.evaluate(_POLICY_JS)
        if self.files is not None:
            self.load.missing_link_targets = self._missing_link_targets()
        return self.load

    def site_path(self, link: Locator) -> str:
        """Where `link` (an <a> element) points, as a path relative to the site's base URL."""
        url = link.evaluate("a => a.href")
        assert url.startswith(self.base_url), f"{url} is not a page of this site"
        return url[len(self.base_url) :]

    def settle(self) -> None:
        """Wait until no request has been in flight for QUIET_MS."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        quiet_ms = 0
        while quiet_ms < QUIET_MS:
            if time.monotonic() > deadline:
                pending = sorted(request.url for request in self._in_flight)
                raise AssertionError(f"{self.load.url}: requests still in flight after {SETTLE_TIMEOUT_S} s: {pending}")
            self.page.wait_for_timeout(25)
            quiet_ms = 0 if self._in_flight else quiet_ms + 25

    def horizontal_overflow(self) -> list[str]:
        """Why the page can be scrolled sideways (its width and the elements that stick out
        past the viewport's right edge); an empty list when it cannot."""
        return self.page.evaluate(_HORIZONTAL_OVERFLOW_JS)

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot to test-artifacts/screenshots/<name>.jpg for a person to
        look at (JPEG: half the time of a PNG of a long page)."""
        path = ARTIFACTS / "screenshots" / f"{name}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=path, full_page=True, type="jpeg", quality=80)
        return path

    def axe_violations(self, only: list[str] | None = None) -> list[str]:
        """Run axe-core inside the page (offline: the script is injected, not fetched), all its
        rules or `only` those named, and return the serious and critical violations, one line
        each: rule, impact, what it checks, where."""
        self.page.evaluate(_axe_source())  # through the DevTools protocol: the page's policy allows no inline script
        options = {"resultTypes": ["violations"], **({"runOnly": only} if only else {})}
        violations = self.page.evaluate("async options => (await axe.run(document, options)).violations", options)
        return [
            f"{v['id']} [{v['impact']}] {v['help']}: " + "; ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    def _missing_link_targets(self) -> list[str]:
        missing = set()
        for target in self.page.evaluate(_LINK_TARGETS_JS):
            parts = urlsplit(target)
            if f"{parts.scheme}://{parts.netloc}" != self._origin or not parts.path.startswith(urlsplit(self.base_url).path):
                continue
            site_path = parts.path[len(urlsplit(self.base_url).path) :]
            assert self.files is not None
            if not self.files.has(site_path):
                missing.add(parts.path)
        return sorted(missing)

    def _block(self, route: Route) -> None:
        self.load.blocked_requests.append(route.request.url)
        route.abort("blockedbyclient")

    def _block_socket(self, socket: WebSocketRoute) -> None:
        # A WebSocket route that never connects to the server keeps the socket inside the browser.
        self.load.blocked_requests.append(socket.url)
        socket.close()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            self.load.console_errors.append(f"{message.text} ({where['url']}:{where['lineNumber']})")

    def _on_failed(self, request: Request) -> None:
        self._in_flight.discard(request)
        if is_local(request.url):
            self.load.failed_requests.append(f"{request.failure} {request.url}")

    def _on_response(self, response: Response) -> None:
        if is_local(response.url) and response.status >= 400:
            self.load.failed_requests.append(f"HTTP {response.status} {response.url}")


class SiteBrowser:
    """Opens pages of a site served on 127.0.0.1, each in a fresh browser context (cold cache,
    no stored settings) that lets no request leave the machine."""

    def __init__(self, browser: Browser, server: LocalServer, files: SiteFiles | None = None) -> None:
        self.browser = browser
        self.server = server
        self.files = files

    def open(self, path: str | None = None, *, phone: bool = False, **context_args: object) -> Tab:
        """A new tab (use it as a context manager); loads `path` when given. The window is a
        1280 px wide desktop, or with `phone` a 375 px wide touch screen; `context_args` go to
        `Browser.new_context` (a `viewport` there replaces the window's)."""
        context = self.browser.new_context(**{**(PHONE if phone else DESKTOP), **context_args})
        # Everything here is local and quick: a wait this long means something is wrong.
        context.set_default_timeout(5_000)
        try:
            tab = Tab(context, self.server, self.files)
            if path is not None:
                tab.goto(path)
        except BaseException:
            context.close()
            raise
        return tab


@pytest.fixture(scope="session")
def fixture_browser(browser: Browser) -> Iterator[SiteBrowser]:
    """The small hand-written site in fixtures/site/, with pages that plant violations."""
    with LocalServer(FIXTURE_SITE).running() as server:
        yield SiteBrowser(browser, server, SiteFiles(FIXTURE_SITE))


@pytest.fixture(scope="session")
def serve(browser: Browser):
    """Serve another built site: `with serve(folder, "/prefix/") as site_browser: ...`."""

    @contextmanager
    def serving(directory: Path, url_prefix: str = "/") -> Iterator[SiteBrowser]:
        with LocalServer(directory, url_prefix).running() as server:
            yield SiteBrowser(browser, server, SiteFiles(directory))

    return serving


@pytest.fixture(scope="session")
def site_files(built_site: Path) -> SiteFiles:
    return SiteFiles(built_site)


def url_prefix(site_url: str | None) -> str:
    """A site is served at the path of its site_url, as GitHub Pages serves a project site
    (the 404 page links to assets by absolute path)."""
    return urlsplit(site_url or "").path.rstrip("/") + "/"


@pytest.fixture(scope="session")
def site_browser(browser: Browser, built_site: Path, site_files: SiteFiles) -> Iterator[SiteBrowser]:
    """The example site (tests/fixtures/example)."""
    import tiny_site

    with LocalServer(built_site, url_prefix(tiny_site.EXAMPLE_SITE_URL)).running() as server:
        yield SiteBrowser(browser, server, site_files)


def walk(site_browser: SiteBrowser, files: SiteFiles, weights: str) -> dict[str, PageLoad]:
    """Every generated page, loaded once; the bytes each load transferred are written to
    test-artifacts/<weights>. One tab serves the whole walk: with request routing on (to block
    other hosts) the browser's HTTP cache is off, so each load is a cold one."""
    with site_browser.open() as tab:
        loads = {path: tab.goto(path) for path in files.html_pages()}
    ARTIFACTS.mkdir(exist_ok=True)
    weights_of = {path: load.bytes_transferred for path, load in loads.items()}
    (ARTIFACTS / weights).write_text(json.dumps(weights_of, indent=2) + "\n", encoding="utf-8")
    return loads


@pytest.fixture(scope="session")
def site_walk(site_browser: SiteBrowser, site_files: SiteFiles) -> dict[str, PageLoad]:
    return walk(site_browser, site_files, "page-weight.json")
