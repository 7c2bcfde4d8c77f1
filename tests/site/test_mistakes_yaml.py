"""YAML mistakes organizers make, each in plain words at the line where it was made (issue 10,
items 2 and 3): syntax mistakes, pasted invisible characters, LaTeX in double quotes, and files
that would take the loader without bounds (aliases of aliases, deep nesting, huge files)."""

import time

import pytest

from colloquium.errors import DataErrors
from colloquium.yaml_source import MAX_BYTES, MAX_DEPTH, MAX_VALUES, parse_yaml


def error_of(text: str | bytes) -> str:
    with pytest.raises(DataErrors) as caught:
        parse_yaml(text.encode() if isinstance(text, str) else text, "x.yml")
    return str(caught.value)


# ---------------------------------------------------------------------------- syntax mistakes


@pytest.mark.parametrize("text, error", [
    ("number: 1\ntitle: DDIM: part 1\n",
     "x.yml:2: the value of 'title' has a colon followed by a space, which YAML reads as the start of a new field; "
     "put the whole value in quotes: title: 'DDIM: part 1'"),
    ("sessions:\n  - number: 1\n    title: Score matching: a tutorial # why\n",
     "x.yml:3: the value of 'title' has a colon followed by a space, which YAML reads as the start of a new field; "
     "put the whole value in quotes: title: 'Score matching: a tutorial'"),
    ("title: @home seminar\n",
     "x.yml:1: the value of 'title' cannot start with '@' in YAML; put the whole value in quotes: title: '@home seminar'"),
    ("title: `torch.compile` in practice\n",
     "x.yml:1: the value of 'title' cannot start with '`' in YAML; put the whole value in quotes: title: '`torch.compile` in practice'"),
    ("title: *Bold* ideas\n",
     "x.yml:1: the value of 'title' starts with '*', which YAML reads as an alias (a reference to another value); "
     "put the whole value in quotes: title: '*Bold* ideas'"),
    ("title: [WIP] Diffusion\n",
     "x.yml:1: the value of 'title' starts with '[', which YAML reads as the start of a list; "
     "put the whole value in quotes: title: '[WIP] Diffusion'"),
    ("title: {Re}thinking\n",
     "x.yml:1: the value of 'title' starts with '{', which YAML reads as the start of a mapping; "
     "put the whole value in quotes: title: '{Re}thinking'"),
    ('title: "DDIM" in practice\nnumber: 2\n',
     "x.yml:1: the value of 'title' starts with a quote, so YAML ends it at the closing quote and cannot read the "
     "text after it; put the whole value in quotes: title: '\"DDIM\" in practice'"),
    ("title: 'Tweedie' and 'Stein'\n",
     "x.yml:1: the value of 'title' starts with a quote, so YAML ends it at the closing quote and cannot read the "
     "text after it; put the whole value in quotes: title: \"'Tweedie' and 'Stein'\""),
    ("title: \u201cDDIM: part\u201d 1\n",
     "x.yml:1: the value of 'title' starts with a curly quote (\u201c), which YAML does not read as a quote; "
     "use straight quotes (\" or ') around the whole value"),
    ("summary: | The first line\n  more\n",
     "x.yml:1: after | the text goes on the next lines, indented; move it there"),
    ("organizers: [woojin-kim\ntitle: x\n",
     "x.yml:1: the list that starts with '[' is not closed on this line; end it with ']'"),
    ("a:\n  b: 1\n c: 2\n",
     "x.yml:3: this line does not fit the lines above it: check its indentation (a field lines up with the other "
     "fields of its mapping, a list item's '-' with the other items)"),
    ("kind: seminar\ntitle:DDIM\nnumber: 1\n", "x.yml:2: a space is missing after the colon: write title: DDIM"),
    ("sessions:\n  - number:1\n    title: x\n", "x.yml:2: a space is missing after the colon: write number: 1"),
    ("title: x\nsubtitle: ? Why\n", "x.yml:2: '? ' starts a key in YAML and cannot stand here; put the text in quotes"),
    ("title: {{ name }}\n", "x.yml:1: a key must be a single value, not a list or mapping "
                             "(a value that starts with '{' or '[' is read as one: put it in quotes)"),
    ("kind: seminar\nthis line has no colon\ntitle: x\n",
     "x.yml:2: this line is neither `field: value` nor indented as part of the text above it "
     "(a missing colon and space, or text less indented than the lines before it?)"),
    ("summary: >-\n  One line\n  and the next\n broken off\nnumber: 2\n",
     "x.yml:4: this line does not fit the lines above it: check its indentation (a field lines up with the other "
     "fields of its mapping, a list item's '-' with the other items)"),
    ("sessions:\n  - number: 1\n   @ title: x\n",
     "x.yml:3: '@' cannot start a field or a value in YAML; remove it, or put the text in quotes"),
    ("sessions: - number: 1\n",
     "x.yml:1: a list item ('- ') cannot stand here; start it on a line of its own, its '-' lined up with the other items"),
    ("title: x\nsubtitle: *\n",
     "x.yml:2: the value of 'subtitle' starts with '*', which YAML reads as an alias (a reference to another value); "
     "put the whole value in quotes: subtitle: '*'"),
    ("title: x\nsubtitle: [*note]\n",
     "x.yml:2: a value starts with '*', which YAML reads as an alias, but no value above is named so (&name); "
     "put the value in quotes"),
    ("title: x\n%TAG ! tag:x\n",
     "x.yml:2: the value cannot start with '%' in YAML; put the whole value in quotes: '%TAG ! tag:x'"),
    ('title: "$\\frac{1}{2}$ and \\(x\\)"\n',
     "x.yml:1: a backslash in a double-quoted value starts an escape, and '\\(' is not one (LaTeX?); put the value "
     "in single quotes ('...') or write it as a block scalar (| and the text on the next lines)"),
    ('title: "The $\\xi$ trick"\n',
     "x.yml:1: a backslash in a double-quoted value starts an escape, and '\\xi' is not one (LaTeX?); put the value "
     "in single quotes ('...') or write it as a block scalar (| and the text on the next lines)"),
])
def test_a_syntax_mistake_is_explained_at_its_line(text, error):
    assert error_of(text) == error


