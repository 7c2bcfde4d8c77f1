"""Writing a file, or a whole site folder, whole or not at all."""

from __future__ import annotations

import os
import shutil
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


class StagedSite:
    """A build's output folder, published whole or not at all, one build at a time.

    A staged build writes into a sibling of the site folder (`.site.building` beside `site`);
    only a build that ran to its end (MkDocs' strict check included) replaces the site folder,
    by two renames, and a build that fails at any stage (bad data, a page that cannot be
    written, warnings under `--strict`, a full disk) removes its staging folder and leaves the
    published site as it was. An unstaged build (`mkdocs serve`, which writes into a temporary
    folder of its own, and a `--dirty` build, which updates a folder in place) writes where it
    was told. Either way the project's BuildLock is held from `open` to the end."""

    def __init__(self, project: Path, site_dir: Path, *, staged: bool) -> None:
        self.site_dir = site_dir
        self.staging = site_dir.parent / f".{site_dir.name}.building" if staged else site_dir
        self.lock = BuildLock(project)
        self.complete = False

    def open(self) -> Path:
        """The folder to build into. Raises BuildRunning when another build holds the project."""
        self.lock.acquire()
        self.complete = False
        return self.staging

    def built(self) -> None:
        """The build has written every file: an unstaged build ends here."""
        self.complete = True
        if self.staging == self.site_dir:
            self.lock.release()

    def discard(self) -> None:
        """The build failed: its staging folder goes, the published site stays."""
        self.complete = False
        self.close()

    def close(self) -> Path:
        """Publish a complete staged build in place of the site folder (or remove an
        incomplete one), release the lock, and return the site folder. A build that was
        refused the lock touches nothing: the staging folder is the other build's."""
        if self.lock.handle is not None and self.staging != self.site_dir and self.staging.exists():
            if self.complete:
                previous = self.site_dir.parent / f".{self.site_dir.name}.previous"
                shutil.rmtree(previous, ignore_errors=True)  # left by a build killed while publishing
                if self.site_dir.exists():
                    os.replace(self.site_dir, previous)
                os.replace(self.staging, self.site_dir)
                shutil.rmtree(previous, ignore_errors=True)
            else:
                shutil.rmtree(self.staging, ignore_errors=True)
        self.complete = False
        self.lock.release()
        return self.site_dir
