"""The last pass over a built site's HTML pages, whichever builder wrote them: each page gets its
Content-Security-Policy (colloquium.content_policy), loses the indentation that the theme's
templates write, and refers to the theme's icons instead of carrying them.

Every page carries the theme's header, navigation and footer, so their bytes count once per
page: on a site of 20,000 pages a kilobyte is 20 MB, and GitHub Pages publishes at most 1 GB.

- Indentation: outside `<pre>`, `<textarea>`, `<script>` and `<style>` a run of white space is
  one space to a browser (HTML §13.2.6.4.7, CSS Text §4.1.1; no style of the site keeps white
  space elsewhere), so a line break and the spaces after it become the line break alone.
- Icons: the theme writes each icon as an inline `<svg>` (the logo, the menu, search, the
  palette's toggles: a tenth of a page). Each becomes `<svg><use href="…/assets/icons.svg#…"/>`
  pointing to one file of all icons, which the browser fetches once for the whole site; the
  icon inherits its colour (`currentColor`) as before. The 404 page keeps its own: it is shown
  at any address, where a relative address to the file would not resolve.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from colloquium import content_policy

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
_ICON = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([0-9. ]+)">((?:<path d="[^"<>]*"/>)+)</svg>')
_SYMBOL = re.compile(r'<symbol id="([0-9a-f]+)" viewBox="([0-9. ]+)">(.*?)</symbol>')
ICONS = "assets/icons.svg"


def compacted(page: str) -> str:
    """`page` (an HTML document) with every line break's following white space (indentation,
    blank lines) removed, except inside the elements that keep white space or are code."""
    parts, start = [], 0
    for kept in _KEPT.finditer(page):  # a few per page: the text between them is searched alone
        parts += [_INDENT.sub("\n", page[start:kept.start()]), kept.group(0)]
        start = kept.end()
    return "".join([*parts, _INDENT.sub("\n", page[start:])])


def with_icons_referred(page: str, to_root: str, icons: dict[str, tuple[str, str]]) -> str:
    """`page` with each inline icon replaced by a reference into ICONS (`to_root`: the relative
    address of the site's root from the page, e.g. '../../'); the icons are added to `icons`
    (id -> (viewBox, paths))."""

    def referred(match: re.Match) -> str:
        view_box, paths = match.groups()
        icon_id = hashlib.sha256(f"{view_box}{paths}".encode()).hexdigest()[:10]
        icons[icon_id] = (view_box, paths)
        return f'<svg viewBox="{view_box}"><use href="{to_root}{ICONS}#{icon_id}"/></svg>'

    return _ICON.sub(referred, page)


def finish(site_dir: Path) -> int:
    """Give every HTML page under `site_dir` its policy, compact it and refer it to the icons'
    file, in place (a build writes into a staging folder, files.StagedSite, that becomes the
    site only after this); returns how many pages were rewritten."""
    icon_file = site_dir / ICONS
    icons = {i: (box, paths) for i, box, paths in _SYMBOL.findall(icon_file.read_text())} if icon_file.exists() else {}
    written = 0
    for path in site_dir.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        finished = compacted(page)
        if path != site_dir / "404.html":
            finished = with_icons_referred(finished, "../" * (len(path.relative_to(site_dir).parts) - 1), icons)
        if (finished := content_policy.with_policy(finished)) != page:
            path.write_text(finished, encoding="utf-8")
            written += 1
    if icons:
        symbols = "".join(f'<symbol id="{i}" viewBox="{box}">{paths}</symbol>' for i, (box, paths) in sorted(icons.items()))
        icon_file.parent.mkdir(parents=True, exist_ok=True)
        icon_file.write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n', encoding="utf-8")
    return written
