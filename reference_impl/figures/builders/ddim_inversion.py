"""ddim-inversion: data to noise and back along DDIM's ODE; the reconstruction error is discretisation error only."""

from __future__ import annotations

import torch

from reference_impl import inversion, samplers, schedules
from reference_impl.figures import plotting, toy2d
from reference_impl.gaussian_mixture import GaussianMixture


def build(config: dict, *, device: torch.device, seed: int):
    ring, schedule = toy2d.mixture(config["data"]), schedules.make(config["schedule"])
    x_0 = ring.sample(config["samples"], toy2d.generator("cpu", seed)).double()
    wrong = GaussianMixture(torch.tensor([0.5, 0.5]), torch.tensor([[-1.0, 0.0], [1.5, 1.0]]), torch.tensor([0.4, 0.2]))
    models = {"exact denoiser of the data": ring.eps_model(schedule), "a wrong model (another mixture's denoiser)": wrong.eps_model(schedule)}
    numbers: dict[str, float] = {"samples": config["samples"]}
    figure, axes = plotting.new_mosaic(9.6, 3.6, [["noise", "errors"]], width_ratios=[1, 1.5])
    for color, (label, model) in zip(plotting.COLORS, models.items()):
        errors = []
        for steps in config["steps"]:
            x_T = inversion.ddim_invert(model, x_0, schedule, steps=steps)
            errors.append((samplers.ddim(model, x_T, schedule, steps=steps) - x_0).norm(dim=1).mean().item())
            numbers[f"{label}, {steps} steps: mean reconstruction error"] = errors[-1]
            if steps == config["steps"][-1] and color == plotting.COLORS[0]:
                numbers["inverted noise: mean |coordinate mean|"] = x_T.mean(0).abs().mean().item()
                numbers["inverted noise: mean coordinate std"] = x_T.std(0).mean().item()
                plotting.scatter_2d(axes["noise"], x_T, limit=4, title=f"the data inverted ({steps} steps):\nstandard normal noise")
        axes["errors"].plot(config["steps"], errors, "-o", color=color, ms=3.5, label=label)
    first = numbers[f"exact denoiser of the data, {config['steps'][0]} steps: mean reconstruction error"]
    axes["errors"].plot(config["steps"], [first * config["steps"][0] / s for s in config["steps"]], ":", color="0.5", label="first order (1 / steps)")
    axes["errors"].set(xscale="log", yscale="log", xlabel="DDIM steps (each way)", ylabel="mean |ddim(invert(x_0)) - x_0|", title="reconstruction error")
    plotting.log_ticks(axes["errors"], x=config["steps"])
    axes["errors"].legend(frameon=False, fontsize=7)
    return figure, numbers
