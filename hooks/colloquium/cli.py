"""`colloquium`: the organizer's command line.

    colloquium init --name N --url U --kind KIND --timezone ZONE ID   make a fresh copy your own site
    colloquium validate                  check every data file, print each error as file:line
    colloquium render OUT                the complete site sources, for any MkDocs-compatible builder
    colloquium verify SITE               check that a built site has every event before it is published
    colloquium announce EVENT SESSION    print the e-mail announcing a session
    colloquium new event --kind KIND ID  start data/events/ID.yml from a skeleton
    colloquium new session EVENT         append a session skeleton to data/events/EVENT.yml

`validate` loads the data exactly as the site build does, without building (no MkDocs, no
torch), so it answers in well under a second. The `new` commands write skeletons that
validate as they are, so the organizer edits from something that works; they never overwrite
an event, keep the file's comments and layout, and write atomically (a temporary file in the
same folder, checked, then renamed over the original), so a failure leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import click
import jinja2
import yaml
from pydantic import TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from colloquium import built_pages, dates, figure_manifest, kinds, notices, own_site, settings_file, translations
from colloquium.announce import announcement
from colloquium.errors import DataErrors
from colloquium.files import write_atomically
from colloquium.loader import load_site
from colloquium.model import Identifier, TimeZone, Url
from colloquium.outputs import Outputs
from colloquium.schedule import build_index
from colloquium.yaml_source import parse_yaml


class KindChoice(click.Choice):
    """`--kind`: one of the kinds registered when the command runs (colloquium.kinds)."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self) -> list[str]:
        return list(kinds.KINDS)

    @choices.setter
    def choices(self, value) -> None:  # click.Choice sets it; the registry is the list
        pass

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    show_default=True,
    help="The data folder (people.yml, readings.yml, events/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Check and extend the YAML data of a colloquium site.

    The usual loop: edit data/*.yml, run `colloquium validate`, preview with `mkdocs serve`,
    push. `colloquium COMMAND --help` explains each command.
    """


# ---------------------------------------------------------------------------- validate


@main.command()
@data_option
def validate(data_dir: Path) -> None:
    """Check all data files without building the site.

    Prints every error as `file:line: field: message` (the format editors jump to) and exits
    with status 1, or prints a one-line summary and exits with status 0. Notices (a release
    date that has passed without a link) are printed too; they do not fail the check.
    """
    try:
        # file names relative to where the organizer stands, so terminals and editors can open them
        site = _load(data_dir, root=Path.cwd())
    except DataErrors as errors:
        for error in errors.errors:
            click.echo(str(error))
        click.echo(f"{errors.counted} in {data_dir}", err=True)
        raise SystemExit(1) from None
    try:
        clock = dates.build_clock()
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    found = notices.notices(build_index(site, clock, secrets=os.environ))
    for notice in found:
        click.echo(f"notice: {notice}")
    sessions = sum(len(event.sessions) for event in site.events.values())
    click.echo(
        f"{data_dir}: OK ({len(site.events)} events, {sessions} sessions, "
        f"{len(site.people)} people, {len(site.readings)} readings"
        + (f"; {len(found)} notice{'s' if len(found) != 1 else ''}" if found else "") + ")"
    )


def _load(data_dir: Path, root: Path | None = None):
    return load_site(data_dir, known_figures=figure_manifest.known_figures(), root=root)


# ---------------------------------------------------------------------------- init


@main.command()
@click.option("--name", "site_name", required=True, help="The site's name, shown on every page.")
@click.option("--url", "site_url", required=True,
              help="Where it is published, e.g. https://<user>.github.io/<repository>/ (calendars link back to it).")
@click.option("--kind", type=KindChoice(), required=True, help="What kind of event the first one is.")
@click.option("--timezone", required=True,
              help="The IANA region of the event's city, e.g. Asia/Seoul or America/New_York; every time in the event is local to it.")
@click.option("--language", callback=lambda context, parameter, value: _language_code(value, "--language"),
              help="The site's language (theme.language), e.g. ko, ja, de, zh-TW: every page, calendar and e-mail is written in it. Default: English.")
@click.option("--force", is_flag=True, help="Replace data/ even when it is not the example's.")
@click.argument("event_id")
@data_option
def init(site_name: str, site_url: str, kind: str, timezone: str, language: str | None, force: bool, event_id: str,
         data_dir: Path) -> None:
    """Turn a fresh copy of this repository into your own site, with one event EVENT_ID.

    Replaces the example: data/ gets one event of KIND named like the site, in TIMEZONE (a
    skeleton to fill in), people and readings files with an example in comments;
    content/index.md a home text of your own; mkdocs.yml your site's name and address, and its
    language with --language (its other settings and comments stay; the skeleton's comments
    are English, the text it puts on the site is in the site's language). Refuses when data/ is not the example's, unless
    --force. Run it in the repository's folder.
    """
    root = Path.cwd()
    event_id = _event_id(event_id)
    for value, kind_of_value, option in ((event_id, Identifier, "EVENT_ID"), (site_url, Url, "--url"), (timezone, TimeZone, "--timezone")):
        try:
            TypeAdapter(kind_of_value).validate_python(value)
        except ValidationError as error:
            raise click.BadParameter(error.errors()[0]["msg"].removeprefix("Value error, "), param_hint=option) from None
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise click.ClickException("there is no mkdocs.yml here: run `colloquium init` in the repository's folder")
    difference = own_site.difference_from_example(root, data_dir)
    if difference and not force:
        raise click.ClickException(f"{data_dir} is not the example's ({difference}); nothing was changed. "
                                   "To replace it anyway, run again with --force")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    files = {
        data_dir / "people.yml": own_site.PEOPLE,
        data_dir / "readings.yml": own_site.READINGS,
        data_dir / "events" / f"{event_id}.yml": _event_skeleton(kind, event_id, title=site_name, timezone=timezone,
                                                                 site_language=language or translations.SOURCE_LANGUAGE),
        root / "content" / "index.md": own_site.HOME.format(name=site_name),
        config_file: own_site.settings(config_file.read_text(encoding="utf-8"), site_name=site_name, site_url=site_url,
                                       language=language),
    }
    with tempfile.TemporaryDirectory() as scratch:  # the new data must load before anything is replaced
        trial = Path(scratch) / "data"
        for path, text in files.items():
            if path.is_relative_to(data_dir):
                (trial / path.relative_to(data_dir)).parent.mkdir(parents=True, exist_ok=True)
                (trial / path.relative_to(data_dir)).write_text(text, encoding="utf-8")
        try:
            _load(trial)
        except DataErrors as errors:
            raise click.ClickException(f"the new site would not validate, nothing was changed:\n{errors}") from None
    for old in (data_dir / "events").glob("*.yml") if (data_dir / "events").is_dir() else ():
        if old != data_dir / "events" / f"{event_id}.yml":
            old.unlink()
    for path, text in files.items():
        write_atomically(path, text)
    click.echo(
        f"{site_name} now has one {kinds.KINDS[kind].display_name.lower()}, data/events/{event_id}.yml. "
        f"Fill it in (people in data/people.yml, readings in data/readings.yml), add sessions with "
        f"`colloquium new session {event_id}`, check with `colloquium validate`, preview with `make serve`."
    )


# ---------------------------------------------------------------------------- render


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on the generator's warnings (a stale figure, no site_url), as `mkdocs build --strict` does.")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True, help="The site's settings, in the project's folder.")
@click.option("--builder", type=click.Choice(["mkdocs", "properdocs", "zensical"]), default="mkdocs", show_default=True,
              help="The builder that will build OUT (its theme takes only the overrides it can use).")
def render(out: Path, strict: bool, config_file: str, builder: str) -> None:
    """Write the complete site sources into the folder OUT.

    OUT gets the hand-written and generated pages, figures, calendars, JSON and feed (docs/),
    the theme overrides (theme/) and a mkdocs.yml without the hook, so that any
    MkDocs-compatible builder publishes the whole site: `colloquium render OUT --builder
    zensical && cd OUT && zensical build --strict` (or properdocs, mkdocs), then `colloquium
    finish OUT/site` for each page's Content-Security-Policy. Run it in the project's folder.
    A failure leaves a previous OUT as it was.
    """
    from colloquium.render import Unpublishable, render as render_site
    from colloquium.site_build import FigureProblems

    try:
        build = render_site(Path.cwd(), out, config_file=config_file, strict=strict, builder=builder)
    except DataErrors as errors:
        for error in errors.errors:
            click.echo(str(error))
        raise click.ClickException(f"{errors.counted} in the data: nothing was rendered") from None
    except FigureProblems as stale:
        click.echo("\n".join(stale.problems))
        raise click.ClickException("nothing was rendered: figures are not up to date") from None
    except Unpublishable as warned:
        click.echo("\n".join(warned.warnings))
        raise click.ClickException("nothing was rendered (--strict fails on warnings)") from None
    except (ValueError, figure_manifest.FigureBuildError) as error:
        raise click.ClickException(str(error)) from None
    for warning in build.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Wrote {out}/ ({len(build.sources) + len(build.figure_images)} generated files). Build it with: cd {out} && {builder} build")


@main.command()
@click.argument("site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True, help="The site's settings (its addresses follow use_directory_urls).")
@data_option
def verify(site: Path, config_file: Path, data_dir: Path) -> None:
    """Check that the built site in SITE has every event's and session's page before it is
    published: a builder that skipped the generator would publish an almost empty site."""
    try:
        loaded = _load(data_dir, root=Path.cwd())
        settings = settings_file.read(config_file)
    except (DataErrors, ValueError) as error:
        raise click.ClickException(f"fix the data first (`colloquium validate`):\n{error}") from None
    outputs = Outputs(settings.get("use_directory_urls", True), settings.get("site_url"))
    index = build_index(loaded, dates.Clock(day=dt.date.today()), outputs)
    pages = [entry.url for entry in [*index.events.values(), *index.sessions]]
    missing = [url for url in pages if not (site / (url + "index.html" if url.endswith("/") else url)).is_file()]
    if missing:
        raise click.ClickException(
            f"{site}/ lacks {len(missing)} of the {len(pages)} event and session pages (first: /{missing[0]}); "
            "it was built without the generator: build with `mkdocs build`, or `colloquium render` first"
        )
    click.echo(f"{site}/: every page of {len(index.events)} events and {len(index.sessions)} sessions is there")


@main.command()
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
def finish(site: Path) -> None:
    """Give every page of the built site in SITE its Content-Security-Policy, made from the
    page itself, and remove the theme's indentation (colloquium.built_pages), as `mkdocs build`
    with the hook does; for a site built by another builder from `colloquium render`."""
    click.echo(f"{site}/: {built_pages.finish(site)} pages given their Content-Security-Policy")


# ---------------------------------------------------------------------------- announce


@main.command()
@click.argument("event_id")
@click.argument("session")
@click.option("--markdown", is_flag=True, help="Write the body in Markdown, for lists that render it.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True, help="The site's settings, for its address (site_url).")
@data_option
def announce(event_id: str, session: str, markdown: bool, config_file: Path, data_dir: Path) -> None:
    """Print the e-mail announcing a session of an event.

    SESSION is the session's id (its address, e.g. `week-3`) or number. The message (subject,
    plain-text or Markdown body) can be pasted into a mail program or piped to `sendmail`.
    """
    try:
        site = _load(data_dir, root=Path.cwd())
        clock = dates.build_clock()
    except (DataErrors, ValueError) as error:
        raise click.ClickException(f"fix the data first (`colloquium validate`):\n{error}") from None
    settings = _settings(config_file)
    index = build_index(site, clock, Outputs(site_url=_site_url(settings, config_file)), secrets=os.environ, language=_language(settings))
    message = announcement(index, _session_entry(index, event_id, session, data_dir), markdown=markdown)
    click.echo(message.as_bytes().decode("utf-8"), nl=False)  # as_string() would base64 the UTF-8 body


def _session_entry(index, event_id: str, session: str, data_dir: Path):
    """The session of an event named by its id or number, or an error that lists what there is."""
    if event_id not in index.events:
        raise click.ClickException(f"no event {event_id!r} in {data_dir}/events (events: {', '.join(index.events)})")
    sessions = index.events[event_id].sessions
    found = [s for s in sessions if s.id == session or str(s.session.number) == session]
    if not found:
        raise click.ClickException(f"{event_id} has no session {session!r} (sessions: {', '.join(s.id for s in sessions)})")
    return found[0]


@main.command()
@click.argument("event_id")
@click.argument("session")
@data_option
def chapters(event_id: str, session: str, data_dir: Path) -> None:
    """Print a session's chapters as YouTube and Vimeo take them in a video's description.

    SESSION is the session's id or number. Each line is a time and a title ("12:30 Sampling");
    paste them into the video's description on YouTube or Vimeo.
    """
    try:
        index = build_index(_load(data_dir, root=Path.cwd()), dates.build_clock(), secrets=os.environ)
    except (DataErrors, ValueError) as error:
        raise click.ClickException(f"fix the data first (`colloquium validate`):\n{error}") from None
    found = _session_entry(index, event_id, session, data_dir).session.chapters
    if not found:
        raise click.ClickException(f"{event_id} {session} has no chapters (give its video `chapters:`, or its topics a `time:`)")
    for chapter in found:
        click.echo(f"{chapter.clock} {chapter.title}")
    # YouTube shows chapters only when these hold (Vimeo needs the first at 0:00 too)
    rules = [
        (found[0].time == 0, "the first chapter starts at 0:00"),
        (len(found) >= 3, "there are at least three chapters"),
        (all(b.time - a.time >= 10 for a, b in zip(found, found[1:])), "each chapter is at least 10 seconds long"),
    ]
    for held, rule in rules:
        if not held:
            click.echo(f"note: YouTube shows chapters only when {rule}", err=True)


def _settings(config_file: Path):
    try:
        return settings_file.read(config_file)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _language(settings) -> str:
    """The site's language (theme.language): what an event without its own is announced in."""
    try:
        return settings_file.site_language(settings)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


def _site_url(settings, config_file: Path) -> str:
    """site_url from mkdocs.yml."""
    if not settings.get("site_url"):
        raise click.ClickException(f"{config_file} has no site_url: announcements link to the site's pages")
    return settings["site_url"]


# ---------------------------------------------------------------------------- new


@main.group()
def new() -> None:
    """Start an event, or add a session.

    Both write a skeleton that validates as it is, with comments on what to fill in.
    """


@new.command("event")
@click.option("--kind", type=KindChoice(), required=True, help="What kind of event it is.")
@click.option("--language", callback=lambda context, parameter, value: _language_code(value, "--language"),
              help="Its language, when not the site's (theme.language), e.g. ko, ja, de, zh-TW.")
@click.argument("event_id")
@data_option
def new_event(kind: str, event_id: str, language: str | None, data_dir: Path) -> None:
    """Start data/events/EVENT_ID.yml.

    Writes a skeleton of a KIND event with one example session. EVENT_ID becomes the file
    name and the event's address on the site (/EVENT_ID/): lowercase letters, digits and
    hyphens, e.g. `book-club-2026` (or the file's name, book-club-2026.yml). An existing file
    is never overwritten.
    """
    event_id = _event_id(event_id)
    try:
        TypeAdapter(Identifier).validate_python(event_id)
    except ValidationError as error:
        raise click.BadParameter(error.errors()[0]["msg"].removeprefix("Value error, "), param_hint="EVENT_ID") from None
    path = data_dir / "events" / f"{event_id}.yml"
    if path.exists():
        raise click.ClickException(f"{path} already exists; edit it, or add a session with `colloquium new session {event_id}`")
    _write_checked(data_dir, path, _event_skeleton(kind, event_id, language=language, site_language=_site_language_here()))
    click.echo(f"Wrote {path}. Fill it in, then run `colloquium validate`.")


def _event_skeleton(kind: str, event_id: str, title: str | None = None, timezone: str = "UTC", language: str | None = None,
                    site_language: str = translations.SOURCE_LANGUAGE) -> str:
    """A new event of `kind` with one session a week from today, valid as it is; without a
    title, one made from the id. Its comments are English (they are for the organizer); what
    it puts on the site (the example session's title, the placeholders) is in its `language`,
    else the site's."""
    event_class = kinds.KINDS[kind]
    first = dt.date.today() + dt.timedelta(days=7)
    with translations.using(language or site_language):
        return _template(event_class.skeleton()).render(
            language=language,
            kind=kind,
            event_id=event_id,
            about=event_class.about,
            title=_yaml_text(title or event_id.replace("-", " ").capitalize()),
            timezone=timezone,
            first_date=first,
            last_date=first + dt.timedelta(days=4),
            session=_session_skeleton(event_class, 1 if event_class.numbered else None, first, 0),
        )


def _language_code(value: str | None, option: str) -> str | None:
    problem = value is not None and translations.language_problem(value)
    if problem:
        raise click.BadParameter(problem, param_hint=option)
    return value


def _site_language_here() -> str:
    """The language of the site in this folder (mkdocs.yml's theme.language), English without one."""
    try:
        return settings_file.site_language(settings_file.read(Path("mkdocs.yml")))
    except ValueError:
        return translations.SOURCE_LANGUAGE


def _session_skeleton(event_class: type, number: int | None, date: dt.date | None, position: int) -> str:
    """The kind's session skeleton for a new session (its draft: kinds.base.draft_session),
    with the id it would be given written out, so that it stays when the title, date or
    slot changes."""
    draft = event_class.draft_session(number, date)
    return _template(event_class.session_skeleton).render(session=draft, session_id=event_class.session_id(draft, position))


@new.command("session")
@click.argument("event_id")
@data_option
def new_session(event_id: str, data_dir: Path) -> None:
    """Add a session to data/events/EVENT_ID.yml.

    The new session gets the next number and, for weekly events and courses with meeting
    days, the next date; the rest of the file (comments, order, layout) stays as it is.
    EVENT_ID may also be the file's name (my-event.yml) or path (data/events/my-event.yml).
    """
    event_id = _event_id(event_id)
    path = data_dir / "events" / f"{event_id}.yml"
    if not path.is_file():
        raise click.ClickException(f"{path} does not exist; start it with `colloquium new event --kind KIND {event_id}`")
    raw = path.read_bytes()
    line_end = "\r\n" if b"\r\n" in raw else "\n"  # the file is written back with the line ends it had
    try:
        data = parse_yaml(raw, path.as_posix()).data  # the plain message, at its line
        text = raw.decode("utf-8").replace("\r\n", "\n")
        event = YAML().load(text)
    except DataErrors as errors:
        raise click.ClickException(f"{path} cannot be read, fix it first:\n{errors}") from None
    except YAMLError as error:
        raise click.ClickException(f"{path} is not valid YAML, fix it first:\n{error}") from None
    if not isinstance(event, dict) or event.get("kind") not in kinds.KINDS:
        raise click.ClickException(f"{path}: `kind` must be one of {', '.join(kinds.KINDS)}; run `colloquium validate`")
    sessions = event.get("sessions") or []
    if not isinstance(sessions, list) or not all(isinstance(s, dict) for s in sessions):
        raise click.ClickException(f"{path}: `sessions` must be a list of sessions; run `colloquium validate`")
    try:
        validated = kinds.KINDS[event["kind"]].model_validate(data)
    except ValidationError:
        raise click.ClickException(f"{path} has errors; fix them first (`colloquium validate`)") from None
    number, date = _next_number(sessions), _next_date(validated)
    with translations.using(validated.language or _site_language_here()):  # its title, in the event's language
        snippet = _session_skeleton(type(validated), number, date, len(sessions))
    _write_checked(data_dir, path, _append_session(text, event, snippet), line_end)
    where = f"number {number}" if number is not None else "a new session"
    click.echo(f"Added {where} to {path}" + (f" on {date}" if date else "") + ". Fill it in, then run `colloquium validate`.")


def _yaml_text(text: str) -> str:
    """`text` as a YAML value: as it is where YAML reads it back unchanged, else in quotes
    (a title such as 'Flow: a reading group')."""
    try:
        plain = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _event_id(argument: str) -> str:
    """An event named by its id, its file name or its file's path: the id."""
    name = Path(argument).name
    return name[: -len(".yml")] if name.endswith(".yml") else name


def _next_number(sessions: list) -> int | None:
    """One more than the highest number; None when the event's sessions go without numbers."""
    numbers = [s["number"] for s in sessions if isinstance(s.get("number"), int)]
    if numbers:
        return max(numbers) + 1
    return None if sessions else 1


def _next_date(event) -> dt.date | None:
    """The next meeting day after the last dated session (as the event's kind knows it), else
    None; None too past the event's last day (the organizer decides, or extends the dates)."""
    days = [s.date for s in event.sessions if s.date is not None]
    following = event.next_meeting_day(max(days)) if days else None
    if following and event.dates and event.dates.end and following > event.dates.end:
        return None
    return following


def _append_session(text: str, event: dict, snippet: str) -> str:
    """Insert `snippet` (a one-item block sequence at column 0) after the last session.

    The file is edited as text at the place ruamel.yaml's round-trip parser locates, so that
    every existing line, comment and blank line stays byte for byte as the organizer left it.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    sessions = event.get("sessions")
    if "sessions" not in event:
        blank = ["\n"] if lines and lines[-1].strip() else []
        return "".join(lines + blank + ["sessions:\n", _indent(snippet, 2)])
    if not sessions:  # `sessions:` or `sessions: []`
        line = event.lc.key("sessions")[0]
        lines[line] = re.sub(r"^(\s*sessions:)\s*(\[\s*\])?", r"\1", lines[line])
        return "".join(lines[: line + 1] + [_indent(snippet, event.lc.key("sessions")[1] + 2)] + lines[line + 1 :])
    if sessions.fa.flow_style():
        raise click.ClickException("`sessions` is written as a [flow, list]; write it as a block list to add sessions")
    first_line, first_col = sessions.lc.item(0)
    last_line, last_col = sessions.lc.item(len(sessions) - 1)
    dash = lines[last_line].rindex("-", 0, last_col)
    end = last_line + 1
    while end < len(lines) and (not lines[end].strip() or _indentation(lines[end]) > dash):
        end += 1
    while not lines[end - 1].strip():  # trailing blank lines belong to what follows
        end -= 1
    # Separate sessions by a blank line when the file does.
    spaced = len(sessions) > 1 and not lines[last_line - 1].strip()
    return "".join(lines[:end] + (["\n"] if spaced else []) + [_indent(snippet, dash)] + lines[end:])


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent(snippet: str, columns: int) -> str:
    return "".join(" " * columns + line if line.strip() else line for line in snippet.splitlines(keepends=True))


# ---------------------------------------------------------------------------- writing


def _template(name: str) -> jinja2.Template:
    """A skeleton under templates/new/ of the package or of a registered kind."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([folder / "new" for folder in kinds.template_folders()]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],  # the text a skeleton puts on the site, in the language in use
    )
    environment.install_gettext_callables(translations.gettext, translations.ngettext, newstyle=True)
    return environment.get_template(name)


def _write_checked(data_dir: Path, path: Path, text: str, line_end: str = "\n") -> None:
    """Replace `path` by `text` (its lines ended with `line_end`) only if the data, with that
    change, has no error in `path`.

    Errors elsewhere in the data are not this command's business (`validate` reports them).
    """
    errors = _errors_in(data_dir, path, text)
    if errors:
        for error in errors:
            click.echo(str(error))
        outcome = "left unchanged" if path.exists() else "not written"
        raise click.ClickException(f"{path} was {outcome}: it would have the errors above")
    try:
        write_atomically(path, text.replace("\n", line_end).encode("utf-8"))
    except OSError as error:
        raise click.ClickException(f"{path} cannot be written ({error.strerror or error}); nothing was changed") from None


def _errors_in(data_dir: Path, path: Path, text: str) -> list:
    """Load a copy of the data folder in which `path` holds `text`; keep the errors about `path`.

    (The loader reads folders, and the real one must not change before the check passes.)
    """
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / data_dir.resolve().name
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".*"))
        relative = path.relative_to(data_dir)
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
        try:
            _load(copy)  # errors name files as <data folder>/<relative path>
        except DataErrors as errors:
            name = (Path(copy.name) / relative).as_posix()
            return [error for error in errors.errors if error.file == name]
    return []
