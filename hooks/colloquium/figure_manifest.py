"""Which figures are fresh, stale or missing, read from figures/manifest.json without importing torch.

The figures are made by ``python -m reference_impl.figures`` (see reference_impl/figures/), which
records each one in ``figures/manifest.json`` with its cache key. This module recomputes every
registered figure's key from the current source files and configuration (the registry and the
key rule are torch-free) and compares:

    fresh    the manifest's key equals the recomputed one and every image is there, unchanged
    stale    the image exists but was made from other code or configuration, or was changed
             afterwards (its sha256 differs from the recorded one)
    missing  the manifest has no entry for the figure, or an image file is absent

API (``root`` is the project root: the folder with ``figures/`` and ``reference_impl/``):

    known_figures() -> tuple[str, ...]
        The registered figure names in registry order (what session YAML may name).

    check(root, *, mode="full") -> dict[str, FigureStatus]
        One status per registered figure, in registry order. ``mode`` is the configuration the
        figures are expected in ("full" for the site, "quick" for tests): a figure made with
        the other configuration has another key and reads as stale. Raises ManifestError (a
        ValueError whose message starts with "<path>:<line>:") for a malformed manifest.

    FigureStatus (frozen dataclass):
        name       the registered name
        state      "fresh" | "stale" | "missing"
        reasons    tuple of human-readable reasons, empty when fresh (e.g. "source changed:
                   reference_impl/samplers.py", "configuration changed", "image changed since
                   it was made", "not in the manifest", "image file missing: x.png")
        caption    the caption from the registry (current text; editing it needs no rebuild)
        alt        the alt text from the registry
        images     file names inside figures/ as recorded (e.g. ("ddpm-sampling.png",
                   "ddpm-sampling.webp", "ddpm-sampling@2x.webp")); empty when the manifest has no entry
        pixels     (width, height) of the images at the size they are shown (the PNG and the
                   1x WebP; the 2x WebP has twice as many), None when not recorded
        numbers    {label: value} the measured numbers the figure shows (empty when missing)
        provenance {cache_key, mode, device, device_name, torch, python, numpy, matplotlib,
                   seed, seconds} as recorded (empty when missing)
        code       tuple of SourceListing: the definitions the cache key hashes, as they stand
                   under root (the builder first, then by file); empty when missing
        command    the command that makes the figure (python -m reference_impl.figures --only NAME)
        config     the configuration it was made with, seed and tolerance (see registry.TOLERANCE)
        commit     source_commit(root): where the code listings can be found again
        .fresh     property: state == "fresh"

    SourceListing (frozen dataclass):
        key        "path:name" as in the manifest's sources
        path, name the file (relative to root) and the definition
        chunks     ((first line, text), ...): its statements with their line numbers
        as_made    True when its text hashes to what the manifest recorded: this is the code
                   that made the figure
        .title     "reference_impl/samplers.py, lines 90–112: ddim"; .anchor an HTML id for it

    highlighted(listing) -> str
        The listing as HTML, highlighted by Pygments with the file's line numbers (the classes
        Material's code blocks are styled by).

    source_commit(root) -> str | None
        The git commit of the code under root ("abc123def456", with " + uncommitted changes"
        when reference_impl/ differs from it), None outside a git checkout.

    format_number(value) -> str
        A measured number as the pages show it: integers as they are, other numbers with
        three significant digits ("0.0421", "12.3", "1.5e-05").

    suite(root) -> dict | None
        The manifest's record of the last run that built every figure: {mode, device,
        device_name, torch, seconds}, or None.

    regenerate(root, names, *, mode="full") -> None
        Runs ``python -m reference_impl.figures --out <root>/figures --only NAME ...`` with the
        interpreter running this code, in ``root``, to rebuild ``names``; raises FigureBuildError with the command's
        output when it fails (the previous figures and manifest are then unchanged).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from colloquium import build_cache
from reference_impl.figures import cache, manifest, registry
from reference_impl.figures.manifest import ManifestError

__all__ = [
    "FIGURES_DIR",
    "PROVENANCE",
    "FigureStatus",
    "SourceListing",
    "ManifestError",
    "FigureBuildError",
    "known_figures",
    "check",
    "format_number",
    "suite",
    "regenerate",
    "source_commit",
    "highlighted",
]

FIGURES_DIR = "figures"
PROVENANCE = ("cache_key", "mode", "device", "device_name", "torch", "python", "numpy", "matplotlib", "seed", "seconds")


class FigureBuildError(RuntimeError):
    """``python -m reference_impl.figures`` failed; the message holds its output."""


@dataclass(frozen=True)
class SourceListing:
    key: str
    path: str
    name: str
    chunks: tuple[tuple[int, str], ...]
    as_made: bool

    @property
    def title(self) -> str:
        """"reference_impl/samplers.py, lines 90–112: ddim"."""
        lines = ", ".join(f"{first}–{first + text.count(chr(10))}" for first, text in self.chunks)
        return f"{self.path}, lines {lines}: {self.name}"

    @property
    def anchor(self) -> str:
        """An HTML id for the listing: "code-reference-impl-samplers-py-ddim"."""
        return "code-" + "-".join(re.sub(r"[^a-z0-9]+", " ", self.key.lower()).split())


@dataclass(frozen=True)
class FigureStatus:
    name: str
    state: str
    reasons: tuple[str, ...]
    caption: str
    alt: str
    images: tuple[str, ...] = ()
    numbers: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    pixels: tuple[int, int] | None = None
    code: tuple[SourceListing, ...] = ()
    command: str = ""
    config: Mapping[str, Any] = field(default_factory=dict)
    commit: str | None = None

    @property
    def fresh(self) -> bool:
        return self.state == "fresh"


def known_figures() -> tuple[str, ...]:
    return registry.NAMES


def _manifest(root: Path) -> dict:
    return manifest.read(Path(root) / FIGURES_DIR / manifest.FILE_NAME)


def _code_digest(root: Path) -> str:
    """One hash of every source file of the reference implementation under ``root``."""
    digest = hashlib.sha256(repr(sys.version_info[:2]).encode())
    for path in sorted((Path(root) / "reference_impl").rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _sources(spec: registry.FigureSpec, root: Path, code: str) -> dict[str, str]:
    """``spec.sources(root)``, kept between builds for the same code (build_cache): finding the
    definitions a builder uses reads every module's syntax tree, a good part of a build's cost."""
    return json.loads(build_cache.cached("figure-sources", (spec.builder, code), lambda: json.dumps(spec.sources(root)).encode()))


def _listings(spec: registry.FigureSpec, recorded: Mapping[str, str], root: Path, code: str) -> tuple[SourceListing, ...]:
    """The recorded sources as they stand under root, the builder first; a definition that is
    gone is left out. Kept between builds for the same code (build_cache)."""

    def found() -> bytes:
        return json.dumps([[listing.key, listing.path, listing.name, listing.chunks, listing.as_made]
                           for listing in _read_listings(spec, recorded, root)]).encode()

    rows = json.loads(build_cache.cached("figure-listings", (spec.builder, code, sorted(recorded.items())), found))
    return tuple(SourceListing(key, path, name, tuple(map(tuple, chunks)), as_made) for key, path, name, chunks, as_made in rows)


def _read_listings(spec: registry.FigureSpec, recorded: Mapping[str, str], root: Path) -> list[SourceListing]:
    builder = f"{spec.builder_module.replace('.', '/')}.py:{spec.builder.rpartition('.')[2]}"
    listings = []
    for key in sorted(recorded, key=lambda key: (key != builder, key)):
        try:
            chunks = cache.source_chunks(key, root)
        except KeyError:
            continue
        text = "\n".join(text for _, text in chunks)
        path, _, name = key.rpartition(":")
        listings.append(SourceListing(key, path, name, chunks, hashlib.sha256(text.encode("utf-8")).hexdigest() == recorded[key]))
    return listings


def highlighted(listing: SourceListing) -> str:
    """The listing as highlighted HTML (Pygments), kept between builds (build_cache): the
    gallery shows some 800 listings, whose highlighting would be most of a build's cost."""
    import pygments  # only the gallery needs it

    return build_cache.cached("highlighted", (pygments.__version__, listing.chunks), lambda: _highlight(listing).encode()).decode()


