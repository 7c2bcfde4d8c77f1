"""solvers: distance to the data against model evaluations for DDIM, DPM-Solver++(2M) and Heun."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.figures import plotting, toy2d

LABELS = {"ddim": "DDIM", "dpm_solver_pp": "DPM-Solver++(2M)", "heun": "Heun (PF-ODE)"}


def _sample(solver: str, model, x_T, schedule, steps: int, spacing: str):
    if solver == "ddim":
        return samplers.ddim(model, x_T, schedule, steps=steps, spacing=spacing)
    if solver == "dpm_solver_pp":
        return samplers.dpm_solver_pp(model, x_T, schedule, steps=steps, spacing=spacing)
    return samplers.probability_flow(model, x_T, schedule, steps=steps, method="heun", spacing=spacing)


def _evaluations(solver: str, steps: int) -> int:
    return 2 * steps - 1 if solver == "heun" else steps  # Heun: two per step, one on the last (Euler) step


def build(config: dict, *, device: torch.device, seed: int):
    model = toy2d.trained(config["model"], device)
    schedule, n, spacing = model.schedule, config["samples"], config["spacing"]
    exact = model.mixture.to(device).eps_model(schedule)
    x_T = torch.randn(n, 2, generator=toy2d.generator(device, seed), device=device)
    figure, (ax,) = plotting.new_figure(8.4, 4.0)
    numbers = toy2d.noise_floor(model.mixture, n, seed)
    plotting.noise_floor_band(ax, numbers[toy2d.FLOOR_MEAN], numbers[toy2d.FLOOR_SD])
    for color, (solver, step_list) in zip(plotting.COLORS, config["steps"].items()):
        nfe = [_evaluations(solver, steps) for steps in step_list]
        for eps_model, style, kind in ((model, "-o", "trained"), (exact, "--", "exact")):
            distances = [toy2d.distance_to_data(_sample(solver, eps_model, x_T, schedule, s, spacing), model.mixture, seed) for s in step_list]
            label = LABELS[solver] + ("" if kind == "trained" else " (exact denoiser)")
            ax.plot(nfe, distances, style, color=color, ms=3.5, lw=1.4 if kind == "trained" else 1, label=label)
            for evaluations, distance in zip(nfe, distances):
                numbers[f"{LABELS[solver]}, {evaluations} evaluations, {kind} model: sliced Wasserstein distance"] = distance
    numbers["samples"] = n
    ax.set(xscale="log", yscale="log", xlabel="model evaluations", ylabel="sliced Wasserstein distance to data")
    plotting.log_ticks(ax, x=[5, 10, 20, 50, 100], y=[0.03, 0.05, 0.1, 0.2, 0.5, 1])
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return figure, numbers