def test_an_unclosed_quote_is_reported_where_it_opens_not_at_the_next_quote():
    lines = [f"field{i}: value {i}" for i in range(1, 150)]
    lines.append('title: "Course Introduction: the basics')  # line 150
    lines += [f"other{i}: plain" for i in range(151, 249)]
    lines.append('note: "the next quote"')  # line 249
    lines.append("last: 1")
    assert error_of("\n".join(lines) + "\n") == (
        "x.yml:150: the quote (\") that starts this value is not closed on this line; end the value with \" "
        "(a quote inside the text: use the other kind of quote around it)"
    )
    assert error_of("a: 1\ntitle: 'Course Introduction\nb: 2\n").startswith("x.yml:2: the quote (') that starts")


def test_a_quote_closed_on_a_later_line_is_still_fine():
    assert parse_yaml(b'title: "Course\n  Introduction"\n', "x.yml").data == {"title": "Course Introduction"}


# ---------------------------------------------------------------------------- characters


@pytest.mark.parametrize("text, error", [
    ("a: 1\nb: caf\u200be\n", "x.yml:2: an invisible character, U+200B (zero width space), is on this line; "
                             "delete it (it probably came with pasted text)"),
    ("a: 1\n\ufeffb: 2\n", "x.yml:2: an invisible character, U+FEFF (byte order mark), is on this line; "
                          "delete it (it probably came with pasted text)"),
    ("a: one\u2028two\n", "x.yml:1: an invisible character, U+2028 (line separator), is on this line; "
                         "delete it (it probably came with pasted text)"),
    ("a: x\u202eevil\n", "x.yml:1: an invisible character, U+202E (right-to-left override), is on this line; "
                        "delete it (it probably came with pasted text)"),
    ("a: 1\nb: a\x08b\n", "x.yml:2: a control character, U+0008 (backspace), is on this line; "
                         "delete it (it probably came with pasted text)"),
    ("a: \ufffe\n", "x.yml:1: a character that is not text, U+FFFE (unnamed character), is on this line; "
                   "delete it (it probably came with pasted text)"),
    ("a:\n\u00a0 b: 1\n", "x.yml:2: the indentation of this line has a U+00A0 (no-break space) instead of a plain "
                         "space; retype the spaces at the start of the line"),
    ("a:\u00a0b\nc: 1\n", "x.yml:1: a U+00A0 (no-break space) is on this line where YAML needs a plain space; "
                         "retype it as a space"),
])
def test_invisible_and_control_characters_are_named_with_their_line(text, error):
    assert error_of(text) == error


def test_a_no_break_space_inside_text_is_text():
    assert parse_yaml("distance: 10\u00a0km\n".encode(), "x.yml").data == {"distance": "10\u00a0km"}


