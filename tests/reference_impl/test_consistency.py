"""Consistency distillation against the exact flow map of a Gaussian, where everything is closed form.

For data N(mu, s^2 I) the PF-ODE maps x at sigma to mu + sqrt((s^2 + sigma_min^2) / (s^2 + sigma^2)) (x - mu)
at sigma_min: the exact consistency function f*.
"""

from __future__ import annotations

import torch

from reference_impl import consistency, networks
from reference_impl.gaussian_mixture import GaussianMixture

MU, S, SIGMA_MIN = torch.tensor([0.5, -1.0], dtype=torch.float64), 0.7, 0.002


def flow_map(x: torch.Tensor, sigma: torch.Tensor, s: float = S) -> torch.Tensor:
    """The flow map of data N(MU, s^2 I); with s != S it is not consistent along the ODE of N(MU, S^2 I)."""
    return MU + ((s**2 + SIGMA_MIN**2) / (s**2 + sigma[:, None] ** 2)).sqrt() * (x - MU)


def gaussian() -> GaussianMixture:
    return GaussianMixture(torch.ones(1), MU[None], torch.tensor([S]))


def test_mixture_denoiser_is_the_posterior_mean_of_a_gaussian():
    x, sigma = torch.randn(50, 2, dtype=torch.float64), torch.rand(50, dtype=torch.float64) * 5 + 0.01
    expected = MU + S**2 / (S**2 + sigma[:, None] ** 2) * (x - MU)
    torch.testing.assert_close(consistency.mixture_denoiser(gaussian())(x, sigma), expected)


def test_the_exact_flow_map_has_almost_no_distillation_loss_and_a_wrong_one_has_much():
    """The loss of f* is only the teacher's Heun error (shrinking fast on a finer grid); an inconsistent map scores far higher."""
    g = torch.Generator().manual_seed(0)
    x0 = gaussian().sample(20_000, g).double()
    denoiser = consistency.mixture_denoiser(gaussian())
    wrong = lambda x, sigma: flow_map(x, sigma, s=0.3)
    for N in (18, 72):
        sigmas = consistency.karras_sigmas(N)
        exact = consistency.distillation_loss(flow_map, flow_map, denoiser, x0, sigmas, g).item()
        assert consistency.distillation_loss(wrong, wrong, denoiser, x0, sigmas, g).item() > 100 * exact, N
    assert exact < 1e-7


def test_one_and_two_step_sampling_with_the_exact_flow_map_give_the_data():
    z = torch.randn(20_000, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    for sigmas in ([80.0], [80.0, 0.8]):
        x = consistency.sample(flow_map, z, sigmas, generator=torch.Generator().manual_seed(2))
        torch.testing.assert_close(x.mean(0), MU, atol=0.02, rtol=0)
        torch.testing.assert_close(x.std(0), torch.full((2,), S, dtype=torch.float64), atol=0.02, rtol=0)


def test_the_parametrisation_is_the_identity_at_sigma_min():
    f = consistency.ConsistencyFunction(lambda x, c: torch.ones_like(x) * 100.0)
    x = torch.randn(8, 2)
    torch.testing.assert_close(f(x, torch.full((8,), SIGMA_MIN)), x)


def test_distillation_learns_the_flow_map_of_a_gaussian():
    """A hundred-odd steps of Algorithm 2 with the exact teacher: one-step samples get the data's mean and spread."""
    torch.manual_seed(0)
    f = consistency.ConsistencyFunction(networks.MLPDenoiser(width=64, depth=2), sigma_data=0.7)
    data = lambda b, g: gaussian().sample(b, g)
    losses = consistency.distill(f, consistency.mixture_denoiser(gaussian()), data, N=18, steps=250, batch_size=128, lr=2e-3, ema=0.9, seed=0)
    with torch.no_grad():
        x = consistency.sample(f.eval(), torch.randn(4000, 2, generator=torch.Generator().manual_seed(1)), [80.0]).double()
    torch.testing.assert_close(x.mean(0), MU, atol=0.1, rtol=0)
    torch.testing.assert_close(x.std(0), torch.full((2,), S, dtype=torch.float64), atol=0.1, rtol=0)
    assert sum(losses[-20:]) < sum(losses[:20])
