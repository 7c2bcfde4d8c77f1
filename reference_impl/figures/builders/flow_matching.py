"""flow-matching: paths of a flow-matching model against the diffusion PF-ODE, and few-step samples."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.figures import plotting, toy2d


def _straightness(path: torch.Tensor) -> float:
    """Total length of the paths over the total distance from their starts to their ends; 1 = straight.

    (A ratio of sums: a path that ends near its start would dominate a mean of ratios.)
    """
    length = (path[1:] - path[:-1]).norm(dim=2).sum()
    return (length / (path[-1] - path[0]).norm(dim=1).sum()).item()


def build(config: dict, *, device: torch.device, seed: int):
    flow = toy2d.trained(config["flow_model"], device)
    diffusion = toy2d.trained(config["diffusion_model"], device)
    ring = diffusion.mixture
    spacing = config["ddim_spacing"]
    z = torch.randn(config["paths"], 2, generator=toy2d.generator(device, seed), device=device)  # same start for both
    sampled = {
        "diffusion PF-ODE (DDIM, η = 0)": lambda model, x, steps: samplers.ddim(model, x, diffusion.schedule, steps=steps, spacing=spacing),
        "flow matching (Euler)": lambda model, x, steps: samplers.flow_euler(model, x, steps=steps),
    }
    models = (diffusion, flow)
    data = ring.sample(2000, toy2d.generator("cpu", seed + 1))
    paths = {}
    for model, (label, sample) in zip(models, sampled.items()):
        recorder = toy2d.Recorder(model)
        end = sample(recorder, z, config["path_steps"])
        paths[label] = torch.stack([x for _, x in recorder.steps] + [end.cpu()])  # [steps + 1, paths, 2]
    limit = plotting.square_limit(*paths.values())
    figure, axes = plotting.new_figure(12, 4.0, 1, 3)
    numbers = {}
    for ax, color, (label, path) in zip(axes, plotting.COLORS, paths.items()):
        straightness = _straightness(path)
        plotting.scatter_2d(ax, data, limit=limit, color="0.75", s=1, alpha=0.5, title=f"{label}\nstraightness {straightness:.2f}")
        for i in range(path.shape[1]):
            ax.plot(path[:, i, 0].numpy(), path[:, i, 1].numpy(), color=color, lw=0.7, alpha=0.8)
        ax.plot(path[0, :, 0].numpy(), path[0, :, 1].numpy(), "o", color="k", ms=2)
        numbers[f"{label}: path straightness ({config['path_steps']} steps)"] = straightness
    x_1 = torch.randn(config["samples"], 2, generator=toy2d.generator(device, seed + 2), device=device)
    few = config["few_steps"]
    chart = axes[2]
    for color, model, (label, sample) in zip(plotting.COLORS, models, sampled.items()):
        distances = [toy2d.distance_to_data(sample(model, x_1, steps), ring, seed) for steps in few]
        chart.plot(few, distances, "-o", color=color, ms=3.5, label=label)
        for steps, distance in zip(few, distances):
            numbers[f"{label}, {steps} steps: sliced Wasserstein distance to data"] = distance
    floor = toy2d.noise_floor(ring, config["samples"], seed)
    plotting.noise_floor_band(chart, floor[toy2d.FLOOR_MEAN], floor[toy2d.FLOOR_SD])
    numbers.update(floor)
    chart.set(xscale="log", yscale="log", xlabel="steps (model evaluations)", ylabel="sliced Wasserstein distance to data",
              title="few-step sampling")  # fmt: skip
    chart.set_xticks(few, [str(s) for s in few])
    chart.legend(frameon=False, fontsize=7)
    return figure, numbers
