"""Memorisation against its exact answer: the training set's own optimal denoiser samples only the training set."""

from __future__ import annotations

import torch

from reference_impl import samplers
from reference_impl.memorisation import distance_to_nearest, empirical_denoiser


def test_the_exact_empirical_denoiser_returns_training_points(mixture, linear):
    """DDIM samples land on the 64 training points: the median distance to the nearest is zero, 89% lie
    within 1e-3 (measured), the rest between two training points closer to each other than the last
    step's noise level resolves (sigma_0 = 0.01); fresh data lie 0.11 from them (median)."""
    g = torch.Generator().manual_seed(0)
    points = mixture.sample(64, g).double()
    x_T = torch.randn(4000, 2, generator=g, dtype=torch.float64)
    x = samplers.ddim(empirical_denoiser(points, linear), x_T, linear, steps=100)
    distance = distance_to_nearest(x, points)
    assert distance.median() < 1e-9 and (distance < 1e-3).double().mean() > 0.85
    fresh = mixture.sample(4000, g).double()
    assert distance_to_nearest(fresh, points).median() > 0.05


def test_the_empirical_denoiser_is_the_posterior_mean_of_the_training_set(linear):
    """Two points: E[x_0 | x_t] is their average weighted by the Gaussian likelihoods of x_t."""
    points = torch.tensor([[1.0, 0.0], [-1.0, 0.0]], dtype=torch.float64)
    x, t = torch.tensor([[0.3, 0.2]], dtype=torch.float64), torch.tensor([400])
    abar = linear.alphas_cumprod64[400].item()
    a, s = abar**0.5, (1 - abar) ** 0.5
    w = torch.softmax(torch.tensor([-((x - a * p) ** 2).sum().item() / (2 * s * s) for p in points], dtype=torch.float64), 0)
    expected = (x - a * (w @ points)) / s
    torch.testing.assert_close(empirical_denoiser(points, linear)(x, t), expected, rtol=1e-12, atol=1e-12)
