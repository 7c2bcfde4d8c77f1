"""figures/manifest.json: what was made, from what, where, and the numbers it shows (no torch needed).

Layout (JSON, UTF-8, keys in a fixed order, one figure per registry name):

    {
      "format": 1,
      "suite": {"mode": "full", "device": "cpu", "device_name": ..., "torch": ..., "seconds": 312.4},
      "figures": {
        "<name>": {
          "name", "caption", "alt":   as registered when the figure was made
          "files":        ["<name>.png", "<name>.webp", "<name>@2x.webp"]   file names inside the figures folder
          "file_sha256":  {"<name>.png": "<hex>", ...}   to notice an image replaced by hand or half-copied
          "pixels":       [width, height]                of the PNG and the 1x WebP, the size they are shown at
          "cache_key":    "<hex>"                        cache.cache_key(name, seed, config, sources)
          "mode":         "quick" | "full"
          "config":       {...}                          the configuration used (hashed into the key)
          "seed":         0
          "sources":      {"reference_impl/...py:name": "<hex>"}   the definitions hashed into the key (cache.py)
          "device", "device_name", "torch", "python", "numpy", "matplotlib":   recorded, not hashed
          "seconds":      4.2                            wall time of this figure (training included)
          "numbers":      {"<label with unit>": value}   the measured numbers the figure shows
        }
      }
    }

``suite`` describes the last run that built every registered figure (absent until one did).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

__all__ = ["FILE_NAME", "FORMAT", "FIGURE_FIELDS", "ManifestError", "read", "write"]

FILE_NAME = "manifest.json"
FORMAT = 1
FIGURE_FIELDS = (
    "name", "caption", "alt", "files", "file_sha256", "pixels", "cache_key", "mode", "config", "seed", "sources",
    "device", "device_name", "torch", "python", "numpy", "matplotlib", "seconds", "numbers",
)  # fmt: skip


class ManifestError(ValueError):
    """A manifest that cannot be used; the message starts with the file (and line) at fault."""


def read(path: Path) -> dict:
    """The manifest at ``path``; an empty one when the file does not exist. Raises ManifestError when malformed."""
    path = Path(path)
    if not path.exists():
        return {"format": FORMAT, "figures": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ManifestError(f"{path}:{error.lineno}: not valid JSON ({error.msg}, column {error.colno})") from None
    except UnicodeDecodeError as error:
        raise ManifestError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("figures"), dict):
        raise ManifestError(f"{path}: expected an object with \"format\": {FORMAT} and a \"figures\" object")
    for name, entry in data["figures"].items():
        missing = [field for field in FIGURE_FIELDS if not isinstance(entry, dict) or field not in entry]
        if missing:
            raise ManifestError(f"{path}: figure {name!r}: missing field(s) {', '.join(missing)}")
        if entry["name"] != name or not isinstance(entry["files"], list) or not isinstance(entry["numbers"], dict):
            raise ManifestError(f"{path}: figure {name!r}: name, files or numbers malformed")
    return data


def write(path: Path, manifest: dict) -> None:
    """Write ``manifest`` atomically: a temporary file in the same folder, then os.replace."""
    path = Path(path)
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the manifest is a plain committed file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
