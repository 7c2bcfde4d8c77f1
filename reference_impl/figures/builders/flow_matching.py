"""flow-matching: paths of a flow-matching model against the diffusion PF-ODE, and few-step samples."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.figures import plotting, toy2d

DIFFUSION = "diffusion PF-ODE (DDIM, η = 0)"
FLOW = "flow matching (Euler)"


def _straightness(path: torch.Tensor) -> float:
    """Total length of the paths over the total distance from their starts to their ends; 1 = straight.

    (A ratio of sums: a path that ends near its start would dominate a mean of ratios.)
    """
    length = (path[1:] - path[:-1]).norm(dim=2).sum()
    return (length / (path[-1] - path[0]).norm(dim=1).sum()).item()


def build(config: dict, *, device: torch.device, seed: int):
    flow = toy2d.trained(config["flow_model"], device)
    diffusion = toy2d.trained(config["diffusion_model"], device)
    ring, spacing = diffusion.mixture, config["ddim_spacing"]
    samplers_by_label = {
        DIFFUSION: lambda model, x, steps: samplers.ddim(model, x, diffusion.schedule, steps=steps, spacing=spacing),
        FLOW: lambda model, x, steps: samplers.flow_euler(model, x, steps=steps),
    }
    models = {DIFFUSION: diffusion, FLOW: flow}
    z = torch.randn(config["paths"], 2, generator=toy2d.generator(device, seed), device=device)  # same start for both
    x_1 = torch.randn(config["samples"], 2, generator=toy2d.generator(device, seed + 2), device=device)
    paths, few_step_samples, numbers = {}, {}, {}
    for label, sample in samplers_by_label.items():
        recorder = toy2d.Recorder(models[label])
        end = sample(recorder, z, config["path_steps"])
        paths[label] = torch.stack([x for _, x in recorder.steps] + [end.cpu()])  # [steps + 1, paths, 2]
        numbers[f"{label}: path straightness ({config['path_steps']} steps)"] = _straightness(paths[label])
        for steps in config["few_steps"]:
            x_0 = sample(models[label], x_1, steps)
            numbers[f"{label}, {steps} steps: sliced Wasserstein distance to data"] = toy2d.distance_to_data(x_0, ring, seed)
            if steps == config["few_steps_shown"]:
                few_step_samples[label] = x_0
    numbers.update(toy2d.noise_floor(ring, config["samples"], seed))

    mosaic = [["paths 0", "paths 1", "chart"], ["samples 0", "samples 1", "chart"]]
    figure, axes = plotting.new_mosaic(12, 7.4, mosaic, width_ratios=[1, 1, 1.25])
    data = ring.sample(2000, toy2d.generator("cpu", seed + 1))
    limit = plotting.square_limit(*paths.values(), *few_step_samples.values())
    for i, (color, label) in enumerate(zip(plotting.COLORS, samplers_by_label)):
        ax = axes[f"paths {i}"]
        straightness = numbers[f"{label}: path straightness ({config['path_steps']} steps)"]
        plotting.scatter_2d(ax, data, limit=limit, color="0.75", s=1, alpha=0.5, title=f"{label}\npaths, straightness {straightness:.2f}")
        for k in range(paths[label].shape[1]):
            ax.plot(paths[label][:, k, 0].numpy(), paths[label][:, k, 1].numpy(), color=color, lw=0.7, alpha=0.8)
        ax.plot(paths[label][0, :, 0].numpy(), paths[label][0, :, 1].numpy(), "o", color="k", ms=2)
        steps = config["few_steps_shown"]
        distance = numbers[f"{label}, {steps} steps: sliced Wasserstein distance to data"]
        plotting.scatter_2d(axes[f"samples {i}"], few_step_samples[label], limit=limit, color=color,
                            title=f"{label}\n{steps} steps, SW = {distance:.3f}")  # fmt: skip
    chart, few = axes["chart"], config["few_steps"]
    for color, label in zip(plotting.COLORS, samplers_by_label):
        chart.plot(few, [numbers[f"{label}, {s} steps: sliced Wasserstein distance to data"] for s in few], "-o", color=color, ms=3.5, label=label)
    plotting.noise_floor_band(chart, numbers[toy2d.FLOOR_MEAN], numbers[toy2d.FLOOR_SD])
    chart.set(xscale="log", yscale="log", xlabel="steps (model evaluations)", ylabel="sliced Wasserstein distance to data",
              title="few-step sampling")  # fmt: skip
    plotting.log_ticks(chart, x=few)
    chart.legend(frameon=False, fontsize=7)
    return figure, numbers
