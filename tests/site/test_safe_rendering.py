"""Text from YAML never becomes HTML or script on the site (issue 2, item 4).

A site is built from data with hostile text in every text field of every model (the test
checks that it is every field: a new field in the model without hostile text here fails it).
The built HTML must contain no script, event handler or javascript: link from the data, and
the text must still be there, shown literally. Unit tests pin the safe Markdown renderer.
"""

from __future__ import annotations

import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import AfterValidator, BaseModel, BeforeValidator

import tiny_site
from colloquium import kinds, model
from colloquium.loader import load_site
from colloquium.markdown_text import markdown_literal, render, render_inline

# One line of hostile text: HTML, event handlers, script links, Jinja, Markdown link tricks,
# an attribute list (Python-Markdown's `{: ...}`) and math that tries to close its element.
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> \"><svg onload=alert(1)> "
    "'><iframe src=javascript:alert(1)></iframe> {{ 7*7 }} {% if true %}jinja{% endif %} "
    "[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1) ) ![i](javascript:alert(1)) <javascript:alert(1)> "
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) &#106;avascript:alert(1) "
    "$</span><script>alert(1)</script>$ {: onclick=\"alert(1)\" }"
)
# Markdown fields get block-level tricks as well: raw HTML blocks, reference links, code, math.
HOSTILE_MARKDOWN = HOSTILE + (
    "\n\n<div onclick=\"alert(1)\">raw block</div>\n\n[ref][r]\n\n[r]: javascript:alert(1)\n\n"
    "```\n</code><script>alert(1)</script>\n```\n\n$$\n</div><script>alert(1)</script>\n$$\n"
)
H, M = HOSTILE, HOSTILE_MARKDOWN

PEOPLE = {
    "eve": {"name": H, "affiliation": H, "title": H, "homepage": "https://example.org/eve", "photo": "https://example.org/" + H,
            "email": "eve@example.org", "bio": M},
}
READINGS = {
    "paper": {"title": H, "authors": [H, H], "year": 2020, "venue": H, "url": "https://example.org/p",
              "arxiv": "2006.11239", "topics": [H], "note": M},
}
GUEST = {"name": H, "affiliation": H, "title": H, "homepage": "https://example.org/guest", "bio": M}
MATERIALS = [{"kind": "slides", "title": H, "url": "https://example.org/s"}]
COMMON = {
    "title": H, "subtitle": H, "term": H, "institution": H, "location": H, "organizers": ["eve"], "timezone": "Europe/Brussels",
    "description": M, "sections": [{"title": H, "body": M}],
    "resources": [{"title": H, "url": "https://example.org/r", "note": M}],
    "reading_list": [{"title": H, "readings": ["paper"], "note": M}],
    "registration": {"url": "https://example.org/register", "note": H},
}


def _session(**extra) -> dict:
    return {"title": H, "date": "2025-09-22", "location": H, "presenters": ["eve", GUEST], "summary": M,
            "video": "https://youtu.be/dQs8gQJ5rxI", "materials": MATERIALS, "readings": ["paper"],
            "status": "cancelled", "status_note": H, "abstract": M, **extra}