def _highlight(listing: SourceListing) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return "".join(highlight(text, PythonLexer(), HtmlFormatter(linenos="inline", linenostart=first, cssclass="highlight", wrapcode=True)) for first, text in listing.chunks)


def source_commit(root: Path) -> str | None:
    code = (Path(root) / "reference_impl").resolve()
    try:
        commit = subprocess.run(["git", "-C", str(code), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "-C", str(code), "status", "--porcelain", "--", "."], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + (" + uncommitted changes" if changed else "")


def _status(spec: registry.FigureSpec, entry: dict | None, root: Path, mode: str, code: str, commit: str | None) -> FigureStatus:
    base = {"name": spec.name, "caption": spec.caption, "alt": spec.alt, "command": spec.command(mode), "commit": commit,
            "config": {"seed": spec.seed, "configuration": spec.config(mode), "tolerance": spec.tolerance}}
    if entry is None:
        return FigureStatus(state="missing", reasons=("not in the manifest",), **base)
    recorded = {
        "images": tuple(entry["files"]),
        "numbers": dict(entry["numbers"]),
        "provenance": {key: entry[key] for key in PROVENANCE},
        "pixels": tuple(entry["pixels"]) if "pixels" in entry else None,
        "code": _listings(spec, entry["sources"], Path(root), code),
    }
    folder = Path(root) / FIGURES_DIR
    absent = [name for name in entry["files"] if not (folder / name).is_file()]
    if absent:
        return FigureStatus(state="missing", reasons=tuple(f"image file missing: {name}" for name in absent), **base, **recorded)
    reasons = []
    sources = _sources(spec, root, code)
    if cache.cache_key(spec.name, spec.seed, spec.config(mode), sources) != entry["cache_key"]:
        old = entry["sources"]
        reasons += [f"source changed: {path}" for path in sorted(sources.keys() & old.keys()) if sources[path] != old[path]]
        reasons += [f"new source: {path}" for path in sorted(sources.keys() - old.keys())]
        reasons += [f"source no longer used: {path}" for path in sorted(old.keys() - sources.keys())]
        if entry["mode"] != mode:
            reasons.append(f"made with the {entry['mode']} configuration, {mode} expected")
        elif entry["config"] != spec.config(mode) or entry["seed"] != spec.seed:
            reasons.append("configuration changed")
        if not reasons:
            reasons.append("cache key differs")
    recorded_hashes = entry["file_sha256"]
    for name in entry["files"]:
        if recorded_hashes.get(name) != cache.file_sha256(folder / name):
            reasons.append(f"image changed since it was made: {name}")
    return FigureStatus(state="stale" if reasons else "fresh", reasons=tuple(reasons), **base, **recorded)


def check(root: Path, *, mode: str = "full") -> dict[str, FigureStatus]:
    """The state of every registered figure under ``root`` (see the module docstring)."""
    if mode not in registry.MODES:
        raise ValueError(f"figure_manifest.check: unknown mode {mode!r}; choose one of {', '.join(registry.MODES)}")
    entries = _manifest(root)["figures"]
    code, commit = _code_digest(root), source_commit(root)
    return {spec.name: _status(spec, entries.get(spec.name), Path(root), mode, code, commit) for spec in registry.FIGURES}


def format_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return str(value) if isinstance(value, int) else f"{value:.3g}"


def suite(root: Path) -> dict | None:
    return _manifest(root).get("suite")


def regenerate(root: Path, names: list[str], *, mode: str = "full") -> None:
    """Rebuild ``names`` with the reference implementation in a child process (torch stays out of this one)."""
    unknown = [name for name in names if name not in registry.NAMES]
    if unknown:
        raise ValueError(f"figure_manifest.regenerate: unknown figure(s) {', '.join(unknown)}")
    if mode not in registry.MODES:
        raise ValueError(f"figure_manifest.regenerate: unknown mode {mode!r}; choose one of {', '.join(registry.MODES)}")
    command = [sys.executable, "-m", "reference_impl.figures", "--out", str(Path(root) / FIGURES_DIR)]
    command += [arg for name in names for arg in ("--only", name)]
    if mode == "quick":
        command.append("--quick")
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise FigureBuildError(f"{' '.join(command[1:])} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")


if __name__ == "__main__":
    # `python -m colloquium.figure_manifest [ROOT]`: the names of the figures that are stale or
    # missing, one a line (the publishing workflow installs torch only when there are some).
    for name, figure_status in check(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")).items():
        if not figure_status.fresh:
            print(name)
