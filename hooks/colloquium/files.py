"""Writing a file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to a temporary file in `path`'s folder, then rename it
    over `path`: a reader (or a second build at the same time) sees the old file or the new
    one, never half of one, and a failure leaves the old file as it was. A file that existed
    keeps its permissions; a new one gets the usual 0o644 (mkstemp's would be private)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_if_changed(path: Path, content: str | bytes) -> Path:
    """`path`, rewritten (atomically) only when `content` differs from what it holds: its
    modification time then tells whether it changed since the last build, which is what
    `mkdocs serve --dirty` goes by."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    write_atomically(path, data)
    return path


class BuildRunning(Exception):
    """Another build of the same project holds its lock."""


class BuildLock:
    """One build of a project at a time: two builds into one site folder would empty and fill
    it under each other. A lock file under the project's .cache/, held (an OS lock, released
    when the process ends however it ends) from the start of a build to its end."""

    def __init__(self, project: Path) -> None:
        self.path = project / ".cache" / "colloquium" / "build.lock"
        self.handle = None

    def acquire(self) -> None:
        """Raises BuildRunning when another process builds the project."""
        import fcntl

        if self.handle is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise BuildRunning("another build of this site is running; wait for it to finish, then build again") from None
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file releases its lock
            self.handle = None
