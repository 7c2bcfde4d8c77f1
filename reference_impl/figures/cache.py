"""Cache keys: a hash of everything that determines a figure, computed without importing torch.

A figure is determined by its name, its seed, its configuration (the plain dict of the registry
entry for the mode it was made in) and the source code that makes it. The device and the
library versions are recorded in the manifest but not hashed, so a figure made on a GPU stays
valid on a CPU-only build machine.

Which source files make a figure is derived by a rule, not kept by hand: start at the module
of the figure's builder and follow, transitively, every import of a ``reference_impl`` module
found anywhere in the source (``import reference_impl.x``, ``from reference_impl.x import y``,
relative imports, imports inside functions). A package's ``__init__.py`` counts only when a
name that is not a submodule is imported from it; importing ``reference_impl.figures.x`` does
not make every figure depend on the package docstrings. Imports of other packages (torch,
matplotlib, scikit-image) are not followed: their versions are provenance, not key.

All paths are relative to the project root (the folder that holds ``reference_impl/``) and
written with forward slashes, so keys agree across machines and operating systems.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from pathlib import Path

__all__ = ["PACKAGE", "source_files", "source_hashes", "cache_key", "file_sha256"]

PACKAGE = "reference_impl"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _module_file(module: str, root: Path) -> Path | None:
    """The file of module ``module`` under ``root`` (a module file or a package's __init__.py)."""
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(module: str, path: Path, root: Path) -> frozenset[str]:
    """The ``reference_impl`` modules that the source of ``module`` (at ``path``) imports."""
    return _imports_in_source(module, path, root, path.read_text(encoding="utf-8"))


# Keyed by the source text, so an edited file is parsed again: every figure shares modules
# (samplers, schedules ...), and parsing each once per process keeps the site build's figure
# check cheap.
@functools.lru_cache(maxsize=None)
def _imports_in_source(module: str, path: Path, root: Path, source: str) -> frozenset[str]:
    """``from pkg import name`` means the submodule ``pkg.name`` when there is one, else a name
    defined in ``pkg/__init__.py``, i.e. the module ``pkg``.
    """
    tree = ast.parse(source, filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: drop (level - 1) parts of the containing package
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if _module_file(submodule, root) else base)
    return frozenset(m for m in found if m == PACKAGE or m.startswith(PACKAGE + "."))


def source_files(builder_module: str, root: Path) -> list[str]:
    """The files (relative paths, sorted) of ``builder_module`` and the reference_impl modules it imports, transitively."""
    root = Path(root)
    if _module_file(builder_module, root) is None:
        raise FileNotFoundError(f"{root}: no source file for the builder module {builder_module!r}")
    files: dict[str, Path] = {}
    todo = [builder_module]
    while todo:
        module = todo.pop()
        path = _module_file(module, root)
        if module in files or path is None:
            continue
        files[module] = path
        todo.extend(_imported_modules(module, path, root))
    return sorted(path.relative_to(root).as_posix() for path in files.values())


def source_hashes(builder_module: str, root: Path) -> dict[str, str]:
    """{relative path: sha256 of its bytes} for the figure's source files."""
    return {rel: file_sha256(Path(root) / rel) for rel in source_files(builder_module, root)}


def cache_key(name: str, seed: int, config: dict, sources: dict[str, str]) -> str:
    """sha256 over the figure's name, seed, configuration and source hashes (canonical JSON)."""
    payload = {"name": name, "seed": seed, "config": config, "sources": dict(sorted(sources.items()))}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
