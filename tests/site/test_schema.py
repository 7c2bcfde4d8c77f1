"""The committed JSON Schemas: up to date with the models, true to the data, useful in editors."""

import functools
import json
from collections import defaultdict
from pathlib import Path
from textwrap import dedent

import pytest
from jsonschema import Draft202012Validator, ValidationError

import tiny_site
from colloquium.schema import json_schema, render, schema_file_name, stale_schemas, write_schemas
from colloquium.yaml_source import parse_yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = tiny_site.EXAMPLE_DATA
SCHEMA_DIR = REPO_ROOT / "data" / "schema"  # committed beside the data organizers edit


def data_files() -> list[tuple[Path, str]]:
    """Every example data file with the schema it should follow."""
    events = sorted((DATA / "events").glob("*.yml"))
    return [(DATA / "people.yml", "people"), (DATA / "readings.yml", "readings"), *((path, "event") for path in events)]


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """What an editor does: check a document against the committed schema, formats included."""
    schema = json.loads((SCHEMA_DIR / schema_file_name(name)).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_an_editor_shows(error: ValidationError) -> list[ValidationError]:
    """Where a value may be one of several things (`oneOf`, `anyOf`: an event of five kinds, a
    date range or nothing), show, like the YAML language server, the errors of the one
    alternative that fits the value's type and `kind`, rather than "not valid under any"."""
    if error.validator not in ("oneOf", "anyOf"):
        return [error]
    branches = defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)
    fitting = [
        subs
        for subs in branches.values()
        if not any((sub.validator == "type" and not sub.relative_path) or list(sub.relative_path) == ["kind"] for sub in subs)
    ]
    if len(fitting) != 1:
        return [error]
    return [shown for sub in fitting[0] for shown in as_an_editor_shows(sub)]


def editor_errors(name: str, text: str) -> list[str]:
    document = parse_yaml(dedent(text).encode(), f"{name}.yml")
    return sorted(
        f"{'/'.join(map(str, shown.absolute_path))}: {shown.message}"
        for error in validator(name).iter_errors(document.data)
        for shown in as_an_editor_shows(error)
    )


# ---------------------------------------------------------------------------- up to date


def test_committed_schemas_are_up_to_date_with_the_models():
    assert stale_schemas(SCHEMA_DIR) == [], "regenerate them with `python -m colloquium.schema`"


def test_an_outdated_or_missing_schema_is_detected(tmp_path):
    write_schemas(tmp_path)
    assert stale_schemas(tmp_path) == []
    people = tmp_path / schema_file_name("people")
    schema = json.loads(people.read_text())
    del schema["$defs"]["Person"]["properties"]["homepage"]  # as if the model had gained a field since
    people.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
    (tmp_path / schema_file_name("event")).unlink()
    assert stale_schemas(tmp_path) == ["people", "event"]
    assert sorted(path.name for path in write_schemas(tmp_path)) == ["event.schema.json", "people.schema.json"]
    assert stale_schemas(tmp_path) == []


def test_schema_files_are_deterministic_sorted_and_end_with_a_newline(tmp_path):
    write_schemas(tmp_path)
    first = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert write_schemas(tmp_path) == []  # nothing stale: nothing rewritten
    for name in ("people", "readings", "event"):
        text = render(name)
        assert text == render(name) and text.endswith("}\n")
        assert first[schema_file_name(name)] == text.encode()
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert sorted(first) == ["event.schema.json", "people.schema.json", "readings.schema.json"]
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


@pytest.mark.parametrize("name", ["people", "readings", "event"])
def test_committed_schemas_are_valid_json_schemas(name):
    Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / schema_file_name(name)).read_text(encoding="utf-8")))


def test_schemas_describe_the_files():
    event = json_schema("event")
    assert (event["title"], event["$schema"]) == ("Event", "https://json-schema.org/draft/2020-12/schema")
    kinds = sorted(event["discriminator"]["mapping"])
    assert kinds == ["course", "lecture", "reading-group", "seminar", "workshop"]


# ---------------------------------------------------------------------------- the example data


@pytest.mark.parametrize("path, name", data_files(), ids=lambda value: getattr(value, "name", value))
def test_the_schema_accepts_the_example_data(path, name):
    document = parse_yaml(path.read_bytes(), path.name)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(name).iter_errors(document.data)]
    assert errors == []


def test_there_is_example_data_to_check():
    assert len(data_files()) >= 7  # people, readings and the five example events


# ---------------------------------------------------------------------------- editor-style checks


def test_the_schema_flags_a_typo_as_an_editor_would():
    assert editor_errors("event", """\
        kind: seminar
        title: Seminar
        sessions:
          - title: DDPM
            presenter: [woojin-kim]
        """) == ["sessions/0: Additional properties are not allowed ('presenter' was unexpected)"]
    assert editor_errors("people", """\
        woojin-kim:
          name: Woojin Kim
          affilation: KAIST
        """) == ["woojin-kim: Additional properties are not allowed ('affilation' was unexpected)"]


def test_the_schema_flags_wrong_values():
    (kind_error,) = editor_errors("event", """\
        kind: talk
        title: Seminar
        """)
    assert kind_error.endswith("is not valid under any of the given schemas")  # no kind matches
    assert editor_errors("event", """\
        kind: seminar
        title: Seminar
        dates: {start: 2025-02-30}
        sessions:
          - {title: DDPM, status: canceled, start: half past ten}
        """) == [
        "dates/start: '2025-02-30' is not a 'date'",
        "sessions/0/start: 'half past ten' does not match '^\\\\d{1,2}:\\\\d{2}$'",
        "sessions/0/status: 'canceled' is not one of ['scheduled', 'tentative', 'cancelled', 'rescheduled', 'no-class']",
    ]
    assert editor_errors("people", """\
        Woojin Kim:
          name: Woojin Kim
        """) == [": 'Woojin Kim' does not match any of the regexes: '^[a-z0-9]+(?:-[a-z0-9]+)*$'"]


def test_the_schema_accepts_the_short_forms_the_loader_accepts():
    assert editor_errors("event", """\
        kind: lecture
        title: Lecture 16
        session_time: {start: 9:30, end: 10:45}
        sessions:
          - number: 1
            title: Forward process
            date: 2025-10-14
            video: https://youtu.be/dQw4w9WgXcQ?si=x
            presenters: [woojin-kim, {name: Guest Speaker, affiliation: Elsewhere}]
            topics: [Noise schedules, {title: Reparameterization, slide: 12}]
          - number: 2
            title: Reverse process
            video: {url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", release: 2025-10-21}
        """) == []
