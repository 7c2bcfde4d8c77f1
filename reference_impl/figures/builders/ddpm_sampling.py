"""ddpm-sampling: snapshots of DDPM's reverse process on a trained 2-D model, from noise to data."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.figures import plotting, toy2d


def build(config: dict, *, device: torch.device, seed: int):
    model = toy2d.trained(config["model"], device)
    n = config["samples"]
    x_T = torch.randn(n, 2, generator=toy2d.generator(device, seed), device=device)
    recorder = toy2d.Recorder(model)  # model(x, t) sees x_t at t = 999, 998, ..., 0
    x_0, seconds = toy2d.timed(lambda: samplers.ddpm(recorder, x_T, model.schedule, generator=toy2d.generator(device, seed + 1)), device)
    seen = dict(recorder.steps)
    distance = toy2d.distance_to_data(x_0, model.mixture, seed)
    panels = [(f"x_{t}", seen[t]) for t in config["snapshots"]] + [(f"samples x_0\nSW = {distance:.3f}", x_0.cpu())]
    data = model.mixture.sample(n, toy2d.generator("cpu", seed + 2))
    limit = plotting.square_limit(*(x for _, x in panels))
    figure, axes = plotting.new_figure(11, 2.3, 1, len(panels) + 1)
    for ax, (title, x) in zip(axes, panels):
        plotting.scatter_2d(ax, x, limit=limit, title=title)
    plotting.scatter_2d(axes[-1], data, limit=limit, title="data", color=plotting.COLORS[1])
    numbers = {
        f"DDPM-{model.schedule.T}: sliced Wasserstein distance to data": distance,
        **toy2d.noise_floor(model.mixture, n, seed),
        f"DDPM-{model.schedule.T}: wall time (s)": seconds,
        "samples": n,
        "training steps": model.record.steps,
        "training: final loss": model.record.final_loss,
        "training: wall time (s)": model.record.seconds,
    }
    return figure, numbers
