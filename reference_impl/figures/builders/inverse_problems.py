"""inverse-problems: DPS (Chung et al. 2023, Algorithm 1) and its likelihood-weighted variant against the exact posterior."""

from __future__ import annotations

import torch

from reference_impl import samplers, schedules
from reference_impl.figures import plotting, toy2d
from reference_impl.gaussian_mixture import observe
from reference_impl.guidance import dps, gradient_guidance, likelihood_weighted_dps_gradient


def build(config: dict, *, device: torch.device, seed: int):
    n, y, sigma_y = config["samples"], config["observation"], config["sigma_y"]
    prior_mixture, schedule = toy2d.mixture(config["data"]), schedules.make(config["schedule"])
    posterior = observe(prior_mixture, 0, y, sigma_y)
    reference = posterior.sample(n, toy2d.generator("cpu", seed + 1))
    prior = prior_mixture.sample(n, toy2d.generator("cpu", seed + 2))
    floor = toy2d.distance_to_data(posterior.sample(n, toy2d.generator("cpu", seed + 3)), posterior, seed)
    numbers = {
        "samples": n,
        "exact posterior vs exact posterior (noise floor)": floor,
        "prior vs exact posterior": toy2d.distance_to_data(prior, posterior, seed),
        "exact posterior: spread of x[0] (std)": reference[:, 0].std().item(),
    }
    panels = {f"exact posterior, y = {y}": reference}
    exact = prior_mixture.to(device).eps_model(schedule)
    A, y_obs = torch.tensor([[1.0, 0.0]], device=device), torch.tensor([y], device=device)
    x_T = torch.randn(n, 2, generator=toy2d.generator(device, seed), device=device)
    runs = {f"DPS (Algorithm 1), zeta = {zeta:g}": lambda zeta=zeta: dps(exact, x_T, schedule, A=A, y=y_obs, zeta=zeta, generator=toy2d.generator(device, seed + 4))
            for zeta in config["zetas"]}  # fmt: skip
    weighted = gradient_guidance(exact, likelihood_weighted_dps_gradient(exact, schedule, A, y_obs, sigma_y), 1.0, schedule)
    runs["likelihood-weighted variant (not Algorithm 1)"] = lambda: samplers.ddpm(weighted, x_T, schedule, generator=toy2d.generator(device, seed + 4))
    for label, run in runs.items():
        x = run().cpu()
        distance, spread = toy2d.distance_to_data(x, posterior, seed), x[:, 0].std().item()
        numbers[f"{label}: sliced Wasserstein distance to the exact posterior"] = distance
        numbers[f"{label}: spread of x[0] (std)"] = spread
        panels[f"{label.replace(' (', chr(10) + '(')}\nSW {distance:.3f}, std x[0] {spread:.3f}"] = x
    limit = plotting.square_limit(*panels.values())
    figure, axes = plotting.new_figure(2.3 * len(panels), 2.9, 1, len(panels))
    for ax, (title, x) in zip(axes, panels.items()):
        plotting.scatter_2d(ax, prior, limit=limit, color="0.8")
        plotting.scatter_2d(ax, x, limit=limit, title=title)
        ax.axvline(y, color=plotting.COLORS[1], lw=0.8)
    figure.suptitle(f"observation x[0] = {y} + noise of std {sigma_y} (orange); SW noise floor {floor:.3f}, "
                    f"prior vs posterior {numbers['prior vs exact posterior']:.3f}", fontsize=8)  # fmt: skip
    return figure, numbers