EVENTS = {
    "seminar": {**COMMON, "kind": "seminar", "curriculum": [{"title": H, "items": [H]}],
                "sessions": [_session(number=1), _session(number=2)]},
    "group": {**COMMON, "kind": "reading-group", "book": "paper", "sessions": [_session(number=1, chapter=H)]},
    "course": {
        **COMMON, "kind": "course", "code": H, "instructors": ["eve"], "staff": [{"person": "eve", "role": H}],
        "meetings": [{"days": ["Mon"], "start": "10:00", "end": "11:00"}], "prerequisites": M,
        "grading": [{"item": H, "weight": 100, "note": M}],
        "assignments": [{"id": "a1", "title": H, "url": "https://example.org/a1", "due": "2025-10-01"}],
        "deadlines": [{"title": H, "due": "2025-10-01", "note": H}], "deadline_note": M, "schedule_note": M,
        "policies": [{"title": H, "body": M}], "past_offerings": [{"title": H, "url": "https://example.org/o", "note": M}],
        "sessions": [_session(number=1, week=1, assignments=["a1"])],
    },
    "lecture": {
        **COMMON, "kind": "lecture", "instructors": ["eve"], "level": H, "duration": H, "format": H,
        "learning_objectives": [M], "prerequisites": [{"title": H, "body": M}],
        "projects": [{"title": H, "part": 1, "description": M, "tasks": [M]}],
        "assessment": [{"title": H, "weight": 50, "items": [M]}],
        "sessions": [_session(number=1, slides={"first": 1, "last": 2}, topics=[{"title": H, "slide": 1, "points": [M]}],
                              key_concepts=[M], learning_outcomes=[M], video={
                                  "url": "https://youtu.be/dQs8gQJ5rxI", "chapters": [{"time": "0:00", "title": H}],
                                  "captions": [{"file": "media/forward-process.en.vtt", "language": "en", "label": H}]})],
    },
    "workshop": {**COMMON, "kind": "workshop", "prerequisites": [M],
                 "slots": {"morning": {"start": "09:00", "end": "12:00"}},
                 "sessions": [_session(slot="morning")]},
}

# Fields that cannot hold free text: ids and references, checked URLs and addresses, and
# video links (only known providers pass validation).
NOT_TEXT = {("Video", "url")}


