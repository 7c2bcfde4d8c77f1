"""Load and check all of data/: people, readings and one file per event, every error at once.

Each file is parsed (yaml_source) and validated against its model; references to people,
readings and figures are checked during validation (the known ids travel as pydantic's
validation context, see model._known), so one pass reports typos and unknown ids together.
What needs a whole event (unique session and assignment ids, sessions inside the event's dates)
is checked afterwards on the validated event, with lines from the same YAML document.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pydantic import ValidationError

from colloquium import captions, kinds
from colloquium.errors import DataError, DataErrors, error_at, show, validation_errors
from colloquium.kinds.base import EventBase
from colloquium.model import IDENTIFIER_PATTERN, MAX_ID_LENGTH, PeopleFile, Person, Reading, ReadingsFile
from colloquium.yaml_source import EmptyFile, YamlDocument, load_yaml

PEOPLE_FILE = "people.yml"
READINGS_FILE = "readings.yml"
EVENTS_DIR = "events"
# Top-level pages of the site (DESIGN §5) and MkDocs' own folders: an event there would clash.
RESERVED_EVENT_IDS = frozenset({"people", "readings", "figures", "assets", "search", "about", "past-events"})


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, validated and cross-checked by the loader.

    `documents` keeps each parsed file, so that notices about the data (an overdue release,
    an unused person) can say where, as errors do: by event id, and 'people.yml' and
    'readings.yml' (names no event id can have)."""

    people: dict[str, Person]
    readings: dict[str, Reading]
    events: dict[str, EventBase]  # event id -> event, in the order of data/events/ file names
    transcripts: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)  # path under content/ -> text
    documents: Mapping[str, YamlDocument] = field(default_factory=dict, compare=False, repr=False)


def load_site(
    data_dir: Path,
    known_figures: Collection[str] | None = None,
    root: Path | None = None,
    content_dir: Path | None = None,
) -> Site:
    """Read every data file under `data_dir` into a Site, or raise DataErrors with all errors.

    `known_figures` are the figure names sessions may use (None: not checked). File names in
    errors are relative to `root` (default: the folder holding `data_dir`). People's photos
    are files under `content_dir` (default: content/ beside `data_dir`; not checked when
    there is no such folder)."""
    loader = _Loader(data_dir, root if root is not None else data_dir.parent)
    loader.check_folder()
    people = loader.mapping_file(PEOPLE_FILE, PeopleFile, "people")
    content_dir = content_dir if content_dir is not None else data_dir.parent / "content"
    loader.check_photos(people, content_dir)
    readings = loader.mapping_file(READINGS_FILE, ReadingsFile, "readings")
    context = {
        "people": loader.ids.get("people"),
        "readings": loader.ids.get("readings"),
        "figures": set(known_figures) if known_figures is not None else None,
    }
    events, documents = {}, {}
    event_file, number_words = kinds.event_file(), kinds.number_words()
    for path in loader.event_files():
        event_id, document = path.stem, loader.parse(path, number_words)
        if document is None:
            continue
        event = loader.validate(event_file, document, context)
        if event is not None and loader.check_event_id(event_id, document, content_dir):
            loader.errors.extend(event.root.cross_checks(document))
            loader.check_event_image(event.root, document, content_dir)
            loader.check_site_files(event.root, document, content_dir)
            events[event_id], documents[event_id] = event.root, document
    if loader.errors:
        raise DataErrors(loader.errors)
    return Site(
        people=people, readings=readings, events=events, transcripts=loader.transcripts,
        documents={**loader.documents, **documents},
    )


