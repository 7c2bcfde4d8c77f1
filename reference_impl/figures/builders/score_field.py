"""score-field: the learned score at two noise levels, and annealed Langevin paths that follow it."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.forward import as_score_model
from reference_impl.figures import plotting, toy2d

LIMIT = 3.0


def _grid(points: int, device: torch.device) -> torch.Tensor:
    axis = torch.linspace(-LIMIT, LIMIT, points, device=device)
    return torch.cartesian_prod(axis, axis)  # [points^2, 2]


def build(config: dict, *, device: torch.device, seed: int):
    model = toy2d.trained(config["model"], device)
    schedule, ring = model.schedule, model.mixture
    score = as_score_model(model, schedule)  # -eps / sqrt(1 - alphabar_t): Tweedie, Song et al. 2021, Eq. 4
    exact = ring.to(device).score_model(schedule)
    grid = _grid(config["grid"], device)
    levels = config["field_timesteps"]
    figure, axes = plotting.new_figure(13, 4.3, 1, len(levels) + 1)
    numbers = {}
    for ax, t in zip(axes, levels):
        t_grid = torch.full((grid.shape[0],), t, dtype=torch.int64, device=device)
        learned, true = score(grid, t_grid), exact(grid, t_grid)
        cosine = torch.nn.functional.cosine_similarity(learned, true, dim=1).mean().item()
        length = learned.norm(dim=1, keepdim=True)
        direction, xy = (learned / length).cpu().numpy(), grid.cpu().numpy()
        arrows = ax.quiver(xy[:, 0], xy[:, 1], direction[:, 0], direction[:, 1], length[:, 0].log10().cpu().numpy(),
                           cmap="viridis", angles="xy", pivot="mid", scale=1.15 * config["grid"], width=0.005)  # fmt: skip
        figure.colorbar(arrows, ax=ax, shrink=0.75, label="log10 |score|")
        sigma = (1 - schedule.alphas_cumprod[t].item()) ** 0.5
        plotting.square_panel(ax, LIMIT, f"learned score at t = {t} (noise σ = {sigma:.2f})\ncosine similarity to the exact score {cosine:.3f}")
        numbers[f"t = {t}: mean cosine similarity of learned and exact score on the grid"] = cosine
    langevin = config["langevin"]
    x_T = torch.randn(config["particles"], 2, generator=toy2d.generator(device, seed), device=device)
    recorder = toy2d.Recorder(score, keep=config["paths"])
    x_0, seconds = toy2d.timed(
        lambda: samplers.annealed_langevin(recorder, x_T, schedule, generator=toy2d.generator(device, seed + 1), **langevin),
        device,
    )
    x_exact = samplers.annealed_langevin(exact, x_T, schedule, generator=toy2d.generator(device, seed + 1), **langevin)
    # The paths from the level where the noise drops below paths_below_sigma on, one point per level
    # (where its inner steps begin): above it the particles wander the whole noise cloud.
    sigma = (1 - schedule.alphas_cumprod64).sqrt()
    per_level = [x for t, x in recorder.steps[:: langevin["inner_steps"]] if sigma[int(t)] <= config["paths_below_sigma"]]
    paths = torch.stack(per_level + [x_0[: config["paths"]].cpu()])  # [levels shown + 1, paths, 2]
    distance = toy2d.distance_to_data(x_0, ring, seed)
    ax = axes[-1]
    limit = plotting.square_limit(paths)
    plotting.scatter_2d(ax, x_0, limit=limit, color="0.7", s=1, alpha=0.4,
                        title=f"annealed Langevin, σ ≤ {config['paths_below_sigma']} to the end\n"
                        f"{config['paths']} paths; all {config['particles']} end points in grey")  # fmt: skip
    for i in range(paths.shape[1]):
        color = plotting.COLORS[i % len(plotting.COLORS)]
        ax.plot(paths[:, i, 0].numpy(), paths[:, i, 1].numpy(), color=color, lw=0.7, alpha=0.8)
        ax.plot(paths[0, i, 0].item(), paths[0, i, 1].item(), "o", color=color, ms=3.5, mfc="white", mew=0.8)
        ax.plot(paths[-1, i, 0].item(), paths[-1, i, 1].item(), "o", color=color, ms=4, mec="white", mew=0.6)
    calls = langevin["steps"] * langevin["inner_steps"]
    numbers[f"annealed Langevin ({calls} score evaluations), learned score: sliced Wasserstein distance to data"] = distance
    numbers["annealed Langevin, exact score: sliced Wasserstein distance to data"] = toy2d.distance_to_data(x_exact, ring, seed)
    numbers.update(toy2d.noise_floor(ring, config["particles"], seed))
    numbers["annealed Langevin, learned score: wall time (s)"] = seconds
    return figure, numbers