# ---------------------------------------------------------------------------- the hostile build


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tiny_site.write_project(tmp_path_factory.mktemp("hostile"), people=PEOPLE, readings=READINGS, events=EVENTS)
    site_dir = project / "site"
    result = tiny_site.build(project, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


class _Page(HTMLParser):
    """Everything on a page that could run script, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "data") and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed") or (tag == "img" and dict(attrs).get("src") == "x"):
            self.problems.append(f"<{tag}> from the data")
        self._in_script = tag == "script"
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_script and self._in_data:  # JSON-LD is data, never run: the data's text stays inside it
            if "<" in data:
                self.problems.append(f"markup inside JSON-LD: {data[:80]!r}")
            return
        if self._in_script and "alert" in data:
            self.problems.append(f"script from the data: {data[:80]!r}")
        if not self._in_script:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_no_page_runs_anything_from_the_data(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 15
    problems = [f"{path.relative_to(hostile_site)}: {problem}" for path in pages for problem in _parse(path).problems]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("page", [
    "seminar/index.html", "seminar/week-1/index.html", "group/index.html", "course/index.html",
    "lecture/index.html", "lecture/part-1/index.html", "workshop/index.html", "people/eve/index.html",
    "readings/index.html",
])
def test_hostile_text_is_shown_as_text(hostile_site: Path, page: str) -> None:
    text = "".join(_parse(hostile_site / page).text)
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text and "{% if true %}jinja{% endif %}" in text
    assert "[x](javascript:alert(1))" in text  # a refused link shows as what was written
    assert "49" not in text.replace("2006.11239", "")


def test_navigation_and_titles_escape_event_and_session_titles(hostile_site: Path) -> None:
    source = (hostile_site / "seminar" / "week-1" / "index.html").read_text(encoding="utf-8")
    assert "<title>Week 1: &lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "<script>alert(1)" not in source


def test_every_text_field_of_every_model_carries_hostile_text(tmp_path: Path) -> None:
    """The hostile data above reaches every free-text field the data model has."""
    project = tiny_site.write_project(tmp_path, people=PEOPLE, readings=READINGS, events=EVENTS)
    site = load_site(project / "data", root=project)
    hostile: set[tuple[str, str]] = set()
    for instance in _instances([*site.people.values(), *site.readings.values(), *site.events.values()]):
        for name in type(instance).model_fields:
            value = getattr(instance, name)
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and HOSTILE in v for v in values):
                hostile.add((type(instance).__name__, name))
    missing = _text_fields() - hostile - NOT_TEXT
    assert not missing, f"no hostile text in: {sorted(missing)}"


def _instances(roots: list[BaseModel]):
    for root in roots:
        yield root
        for name in type(root).model_fields:
            value = getattr(root, name)
            children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
            yield from _instances([child for child in children if isinstance(child, BaseModel)])


def _text_fields() -> set[tuple[str, str]]:
    """(model, field) for every field of the data model that takes free text."""
    return {(cls.__name__, name) for cls, name, info in model_fields() if _takes_text(info.annotation, info.metadata)}


def model_fields():
    """(model class, field name, FieldInfo) for every field of every model of the data."""
    todo, seen = [model.Person, model.Reading, *kinds.KINDS.values()], set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, info in cls.model_fields.items():
            yield cls, name, info
            todo += [t for t in _types(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]


def _types(annotation) -> list:
    args = typing.get_args(annotation)
    return [annotation] + [t for arg in args for t in _types(arg)]


def _takes_text(annotation, metadata=(), text_checks=model.TEXT_CHECKS) -> bool:
    """str somewhere in the type, not narrowed by a validator (other than `text_checks`, the
    checks of free text), a pattern or a Literal."""
    validators = [m for m in metadata if isinstance(m, (AfterValidator, BeforeValidator))]
    if any(m.func not in text_checks for m in validators) or any(getattr(m, "pattern", None) for m in metadata):
        return False
    if validators:
        return True
    if annotation is str:
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _takes_text(base, meta, text_checks)
    if typing.get_origin(annotation) is typing.Literal:
        return False
    return any(_takes_text(arg, (), text_checks) for arg in typing.get_args(annotation))


# ---------------------------------------------------------------------------- the renderer itself


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<div onclick='alert(1)'>\nblock\n</div>",
])
def test_markdown_fields_escape_html(text: str) -> None:
    html = render(text)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<div" not in html
    assert "&lt;" in html


@pytest.mark.parametrize("link", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x]( javascript:alert(1) )",
    "[x](data:text/html,hi)", "[x](vbscript:x)", "[x](../relative/)", "[x](#fragment)",
    "[x][r]\n\n[r]: javascript:alert(1)", "<javascript:alert(1)>",
])
def test_only_web_and_mail_links_survive(link: str) -> None:
    assert "href" not in render(link)


def test_web_and_mail_links_stay_links() -> None:
    html = render("[a](https://example.org/a) [b](http://example.org/b) [c](mailto:c@example.org)")
    assert html.count("<a href=") == 3


def test_images_become_links_so_nothing_loads_from_elsewhere() -> None:
    assert render("![a plot](https://example.org/p.png)") == '<p><a href="https://example.org/p.png">a plot</a></p>'
    assert render("![bad](javascript:alert(1))") == "<p><span>bad</span></p>"


def test_markdown_and_math_still_work() -> None:
    assert render_inline("**bold** and `code <b>`") == "<strong>bold</strong> and <code>code &lt;b&gt;</code>"
    assert render("$x<y$") == '<p><span class="arithmatex">\\(x&lt;y\\)</span></p>'
    assert "<table>" in render("| a | b |\n| - | - |\n| 1 | 2 |")


def test_literal_text_in_a_heading_is_neither_markdown_nor_html() -> None:
    import markdown

    md = markdown.Markdown(extensions=["attr_list", "toc", "pymdownx.arithmatex"],
                           extension_configs={"pymdownx.arithmatex": {"generic": True}})
    heading = md.convert("## " + markdown_literal('[x](javascript:a) *b* <i>c</i> $d$ {: onclick="e" }') + " { #id }")
    assert heading == '<h2 id="id">[x](javascript:a) *b* &lt;i&gt;c&lt;/i&gt; $d$ {: onclick="e" }</h2>'
