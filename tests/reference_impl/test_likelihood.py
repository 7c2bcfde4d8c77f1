"""The probability-flow ODE's log-likelihood against exact answers: the mixture's own log density, a Gaussian's closed form."""

from __future__ import annotations

import math

import pytest
import torch

from reference_impl import likelihood, schedules
from reference_impl.cfg_tilt import log_density
from reference_impl.gaussian_mixture import GaussianMixture


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Small tensors and many autograd passes: one thread (as tests/training/conftest.py; two threads on a shared
    machine waited on each other here, 23 s against 1.6 s)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def noised(mixture: GaussianMixture, abar: float) -> GaussianMixture:
    """The marginal p_t of x_t = sqrt(abar) x_0 + sqrt(1 - abar) eps: again a mixture (gaussian_mixture.py)."""
    a = abar**0.5
    return GaussianMixture(mixture.weights, a * mixture.means, (a**2 * mixture.stds**2 + 1 - abar).sqrt())


def solve(mixture: GaussianMixture, x_0: torch.Tensor, schedule: schedules.Schedule, steps: int, **kwargs) -> tuple[torch.Tensor, torch.Tensor]:
    """log p_0(x_0) and x_T with the mixture's exact score and its exact p_T, so only the solver errs."""
    p_T = noised(mixture, schedule.alphas_cumprod64[-1].item())
    return likelihood.log_likelihood(mixture.score_model(schedule), x_0, schedule, steps=steps, log_prior=lambda x: log_density(p_T, x), **kwargs)


def points(mixture: GaussianMixture) -> torch.Tensor:
    """Each component's mean, a point beyond it (1.2 x, one to two of its stds out), and draws of the mixture."""
    return torch.cat([mixture.means, 1.2 * mixture.means, mixture.sample(4, torch.Generator().manual_seed(3)).double()])


def test_log_likelihood_is_the_mixtures_log_density(mixture, schedule):
    """Eq. 39 with the exact score gives the mixture's exact log p (here from -2.8 to 0) to 1e-2 at 200 steps
    (measured largest error 3.6e-3 linear, 4.2e-3 cosine)."""
    x_0 = points(mixture)
    estimate, _ = solve(mixture, x_0, schedule, 200)
    assert (estimate - log_density(mixture, x_0)).abs().max() < 1e-2, estimate - log_density(mixture, x_0)


def test_the_error_is_heuns_second_order(mixture, linear):
    """Doubling the steps divides the error by about 4 (measured mean 4.9e-3 at 100 steps, 1.2e-3 at 200; Euler
    would halve it). The ODE starts at the clean level: started at the first timestep instead, it would return the
    density there (noise std 0.01), up to 4.3e-3 off, and no longer converge to log p. Song et al.'s prior N(0, I)
    in place of the exact p_T moves the estimate by less than sqrt(abar_T) = 6.4e-3 (measured 1.9e-3; the
    hexagon's mean is not 0, so p_T's mean is not either)."""
    x_0 = points(mixture)
    exact = log_density(mixture, x_0)
    coarse, fine = ((solve(mixture, x_0, linear, steps)[0] - exact).abs().mean().item() for steps in (100, 200))
    assert 3.2 < coarse / fine < 5, (coarse, fine)
    standard, _ = likelihood.log_likelihood(mixture.score_model(linear), x_0, linear, steps=200)
    assert (standard - solve(mixture, x_0, linear, 200)[0]).abs().max() < linear.alphas_cumprod64[-1].item() ** 0.5


def test_one_gaussian_in_closed_form(linear):
    """For N(mu, s^2 I) the PF-ODE is linear: p_t = N(a_t mu, V_t I), V_t = a_t^2 s^2 + 1 - a_t^2, and each point
    moves as x_t - a_t mu = sqrt(V_t / s^2) (x_0 - mu), so x_T and log p_0 = log N(x_0; mu, s^2 I) are known."""
    mu, s = torch.tensor([0.5, -1.0], dtype=torch.float64), 0.3
    gaussian = GaussianMixture(torch.ones(1), mu[None], torch.tensor([s]))
    x_0 = mu + s * torch.tensor([[0.0, 0.0], [1.0, 0.0], [-2.0, 1.5], [3.0, -3.0]], dtype=torch.float64)
    estimate, x_T = solve(gaussian, x_0, linear, 200)  # measured errors 1.1e-3 (x_T), 5.3e-3 (log p)
    abar_T = linear.alphas_cumprod64[-1].item()
    V_T = abar_T * s**2 + 1 - abar_T
    assert torch.allclose(x_T, abar_T**0.5 * mu + (V_T / s**2) ** 0.5 * (x_0 - mu), atol=2e-3), x_T
    closed = -0.5 * ((x_0 - mu) ** 2).sum(1) / s**2 - math.log(2 * math.pi * s**2)
    assert (estimate - closed).abs().max() < 1e-2, estimate - closed


def test_divergence_exact_and_hutchinsons_estimate(mixture, linear):
    """The exact trace of a linear map's Jacobian, its Skilling-Hutchinson estimate eps^T A eps (Eq. 40), and a whole
    solve with Rademacher probes, unbiased: over 400 probes per point its mean is the exact-trace solve's."""
    A = torch.tensor([[2.0, 3.0], [-1.0, 0.5]], dtype=torch.float64)
    x = torch.randn(5, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    y, div = likelihood.divergence(lambda z: z @ A.T, x)
    assert torch.allclose(y, x @ A.T) and torch.allclose(div, torch.full((5,), 2.5, dtype=torch.float64))
    probe = torch.tensor([[1.0, 1.0], [1.0, -1.0]], dtype=torch.float64).repeat(3, 1)[:5]
    assert torch.allclose(likelihood.divergence(lambda z: z @ A.T, x, probe)[1], torch.tensor([4.5, 0.5, 4.5, 0.5, 4.5], dtype=torch.float64))

    x_0, repeats = mixture.means[:3], 400
    exact, _ = solve(mixture, x_0, linear, 50)
    probe = torch.randint(0, 2, (3 * repeats, 2), generator=torch.Generator().manual_seed(1)).double() * 2 - 1
    estimates = solve(mixture, x_0.repeat_interleave(repeats, 0), linear, 50, probe=probe)[0].reshape(3, repeats)
    spread = estimates.std(1) / repeats**0.5
    assert (spread > 1e-3).all(), spread  # an estimate, not the exact trace
    assert ((estimates.mean(1) - exact).abs() < 4 * spread).all(), (estimates.mean(1) - exact, spread)


@pytest.mark.parametrize("steps", [0, 1001])
def test_bad_step_counts_are_refused(mixture, linear, steps):
    with pytest.raises(ValueError, match="steps"):
        likelihood.log_likelihood(mixture.score_model(linear), mixture.means, linear, steps=steps)
