"""Text the outputs cannot carry is refused by validation, at its file and line (issue 10,
item 1), and prose with dollar signs stays prose (item 7).

Every text field of every model (the hostile-text data of test_safe_rendering reaches each of
them, and that test fails when a new field is not covered) is given each character that pages,
calendars or the feed cannot carry: loading must fail with exactly one `file:line` error per
field, never with another exception. What validation lets through must build: a site with the
awkward characters that are fine (a no-break space, emoji, right-to-left text, tabs and line
breaks in Markdown) and the first and last dates allowed builds, calendars and feed included.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import tiny_site
from colloquium import model
from colloquium.kinds.seminar import SeminarSession
from colloquium.errors import DataErrors
from colloquium.loader import load_site
from colloquium.markdown_text import render
from colloquium.yaml_source import parse_yaml
from test_safe_rendering import EVENTS, HOSTILE, HOSTILE_MARKDOWN, PEOPLE, READINGS, _takes_text, model_fields

# Characters no output can carry, and line breaks and tabs that one-line fields cannot.
NOT_TEXT = ["\x00", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9b", "\ufffe", "\uffff", "\U0010ffff", "\ufdd0"]
NOT_ONE_LINE = ["\n", "\r", "\t", "\x0b", "\x0c", "\u2028", "\u2029"]


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _text_places(data, path=()):
    """(path, multiline) of every place in the data that holds the hostile text."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_places(value, (*path, index))
    elif data in (HOSTILE, HOSTILE_MARKDOWN):
        yield path, data == HOSTILE_MARKDOWN


