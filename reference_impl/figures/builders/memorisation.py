"""memorisation: the exact denoiser of a small training set gives the training set back; a trained MLP makes new points."""

from __future__ import annotations

import torch

from reference_impl import data, networks, samplers, schedules, training
from reference_impl.figures import plotting, toy2d
from reference_impl.memorisation import distance_to_nearest, empirical_denoiser


def build(config: dict, *, device: torch.device, seed: int):
    ring, schedule, n = toy2d.mixture(config["data"]), schedules.make(config["schedule"]), config["samples"]
    points = data.gaussian_mixture(config["training_points"], toy2d.generator("cpu", seed), ring)
    spec = config["model"]
    torch.manual_seed(spec["seed"])
    network = networks.MLPDenoiser(width=spec["width"], depth=spec["depth"])
    network, record = training.train(network, points, objective="eps", schedule=schedule, steps=spec["steps"], batch_size=spec["batch_size"], lr=spec["lr"], seed=spec["seed"])
    x_T = torch.randn(n, 2, generator=toy2d.generator("cpu", seed + 1))
    with torch.no_grad():
        runs = {
            "exact denoiser of the training set": samplers.ddim(empirical_denoiser(points.x, schedule), x_T.double(), schedule, steps=config["steps"]).float(),
            "small MLP trained on it": samplers.ddim(network, x_T, schedule, steps=config["steps"]),
        }
    fresh = ring.sample(n, toy2d.generator("cpu", seed + 2))
    numbers: dict[str, float] = {"training points": config["training_points"], "samples": n}
    figure, axes = plotting.new_figure(9.6, 3.4, 1, 3)
    for ax, (label, x) in zip(axes, {**runs, "fresh data": fresh}.items()):
        distance = distance_to_nearest(x, points.x)
        numbers[f"{label}: median distance to the nearest training point"] = distance.median().item()
        numbers[f"{label}: share within 0.01 of a training point"] = (distance < 0.01).float().mean().item()
        plotting.scatter_2d(ax, x, limit=2.5, title=f"{label}\nmedian distance to nearest {distance.median().item():.3f}", s=2)
        plotting.scatter_2d(ax, points.x, limit=2.5, color=plotting.COLORS[1], s=6, alpha=1)
    numbers["MLP: final training loss"] = record.final_loss
    return figure, numbers
