"""The last pass over a built site (colloquium.built_pages): the Content-Security-Policy each page
carries (colloquium.content_policy), made from what the page holds, first in its head; pages
without indentation; icons in one file. Chromium's side is in
tests/browser/test_browser_every_page.py and test_browser_theme_overrides.py."""

from __future__ import annotations

import base64
import re
import hashlib
from pathlib import Path

import tiny_site
from colloquium import content_policy

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">
<script>var theme = 1;</script>
<script id="__config" type="application/json">{"base": ".."}</script>
<script type="application/ld+json">{"@type": "Event"}</script>
<script type="text/javascript">var palette = 2;</script>
<script src="assets/js/schedule.js"></script>
</head><body>
<div class="cq-video" data-embed="https://www.youtube-nocookie.com/embed/aaaaaaaaaaa?start=90"></div>
<video preload="none" src="https://media.example.org/talk.mp4"></video>
</body></html>"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (directive.split() for directive in policy.split("; "))}


def test_the_policy_names_by_hash_exactly_the_inline_scripts_a_browser_would_run() -> None:
    policy = directives(content_policy.policy(PAGE))
    assert policy["script-src"] == ["'self'", sha256("var theme = 1;"), sha256("var palette = 2;")]  # no data blocks
    assert policy["default-src"] == ["'none'"] and "object-src" not in policy  # objects: default-src 'none'


def test_frames_and_media_are_only_those_the_page_offers() -> None:
    policy = directives(content_policy.policy(PAGE))
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert policy["media-src"] == ["'self'", "https://media.example.org"]
    assert "frame-src" not in directives(content_policy.policy("<html><head></head></html>"))  # default-src 'none'
    # a PDF deck of the site's own opens in a frame of the site; a Vimeo player of its own host
    slides = '<div class="cq-video" data-embed="../../slides/deck.pdf#page=3"></div>'
    vimeo = '<div class="cq-video" data-embed="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1#t=20s"></div>'
    both = directives(content_policy.policy(f"<html><head></head><body>{slides}{vimeo}</body></html>"))
    assert both["frame-src"] == ["'self'", "https://player.vimeo.com"]


def test_the_policy_comes_first_in_the_head_and_is_replaced_not_repeated() -> None:
    secured = content_policy.with_policy(PAGE)
    assert secured.index('<meta http-equiv="Content-Security-Policy"') == secured.index("<head>") + len("<head>")
    changed = secured.replace("var theme = 1;", "var theme = 3;")
    again = content_policy.with_policy(changed)
    assert again.count("Content-Security-Policy") == 1 and sha256("var theme = 3;") in again
    assert sha256("var theme = 1;") not in again


def test_every_page_a_build_writes_carries_its_policy(tmp_path: Path) -> None:
    root = tiny_site.write_project(tmp_path / "project")
    result = tiny_site.build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = path.read_text()
        meta = page[page.index("<head>") + len("<head>"):].split("\n")[0]
        assert meta.startswith('<meta http-equiv="Content-Security-Policy"'), path
        assert all(source in meta for source in content_policy.inline_script_hashes(page)), path


# ---------------------------------------------------------------------------- compaction (built_pages)

INDENTED = """<!doctype html>
<html>
  <head>
    <title>Indented</title>
    <script>
      var kept = "  as written  ";
    </script>
  </head>
  <body>
    <p>Two
       words</p>


    <pre><code>def f():
    return 1
</code></pre>
    <textarea>
  left as typed</textarea>
  </body>
</html>"""


def test_indentation_goes_but_code_scripts_and_text_areas_keep_theirs() -> None:
    from colloquium.built_pages import compacted

    page = compacted(INDENTED)
    assert "\n  " not in page.split("<pre>")[0].replace('<script>\n      var kept = "  as written  ";\n    </script>', "")
    assert '<script>\n      var kept = "  as written  ";\n    </script>' in page  # its hash is the browser's
    assert "<pre><code>def f():\n    return 1\n</code></pre>" in page
    assert "<textarea>\n  left as typed</textarea>" in page
    assert "<p>Two\nwords</p>" in page  # one white space between the words, as before
    assert "\n\n" not in page and len(page) < len(INDENTED)


def test_a_finished_site_is_smaller_and_every_page_holds_the_same_text(tmp_path: Path) -> None:
    import re
    import shutil
    from html.parser import HTMLParser

    from colloquium import built_pages

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.words: list[str] = []

        def handle_data(self, data: str) -> None:
            self.words += data.split()

    def words(page: str) -> list[str]:
        parser = Text()
        parser.feed(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page))
        return parser.words

    root = tiny_site.write_project(tmp_path / "project")
    assert tiny_site.build(root, tmp_path / "site").returncode == 0
    site = tmp_path / "site"
    pages = {path: path.read_text() for path in site.rglob("*.html")}
    for path in pages:  # as another builder would leave them: indented, without a policy
        path.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", pages[path]).replace("\n<", "\n    <"))
    indented = {path: path.read_text() for path in pages}
    assert built_pages.finish(site) == len(pages)
    for path, before in indented.items():
        after = path.read_text()
        assert 'http-equiv="Content-Security-Policy"' in after, path
        without_policy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", after)
        assert len(without_policy) < len(before) and words(after) == words(before), path
    shutil.rmtree(site)


# ---------------------------------------------------------------------------- icons (built_pages)

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def test_icons_become_references_to_one_file_of_the_site_and_the_404_page_keeps_its_own(tmp_path: Path) -> None:
    from colloquium import built_pages

    site = tmp_path / "site"
    (site / "event" / "week-1").mkdir(parents=True)
    page = f"<html><head></head><body><label>{ICON}</label></body></html>"
    for name in ("index.html", "event/week-1/index.html", "404.html"):
        (site / name).write_text(page)
    built_pages.finish(site)
    deep = (site / "event" / "week-1" / "index.html").read_text()
    (icon_id,) = re.findall(r'<use href="\.\./\.\./assets/icons\.svg#([0-9a-f]+)"/>', deep)
    assert '<use href="assets/icons.svg#' + icon_id in (site / "index.html").read_text()
    assert ICON in (site / "404.html").read_text()
    sprite = (site / "assets" / "icons.svg").read_text()
    assert f'<symbol id="{icon_id}" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></symbol>' in sprite
    built_pages.finish(site)  # again, as a dirty rebuild does: the icons' file keeps what pages refer to
    assert (site / "assets" / "icons.svg").read_text() == sprite and (site / "index.html").read_text().count("<use") == 1
