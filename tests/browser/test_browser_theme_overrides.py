"""The theme overrides stay copies of Material's own templates plus their one fix, so that an
upgrade of mkdocs-material that changes a template is noticed here, not by readers."""

import re
from pathlib import Path

import material

REPO_ROOT = Path(__file__).resolve().parents[2]
OURS = REPO_ROOT / "hooks" / "colloquium" / "theme" / "partials" / "search.html"
THEIRS = Path(material.__file__).parent / "templates" / "partials" / "search.html"
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def test_search_partial_is_the_theme_s_own_plus_an_accessible_name():
    ours = LEADING_COMMENT.sub("", OURS.read_text(encoding="utf-8"))
    theirs = LEADING_COMMENT.sub("", THEIRS.read_text(encoding="utf-8"))
    fix = ' aria-label="{{ lang.t(\'search\') }}"'
    assert fix in ours
    assert ours.replace(fix, "", 1) == theirs
