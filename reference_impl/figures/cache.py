"""Cache keys: a hash of everything that determines a figure, computed without importing torch.

A figure is determined by its name, its seed, its configuration (the plain dict of the registry
entry for the mode it was made in) and the source code that makes it. The device and the
library versions are recorded in the manifest but not hashed, so a figure made on a GPU stays
valid on a CPU-only build machine.

Which code makes a figure is derived by a rule, not kept by hand, at the level of top-level
definitions, so that adding a sampler to samplers.py leaves the figures that never call it
fresh. A *definition* is a top-level function, class or assigned name of a ``reference_impl``
module, keyed ``path:name``; a module's other top-level statements (not its imports or its
docstring) form one more entry, ``path:<module>``. Start at the builder function and follow,
transitively, every name a definition uses:

* a name defined in the same module is that definition;
* a name imported from a ``reference_impl`` module (``from reference_impl.x import f``,
  relative imports, imports inside functions) is the definition ``f`` of ``x``, or the module
  ``x.f`` when that is a submodule;
* ``m.f`` with ``m`` a ``reference_impl`` module is the definition ``f`` of ``m`` (or submodule
  ``m.f``); a module used other than through an attribute counts whole (every definition).

Using any definition of a module brings in its ``<module>`` entry. A package's ``__init__.py``
counts only through names taken from it, so importing ``reference_impl.figures.x`` does not make
every figure depend on the package docstrings. Other packages (torch, matplotlib) are not
followed: their versions are provenance, not key. Comments and docstrings inside a definition
are part of its text; the module docstring and comments between definitions are not.

All paths are relative to the project root (the folder that holds ``reference_impl/``) and
written with forward slashes, so keys agree across machines and operating systems.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PACKAGE", "MODULE_STATEMENTS", "source_hashes", "source_chunks", "cache_key", "file_sha256"]

PACKAGE = "reference_impl"
MODULE_STATEMENTS = "<module>"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _module_file(module: str, root: Path) -> Path | None:
    """The file of module ``module`` under ``root`` (a module file or a package's __init__.py)."""
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# What a name refers to: ("module", "reference_impl.x") or ("definition", "reference_impl.x", "name").
Ref = tuple


@dataclass(frozen=True)
class _Module:
    texts: dict[str, str]  # definition name (or MODULE_STATEMENTS) -> its source text
    chunks: dict[str, tuple]  # definition name -> ((first line, text), ...) of its statements; texts joins them
    uses: dict[str, frozenset]  # definition name -> the Refs its text uses
    imports: dict[str, Ref]  # names bound by imports of reference_impl modules


def _parse(module: str, root: Path) -> _Module:
    path = _module_file(module, root)
    return _parse_source(module, path, root, path.read_text(encoding="utf-8"))


# Keyed by the source text, so an edited file is parsed again: every figure shares modules
# (samplers, schedules ...), and parsing each once per process keeps the site build's figure
# check cheap.
@functools.lru_cache(maxsize=None)
def _parse_source(module: str, path: Path, root: Path, source: str) -> _Module:
    tree = ast.parse(source, filename=str(path))
    imports = _import_bindings(module, path, root, tree)
    nodes: dict[str, list[ast.stmt]] = {}
    for index, node in enumerate(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (index == 0 and ast.get_docstring(tree) is not None):
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]
        else:
            names = [MODULE_STATEMENTS]
        for name in names:
            nodes.setdefault(name, []).append(node)
    scope = {**imports, **{name: ("definition", module, name) for name in nodes}}
    chunks = {name: tuple((_first_line(node), _text(source, node)) for node in group) for name, group in nodes.items()}
    texts = {name: "\n".join(text for _, text in group) for name, group in chunks.items()}
    uses = {name: frozenset(ref for node in group for ref in _references(node, scope, root)) for name, group in nodes.items()}
    return _Module(texts, chunks, uses, imports)


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def _text(source: str, node: ast.stmt) -> str:
    """The source lines of ``node``, decorators included."""
    return "\n".join(source.splitlines()[_first_line(node) - 1 : node.end_lineno])


def _import_bindings(module: str, path: Path, root: Path, tree: ast.Module) -> dict[str, Ref]:
    """Every name an import anywhere in the module binds to a reference_impl module or definition."""
    bound: dict[str, Ref] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name if alias.asname else alias.name.split(".")[0]
                bound[alias.asname or target] = ("module", target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: drop (level - 1) parts of the containing package
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                bound[alias.asname or alias.name] = _member(base, alias.name, root)
    return {name: ref for name, ref in bound.items() if _inside(ref[1])}


def _member(module: str, name: str, root: Path) -> Ref:
    """``module.name``: a submodule when there is one, else a definition of ``module`` (``*``: all of it)."""
    if name == "*":
        return ("module", module)
    submodule = f"{module}.{name}"
    return ("module", submodule) if _module_file(submodule, root) else ("definition", module, name)


def _inside(module: str) -> bool:
    return module == PACKAGE or module.startswith(PACKAGE + ".")


def _references(node: ast.AST, scope: dict[str, Ref], root: Path) -> list[Ref]:
    """The Refs that the names and module attributes in ``node`` resolve to."""
    found: list[Ref] = []

    def resolve(expr: ast.AST) -> Ref | None:
        if isinstance(expr, ast.Name):
            return scope.get(expr.id)
        if isinstance(expr, ast.Attribute):
            base = resolve(expr.value)
            if base is not None and base[0] == "module":
                return _member(base[1], expr.attr, root)
        return None

    def visit(expr: ast.AST) -> None:
        if isinstance(expr, ast.Attribute):
            ref = resolve(expr)
            if ref is not None:
                found.append(ref)
                return
        elif isinstance(expr, ast.Name) and expr.id in scope:
            found.append(scope[expr.id])
        for child in ast.iter_child_nodes(expr):
            visit(child)

    visit(node)
    return found


def source_hashes(builder: str, root: Path) -> dict[str, str]:
    """{"path:definition": sha256 of its text} for everything the function ``builder`` (dotted path) uses.

    Raises FileNotFoundError when the builder's module has no source file under ``root``.
    """
    root = Path(root)
    builder_module, _, builder_name = builder.rpartition(".")
    if _module_file(builder_module, root) is None:
        raise FileNotFoundError(f"{root}: no source file for the builder module {builder_module!r}")
    hashes: dict[str, str] = {}
    todo: list[Ref] = [("definition", builder_module, builder_name)]
    seen: set[Ref] = set()
    while todo:
        ref = todo.pop()
        if ref in seen or _module_file(ref[1], root) is None:
            continue
        seen.add(ref)
        module = _parse(ref[1], root)
        if ref[0] == "module":
            names = list(module.texts)
        elif ref[2] in module.texts:
            names = [ref[2]] + ([MODULE_STATEMENTS] if MODULE_STATEMENTS in module.texts else [])
        else:  # a name the module imports from elsewhere (re-exported), or one it lacks: follow the import, else take it whole
            todo.append(module.imports.get(ref[2], ("module", ref[1])))
            continue
        rel = _module_file(ref[1], root).relative_to(root).as_posix()
        for name in names:
            hashes[f"{rel}:{name}"] = hashlib.sha256(module.texts[name].encode("utf-8")).hexdigest()
            todo.extend(module.uses.get(name, ()))
    return dict(sorted(hashes.items()))


def source_chunks(key: str, root: Path) -> tuple[tuple[int, str], ...]:
    """The definition ``key`` ("path:name", a key of :func:`source_hashes`) as it stands under ``root``:
    ((first line, text), ...), one per statement (a ``<module>`` entry can have several); the texts,
    joined by newlines, are what source_hashes hashes. Raises KeyError when the file no longer defines it."""
    path, _, name = key.rpartition(":")
    module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    if _module_file(module, Path(root)) is None:
        raise KeyError(key)
    return _parse(module, Path(root)).chunks[name]


def cache_key(name: str, seed: int, config: dict, sources: dict[str, str]) -> str:
    """sha256 over the figure's name, seed, configuration and source hashes (canonical JSON)."""
    payload = {"name": name, "seed": seed, "config": config, "sources": dict(sorted(sources.items()))}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