class _Loader:
    """The files of one run and the errors found so far."""

    def __init__(self, data_dir: Path, root: Path) -> None:
        self.data_dir, self.root = data_dir, root
        self.errors: list[DataError] = []
        self.ids: dict[str, set[str] | None] = {}
        self.documents: dict[str, YamlDocument] = {}  # people.yml and readings.yml, once parsed
        self.transcripts: dict[str, str] = {}

    def name(self, path: Path) -> str:
        """How errors name a file: relative to the project root (data/events/x.yml)."""
        try:
            return path.absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            if path == self.data_dir:
                return path.as_posix()
            return (Path(self.data_dir.name) / path.relative_to(self.data_dir)).as_posix()

    def check_folder(self) -> None:
        """The data folder exists and holds data: run from elsewhere, or given a wrong --data,
        validation must not say OK about nothing (and a build must not publish an empty site)."""
        name = self.name(self.data_dir)
        if not self.data_dir.is_dir():
            problem = "is not a folder" if self.data_dir.exists() else "does not exist"
            raise DataErrors([DataError(name, 0, "", (
                f"the data folder {problem}; run colloquium in the project's folder, or name the data folder with --data"
            ))])
        if not any((self.data_dir / part).exists() for part in (PEOPLE_FILE, READINGS_FILE, EVENTS_DIR)):
            raise DataErrors([DataError(name, 0, "", (
                f"the data folder is empty (no {PEOPLE_FILE}, {READINGS_FILE} or {EVENTS_DIR}/); is it the project's data folder?"
            ))])

    def outside(self, path: Path) -> bool:
        """A data file that is a link to a file outside the project (the folder holding data/):
        the site would publish whatever it points to."""
        project = self.data_dir.absolute().parent.resolve()
        return not path.resolve().is_relative_to(project)

    def parse(self, path: Path, number_words: Mapping[str, str] | None = None, empty: dict | None = None) -> YamlDocument | None:
        """The parsed file, or None after noting its errors. A file holding nothing (or only
        comments) holds `empty`; without one (an event file), it is an error that says what
        to write."""
        if self.outside(path):
            self.errors.append(DataError(self.name(path), 0, "", (
                "the file is a link to a file outside the project; put the file itself in the data folder"
            )))
            return None
        try:
            document = load_yaml(path, self.name(path), keep_going=True, number_words=number_words)
            self.errors.extend(document.errors)
            return document
        except EmptyFile:
            if empty is not None:
                return YamlDocument(self.name(path), empty, {(): 1})
            self.errors.append(DataError(self.name(path), 1, "", (
                "the file is empty; an event file holds at least `kind:` and `title:` lines "
                "(`colloquium new event --kind KIND ID` writes one with every field explained)"
            )))
            return None
        except OSError as error:  # a folder where a file should be, no permission to read it ...
            self.errors.append(DataError(self.name(path), 0, "", f"the file cannot be read ({error.strerror or error})"))
            return None
        except DataErrors as errors:
            self.errors.extend(errors.errors)
            return None

    def validate(self, model: Any, document: YamlDocument, context: dict[str, Any] | None = None) -> Any:
        try:
            return model.model_validate(document.data, context=context)
        except ValidationError as error:
            # a field the reading of the file already found wrong (LaTeX in double quotes) is told once
            told = {found.field for found in document.errors}
            self.errors.extend(e for e in validation_errors(error, model, document) if e.field not in told)
            return None

    def mapping_file(self, file_name: str, model: Any, kind: str) -> dict:
        """people.yml or readings.yml; a missing file means none. The ids written in the file
        count as known even when an entry has errors, so that one typo inside an entry does
        not turn every reference to it into a second error."""
        path = self.data_dir / file_name
        if not path.exists():
            self.ids[kind] = set()
            return {}
        document = self.parse(path, empty={})  # only comments: none yet
        if document is not None:
            self.documents[file_name] = document
        self.ids[kind] = {key for key in document.data if isinstance(key, str)} if document and isinstance(document.data, dict) else None
        validated = self.validate(model, document) if document else None
        return dict(validated.root) if validated else {}

    def event_files(self) -> list[Path]:
        """The event files; anything else in data/events/ (another extension, a folder) is an
        error rather than silently left out of the site."""
        folder = self.data_dir / EVENTS_DIR
        if not folder.is_dir():
            self.errors.append(DataError(self.name(folder), 0, "", (
                "the folder of event files is missing; start an event with `colloquium new event --kind KIND ID`"
            )))
            return []
        files, misplaced = [], 0
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            self.errors.append(DataError(self.name(folder), 0, "", f"the folder cannot be read ({error.strerror or error})"))
            return []
        for path in entries:
            if path.name.startswith("."):  # editors' and systems' own files
                continue
            if path.is_dir():
                problem = "a folder in data/events/ is not read; move its event files up into data/events/"
            elif path.suffix == ".yml":
                files.append(path)
                continue
            elif path.suffix.lower() in (".yaml", ".yml"):
                problem = f"event files end in .yml: rename it to {path.stem}.yml"
            else:
                problem = f"only event files (.yml) belong in data/events/; rename it to {path.stem}.yml if it is one, or move it out"
            self.errors.append(DataError(self.name(path), 0, "", problem))
            misplaced += 1
        if not files and not misplaced:
            self.errors.append(DataError(self.name(folder), 0, "", (
                "there are no event files (.yml) in this folder, so the site would have no events; "
                "start one with `colloquium new event --kind KIND ID`"
            )))
        return files

    def check_photos(self, people: dict, content_dir: Path) -> None:
        """A photo that is not a web link is a file under content/, and must be there."""
        document = self.documents.get(PEOPLE_FILE)
        if not content_dir.is_dir() or document is None:
            return
        content = content_dir.resolve()
        for person_id, person in people.items():
            photo = person.photo
            if not photo or photo.lower().startswith(("http://", "https://")):
                continue
            path = (content / photo.lstrip("/")).resolve()
            if not path.is_relative_to(content) or not path.is_file():
                self.errors.append(error_at(document, (person_id, "photo"), (
                    f"{show(photo)} is not a file under {content_dir.name}/ (photos are paths under "
                    f"{content_dir.name}/, e.g. assets/people/{person_id}.jpg, or web links)"
                )))
            elif path.suffix.lower() == ".svg" and (active := _active_svg(path)):
                self.errors.append(error_at(document, (person_id, "photo"), (
                    f"{show(photo)} is an SVG image with {active}, which would run on the site when the "
                    "image is opened; use a photo (JPEG, PNG, WebP) or an SVG without scripts"
                )))

    def check_event_image(self, event, document, content_dir: Path) -> None:
        """An event's preview picture is a file under content/: the site serves it itself."""
        image = event.image
        if not image or not content_dir.is_dir():
            return
        content = content_dir.resolve()
        path = (content / image.lstrip("/")).resolve()
        if image.lower().startswith(("http://", "https://")) or not path.is_relative_to(content) or not path.is_file():
            self.errors.append(error_at(document, ("image",), (
                f"{show(image)} is not a file under {content_dir.name}/ (the picture of link previews is served by "
                f"the site itself: put it under {content_dir.name}/, e.g. assets/images/seminar.png, and give that path)"
            )))

    def check_site_files(self, event: EventBase, document: YamlDocument, content_dir: Path) -> None:
        """The files under content/ that sessions name (videos, captions, transcripts, slides)
        are there; caption files are valid WebVTT (a mistake is told at its line in the file);
        transcripts are read, for the session pages to show."""
        if not content_dir.is_dir():
            return
        for path, file in event.site_files():
            found = content_dir / file.lstrip("/")  # no `..` in it (model.SitePath)
            if not found.is_file():
                while len(path) > 1 and path not in document.lines:  # a link written alone (deck: slides.pdf)
                    path = path[:-1]
                self.errors.append(error_at(document, path, f"{show(file)} is not a file under {content_dir.name}/"))
                continue
            if found.suffix.lower() not in (".vtt", ".txt", ".md"):
                continue
            name = self.name(found) if found.absolute().is_relative_to(self.root.absolute()) else f"{content_dir.name}/{file.lstrip('/')}"
            try:
                text = found.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                self.errors.append(DataError(name, 0, "", "the file is not UTF-8 text; save it as UTF-8"))
                continue
            if found.suffix.lower() == ".vtt":
                self.errors.extend(DataError(name, line, "", problem) for line, problem in captions.problems(text))
            else:
                self.transcripts[file] = text

    def check_event_id(self, event_id: str, document: YamlDocument, content_dir: Path) -> bool:
        """A valid id whose address is not taken by a page of the site or by a hand-written
        page or folder under content/ (whose page would silently disappear)."""
        own = next((path for path in (content_dir / f"{event_id}.md", content_dir / event_id) if path.exists()), None)
        if not re.fullmatch(IDENTIFIER_PATTERN, event_id):
            problem = (
                f"{event_id!r} is not a valid event id (the file name is the id and the address "
                "of the event: lowercase letters, digits and single hyphens, e.g. 'seminar-2025.yml')"
            )
        elif len(event_id) > MAX_ID_LENGTH:
            problem = f"the event id (the file's name) has {len(event_id)} characters; ids are addresses, at most {MAX_ID_LENGTH}"
        elif event_id in RESERVED_EVENT_IDS:
            problem = f"{event_id!r} cannot be an event id: /{event_id}/ is a page of the site; rename the file"
        elif own is not None:
            problem = (
                f"{event_id!r} cannot be an event id: {content_dir.name}/{own.name} already has the address "
                f"/{event_id}/; rename the event file or the hand-written page"
            )
        else:
            return True
        self.errors.append(DataError(document.file, 1, "", problem))
        return False


def _active_svg(path: Path) -> str | None:
    """What in an SVG file would run when it is opened from the site: a script, an event
    handler (onload=...) or a javascript: link; None for a plain image (or one that is not
    XML, which browsers do not run either)."""
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1].lower() in ("script", "foreignobject"):
            return f"a <{element.tag.rsplit('}', 1)[-1]}> element"
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"an event handler ({local})"
            if local == "href" and value.strip().lower().startswith(("javascript:", "data:")):
                return f"a {value.strip()[:11]} link"
    return None