def _replaced(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _files():
    """Each data file of the hostile project as (name under data/, data)."""
    yield "people.yml", PEOPLE
    yield "readings.yml", READINGS
    for event_id, event in EVENTS.items():
        yield f"events/{event_id}.yml", event


@pytest.mark.parametrize("char", NOT_TEXT + NOT_ONE_LINE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_text_field_refuses_what_the_outputs_cannot_carry(tmp_path: Path, char: str) -> None:
    project = tiny_site.write_project(tmp_path, people=PEOPLE, readings=READINGS, events=EVENTS)
    expected: set[tuple[str, int]] = set()
    for name, clean in _files():
        bad, placeholder = copy.deepcopy(clean), copy.deepcopy(clean)
        places = []
        for path, multiline in _text_places(clean):
            if multiline and char in "\n\t":
                _replaced(bad, path, f"Fine {char} here")  # Markdown has lines and tabs
                _replaced(placeholder, path, "Fine here")
                continue
            _replaced(bad, path, f"Before {char} after")
            _replaced(placeholder, path, "Before after")
            places.append(path)
        text = yaml.dump(bad, Dumper=_NoAliases, allow_unicode=True, width=1000)
        shown = yaml.dump(placeholder, Dumper=_NoAliases, allow_unicode=True, width=1000)
        assert text.count("\n") == shown.count("\n")  # the same layout, line for line
        lines = parse_yaml(shown.encode(), name).lines
        expected |= {(f"data/{name}", lines[path]) for path in places}
        (project / "data" / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_site(project / "data", root=project)
    found = {(error.file, error.line) for error in caught.value.errors}
    assert found == expected, "\n".join(map(str, caught.value.errors))
    lines_with_errors = [(error.file, error.line) for error in caught.value.errors]
    assert len(lines_with_errors) == len(set(lines_with_errors)), [str(e) for e in caught.value.errors if lines_with_errors.count((e.file, e.line)) > 1]


def test_the_messages_say_which_character_and_how_to_fix_it(tmp_path: Path) -> None:
    data = tiny_site.write_project(tmp_path) / "data"
    path = data / "events" / "tiny-seminar.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Tiny Seminar", "title: |\n  Tiny\n  Seminar")
    text = text.replace("title: Released", "title: \"Released \\a now\"")
    text += "location: \"Room\\x1b 1\"\nsubtitle: \"Two\\x0blines\"\nterm: \"Fall\\u2028 2025\"\n"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line(start: str) -> int:
        return next(number for number, text in enumerate(lines, start=1) if text.lstrip(" -").startswith(start))

    released = line('title: "Released')
    with pytest.raises(DataErrors) as caught:
        load_site(data, root=tmp_path)
    # every error of the file at once: one found while reading it, the others by the model
    assert [str(error) for error in caught.value.errors] == [
        f"data/events/tiny-seminar.yml:{released}: week 1 (Released now).title: '\\a' in a double-quoted value "
        "makes a bell character, which pages, calendars and feeds cannot carry; remove it",
        f"data/events/tiny-seminar.yml:{line('title: |')}: title: U+000A (line break) breaks the line of a one-line "
        "field; write the text on one line (a long line can be folded with >-)",
        f"data/events/tiny-seminar.yml:{line('location')}: location: '\\x1b' in a double-quoted value makes U+001B "
        "(escape character), which pages, calendars and feeds cannot carry; remove it",
        f"data/events/tiny-seminar.yml:{line('subtitle')}: subtitle: '\\x0b' in a double-quoted value makes U+000B "
        "(vertical tab), which pages, calendars and feeds cannot carry; remove it",
        f"data/events/tiny-seminar.yml:{line('term')}: term: '\\u2028' in a double-quoted value makes U+2028 "
        "(line separator), which pages, calendars and feeds cannot carry; remove it",
    ]


@pytest.mark.parametrize("field, value, message", [
    ("title", "a\x08b", "the text has U+0008 (backspace), which pages, calendars and feeds cannot show; delete it "
                         "(LaTeX such as \\beta in double quotes makes such characters: use single quotes or a block scalar)"),
    ("title", "two\nlines", "U+000A (line break) breaks the line of a one-line field; write the text on one line "
                            "(a long line can be folded with >-)"),
    ("title", "a\tb", "a tab in a one-line field; use a space"),
    ("summary", "a\x00b", "the text has U+0000 (null character), which pages, calendars and feeds cannot show; delete it "
                          "(LaTeX such as \\beta in double quotes makes such characters: use single quotes or a block scalar)"),
    ("summary", "a\ufffeb", "the text has U+FFFE (unnamed character), which pages, calendars and feeds cannot show; delete it "
                            "(LaTeX such as \\beta in double quotes makes such characters: use single quotes or a block scalar)"),
])
def test_the_model_refuses_what_the_outputs_cannot_carry_whatever_made_it(field, value, message) -> None:
    """The model's own check, for text that did not come through YAML's escapes."""
    data = {"title": "A session", field: value}
    with pytest.raises(ValueError) as caught:
        SeminarSession.model_validate(data)
    assert caught.value.errors()[0]["ctx"]["error"].args[0] == message
    SeminarSession.model_validate({"title": "A session", "summary": "Two\nlines\tand a tab"})


# ---------------------------------------------------------------------------- what passes builds


FINE = "Caf\u00e9\u00a0\u2014 \U0001f9ea \u05e9\u05dc\u05d5\u05dd \u0639\u0631\u0628\u064a \u200d x\u0301 \u00bd \u2028"[:-1]


def test_what_validation_lets_through_builds_pages_calendars_and_feed(tmp_path: Path) -> None:
    events = copy.deepcopy(tiny_site.EVENTS)
    seminar = events["tiny-seminar"]
    seminar["title"] = f"Seminar {FINE}"
    seminar["dates"] = {"start": f"{model.FIRST_YEAR}-01-01", "end": f"{model.LAST_YEAR}-12-31"}
    seminar["timezone"] = "Pacific/Kiritimati"
    seminar["sessions"][0].update(title=f"Released {FINE}", summary=f"Line one\t(a tab) {FINE}\n\nEach team gets $50-$100 in GPU credits.")
    seminar["sessions"] += [
        {"number": 5, "title": "First day", "date": f"{model.FIRST_YEAR}-01-01", "start": "00:00", "end": "00:30"},
        {"number": 6, "title": "Last day", "date": f"{model.LAST_YEAR}-12-31", "start": "23:00", "end": "23:59"},
    ]
    project = tiny_site.write_project(tmp_path, events=events)
    site_dir = tmp_path / "site"
    result = tiny_site.build(project, site_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site_dir / "tiny-seminar" / "week-1" / "index.html").read_text(encoding="utf-8")
    assert FINE in page
    assert "Each team gets $50-$100 in GPU credits." in page  # prose, not math, through MkDocs too
    calendars = [path.read_text(encoding="utf-8") for path in site_dir.rglob("*.ics")]
    assert calendars and any("Released" in calendar for calendar in calendars)
    assert (site_dir / "feed.xml").exists() or list(site_dir.rglob("*.xml"))


@pytest.mark.parametrize("date", ["1899-12-31", "2201-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_what_the_outputs_carry_are_refused(tmp_path: Path, date: str) -> None:
    events = copy.deepcopy(tiny_site.EVENTS)
    events["tiny-seminar"]["sessions"][0]["date"] = date
    events["tiny-seminar"].pop("dates")
    project = tiny_site.write_project(tmp_path, events=events)
    with pytest.raises(DataErrors) as caught:
        load_site(project / "data", root=project)
    (error,) = caught.value.errors
    assert error.field == "week 1 (Released).date"
    assert error.message == f"'{date}' is out of range (dates are between {model.FIRST_YEAR} and {model.LAST_YEAR})"


def test_every_free_text_field_is_checked_text() -> None:
    """No field takes plain `str`: each is one-line Text, Markdown, or a narrower type (ids,
    links, dates), so a new field cannot let control characters through unnoticed."""
    unchecked = [
        f"{cls.__name__}.{name}" for cls, name, info in model_fields()
        if _takes_text(info.annotation, info.metadata, text_checks=())  # text, and no check of its own
    ]
    assert not unchecked, f"plain str (use model.Text or model.Markdown): {unchecked}"


# ---------------------------------------------------------------------------- dollars (item 7)


@pytest.mark.parametrize("text, html", [
    ("Each team gets $50-$100 in GPU credits.", "<p>Each team gets $50-$100 in GPU credits.</p>"),
    ("Tickets cost $5 and $10.", "<p>Tickets cost $5 and $10.</p>"),
    ("Between $ and $ there is space.", "<p>Between $ and $ there is space.</p>"),
    ("A budget of \\$20 for $x$ units.", '<p>A budget of $20 for <span class="arithmatex">\\(x\\)</span> units.</p>'),
    ("The loss $L_t$, then more.", '<p>The loss <span class="arithmatex">\\(L_t\\)</span>, then more.</p>'),
    ("Not math: $x$5.", "<p>Not math: $x$5.</p>"),
    ("Folded display $$ \\nabla \\log p(x) $$ inside a paragraph.",
     '<p>Folded display <span class="arithmatex">\\[\\nabla \\log p(x)\\]</span> inside a paragraph.</p>'),
    ("$$\np(x)\n$$", '<div class="arithmatex">\\[\np(x)\n\\]</div>'),
])
def test_dollars_follow_pandocs_rule(text: str, html: str) -> None:
    assert render(text) == html


def test_a_folded_summary_with_display_math_renders_as_display_math() -> None:
    text = "summary: >-\n  The score is\n\n  $$\n  \\nabla_x \\log p_t(x)\n  $$\n\n  and costs $50-$100.\n"
    summary = parse_yaml(text.encode(), "x.yml").data["summary"]
    html = render(summary)
    assert '<span class="arithmatex">\\[\\nabla_x \\log p_t(x)\\]</span>' in html or '<div class="arithmatex">' in html
    assert "$$" not in html
    assert "costs $50-$100." in html


def test_the_quick_path_for_plain_text_admits_no_character_the_outputs_cannot_carry():
    """Text made only of common printable characters skips the look at each character: that
    shortcut must never let through what the character-by-character check refuses."""
    from colloquium import model

    admitted = [chr(code) for code in range(0x110000) if model._PLAIN_TEXT.fullmatch(chr(code))]
    assert admitted and not [char for char in admitted if model._unshowable(char, multiline=False)]
