"""Build figures into the figures folder, all or nothing.

Every figure of a run is made inside a temporary folder next to the output (same file system,
so moving is a rename). Only when every figure of the run has been made are the images moved
into place and the manifest replaced, the manifest last. A builder that raises, or an
interrupted run, leaves the previous images and manifest as they were. Should the process die
between the renames, the manifest still holds the old images' sha256, so the new images read as
stale rather than as fresh (hooks/colloquium/figure_manifest.py checks them).

Figures not in the run keep their manifest entries; entries of figures no longer registered are dropped.
"""

from __future__ import annotations

import importlib
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import matplotlib
import numpy
import torch
from tqdm.auto import tqdm

from . import cache, manifest, plotting, registry

__all__ = ["ROOT", "run", "BuildError"]

ROOT = Path(__file__).resolve().parents[2]  # the project root, which holds reference_impl/


class BuildError(RuntimeError):
    """A figure's builder failed; nothing was written."""


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return platform.processor() or platform.machine()


def _round(value):
    """Numbers as shown: 4 significant digits (the manifest is read by people too)."""
    return float(f"{value:.4g}") if isinstance(value, float) else value


def _build_one(spec: registry.FigureSpec, mode: str, device: torch.device, root: Path, folder: Path) -> dict:
    config = spec.config(mode)
    sources = spec.sources(root)
    builder = getattr(importlib.import_module(spec.builder_module), spec.builder.rpartition(".")[2])
    start = time.perf_counter()
    with plotting.style():
        figure, numbers = builder(config, device=device, seed=spec.seed)
    files, pixels = plotting.save(figure, folder, spec.name)
    seconds = time.perf_counter() - start
    return {
        "name": spec.name,
        "caption": spec.caption,
        "alt": spec.alt,
        "files": files,
        "file_sha256": {name: cache.file_sha256(folder / name) for name in files},
        "pixels": list(pixels),
        "cache_key": cache.cache_key(spec.name, spec.seed, config, sources),
        "mode": mode,
        "config": config,
        "seed": spec.seed,
        "sources": sources,
        "device": device.type,
        "device_name": _device_name(device),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "matplotlib": matplotlib.__version__,
        "seconds": round(seconds, 2),
        "numbers": {label: _round(value) for label, value in numbers.items()},
    }


def run(names: list[str], *, mode: str, device: torch.device, out: Path, root: Path = ROOT, progress: bool = True) -> dict:
    """Build the figures ``names`` (registry order) into ``out``; returns the new manifest.

    Raises BuildError (naming the figure) when a builder fails; ``out`` is then unchanged.
    """
    wanted = {registry.get(name).name for name in names}  # unknown names raise ValueError here
    specs = [spec for spec in registry.FIGURES if spec.name in wanted]
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / manifest.FILE_NAME
    old = manifest.read(manifest_path)  # a malformed manifest stops the run before any work
    start = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        entries = {}
        with tqdm(specs, desc="figures", unit="figure", disable=not progress) as bar:
            for spec in bar:
                bar.set_postfix_str(spec.name)
                try:
                    entries[spec.name] = _build_one(spec, mode, device, root, folder)
                except Exception as error:
                    raise BuildError(f"figure {spec.name!r} ({spec.builder}): {type(error).__name__}: {error}") from error
        suite = old.get("suite")
        if len(specs) == len(registry.NAMES):  # only a run of every figure times the suite
            suite = {
                "mode": mode,
                "device": device.type,
                "device_name": _device_name(device),
                "torch": torch.__version__,
                "seconds": round(time.perf_counter() - start, 1),
            }
        figures = {**old["figures"], **entries}
        new = {"format": manifest.FORMAT, **({"suite": suite} if suite else {})}
        new["figures"] = {name: figures[name] for name in registry.NAMES if name in figures}
        manifest.write(folder / manifest.FILE_NAME, new)
        for entry in entries.values():
            for file_name in entry["files"]:
                os.replace(folder / file_name, out / file_name)
        os.replace(folder / manifest.FILE_NAME, manifest_path)
        return new
    finally:
        shutil.rmtree(folder, ignore_errors=True)
