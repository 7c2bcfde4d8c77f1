"""Results kept between builds in the project's own .cache/ folder (ignored by git).

Some pure steps of a build cost more than the rest of it: a VTIMEZONE takes some 50 ms to
compute, each Markdown field a millisecond to render, and `mkdocs serve` rebuilds the whole
site after every edit. Their results depend only on their inputs, so each is stored under a
hash of everything it is made from (the caller names it, library versions included) and read
back by the next build. A cache that cannot be read or written only costs time. It lives in
the project (`keep_in`, which a build calls first), never in the machine-wide temp folder,
where anyone else on the machine could plant what the next build inserts into its pages;
without a project nothing is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from colloquium.files import write_atomically

_folder: list[Path] = []  # the project's cache folder, once a build has named its project


def keep_in(project: Path) -> None:
    """Keep results in `project`'s .cache/colloquium/build/ from now on."""
    _folder[:] = [project.resolve() / ".cache" / "colloquium" / "build"]


def cached(kind: str, key: object, make: Callable[[], bytes]) -> bytes:
    """`make()`, or what it gave before for the same `kind` and `key` (a repr-able value that
    holds every input of `make`)."""
    if not _folder:
        return make()
    path = _folder[0] / kind / hashlib.sha256(repr(key).encode()).hexdigest()
    try:
        return path.read_bytes()
    except OSError:
        pass
    made = make()
    try:
        write_atomically(path, made)  # also with two builds at once
    except OSError:
        pass
    return made
