"""consistency: one- and two-step samples of a consistency model distilled from the exact 2-D PF-ODE, against DDIM."""

from __future__ import annotations

import torch

from reference_impl import consistency, networks, samplers, schedules
from reference_impl.figures import plotting, toy2d


def build(config: dict, *, device: torch.device, seed: int):
    ring, n = toy2d.mixture(config["data"]), config["samples"]
    spec = config["distillation"]
    torch.manual_seed(spec["seed"])
    f = consistency.ConsistencyFunction(networks.MLPDenoiser(width=spec["width"], depth=spec["depth"]), sigma_data=spec["sigma_data"])
    losses = consistency.distill(f, consistency.mixture_denoiser(ring), lambda b, g: ring.sample(b, g), N=spec["N"],
                                 steps=spec["steps"], batch_size=spec["batch_size"], lr=spec["lr"], ema=spec["ema"], seed=spec["seed"])  # fmt: skip
    f.eval()
    schedule = schedules.make("linear")
    z = torch.randn(n, 2, generator=toy2d.generator("cpu", seed))
    numbers = {"distillation loss, mean of last 10%": sum(losses[-len(losses) // 10 :]) / len(losses[-len(losses) // 10 :]), "samples": n}
    numbers.update(toy2d.noise_floor(ring, n, seed))
    panels = {}
    with torch.no_grad():
        for steps, sigmas in ((1, [80.0]), (2, [80.0, config["two_step_sigma"]])):
            panels[f"consistency model, {steps} step{'s' if steps > 1 else ''}"] = consistency.sample(f, z, sigmas, generator=toy2d.generator("cpu", seed + 1))
        for steps in (1, 2):
            panels[f"DDIM, {steps} step{'s' if steps > 1 else ''} (exact denoiser)"] = samplers.ddim(ring.eps_model(schedule), z, schedule, steps=steps, spacing="trailing")
    panels["data"] = ring.sample(n, toy2d.generator("cpu", seed + 2))
    limit = plotting.square_limit(*panels.values())
    figure, axes = plotting.new_figure(2.4 * len(panels), 2.9, 1, len(panels))
    for ax, (title, x) in zip(axes, panels.items()):
        if title != "data":
            distance = toy2d.distance_to_data(x, ring, seed)
            numbers[f"{title}: sliced Wasserstein distance to data"] = distance
            title = f"{title}\nSW = {distance:.3f}"
        plotting.scatter_2d(ax, x, limit=limit, title=title)
    figure.suptitle(f"noise floor: SW = {numbers[toy2d.FLOOR_MEAN]:.3f} ± {numbers[toy2d.FLOOR_SD]:.3f} between two data draws", fontsize=8)
    return figure, numbers