@pytest.mark.parametrize("latex, escape, meaning", [
    ("$\\beta_t$", "\\beta", "\\b as a backspace"),
    ("$\\epsilon$", "\\epsilon", "\\e as an escape character"),
    ("$\\nabla f$", "\\nabla", "\\n as a line break"),
    ("$\\theta$", "\\theta", "\\t as a tab"),
    ("$\\frac{a}{b}$", "\\frac", "\\f as a form feed"),
    ("$\\varepsilon$", "\\varepsilon", "\\v as a vertical tab"),
    ("$\\rho$", "\\rho", "\\r as a carriage return"),
])
def test_latex_in_double_quotes_is_an_error_with_the_fix(latex, escape, meaning):
    text = f'title: Noise\nsummary: "The noise schedule\n  and {latex} here."\n'
    assert error_of(text) == (
        f"x.yml:3: summary: '{escape}' in a double-quoted value is not LaTeX to YAML: it reads {meaning}; "
        "put the value in single quotes ('...') or write it as a block scalar (| and the text on the next lines)"
    )


def test_latex_written_as_yaml_wants_it_is_read_as_written():
    text = "a: '$\\beta_t$'\nb: \"$\\\\beta_t$\"\nc: |\n  $\\beta_t$\nd: \"caf\\u00e9\"\n"
    assert parse_yaml(text.encode(), "x.yml").data == {"a": "$\\beta_t$", "b": "$\\beta_t$", "c": "$\\beta_t$\n", "d": "caf\u00e9"}


def test_escapes_meant_as_escapes_are_read_as_escapes():
    text = 'a: "Line one\\nLine two\\tand a tab"\nb: "Costs $5\\n\\nEach team"\nc: "caf\\u00e9\\_au lait"\n'
    assert parse_yaml(text.encode(), "x.yml").data == {
        "a": "Line one\nLine two\tand a tab", "b": "Costs $5\n\nEach team", "c": "caf\u00e9\u00a0au lait",
    }


# ---------------------------------------------------------------------------- bounds


def test_a_billion_laughs_is_refused_at_once():
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]\n" for previous, name in zip("abcdefghi", "bcdefghij")
    )
    started = time.perf_counter()
    error = error_of(text)
    assert time.perf_counter() - started < 1
    assert error == (
        f"x.yml:5: the aliases (*name) in this file expand to more than {MAX_VALUES:,} values; "
        "a data file needs far fewer (aliases of aliases, a \"billion laughs\"?)"
    )


def test_aliases_that_expand_modestly_are_fine():
    text = "room: &room {location: E3-1, building: N1}\na: *room\nb: *room\nc: [*room, *room]\n"
    assert parse_yaml(text.encode(), "x.yml").data["c"] == [{"location": "E3-1", "building": "N1"}] * 2


@pytest.mark.parametrize("nested", ["[" * 300_000 + "]" * 300_000, "{a: " * 100_000 + "b" + "}" * 100_000])
def test_deep_nesting_is_refused_before_it_is_composed(nested):
    started = time.perf_counter()
    assert error_of("x: " + nested + "\n") == (
        f"x.yml:1: the data nests more than {MAX_DEPTH} levels deep (lists in lists, or mappings in mappings)"
    )
    assert time.perf_counter() - started < 2


def test_a_huge_file_is_refused_without_parsing():
    raw = b"a: " + b"x" * MAX_BYTES + b"\n"
    assert error_of(raw) == (
        f"x.yml:1: the file has {len(raw):,} bytes; a data file may have at most {MAX_BYTES:,} (is it the right file?)"
    )


def test_the_bound_counts_each_key_and_value_once():
    # the mapping, its key, the list and the items
    fits = "a: [" + ", ".join(["x"] * (MAX_VALUES - 3)) + "]\n"
    assert len(parse_yaml(fits.encode(), "x.yml").data["a"]) == MAX_VALUES - 3
    assert error_of(fits.replace("[x, ", "[x, x, ", 1)) == (
        f"x.yml:1: the file holds more than {MAX_VALUES:,} values; a data file needs far fewer (is it the right file?)"
    )


def test_text_cut_off_by_a_comment_is_an_error():
    text = "number: 3\ntitle: Lecture #3 of the course\nnote: plain # an ordinary comment\nurl: https://x.org/#part\n"
    with pytest.raises(DataErrors) as caught:
        parse_yaml(text.encode(), "x.yml")
    assert str(caught.value) == (
        "x.yml:2: title: '#3' and what follows it are read as a comment, not as part of the value; "
        "put the whole value in quotes to keep them (or write the comment as '# ...')"
    )
    assert parse_yaml(b"title: 'Lecture #3'  # fine\n", "x.yml").data == {"title": "Lecture #3"}
