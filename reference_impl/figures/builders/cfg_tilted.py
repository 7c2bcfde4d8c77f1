"""cfg-tilted: classifier-free guidance against the tilted density p(x | c)^s p(x)^(1 - s) / Z it is often said to sample."""

from __future__ import annotations

import torch

from reference_impl import samplers, schedules
from reference_impl.cfg_tilt import tilted_on_grid, total_variation_to_grid
from reference_impl.figures import plotting, toy2d
from reference_impl.gaussian_mixture import GaussianMixture


def build(config: dict, *, device: torch.device, seed: int):
    spec, n, schedule = config["data"], config["samples"], schedules.make(config["schedule"])
    weights, means, stds = torch.tensor(spec["weights"]), torch.tensor(spec["means"])[:, None], torch.tensor(spec["stds"])
    unconditional = GaussianMixture(weights, means, stds)
    k = spec["class"]
    conditional = GaussianMixture(torch.ones(1), means[k : k + 1], stds[k : k + 1])
    edges = torch.linspace(*config["grid"])
    centres, width = (edges[1:] + edges[:-1]) / 2, (edges[1] - edges[0]).item()
    x_T = torch.randn(n, 1, generator=toy2d.generator("cpu", seed), dtype=torch.float64)
    numbers: dict[str, float] = {"samples": n}
    figure, axes = plotting.new_figure(3.2 * len(config["scales"]), 3.2, 1, len(config["scales"]))
    for ax, scale in zip(axes, config["scales"]):
        eps = lambda x, t, s=scale: unconditional.eps(x, t, schedule) + s * (conditional.eps(x, t, schedule) - unconditional.eps(x, t, schedule))
        x = samplers.ddim(eps, x_T, schedule, steps=config["steps"])
        tilted = tilted_on_grid(conditional, unconditional, float(scale), edges)
        draws = centres[torch.multinomial(tilted.float(), n, replacement=True, generator=toy2d.generator("cpu", seed + 1))]
        floor, gap = total_variation_to_grid(draws, tilted, edges), total_variation_to_grid(x, tilted, edges)
        numbers[f"s = {scale}: total variation of CFG samples to the tilted density"] = gap
        numbers[f"s = {scale}: noise floor (exact draws of the tilted density)"] = floor
        ax.hist(x.flatten().numpy(), bins=edges.numpy(), density=True, color=plotting.COLORS[0], alpha=0.6, label="CFG samples (DDIM)")
        ax.plot(centres.numpy(), (tilted / width).numpy(), color=plotting.COLORS[1], lw=1.5, label="tilted density")
        ax.plot(centres.numpy(), (tilted_on_grid(unconditional, unconditional, 1.0, edges) / width).numpy(), color="0.6", lw=1, ls=":", label="p(x)")
        ax.set(title=f"s = {scale}: TV {gap:.3f} (floor {floor:.3f})", xlabel="x", yticks=[])
    axes[0].legend(frameon=False, fontsize=7, loc="upper left")
    return figure, numbers
