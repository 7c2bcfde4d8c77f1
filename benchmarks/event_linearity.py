"""Is every output linear in the sessions of an event? One event of a few thousand sessions.

    python benchmarks/event_linearity.py [--sessions 500,1000,2000,4000] [--repeat 2]

A site of one weekly seminar with N sessions (each with a date, a time, a presenter, a
summary and a reading) goes through each of the generator's public steps: loading and
validating the data, the site index, the navigation, and every output of the registry
(colloquium.site_files.OUTPUTS: pages, calendars, feed, JSON, ...), each on its own. For each
step the table gives the time per session at each N (the best of `--repeat` rounds over all
sizes), and the growth: the
time per session at the largest N over that at the smallest. A linear step keeps its time per
session (growth about 1); a quadratic one multiplies it by the ratio of the sizes (8 from 500 to
4,000 sessions). Only the generator's own functions are called, with no MkDocs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "hooks"), str(REPO)]

from colloquium import pages, site_files  # noqa: E402
from colloquium.dates import Clock  # noqa: E402
from colloquium.loader import load_site  # noqa: E402
from colloquium.outputs import Outputs  # noqa: E402
from colloquium.schedule import build_index  # noqa: E402

SITE_URL = "https://example.org/colloquium/"
BUILD_DATE = dt.date(2025, 9, 20)
FIRST = dt.date(1990, 1, 8)  # a Monday: up to 1,800 weekly sessions end before the build date, more run into its future


def write_data(data_dir: Path, sessions: int) -> None:
    (data_dir / "events").mkdir(parents=True)
    people = {f"speaker-{n}": {"name": f"Speaker {n}", "affiliation": "Somewhere"} for n in range(20)}
    readings = {"ho2020ddpm": {"title": "Denoising Diffusion Probabilistic Models", "authors": ["Jonathan Ho"],
                               "year": 2020, "arxiv": "2006.11239", "topics": ["Foundations"]}}
    last = FIRST + dt.timedelta(weeks=sessions - 1)
    event = {
        "kind": "seminar",
        "title": "A Long Seminar",
        "timezone": "Europe/Brussels",
        "dates": {"start": FIRST.isoformat(), "end": last.isoformat()},
        "sessions": [
            {"number": n + 1, "title": f"Talk {n + 1}", "date": (FIRST + dt.timedelta(weeks=n)).isoformat(),
             "start": "14:00", "end": "15:30", "presenters": [f"speaker-{n % 20}"], "readings": ["ho2020ddpm"],
             "summary": f"What talk {n + 1} is about, in *Markdown*."}
            for n in range(sessions)
        ],
    }
    (data_dir / "people.yml").write_text(yaml.safe_dump(people), encoding="utf-8")
    (data_dir / "readings.yml").write_text(yaml.safe_dump(readings), encoding="utf-8")
    # Lists of ids in flow style ([speaker-3]): 5,000 sessions stay under the 1 MB a data file may have.
    (data_dir / "events" / "long-seminar.yml").write_text(yaml.safe_dump(event, sort_keys=False, default_flow_style=None), encoding="utf-8")


def timed(step) -> float:
    gc.collect()
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def steps(sessions: int, tmp: Path) -> dict:
    """The generator's steps for a site of one event with `sessions` sessions."""
    data = tmp / f"n{sessions}" / "data"
    write_data(data, sessions)
    site = load_site(data, root=data.parent)
    assert sum(len(event.sessions) for event in site.events.values()) == sessions
    clock, outputs = Clock(day=BUILD_DATE), Outputs(site_url=SITE_URL)
    index = build_index(site, clock, outputs)

    def output(which: site_files.Output):  # a fresh build each time: shared writers are made anew
        return lambda: site_files.write_all(site_files.Build(index, "Colloquium"), [which])

    return {
        "load and validate": lambda: load_site(data, root=data.parent),
        "site index": lambda: build_index(site, clock, outputs),
        "navigation": lambda: pages.navigation(index),
        **{type(which).__name__: output(which) for which in site_files.OUTPUTS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="500,1000,2000,4000", help="sizes of the event (default 500,1000,2000,4000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds over all sizes, best kept (default 3)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sessions.split(",")]

    # Rounds go over all sizes in turn, and each size keeps its shortest time: a moment of
    # contention on a shared machine then spoils one round, not one size.
    with tempfile.TemporaryDirectory() as tmp:
        work = {n: steps(n, Path(tmp)) for n in sizes}
        results = {n: {name: float("inf") for name in work[n]} for n in sizes}
        for _ in range(args.repeat):
            for n in sizes:
                for name, step in work[n].items():
                    results[n][name] = min(results[n][name], timed(step))
    names = list(results[sizes[0]])
    print("| step | " + " | ".join(f"{n:,} sessions" for n in sizes) + f" | growth ({sizes[0]:,} → {sizes[-1]:,}) |")
    print("| --- |" + " ---: |" * (len(sizes) + 1))
    for step in names:
        per_session = [results[n][step] / n * 1e6 for n in sizes]
        cells = " | ".join(f"{us:,.0f} µs ({results[n][step]:.2f} s)" for us, n in zip(per_session, sizes))
        print(f"| {step} | {cells} | {per_session[-1] / per_session[0]:.2f}x |")
    print(f"\ntime per session (total time in parentheses), best of {args.repeat}; growth 1 = linear, "
          f"{sizes[-1] / sizes[0]:.0f} = quadratic")


if __name__ == "__main__":
    main()
