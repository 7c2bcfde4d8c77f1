"""JSON Schemas of the data files, generated from the models, for editors.

Each data file starts with a `# yaml-language-server: $schema=...` comment naming its schema
under data/schema/, so editors with the YAML language server complete field names and flag
typos as the organizer types. The schemas are committed; a test fails when they fall behind
the models. Regenerate them with `python -m colloquium.schema` (from the project root).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

from colloquium import kinds
from colloquium.files import write_atomically
from colloquium.model import PeopleFile, ReadingsFile

SCHEMA_DIR = Path("data") / "schema"
_MODELS = {  # the model of each file (the event's: one of the kinds registered at the time)
    "people": (lambda: PeopleFile, "People", "data/people.yml: people keyed by id"),
    "readings": (lambda: ReadingsFile, "Readings", "data/readings.yml: readings keyed by id"),
    "event": (kinds.event_file, "Event", "data/events/<event-id>.yml: one event and its sessions"),
}


def schema_file_name(name: str) -> str:
    return f"{name}.schema.json"


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file: people, readings or event."""
    model, title, description = _MODELS[name]
    schema = model().model_json_schema(mode="validation")
    if "patternProperties" in schema:  # ids are keys: a key that is not an id is an error too
        schema["additionalProperties"] = False
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title, "description": description}


def render(name: str) -> str:
    """The committed text: sorted keys and a trailing newline, so it changes only with the models."""
    return _render(name, tuple(kinds.KINDS.values()))


@functools.cache  # per set of kinds: the models do not change while the program runs
def _render(name: str, registered: tuple) -> str:
    return json.dumps(json_schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def stale_schemas(schema_dir: Path) -> list[str]:
    """Names of the schemas under `schema_dir` that are missing or differ from the models."""
    return [
        name
        for name in _MODELS
        if not (path := schema_dir / schema_file_name(name)).exists() or path.read_text(encoding="utf-8") != render(name)
    ]


def write_schemas(schema_dir: Path) -> list[Path]:
    """Write the stale schemas (each atomically) and return their paths."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in stale_schemas(schema_dir):
        path = schema_dir / schema_file_name(name)
        write_atomically(path, render(name))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR):
        print(f"wrote {written_path}")
