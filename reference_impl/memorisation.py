"""Memorisation: the exact denoiser of a finite training set can only give the training set back.

A network is trained on N points x^1..x^N, i.e. on the empirical distribution (1/N) sum_i delta(x^i).
The denoiser that minimises the training loss exactly is that distribution's posterior mean
(Tweedie; Gu et al. 2023, "On memorization in diffusion models", Eq. 3; Kadkhodaie et al. 2024):

    E[x_0 | x_t] = sum_i r_i(x_t) x^i,   r_i = softmax_i( -||x_t - alpha_t x^i||^2 / (2 sigma_t^2) )
    eps*(x_t, t) = (x_t - alpha_t E[x_0 | x_t]) / sigma_t

Driven by it, every sampler reproduces the empirical distribution, so every sample lands on a
training point (up to discretisation). A network that generalises (a small MLP here; the U-Nets
and transformers of image models in the seminar) is *worse* at the training loss than this
denoiser and makes new points: generalisation lives in what the network cannot fit.
"""

from __future__ import annotations

from typing import Callable

import torch

from .forward import alphabar_at
from .schedules import Schedule

__all__ = ["empirical_denoiser", "distance_to_nearest"]

Tensor = torch.Tensor


def empirical_denoiser(points: Tensor, schedule: Schedule) -> Callable[[Tensor, Tensor], Tensor]:
    """The exact eps-predictor model(x, t) of the training set ``points`` [N, d] (module docstring), in x's dtype."""

    def eps(x: Tensor, t: Tensor) -> Tensor:
        abar = alphabar_at(schedule, t, x)  # [n, 1]
        alpha, sigma = abar.sqrt(), (1 - abar).sqrt()
        data = points.to(x)
        squared = (x**2).sum(1, keepdim=True) - 2 * alpha * (x @ data.T) + alpha**2 * (data**2).sum(1)  # ||x_t - alpha_t x^i||^2, [n, N]
        r = torch.softmax(-squared / (2 * sigma**2), dim=1)  # r_i(x_t)
        return (x - alpha * (r @ data)) / sigma

    return eps


def distance_to_nearest(samples: Tensor, points: Tensor) -> Tensor:
    """The distance from each sample [n, d] to its nearest training point, [n]."""
    return torch.cdist(samples, points.to(samples)).min(dim=1).values
