"""From the example site to an organizer's own: what `colloquium init` writes.

A fresh copy of this repository holds the example site (five events, twenty people, forty
readings, a home text about them). `init` replaces that with one event of the organizer's,
people and readings files holding only an example in comments (no `{}`, which would break
the first entry written below it; the loader reads a file of comments as none yet), a home
text of their own and their site's name and address in mkdocs.yml, keeping every comment there. It changes nothing unless data/ is still the
example's (the frozen copy the tests use, tests/fixtures/example/data), so that it never
replaces an organizer's own events by accident; `--force` says that is meant.
"""

from __future__ import annotations

from pathlib import Path

from colloquium import settings_file

EXAMPLE_DATA = Path("tests") / "fixtures" / "example" / "data"
PEOPLE = """\
# yaml-language-server: $schema=schema/people.schema.json
#
# Everyone who presents, teaches or organizes, once, keyed by an id that events use. Write
# each person at the start of a line, as in this example (without the "# "):
#
# ada-lovelace:
#   name: Ada Lovelace
#   affiliation: Analytical Engines
#   homepage: https://example.org/ada
"""
READINGS = """\
# yaml-language-server: $schema=schema/readings.schema.json
#
# Papers, books, posts and code the sessions read, once, keyed by an id that sessions use.
# Write each reading at the start of a line, as in this example (without the "# "):
#
# ho2020ddpm:
#   title: Denoising Diffusion Probabilistic Models
#   authors: [Jonathan Ho, Ajay Jain, Pieter Abbeel]
#   year: 2020
#   arxiv: "2006.11239"
#   doi: 10.48550/arXiv.2006.11239
#   topics: [Foundations]
"""
HOME = """\
# {name}

Welcome to {name}. The events below, with their sessions, people and readings, are made from
the files in `data/`. Edit this text in `content/index.md`.
"""


def difference_from_example(root: Path, data_dir: Path) -> str | None:
    """Why `data_dir` is not the example's data (the first difference), or None when it is.

    A data folder that does not exist or holds no file has nothing to lose: None."""
    ours = _data_files(data_dir)
    if not ours:
        return None
    example = root / EXAMPLE_DATA
    if not example.is_dir():
        return f"there is no example data ({EXAMPLE_DATA}) to compare {data_dir} with"
    theirs = _data_files(example)
    for name in sorted(ours ^ theirs):
        return f"{data_dir / name} is not the example's" if name in ours else f"the example's {name} is not in {data_dir}"
    for name in sorted(ours):
        if (data_dir / name).read_bytes() != (example / name).read_bytes():
            return f"{data_dir / name} differs from the example's"
    return None


def _data_files(folder: Path) -> set[Path]:
    """The data files under `folder` (relative paths); the JSON Schemas are the generator's."""
    if not folder.is_dir():
        return set()
    return {path.relative_to(folder) for path in folder.rglob("*") if path.is_file() and "schema" not in path.relative_to(folder).parts[:1]}


def settings(config_text: str, *, site_name: str, site_url: str, language: str | None = None) -> str:
    """mkdocs.yml with the site's name and address (and `language`, theme.language), every
    other line as it was."""
    config = settings_file.round_trip().load(config_text)
    config["site_name"] = site_name
    config["site_url"] = site_url
    config["site_description"] = site_name
    if language is not None:
        config["theme"]["language"] = language
    return settings_file.dump(config)
