"""What the 2-D figures share: the ring mixture, its trained denoisers, trajectories, distances, timing.

* :func:`mixture` and :func:`trained` turn a model configuration of the registry into the data
  distribution and a trained network. A run trains each distinct configuration once (figures
  that name the same dict share the model); training is seeded, so a figure built alone gets
  the very same weights.
* :class:`Recorder` wraps a model and keeps the ``x`` of every call: the sampler's trajectory,
  without touching the sampler.
* :func:`distance_to_data` is the sliced Wasserstein distance to fresh exact draws, always with
  the same reference draw and projection directions, so numbers of one figure compare directly;
  :func:`noise_floor` is what a perfect sampler would score.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Callable

import torch

from reference_impl import data, metrics, networks, schedules, training
from reference_impl.gaussian_mixture import GaussianMixture

__all__ = ["FLOOR_MEAN", "FLOOR_SD", "mixture", "Trained", "trained", "Recorder", "distance_to_data", "noise_floor", "timed", "generator"]

Tensor = torch.Tensor
_cache: dict[str, "Trained"] = {}


def generator(device: torch.device | str, seed: int) -> torch.Generator:
    return torch.Generator(device).manual_seed(seed)


def mixture(config: dict) -> GaussianMixture:
    """The ring mixture of ``config`` ({"components", "radius", "std"})."""
    return data.ring_mixture(config["components"], config["radius"], config["std"])


@dataclass
class Trained:
    network: torch.nn.Module
    record: training.TrainingRecord
    schedule: schedules.Schedule | None
    mixture: GaussianMixture

    @torch.no_grad()
    def __call__(self, x: Tensor, t: Tensor, y: Tensor | None = None) -> Tensor:
        """The network's prediction (eps, or velocity for flow models) without autograd."""
        return self.network(x, t) if y is None else self.network(x, t, y)


def trained(config: dict, device: torch.device) -> Trained:
    """The network of ``config`` trained on its mixture (see registry.EPS_MODEL), once per run and device."""
    key = json.dumps(config, sort_keys=True) + str(device)
    if key not in _cache:
        ring = mixture(config["data"])
        points = data.gaussian_mixture(config["points"], generator(device, config["seed"]), ring)
        flow = config["objective"] == "flow"
        schedule = None if flow else schedules.make(config["schedule"])
        torch.manual_seed(config["seed"])  # initial weights
        network = networks.MLPDenoiser(
            width=config["width"],
            depth=config["depth"],
            num_classes=points.num_classes if config.get("classes") else None,
            time_scale=1000.0 if flow else 1.0,  # flow times in [0, 1] use the frequencies of t in 0..999
        ).to(device)
        network, record = training.train(
            network,
            points,
            objective=config["objective"],
            schedule=schedule,
            steps=config["steps"],
            batch_size=config["batch_size"],
            lr=config["lr"],
            seed=config["seed"],
            class_dropout=config.get("class_dropout", 0.0),
            cuda_graph=device.type == "cuda",
        )
        _cache[key] = Trained(network, record, schedule, ring)
    return _cache[key]


class Recorder:
    """``model(x, t)`` that also keeps (t, x[:keep]) of every call, on the CPU."""

    def __init__(self, model: Callable[[Tensor, Tensor], Tensor], keep: int | None = None):
        self.model, self.keep = model, keep
        self.steps: list[tuple[float, Tensor]] = []

    def __call__(self, x: Tensor, t: Tensor) -> Tensor:
        self.steps.append((t[0].item(), x[: self.keep].detach().cpu()))
        return self.model(x, t)


def _reference(ring: GaussianMixture, n: int, seed: int) -> Tensor:
    return ring.sample(n, generator("cpu", seed))


def distance_to_data(samples: Tensor, ring: GaussianMixture, seed: int) -> float:
    """Sliced Wasserstein distance SW_2 of ``samples`` to as many fresh draws of ``ring`` (fixed draws, fixed directions)."""
    reference = _reference(ring, samples.shape[0], seed + 1000)
    return metrics.sliced_wasserstein(samples.detach().cpu(), reference, generator=generator("cpu", seed + 2000))


FLOOR_MEAN = "noise floor: sliced Wasserstein distance between data draws (mean)"
FLOOR_SD = "noise floor: standard deviation"


def noise_floor(ring: GaussianMixture, n: int, seed: int, pairs: int = 8) -> dict[str, float]:
    """{FLOOR_MEAN, FLOOR_SD}: :func:`distance_to_data` of ``pairs`` independent data draws of size ``n``.

    What a perfect sampler scores. The spread is large (the number of points per cluster
    fluctuates from draw to draw), so one draw alone would be a poor yardstick.
    """
    distances = torch.tensor([distance_to_data(_reference(ring, n, seed + 3000 + i), ring, seed) for i in range(pairs)])
    return {FLOOR_MEAN: distances.mean().item(), FLOOR_SD: distances.std().item()}


def timed(fn: Callable[[], Tensor], device: torch.device) -> tuple[Tensor, float]:
    """(fn(), wall seconds), synchronising the GPU so its queue is counted."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    out = fn()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return out, time.perf_counter() - start
