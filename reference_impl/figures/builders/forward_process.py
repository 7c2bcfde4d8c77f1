"""forward-process: a bundled photograph under q(x_t | x_0) for two schedules, and x_T against N(0, 1)."""

from __future__ import annotations

import math

import numpy as np
import torch
from matplotlib.figure import Figure
from torch.nn import functional as F

from reference_impl import data, schedules
from reference_impl.forward import q_sample
from reference_impl.figures import plotting


def build(config: dict, *, device: torch.device, seed: int):
    x0 = data.image(config["image"])[None].to(device)  # [1, 1, 512, 512] in [-1, 1]
    x0 = F.adaptive_avg_pool2d(x0, config["size"])  # smaller, so single-pixel noise stays visible
    names = ("linear", "cosine")
    ts = config["timesteps"]
    figure = Figure(figsize=(10.5, 4.4), layout="constrained")
    left, right = figure.subfigures(1, 2, width_ratios=[5, 1.6])
    grid = left.subplots(2, len(ts))
    hist = right.subplots(1, 1)
    numbers = {}
    edges = np.linspace(-4, 4, config["bins"] + 1)
    for row, name in enumerate(names):
        schedule = schedules.make(name, T=config["T"])
        # One noise draw per schedule, shared by its row: the pictures differ only by alphabar_t.
        eps = torch.randn(x0.shape, generator=torch.Generator(device).manual_seed(seed + row), device=device)
        for col, t in enumerate(ts):
            abar = schedule.alphas_cumprod[t].item()
            x_t = q_sample(x0, abar, eps)  # Ho et al. 2020, Eq. 4
            ax = grid[row][col]
            ax.imshow(x_t[0, 0].clamp(-1, 1).cpu().numpy(), cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
            ax.set(xticks=[], yticks=[])
            ax.set_title(f"t = {t}\n" + rf"$\bar\alpha_t$ = {abar:.3g}", fontsize=8)
            if col == 0:
                ax.set_ylabel(name, fontsize=9)
        x_T = q_sample(x0, schedule.alphas_cumprod[-1].item(), eps).flatten().cpu().double()
        numbers[f"{name}: mean of x_{config['T'] - 1} pixels"] = x_T.mean().item()
        numbers[f"{name}: std of x_{config['T'] - 1} pixels"] = x_T.std().item()
        numbers[f"{name}: correlation of x_{config['T'] - 1} with x_0"] = torch.corrcoef(
            torch.stack([x_T, x0.flatten().cpu().double()])
        )[0, 1].item()
        hist.hist(x_T.numpy(), bins=edges, density=True, histtype="step", lw=1.4, color=plotting.COLORS[row], label=name)
    z = np.linspace(-4, 4, 200)
    hist.plot(z, np.exp(-z**2 / 2) / math.sqrt(2 * math.pi), "k--", lw=1, label="N(0, 1)")
    hist.set(title=f"pixels of x_{config['T'] - 1}", xlabel="value", ylabel="density", xlim=(-4, 4))
    hist.legend(loc="upper right", frameon=False)
    return figure, numbers
