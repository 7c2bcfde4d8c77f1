"""Command line: build the registered figures into figures/ (see ``--help``)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import manifest, registry


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m reference_impl.figures",
        description="Make the figures of the reference implementation and record them in figures/manifest.json. "
        "All or nothing: if any figure fails, the previous figures and manifest stay as they were.",
    )
    parser.add_argument("--only", action="append", choices=registry.NAMES, metavar="NAME",
                        help=f"build only this figure (repeatable); one of: {', '.join(registry.NAMES)}")
    parser.add_argument("--quick", action="store_true", help="the small configuration the tests use")
    parser.add_argument("--device", choices=("cpu", "cuda"), help="default: cuda when available, else cpu")
    parser.add_argument("--out", type=Path, help="output folder (default: figures/ of the project)")
    return parser.parse_args(argv)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import torch  # after parsing, so --help and bad arguments answer at once

    from .build import ROOT, BuildError, run

    if args.device == "cuda" and not torch.cuda.is_available():
        print("error: --device cuda, but torch sees no CUDA device", file=sys.stderr)
        return 2
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if device.type == "cpu":
        # The models are small: threads gain little, and OpenMP workers that spin on a shared
        # machine can slow a run many times over. One thread also fixes the order of sums.
        torch.set_num_threads(1)
    names = args.only or list(registry.NAMES)
    mode = "quick" if args.quick else "full"
    start = time.perf_counter()
    try:
        run(names, mode=mode, device=device, out=args.out or ROOT / "figures")
    except BuildError as error:
        print(f"error: {error}\nNo figure was written; the previous figures and manifest are unchanged.", file=sys.stderr)
        return 1
    except manifest.ManifestError as error:
        print(f"error: {error}\nFix or delete the manifest; nothing was built.", file=sys.stderr)
        return 1
    print(f"{len(names)} figure(s), {mode}, on {device.type}: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
