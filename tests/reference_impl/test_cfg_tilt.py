"""What CFG samples, against the exact tilted density on a grid: the same at scale 1, different above."""

from __future__ import annotations

import torch

from reference_impl import samplers, schedules
from reference_impl.cfg_tilt import log_density, tilted_on_grid, total_variation_to_grid
from reference_impl.gaussian_mixture import GaussianMixture

N = 20_000
EDGES = torch.linspace(-4, 4, 161)


def data() -> tuple[GaussianMixture, GaussianMixture]:
    """1-D: class c is the right component of three; the classes overlap."""
    weights, means, stds = torch.tensor([0.3, 0.3, 0.4]), torch.tensor([[-1.5], [0.0], [1.5]]), torch.tensor([0.5, 0.5, 0.5])
    return GaussianMixture(torch.ones(1), means[2:], stds[2:]), GaussianMixture(weights, means, stds)


def guided_samples(scale: float) -> torch.Tensor:
    conditional, unconditional = data()
    s = schedules.make("linear")
    eps = lambda x, t: unconditional.eps(x, t, s) + scale * (conditional.eps(x, t, s) - unconditional.eps(x, t, s))
    return samplers.ddim(eps, torch.randn(N, 1, generator=torch.Generator().manual_seed(0), dtype=torch.float64), s, steps=100)


def floor(probabilities: torch.Tensor) -> float:
    """TV of N exact draws from the grid distribution: what a perfect sampler scores."""
    centres = (EDGES[1:] + EDGES[:-1]) / 2
    draws = centres[torch.multinomial(probabilities, N, replacement=True, generator=torch.Generator().manual_seed(1))]
    return total_variation_to_grid(draws, probabilities, EDGES)


def test_log_density_is_the_mixture_density():
    _, mixture = data()
    x = torch.linspace(-6, 6, 2001)[:, None]
    assert abs(log_density(mixture, x).exp().sum().item() * 12 / 2000 - 1) < 1e-6
    torch.testing.assert_close(log_density(mixture, torch.tensor([[1.5]])).exp(), (0.4 / (0.5 * (2 * torch.pi) ** 0.5) + 0.3 * torch.exp(torch.tensor(-4.5)) / (0.5 * (2 * torch.pi) ** 0.5) + 0.3 * torch.exp(torch.tensor(-18.0)) / (0.5 * (2 * torch.pi) ** 0.5)).double()[None])


def test_cfg_samples_the_conditional_at_scale_1_and_not_the_tilted_density_above():
    conditional, unconditional = data()
    exact = tilted_on_grid(conditional, unconditional, 1.0, EDGES)
    assert total_variation_to_grid(guided_samples(1.0), exact, EDGES) < 1.5 * floor(exact)
    tilted = tilted_on_grid(conditional, unconditional, 3.0, EDGES)
    gap = total_variation_to_grid(guided_samples(3.0), tilted, EDGES)
    assert gap > 3 * floor(tilted), (gap, floor(tilted))
