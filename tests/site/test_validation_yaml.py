"""Reading YAML: plain data by YAML 1.2 rules, and the line of every field."""

from textwrap import dedent

import pytest

from colloquium.errors import DataErrors
from colloquium.yaml_source import parse_yaml

EVENT = dedent("""\
    # yaml-language-server: $schema=../schema/event.schema.json
    kind: seminar
    title: Seminar
    sessions:
      - number: 1
        title: One

      - number: 2
        title: Two
        video: https://youtu.be/dQw4w9WgXcQ
        presenters:
          - woojin-kim
          - name: Guest
""")


def test_line_of_every_field():
    document = parse_yaml(EVENT.encode(), "data/events/s.yml")
    assert document.line_of(()) == 2
    assert document.line_of(("kind",)) == 2
    assert document.line_of(("sessions",)) == 4
    assert document.line_of(("sessions", 0)) == 5
    assert document.line_of(("sessions", 1)) == 8
    assert document.line_of(("sessions", 1, "video")) == 10
    assert document.line_of(("sessions", 1, "presenters", 1)) == 13
    assert document.line_of(("sessions", 1, "presenters", 1, "name")) == 13
    # a field that is not there (a missing one) is placed at the nearest enclosing field
    assert document.line_of(("sessions", 1, "summary")) == 8


def test_scalars_follow_yaml_1_2():
    text = dedent("""\
        time: 10:30
        answer: yes
        off: off
        country: NO
        date: 2025-02-30
        octal: 0o17
        leading_zero: 017
        hex: 0x1F
        float: 1.5e3
        infinity: -.inf
        empty:
        tilde: ~
        true_: True
        quoted: "3"
        tagged: !!str 3
    """)
    assert parse_yaml(text.encode(), "x.yml").data == {
        "time": "10:30", "answer": "yes", "off": "off", "country": "NO", "date": "2025-02-30",
        "octal": 15, "leading_zero": 17, "hex": 31, "float": 1500.0, "infinity": float("-inf"),
        "empty": None, "tilde": None, "true_": True, "quoted": "3", "tagged": "3",
    }


def test_aliases_are_expanded():
    document = parse_yaml(b"base: &room {location: E3-1 1501}\ncopy: *room\n", "x.yml")
    assert document.data["copy"] == {"location": "E3-1 1501"}


@pytest.mark.parametrize("text, error", [
    (b"a: !!python/object/apply:os.system [echo]\n", "x.yml:1: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not supported here; remove it"),
    (b"a: !local text\n", "x.yml:1: the YAML tag '!local' is not supported here; remove it"),
    (b"a: &x [*x]\n", "x.yml:1: the alias *x is inside the value it names (&x), so the value would never end; remove the alias"),
    (b"? [a, b]\n: c\n", "x.yml:1: a key must be a single value, not a list or mapping (a value that starts with '{' or '[' is read as one: put it in quotes)"),
    (b"a: 1\n---\nb: 2\n", "x.yml:2: a second document starts here (---); a data file holds one: remove the line"),
    (b"a:\n  - x\n\t- y\n", "x.yml:3: tab character in indentation; use spaces"),
    (b"\n\n# nothing here\n", "x.yml:1: the file is empty"),
    (b"a: caf\xc3\nb: 1\n", "x.yml:1: the file is not UTF-8 text (byte 0xc3 at offset 6 cannot be decoded); save it with UTF-8 encoding"),
])
def test_what_is_not_plain_utf8_yaml_data_is_refused(text, error):
    with pytest.raises(DataErrors) as caught:
        parse_yaml(text, "x.yml")
    assert str(caught.value) == error


def test_every_duplicate_key_is_reported():
    text = b"a: 1\nb:\n  c: 1\n  c: 2\n  c: 3\na: 2\n"
    with pytest.raises(DataErrors) as caught:
        parse_yaml(text, "x.yml")
    assert str(caught.value).splitlines() == [
        "x.yml:4: b.c: duplicate key 'c' (first on line 3)",
        "x.yml:5: b.c: duplicate key 'c' (first on line 3)",
        "x.yml:6: a: duplicate key 'a' (first on line 1)",
    ]
