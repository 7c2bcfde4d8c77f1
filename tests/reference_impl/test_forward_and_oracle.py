"""The forward process, the eps / x_0 / v identities, and the Gaussian mixture's exact predictors."""

from __future__ import annotations

import math

import pytest
import torch

from reference_impl import flow_matching, forward, schedules
from reference_impl.gaussian_mixture import GaussianMixture


def test_q_sample_has_the_marginal_of_eq_4(linear):
    """x_t = sqrt(abar) x_0 + sqrt(1 - abar) eps has mean sqrt(abar) x_0 and variance 1 - abar."""
    g = torch.Generator().manual_seed(0)
    x0 = torch.full((200_000, 1), 2.0)
    t = torch.full((200_000,), 600)
    abar = forward.alphabar_at(linear, t, x0)
    assert abar.shape == (200_000, 1) and abar[0, 0] == linear.alphas_cumprod[600]
    x_t = forward.q_sample(x0, abar, torch.randn(x0.shape, generator=g))
    a = linear.alphas_cumprod64[600].item()
    assert abs(x_t.mean().item() - 2 * a**0.5) < 0.01
    assert abs(x_t.var().item() - (1 - a)) < 0.01


@pytest.mark.parametrize("t", [0, 10, 500, 999])
def test_conversions_round_trip(schedule, t):
    g = torch.Generator().manual_seed(1)
    x0, eps = torch.randn(64, 3, generator=g, dtype=torch.float64), torch.randn(64, 3, generator=g, dtype=torch.float64)
    abar = schedule.alphas_cumprod64[t].item()
    x_t = forward.q_sample(x0, abar, eps)
    v = forward.v_from_x0_eps(x0, eps, abar)
    # Each recovers the quantity x_t was built from (Ho et al. Eq. 15; Salimans & Ho App. D).
    torch.testing.assert_close(forward.eps_from_x0(x_t, x0, abar), eps, rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(forward.x0_from_v(x_t, v, abar), x0, rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(forward.eps_from_v(x_t, v, abar), eps, rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(forward.x0_from_eps(x_t, eps, abar), x0, rtol=1e-9, atol=1e-9)
    # v is the velocity of x_t = cos(phi) x_0 + sin(phi) eps along phi (Salimans & Ho, Sec. 4).
    phi, dphi = math.acos(abar**0.5), 1e-6
    x_plus = math.cos(phi + dphi) * x0 + math.sin(phi + dphi) * eps
    torch.testing.assert_close((x_plus - x_t) / dphi, v, rtol=1e-4, atol=1e-4)


def test_training_targets_and_eps_adapter(linear):
    g = torch.Generator().manual_seed(2)
    x0, eps = torch.randn(8, 2, generator=g, dtype=torch.float64), torch.randn(8, 2, generator=g, dtype=torch.float64)
    t = torch.full((8,), 300)
    abar = forward.alphabar_at(linear, t, x0).double()
    x_t = forward.q_sample(x0, abar, eps)
    for prediction in forward.PREDICTIONS:
        target = forward.training_target(prediction, x0, eps, abar)
        perfect = lambda x, tt: target  # a network that has learnt its target exactly
        # as_eps_model turns a perfect x_0- or v-network into the perfect eps-network.
        torch.testing.assert_close(forward.as_eps_model(perfect, linear, prediction)(x_t, t), eps, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="unknown prediction 'score'"):
        forward.training_target("score", x0, eps, abar)


def test_flow_matching_path():
    x0, x1 = torch.tensor([[1.0, -2.0]], dtype=torch.float64), torch.tensor([[0.5, 3.0]], dtype=torch.float64)
    assert torch.equal(flow_matching.interpolate(x0, x1, 0.0), x0)
    assert torch.equal(flow_matching.interpolate(x0, x1, 1.0), x1)
    h = 1e-3
    torch.testing.assert_close(
        (flow_matching.interpolate(x0, x1, 0.4 + h) - flow_matching.interpolate(x0, x1, 0.4)) / h,
        flow_matching.velocity_target(x0, x1),
    )


def marginal_log_prob(gm: GaussianMixture, x: torch.Tensor, a: float, b: float) -> torch.Tensor:
    """log p(x) for x = a x_0 + b eps, written independently with torch.distributions."""
    D = torch.distributions
    components = D.Independent(D.Normal(a * gm.means, (a**2 * gm.stds**2 + b**2).sqrt()), 1)
    return D.MixtureSameFamily(D.Categorical(gm.weights), components).log_prob(x)


def autograd_score(gm, x, a, b):
    x = x.clone().requires_grad_(True)
    return torch.autograd.grad(marginal_log_prob(gm, x, a, b).sum(), x)[0]


@pytest.mark.parametrize("t", [0, 50, 400, 999])
def test_exact_eps_is_minus_sigma_times_score(mixture, schedule, t):
    x = torch.randn(256, 2, generator=torch.Generator().manual_seed(3), dtype=torch.float64) * 2
    tt = torch.full((256,), t)
    abar = schedule.alphas_cumprod64[t].item()
    expected_score = autograd_score(mixture, x, abar**0.5, (1 - abar) ** 0.5)
    torch.testing.assert_close(mixture.score(x, tt, schedule), expected_score, rtol=1e-9, atol=1e-9)
    torch.testing.assert_close(mixture.eps(x, tt, schedule), -((1 - abar) ** 0.5) * expected_score, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("t", [0.05, 0.5, 0.95])
def test_exact_velocity(mixture, t):
    """v = E[x_1 - x_0 | x_t] = -(x + t score_t(x)) / (1 - t) for the path x_t = (1 - t) x_0 + t x_1."""
    x = torch.randn(256, 2, generator=torch.Generator().manual_seed(4), dtype=torch.float64) * 2
    expected = -(x + t * autograd_score(mixture, x, 1 - t, t)) / (1 - t)
    torch.testing.assert_close(mixture.velocity(x, torch.full((256,), t, dtype=torch.float64)), expected, rtol=1e-8, atol=1e-8)


def test_exact_predictors_are_stable_at_the_ends(mixture):
    """Far from every component and at the ends of time the predictors stay finite (logsumexp)."""
    x = torch.tensor([[40.0, -40.0], [0.0, 0.0]])
    cosine = schedules.make("cosine")
    for t in (0, 999):
        assert torch.isfinite(mixture.eps(x, torch.full((2,), t), cosine)).all()
    for t in (0.0, 1.0):
        assert torch.isfinite(mixture.velocity(x, torch.full((2,), t))).all()
    # At t = 1 the path is pure noise: E[x_1 | x] = x and E[x_0] is the mixture mean.
    mean = (mixture.weights[:, None] * mixture.means).sum(0).float()
    torch.testing.assert_close(mixture.velocity(x, torch.ones(2)), x - mean)


def test_mixture_sampling_and_posterior(mixture):
    x = mixture.sample(100_000, torch.Generator().manual_seed(5))
    assert x.shape == (100_000, 2) and x.dtype == torch.float32
    r = mixture.component_posterior(x.double())
    torch.testing.assert_close(r.mean(0), mixture.weights, atol=0.005, rtol=0)
    torch.testing.assert_close((r.T @ x.double()) / r.sum(0)[:, None], mixture.means, atol=0.01, rtol=0)


def test_mixture_rejects_bad_parameters():
    with pytest.raises(ValueError, match="sum to 1"):
        GaussianMixture(torch.tensor([0.5, 0.6]), torch.zeros(2, 2), torch.ones(2))
    with pytest.raises(ValueError, match=r"stds must be positive with shape \[2\] or \[2, 3\]"):
        GaussianMixture(torch.tensor([0.5, 0.5]), torch.zeros(2, 3), torch.ones(3))


def test_a_float64_run_reads_the_float64_alphabar(schedule):
    """alphabar_at rounds the float64 table once to x's dtype: float32 samples see ``alphas_cumprod``,
    float64 ones the exact values, so sigma_t = sqrt(1 - alphabar_t) in the wrappers (score, eps
    adapters) carries no float32 error into a float64 run (that error reaches 2.6e-4 near t = 0)."""
    t, x = torch.arange(schedule.T), torch.zeros(schedule.T, 1, dtype=torch.float64)
    assert torch.equal(forward.alphabar_at(schedule, t, x)[:, 0], schedule.alphas_cumprod64)
    assert torch.equal(forward.alphabar_at(schedule, t, x.float())[:, 0], schedule.alphas_cumprod)
    sigma = (1 - schedule.alphas_cumprod64) ** 0.5
    score = forward.as_score_model(lambda x, t: torch.ones_like(x), schedule)(x, t)[:, 0]  # -1 / sigma_t
    torch.testing.assert_close(score, -1 / sigma, rtol=1e-15, atol=0)
    eps = forward.as_eps_model(lambda x, t: torch.zeros_like(x), schedule, "x0")(x + 1, t)[:, 0]  # x_t = 1, x_0 = 0: 1 / sigma_t
    torch.testing.assert_close(eps, 1 / sigma, rtol=1e-15, atol=0)
