"""pf-ode-likelihood: log p of the ring from the probability-flow ODE (Song et al. 2021, Eq. 39) against its exact value."""

from __future__ import annotations

import matplotlib.colors
import torch

from reference_impl import likelihood, schedules
from reference_impl.cfg_tilt import log_density
from reference_impl.figures import plotting, toy2d


def build(config: dict, *, device: torch.device, seed: int):
    ring, schedule, shown = toy2d.mixture(config["data"]), schedules.make(config["schedule"]), config["shown"]
    score = ring.score_model(schedule)
    x_0 = ring.sample(config["samples"], toy2d.generator("cpu", seed)).double()
    exact = log_density(ring, x_0)
    numbers: dict[str, float] = {"samples": config["samples"], "exact mean negative log-likelihood of the samples (nats)": -exact.mean().item()}
    largest, mean = [], []
    for steps in config["steps"]:
        error = (likelihood.log_likelihood(score, x_0, schedule, steps=steps)[0] - exact).abs()
        numbers[f"{steps} steps: largest |log p error| over the samples"] = error.max().item()
        numbers[f"{steps} steps: mean |log p error| over the samples"] = error.mean().item()
        largest.append(error.max().item())
        mean.append(error.mean().item())
    # The grid of the two maps: exact log p and the error of the ODE's estimate at `shown` steps.
    lo, hi, size = config["grid"]
    axis = torch.linspace(lo, hi, size, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(axis, axis, indexing="xy"), -1).reshape(-1, 2)
    exact_grid = log_density(ring, grid)
    error_grid = (likelihood.log_likelihood(score, grid, schedule, steps=shown)[0] - exact_grid).abs()
    near = exact_grid > config["floor"]
    numbers[f"grid, {shown} steps: largest |log p error| where log p > {config['floor']}"] = error_grid[near].max().item()
    numbers[f"grid, {shown} steps: largest |log p error| anywhere"] = error_grid.max().item()
    numbers["grid: lowest exact log p"] = exact_grid.min().item()

    figure, axes = plotting.new_mosaic(9.6, 3.4, [["exact", "error", "steps"]], width_ratios=[1, 1, 1.25])
    extent, image = (lo, hi, lo, hi), lambda values: values.reshape(size, size).numpy()
    shade = axes["exact"].imshow(image(exact_grid.clamp(min=config["floor"])), origin="lower", extent=extent, cmap="viridis")
    figure.colorbar(shade, ax=axes["exact"], shrink=0.8, label=f"log p(x) (below {config['floor']} clipped)")
    plotting.square_panel(axes["exact"], hi, "exact log p of the mixture")
    shade = axes["error"].imshow(image(error_grid.clamp(min=1e-6)), origin="lower", extent=extent, cmap="magma", norm=matplotlib.colors.LogNorm(1e-4, 10))
    axes["error"].contour(*(image(c) for c in grid.unbind(1)), image(exact_grid), levels=[config["floor"]], colors="w", linewidths=0.6, linestyles="solid")
    figure.colorbar(shade, ax=axes["error"], shrink=0.8, label="|ODE estimate - exact|")
    plotting.square_panel(axes["error"], hi, f"error of the ODE's log p, {shown} steps\n(white: log p = {config['floor']})")
    ax = axes["steps"]
    ax.plot(config["steps"], largest, "-o", color=plotting.COLORS[1], ms=3.5, label="largest over the samples")
    ax.plot(config["steps"], mean, "-o", color=plotting.COLORS[0], ms=3.5, label="mean over the samples")
    ax.plot(config["steps"], [mean[0] * (config["steps"][0] / s) ** 2 for s in config["steps"]], ":", color="0.5", label="second order (1 / steps^2)")
    ax.set(xscale="log", yscale="log", xlabel="Heun steps", ylabel="|log p error| (nats)", title=f"error against steps ({config['samples']} data points)")
    plotting.log_ticks(ax, x=config["steps"])
    ax.legend(frameon=False, fontsize=7)
    return figure, numbers
