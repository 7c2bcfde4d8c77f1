"""ddim-vs-ddpm: DDPM-1000 against DDIM with 100, 50, 20 and 10 steps on one trained 2-D model."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.figures import plotting, toy2d


def build(config: dict, *, device: torch.device, seed: int):
    model = toy2d.trained(config["model"], device)
    schedule, n = model.schedule, config["samples"]
    x_T = torch.randn(n, 2, generator=toy2d.generator(device, seed), device=device)  # shared by all samplers
    runs = {f"DDPM-{schedule.T}": lambda: samplers.ddpm(model, x_T, schedule, generator=toy2d.generator(device, seed + 1))}
    evaluations = {f"DDPM-{schedule.T}": schedule.T}
    for steps in config["ddim_steps"]:
        runs[f"DDIM-{steps}"] = lambda steps=steps: samplers.ddim(model, x_T, schedule, steps=steps, spacing=config["spacing"])
        evaluations[f"DDIM-{steps}"] = steps
    numbers, samples = {}, {}
    for label, sample in runs.items():
        samples[label], seconds = toy2d.timed(sample, device)
        numbers[f"{label}: sliced Wasserstein distance to data"] = toy2d.distance_to_data(samples[label], model.mixture, seed)
        numbers[f"{label}: wall time (s)"] = seconds
    numbers.update(toy2d.noise_floor(model.mixture, n, seed))
    numbers["samples"] = n
    limit = plotting.square_limit(*samples.values())
    figure, axes = plotting.new_figure(11, 2.9, 1, len(runs))
    for ax, (label, x_0) in zip(axes, samples.items()):
        # Wall times vary from run to run, so they are in the numbers, not in the image (same code, same bytes).
        distance = numbers[f"{label}: sliced Wasserstein distance to data"]
        plotting.scatter_2d(ax, x_0, limit=limit, title=f"{label}\nSW = {distance:.3f}, {evaluations[label]} evaluations")
    figure.suptitle(f"noise floor: SW = {numbers[toy2d.FLOOR_MEAN]:.3f} ± {numbers[toy2d.FLOOR_SD]:.3f} between two data draws", fontsize=8)
    return figure, numbers
