"""The organizer's loop: how soon a one-line change to a session shows in `mkdocs serve`.

    python benchmarks/serve_rebuild.py [--sizes 1,5] [--rounds 5]

Per size (copies of the example's events, as in site_scaling.py), two servers run side by
side on their own copies of the project: `mkdocs serve` (every change rebuilds every page) and
`mkdocs serve --dirty` (MkDocs rebuilds only the pages whose source changed; the hooks keep
each generated page's source in a file that is rewritten only when the page changes, so
MkDocs can tell). Alternately, one session's title (one line of its event's YAML) is edited
in each project, and the time is taken from the write until the server serves the session's
page with the new title. That is what the browser shows after livereload reloads the page
(the reload itself adds the page's load time, about 0.1 s locally). The table gives the median
and the spread (min–max) over `--rounds` edits. Targets (issue 15): under 2 s at the example's
size, under 3 s at 5x.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_build import ENV  # noqa: E402
from site_scaling import synthetic_project  # noqa: E402

EVENT_FILE = "data/events/diffusion-seminar-2025.yml"
TITLE_LINE = "    title: Introduction to Diffusion Model\n"
PAGE = "diffusion-seminar-2025/week-1/"
MODES = {"serve": [], "serve --dirty": ["--dirty"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = _get(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


class Server:
    def __init__(self, project: Path, flags: list[str]) -> None:
        self.project = project
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}/colloquium/{PAGE}"  # serve keeps site_url's path
        self.log = open(project / "serve.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *flags],
            cwd=project, env=ENV, stdout=self.log, stderr=subprocess.STDOUT,
        )
        _wait_for(self.url, "Introduction to Diffusion Model", timeout=600)

    def edit(self, mark: str) -> float:
        """Write a new title into the session; seconds until the server shows it."""
        event = self.project / EVENT_FILE
        text = event.read_text(encoding="utf-8")
        line = next(line for line in text.splitlines(keepends=True) if line.startswith(TITLE_LINE.rstrip("\n")))
        event.write_text(text.replace(line, f"{TITLE_LINE.rstrip()} ({mark})\n", 1), encoding="utf-8")
        seconds = _wait_for(self.url, f"Introduction to Diffusion Model ({mark})", timeout=300)
        time.sleep(1.0)  # let the build finish (search index, sitemap) before the next edit
        return seconds

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def measure(copies: int, rounds: int, tmp: Path) -> tuple[int, dict[str, list[float]]]:
    """(sessions, mode -> seconds of each edit)."""
    servers = {}
    for mode, flags in MODES.items():
        project, sessions = synthetic_project(tmp / f"x{copies}-{mode.replace(' ', '')}", copies)
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config["watch"] = ["data"]
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        servers[mode] = Server(project, flags)
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    try:
        for round_ in range(rounds):
            for mode, server in servers.items():
                times[mode].append(server.edit(f"edit {round_}"))
    finally:
        for server in servers.values():
            server.stop()
    return sessions, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5", help="copies of the example's events (default 1,5)")
    parser.add_argument("--rounds", type=int, default=5, help="edits per server (default 5)")
    args = parser.parse_args()
    rows = ["| size | sessions | `mkdocs serve` | `mkdocs serve --dirty` | rounds |", "| --- | ---: | ---: | ---: | ---: |"]
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (int(size) for size in args.sizes.split(",")):
            sessions, times = measure(copies, args.rounds, Path(tmp))
            cells = [f"{statistics.median(t):.2f} s ({min(t):.2f}–{max(t):.2f})" for t in times.values()]
            rows.append(f"| {'example' if copies == 1 else f'{copies}x'} | {sessions:,} | {' | '.join(cells)} | {args.rounds} |")
            print(rows[-1], flush=True)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
