"""mkdocs.yml, read and rewritten as plain YAML (no MkDocs needed): the generator's options
(`extra: colloquium:`), the site's name and address, and the copies `colloquium init` and
`colloquium render` write, with every comment, tag and quote as it was."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from colloquium.errors import closest_match
from colloquium.model import Strict
from colloquium.translations import SOURCE_LANGUAGE, language_problem

FIGURE_POLICIES = ("regenerate", "fail", "warn")


class GeneratorOptions(Strict):
    """`extra: colloquium:` in mkdocs.yml."""

    data_dir: str = "data"  # the YAML organizers edit
    # A stale or missing figure that a session shows: regenerate it (runs the reference
    # implementation), fail the build, or warn (which a strict build turns into a failure).
    figure_policy: Literal[FIGURE_POLICIES] = "warn"
    home: str | None = None  # an event whose page is the home page (a site of one event)

    @classmethod
    def of(cls, settings: dict | None) -> "GeneratorOptions":
        """The options of a mkdocs.yml's `extra: colloquium:`; raises ValueError naming each
        unknown or wrong option."""
        try:
            return cls.model_validate(dict(settings or {}))
        except ValidationError as error:
            problems = []
            for item in error.errors(include_url=False):
                name = str(item["loc"][0]) if item["loc"] else "colloquium"
                if item["type"] == "extra_forbidden":
                    guess = closest_match(name, cls.model_fields)
                    problems.append(f"{name}: unknown option" + (f" (did you mean {guess!r}?)" if guess else ""))
                elif item["type"] == "literal_error":
                    problems.append(f"{name}: {item['input']!r} is not one of {', '.join(FIGURE_POLICIES)}")
                else:
                    problems.append(f"{name}: expected text, found {item['input']!r}")
            raise ValueError("mkdocs.yml: extra.colloquium: " + "; ".join(problems)) from None


def site_language(settings: Any) -> str:
    """The site's language: the theme's (`theme.language`, as Material spells it: ko, zh-TW),
    English without one. `settings` is mkdocs.yml as read, or MkDocs' own config. Raises
    ValueError for a language no dates or words can be written in."""
    theme = settings.get("theme") or {}
    language = theme.get("language") if hasattr(theme, "get") else None
    if language is None:
        return SOURCE_LANGUAGE
    problem = language_problem(language)
    if problem:
        raise ValueError(f"mkdocs.yml: theme.language: {problem}")
    return str(language)


def round_trip():
    """A YAML reader and writer (ruamel.yaml's) that keeps comments, tags and quotes, indenting
    as mkdocs.yml does. Imported here, not with the module: a build reads its options
    (GeneratorOptions) without it."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read(config_file: Path) -> Any:
    """The settings of `config_file`; raises ValueError when it cannot be read."""
    from ruamel.yaml.error import YAMLError

    try:
        return round_trip().load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, YAMLError) as error:
        raise ValueError(f"cannot read {config_file}: {error}") from None


def dump(settings: Any) -> str:
    out = io.StringIO()
    round_trip().dump(settings, out)
    return out.getvalue()
