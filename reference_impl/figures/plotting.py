"""Shared look of the figures and the one way they are saved (byte-for-byte reproducible PNGs).

Figures are ``matplotlib.figure.Figure`` objects made without pyplot: no global figure state,
no GUI backend, nothing to close. ``style()`` holds the rcParams every builder runs under.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Iterator

import matplotlib
import PIL.Image
import torch
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["COLORS", "style", "new_figure", "new_mosaic", "log_ticks", "square_limit", "scatter_2d", "square_panel", "noise_floor_band", "SHOWN_WIDTH", "WEBP_QUALITY", "save"]

# The widest a figure is shown, in CSS pixels: Material's content column in a 1280 px desktop
# window is 688 px wide. Every figure is saved at this width (PNG and WebP) and at twice it (WebP,
# for screens with two device pixels per CSS pixel), whatever its size in inches.
SHOWN_WIDTH = 720
WEBP_QUALITY = 85  # lossy WebP: a third to a fifth of lossless at this width, text still sharp
# Colour-blind-safe categorical colours (Okabe & Ito 2008), one per method or class.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
_RC = {
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.hashsalt": "colloquium",  # fixed ids should anyone save an SVG
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """rcParams for every figure (artists read them when created, so builders run inside this)."""
    with matplotlib.rc_context(_RC):
        yield


def new_figure(width: float, height: float, nrows: int = 1, ncols: int = 1, **subplot_kw) -> tuple[Figure, list[Axes]]:
    """A figure of ``width`` x ``height`` inches with a flat list of nrows x ncols axes (constrained layout)."""
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False, **subplot_kw)
    return figure, list(axes.flat)


def new_mosaic(width: float, height: float, mosaic: list[list[str]], **kwargs) -> tuple[Figure, dict[str, Axes]]:
    """A figure with named axes laid out as ``mosaic`` (``Figure.subplot_mosaic``), constrained layout."""
    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.subplot_mosaic(mosaic, **kwargs)


def log_ticks(ax: Axes, *, x: list[float] | None = None, y: list[float] | None = None) -> None:
    """Plain-number tick labels at the given positions of log axes (no "10^-1", no minor ticks)."""
    for axis, positions in ((ax.xaxis, x), (ax.yaxis, y)):
        if positions is not None:
            axis.set_ticks(positions, [f"{p:g}" for p in positions])
            axis.set_minor_locator(ticker.NullLocator())


def square_limit(*point_sets, least: float = 3.0) -> float:
    """Half-width of a square panel for ``point_sets`` (tensors [..., 2]): at least ``least``, and wide
    enough for 99.9% of the coordinates (a rare far outlier may fall outside), rounded up to 0.5."""
    coordinates = torch.cat([points.detach().abs().flatten().float().cpu() for points in point_sets])
    return max(least, 0.5 * math.ceil(2.1 * torch.quantile(coordinates, 0.999).item()))


def scatter_2d(ax: Axes, points, *, limit: float = 3.0, title: str = "", **kwargs) -> None:
    """Small points in a square [-limit, limit]^2 panel without ticks (2-D toy samples)."""
    points = points.detach().cpu().numpy() if hasattr(points, "detach") else points
    kwargs = {"s": 1.5, "alpha": 0.5, "linewidths": 0, "color": COLORS[0], "rasterized": True, **kwargs}
    ax.scatter(points[:, 0], points[:, 1], **kwargs)
    square_panel(ax, limit, title)


def square_panel(ax: Axes, limit: float, title: str = "") -> None:
    """[-limit, limit]^2, equal aspect, no ticks, a light frame: the panel of every 2-D plot."""
    ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", xticks=[], yticks=[], title=title)
    for spine in ax.spines.values():
        spine.set(visible=True, color="0.8")


def noise_floor_band(ax: Axes, mean: float, std: float) -> None:
    """Grey band mean +- std: where a perfect sampler's distance to the data falls (toy2d.noise_floor)."""
    ax.axhspan(mean - std, mean + std, color="0.88", lw=0, label="noise floor (data vs data, mean ± sd)")


def save(figure: Figure, folder: Path, name: str) -> tuple[list[str], tuple[int, int]]:
    """Write ``name``.png and ``name``.webp at SHOWN_WIDTH pixels and ``name``@2x.webp at twice it into ``folder``.

    Returns the file names and the (width, height) of the 1x images. The resolution follows from the
    width (constrained layout, no tight bounding box), so the height keeps the figure's aspect ratio.
    No metadata that varies: matplotlib writes no date, and the version string is dropped, so the
    same figure gives the same bytes.
    """
    dpi = SHOWN_WIDTH / figure.get_figwidth()
    figure.savefig(folder / f"{name}.png", format="png", dpi=dpi, metadata={"Software": None})
    for suffix, scale in (("", 1), ("@2x", 2)):
        figure.savefig(folder / f"{name}{suffix}.webp", format="webp", dpi=scale * dpi, pil_kwargs={"quality": WEBP_QUALITY, "method": 6})
    with PIL.Image.open(folder / f"{name}.png") as png:
        return [f"{name}.png", f"{name}.webp", f"{name}@2x.webp"], png.size
