"""unified-view: DDIM on a schedule's timesteps is flow-matching Euler on the matching grid (exact denoiser of the ring)."""

from __future__ import annotations

import torch

from reference_impl import samplers, schedules, timesteps, unified
from reference_impl.figures import plotting, toy2d


def build(config: dict, *, device: torch.device, seed: int):
    ring, schedule, steps = toy2d.mixture(config["data"]), schedules.make(config["schedule"]), config["steps"]
    ts = timesteps.timesteps(schedule.T, steps, config["spacing"]).tolist()
    x_T = torch.randn(config["samples"], 2, generator=toy2d.generator("cpu", seed), dtype=torch.float64)
    eps_model = ring.eps_model(schedule)
    ddim_path = toy2d.Recorder(eps_model, keep=config["paths"])
    ddim = samplers.ddim(ddim_path, x_T, schedule, steps=steps, spacing=config["spacing"])
    abar = schedule.alphas_cumprod64.tolist()
    grid = unified.flow_grid(schedule, ts)
    x_fm = unified.to_flow(x_T, abar[ts[0]])[0]
    euler_path = toy2d.Recorder(unified.flow_velocity_model(eps_model, schedule, ts), keep=config["paths"])
    euler = samplers.flow_euler(euler_path, x_fm, times=grid)
    uniform_path = toy2d.Recorder(ring.velocity_model(), keep=config["paths"])
    uniform = samplers.flow_euler(uniform_path, x_T, steps=steps)
    numbers = {
        "DDIM vs flow-matching Euler on the matching grid: largest difference": (euler - ddim).abs().max().item(),
        "DDIM vs flow-matching Euler on the uniform grid: largest difference": (uniform - ddim).abs().max().item(),
        "DDIM: sliced Wasserstein distance to data": toy2d.distance_to_data(ddim, ring, seed),
        "flow-matching Euler, uniform grid: sliced Wasserstein distance to data": toy2d.distance_to_data(uniform, ring, seed),
        "samples": config["samples"],
    }
    figure, axes = plotting.new_figure(9.6, 3.4, 1, 3)
    # Every path in flow coordinates x / (alpha_t + sigma_t), its points at the grid times.
    ddim_fm = [unified.to_flow(x, abar[t])[0] for t, x in ddim_path.steps] + [ddim[: config["paths"]]]
    euler_fm = [x for _, x in euler_path.steps] + [euler[: config["paths"]]]
    uniform_fm = [x for _, x in uniform_path.steps] + [uniform[: config["paths"]]]
    limit = plotting.square_limit(ddim, uniform, least=2.5)
    titles = ("DDIM, 10 leading timesteps\n(in flow coordinates)", "flow-matching Euler,\nmatching grid t_i = sigma_i / (alpha_i + sigma_i)", "flow-matching Euler,\nuniform grid t_i = 1 - i/10")
    for ax, title, path, end in zip(axes, titles, (ddim_fm, euler_fm, uniform_fm), (ddim, euler, uniform)):
        plotting.scatter_2d(ax, ring.sample(2000, toy2d.generator("cpu", seed + 1)), limit=limit, color="0.85")
        plotting.scatter_2d(ax, end, limit=limit, title=title, s=2)
        track = torch.stack(path)  # [steps + 1, paths, 2]
        for i in range(track.shape[1]):
            ax.plot(track[:, i, 0], track[:, i, 1], "-o", color=plotting.COLORS[1], lw=0.8, ms=1.5)
    figure.suptitle(f"largest difference DDIM vs matching-grid Euler: {numbers['DDIM vs flow-matching Euler on the matching grid: largest difference']:.1e}; "
                    f"vs uniform grid: {numbers['DDIM vs flow-matching Euler on the uniform grid: largest difference']:.2f}", fontsize=8)  # fmt: skip
    return figure, numbers
