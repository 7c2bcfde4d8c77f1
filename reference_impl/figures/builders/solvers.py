"""solvers: distance to the data against model evaluations for DDIM, DPM-Solver++(2M) and EDM, each on its own grid."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.figures import plotting, toy2d


def build(config: dict, *, device: torch.device, seed: int):
    model = toy2d.trained(config["model"], device)
    schedule, n = model.schedule, config["samples"]
    exact = model.mixture.to(device).eps_model(schedule)
    x_T = torch.randn(n, 2, generator=toy2d.generator(device, seed), device=device)
    figure, (ax,) = plotting.new_figure(8.4, 4.0)
    numbers = toy2d.noise_floor(model.mixture, n, seed)
    plotting.noise_floor_band(ax, numbers[toy2d.FLOOR_MEAN], numbers[toy2d.FLOOR_SD])
    for color, (name, step_list) in zip(plotting.COLORS, config["steps"].items()):
        sampler = samplers.SAMPLERS[name]
        nfe = [sampler.evaluations(steps) for steps in step_list]
        for eps_model, style, kind in ((model, "-o", "trained"), (exact, "--", "exact")):
            distances = [toy2d.distance_to_data(sampler.run(eps_model, x_T, schedule, steps=s), model.mixture, seed) for s in step_list]
            label = sampler.label + ("" if kind == "trained" else " (exact denoiser)")
            ax.plot(nfe, distances, style, color=color, ms=3.5, lw=1.4 if kind == "trained" else 1, label=label)
            for evaluations, distance in zip(nfe, distances):
                numbers[f"{sampler.label}, {evaluations} evaluations, {kind} model: sliced Wasserstein distance"] = distance
    numbers["samples"] = n
    ax.set(xscale="log", yscale="log", xlabel="model evaluations", ylabel="sliced Wasserstein distance to data")
    plotting.log_ticks(ax, x=[5, 10, 20, 50, 100], y=[0.03, 0.05, 0.1, 0.2, 0.5, 1, 2])
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return figure, numbers
