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


THEME = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
SCRIPTS = REPO_ROOT / "content" / "assets" / "js"
LEADING_SCRIPT_COMMENT = re.compile(r"\A/\*.*?\*/\n", re.DOTALL)


def _inline_script(partial: str) -> str:
    return re.search(r"<script>(.*)</script>", (THEME / partial).read_text(encoding="utf-8")).group(1)


def test_the_palette_script_file_is_the_theme_s_inline_script():
    ours = LEADING_SCRIPT_COMMENT.sub("", (SCRIPTS / "theme-palette.js").read_text(encoding="utf-8"))
    assert ours.strip() == _inline_script("palette.html")


def test_the_scope_script_file_is_the_theme_s_inline_script_with_the_root_from_its_own_address():
    ours = (SCRIPTS / "theme-scope.js").read_text(encoding="utf-8").strip().splitlines()[-1]
    scope = '__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location),'
    assert scope + ours.removesuffix(";") == _inline_script("base.html")


def test_the_content_partial_is_the_theme_s_own_with_the_tab_script_only_where_there_are_tabs():
    ours = LEADING_COMMENT.sub("", (OURS.parent / "javascripts" / "content.html").read_text(encoding="utf-8"))
    condition = "{% if page and page.content and 'name=\"__tabbed_' in page.content %}\n"
    assert condition in ours
    unwrapped = ours.replace(condition, "").replace("  <script>var target", "<script>var target")
    unwrapped = unwrapped[: unwrapped.rindex("{% endif %}")].rstrip("\n") + "\n"
    theirs = LEADING_COMMENT.sub("", (THEME / "content.html").read_text(encoding="utf-8"))
    assert unwrapped == theirs
