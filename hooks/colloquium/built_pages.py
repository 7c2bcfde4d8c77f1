"""The last pass over a built site's HTML pages, whichever builder wrote them: each page gets its
Content-Security-Policy (colloquium.content_policy) and loses the indentation that the theme's
templates write.

Indentation is a fifth to a tenth of a page's bytes, and every page carries the theme's header,
navigation and footer: on a site of 20,000 pages that is tens of megabytes of spaces. Outside
`<pre>`, `<textarea>`, `<script>` and `<style>` a run of white space is one space to a browser
(HTML §14, CSS Text §4.1.1; no style of the site keeps white space elsewhere), so a line break
and the spaces after it become the line break alone, and the page looks and reads the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from colloquium import content_policy

_KEPT_OR_INDENT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|\n\s+", re.S | re.I)


def compacted(page: str) -> str:
    """`page` (an HTML document) with every line break's following white space (indentation,
    blank lines) removed, except inside the elements that keep white space or are code."""
    return _KEPT_OR_INDENT.sub(lambda match: match.group(1) or "\n", page)


def finish(site_dir: Path) -> int:
    """Compact every HTML page under `site_dir` and give it its policy, in place (a build
    writes into a staging folder, files.StagedSite, that becomes the site only after this);
    returns how many pages were rewritten."""
    written = 0
    for path in site_dir.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        if (finished := content_policy.with_policy(compacted(page))) != page:
            path.write_text(finished, encoding="utf-8")
            written += 1
    return written
