"""Fixtures for the reference-implementation tests: a 2-D Gaussian mixture and ways to judge samples of it."""

from __future__ import annotations

import math

import pytest
import torch

from reference_impl import metrics, schedules
from reference_impl.gaussian_mixture import GaussianMixture


def hexagon_mixture() -> GaussianMixture:
    """Six unequal components on a circle of radius 1.5: neighbours 1.5 apart, stds 0.15-0.3."""
    angles = torch.arange(6, dtype=torch.float64) * 2 * math.pi / 6
    means = 1.5 * torch.stack([angles.cos(), angles.sin()], dim=1)
    return GaussianMixture(
        torch.tensor([0.1, 0.2, 0.1, 0.25, 0.15, 0.2]), means, torch.tensor([0.15, 0.2, 0.25, 0.2, 0.3, 0.2])
    )


@pytest.fixture(scope="session")
def mixture() -> GaussianMixture:
    return hexagon_mixture()


@pytest.fixture(scope="session", params=["linear", "cosine"])
def schedule(request: pytest.FixtureRequest) -> schedules.Schedule:
    return schedules.make(request.param)


@pytest.fixture(scope="session")
def linear() -> schedules.Schedule:
    return schedules.make("linear")


def component_z_scores(gm: GaussianMixture, x: torch.Tensor) -> dict[str, float]:
    """Largest |z| of the per-component weight, mean and standard deviation estimated from ``x``.

    Each sample is split over the components by its posterior r_k(x); for exact samples
    E[r_k] = w_k, E[r_k x] = w_k mu_k and E[r_k (x - mu_k)^2] = w_k s_k^2, so the estimates are
    unbiased and z = (estimate - truth) / standard error is roughly standard normal. Unlike a
    distance between sample sets, this notices a 5 % error in a component's spread at n = 6000.
    """
    x = x.double()
    r = gm.component_posterior(x)
    n, n_k = x.shape[0], r.sum(0)[:, None]
    w, mu, s = gm.weights, gm.means, gm.stds
    z_weight = (r.mean(0) - w) / (w * (1 - w) / n).sqrt()
    z_mean = ((r.T @ x) / n_k - mu) / (s / n_k.sqrt())
    spread = ((r[:, :, None] * (x[:, None, :] - mu) ** 2).sum(0) / n_k).sqrt()
    z_std = (spread - s) / (s / (2 * n_k).sqrt())
    return {"weight": z_weight.abs().max().item(), "mean": z_mean.abs().max().item(), "std": z_std.abs().max().item()}


def sliced_wasserstein(x: torch.Tensor, y: torch.Tensor) -> float:
    """SW_2 with the same 256 projection directions every time."""
    return metrics.sliced_wasserstein(x, y, generator=torch.Generator().manual_seed(1))


@pytest.fixture(scope="session")
def z_scores():
    return component_z_scores


@pytest.fixture(scope="session")
def sw():
    return sliced_wasserstein
