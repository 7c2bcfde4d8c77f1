"""How often each data file has changed, from the repository's history.

Calendars tell subscribers that an entry changed with SEQUENCE (RFC 5545 §3.8.7.4, which only
ever grows) and LAST-MODIFIED (§3.8.7.3). Both must come from the data, the same on every
build: here, from the git history of the event's file. SEQUENCE is the number of commits
that changed the file, LAST-MODIFIED the time of the last of them. A change to a session
therefore raises the SEQUENCE of its event's entries, and a calendar that imported one of them
takes the new version. Outside a git checkout (or with uncommitted edits only) nothing is
known: SEQUENCE 0 and no LAST-MODIFIED, as for data never changed. The publishing workflow
checks out the whole history for this (`fetch-depth: 0`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Revision:
    sequence: int = 0  # commits that changed the file
    last_modified: dt.datetime | None = None  # UTC time of the last of them


def is_shallow(folder: Path) -> bool:
    """Whether `folder` is in a shallow clone (most CI checks out one commit): its files' history
    is cut short, so SEQUENCE numbers would fall below those already published."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return False
    try:
        answer = subprocess.run([git, "-C", str(folder), "rev-parse", "--is-shallow-repository"],
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    return answer.strip() == "true"


def last_commit(folder: Path) -> dt.datetime | None:
    """When the repository holding `folder` last had a commit (UTC), or None outside one."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    try:
        stamp = subprocess.run([git, "-C", str(folder), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc) if stamp.strip() else None


def revisions(folder: Path) -> dict[Path, Revision]:
    """Revision of every file under `folder` that git's history knows, keyed by its resolved
    path: one `git log` for the whole folder."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return {}
    try:
        log = subprocess.run(
            [git, "-C", str(folder), "log", "--format=@%ct", "--name-only", "--no-renames", "--relative", "--", "."],
            capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):  # no git, or not a repository
        return {}
    counts: dict[Path, int] = {}
    latest: dict[Path, int] = {}
    when = 0
    for line in log.splitlines():
        if line.startswith("@"):
            when = int(line[1:])
        elif line:
            path = (folder / line).resolve()
            counts[path] = counts.get(path, 0) + 1
            latest.setdefault(path, when)  # the log runs newest first
    return {
        path: Revision(count, dt.datetime.fromtimestamp(latest[path], dt.timezone.utc))
        for path, count in counts.items()
    }
