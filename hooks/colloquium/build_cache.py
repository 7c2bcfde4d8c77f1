"""Results kept between builds in the system's temp folder, as Jinja keeps compiled templates.

Some pure steps of a build cost more than the rest of it: a VTIMEZONE takes some 50 ms to
compute, each Markdown field a millisecond to render, and `mkdocs serve` rebuilds the whole
site after every edit. Their results depend only on their inputs, so each is stored under a
hash of everything it is made from (the caller names it, library versions included) and read
back by the next build. A cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from colloquium.files import write_atomically

FOLDER = Path(tempfile.gettempdir()) / "colloquium-build-cache"


def cached(kind: str, key: object, make: Callable[[], bytes]) -> bytes:
    """`make()`, or what it gave before for the same `kind` and `key` (a repr-able value that
    holds every input of `make`)."""
    path = FOLDER / kind / hashlib.sha256(repr(key).encode()).hexdigest()
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
