"""Classifier guidance and posterior sampling (DPS) on the Gaussian mixture, against its exact posteriors."""

from __future__ import annotations

import pytest
import torch

from reference_impl import data, networks, samplers, training
from reference_impl.gaussian_mixture import GaussianMixture, observe
from reference_impl.guidance import classifier_gradient, dps, gradient_guidance, likelihood_weighted_dps_gradient

N = 4000


def seeded(seed: int = 3) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def test_classifier_guidance_with_the_exact_noisy_class_posterior_samples_the_class(linear, mixture, z_scores, sw):
    """Class = the upper half of the components. grad log p_t(y | x) = score of the class minus score of all
    (Bayes' rule at every noise level); at scale 1 guidance must sample exactly the class's mixture."""
    upper = GaussianMixture(mixture.weights[:3] / mixture.weights[:3].sum(), mixture.means[:3], mixture.stds[:3])
    gradient = lambda x, t: upper.score(x, t, linear) - mixture.score(x, t, linear)
    x_T = torch.randn(N, 2, generator=seeded(0))
    samples = samplers.ddim(gradient_guidance(mixture.eps_model(linear), gradient, 1.0, linear), x_T, linear, steps=100)
    assert max(z_scores(upper, samples).values()) < 4
    g = seeded(5)
    reference, floor = upper.sample(N, g), sum(sw(upper.sample(N, g), upper.sample(N, g)) for _ in range(3)) / 3
    assert sw(samples, reference) < 2 * floor
    # Scale 0 is the unconditional model: most samples then lie in the other half.
    plain = samplers.ddim(gradient_guidance(mixture.eps_model(linear), gradient, 0.0, linear), x_T, linear, steps=100)
    assert (mixture.component_posterior(plain.double()).argmax(1) >= 3).double().mean() > 0.5


def test_classifier_gradient_is_the_gradient_of_the_chosen_log_probability():
    """Linear logits x W: grad log softmax_y = W[:, y] - sum_k p_k W[:, k]."""
    W = torch.randn(2, 4, generator=seeded(), dtype=torch.float64)
    x, y = torch.randn(6, 2, generator=seeded(1), dtype=torch.float64), torch.tensor([0, 1, 2, 3, 0, 1])
    p = (x @ W).softmax(-1)
    expected = W.T[y] - p @ W.T
    torch.testing.assert_close(classifier_gradient(lambda x, t: x @ W, y)(x, torch.zeros(6)), expected)


def test_observe_is_the_exact_posterior(mixture):
    """Prior draws weighted by the likelihood N(y; x[0], sigma_y^2) have the posterior's mean and spread."""
    posterior = observe(mixture, 0, 1.2, 0.2)
    x = mixture.sample(400_000, seeded()).double()
    w = torch.exp(-0.5 * ((1.2 - x[:, 0]) / 0.2) ** 2)
    w = w / w.sum()
    exact = posterior.sample(400_000, seeded(1)).double()
    torch.testing.assert_close(w @ x, exact.mean(0), atol=0.01, rtol=0)
    torch.testing.assert_close(w @ x**2, (exact**2).mean(0), atol=0.02, rtol=0)


def test_guidance_by_the_exact_likelihood_samples_the_posterior_and_dps_comes_close(linear, mixture, z_scores, sw):
    """Observe x[0] = 1.2 with noise 0.2. The exact grad log p_t(y | x_t) (posterior score minus prior score)
    samples the posterior; DPS, which replaces p_t(y | x_t) by p(y | x_0-hat(x_t)), lands near it and far
    from the prior."""
    posterior = observe(mixture, 0, 1.2, 0.2)
    x_T = torch.randn(N, 2, generator=seeded(0))
    exact = lambda x, t: posterior.score(x, t, linear) - mixture.score(x, t, linear)
    # 250 steps: the posterior's components are narrow (0.12 in x[0]), and DDIM's first-order error in their spread shrinks slowly.
    samples = samplers.ddim(gradient_guidance(mixture.eps_model(linear), exact, 1.0, linear), x_T, linear, steps=250)
    assert max(z_scores(posterior, samples).values()) < 4
    # The likelihood-weighted variant (not Algorithm 1) on DDPM's ancestral steps (deterministic DDIM collapses it onto one mode).
    A, y, x_T = torch.tensor([[1.0, 0.0]]), torch.tensor([1.2]), x_T[:2000]
    weighted = likelihood_weighted_dps_gradient(mixture.eps_model(linear), linear, A, y, 0.2)
    x = samplers.ddpm(gradient_guidance(mixture.eps_model(linear), weighted, 1.0, linear), x_T, linear, generator=seeded())
    reference = posterior.sample(2000, seeded(7))
    prior_distance = sw(mixture.sample(2000, seeded(8)), reference)
    assert sw(x, reference) < prior_distance / 2.5, (sw(x, reference), prior_distance)
    assert abs(x[:, 0].mean().item() - reference[:, 0].mean().item()) < 0.2


def test_dps_algorithm_1_is_ddpm_plus_a_normalised_step_that_ignores_the_noise_level(linear, mixture, sw):
    """Chung et al.'s Algorithm 1: with zeta = 0 it is DDPM draw for draw. Its step zeta / ||y - A x0-hat||
    does not know sigma_y: with enough zeta it lands every sample on the observed line x[0] = y, far narrower
    than the exact posterior (spread 0.17 in x[0] here), while it does find the posterior's components."""
    A, y, x_T = torch.tensor([[1.0, 0.0]]), torch.tensor([1.2]), torch.randn(2000, 2, generator=seeded(0))
    exact = mixture.eps_model(linear)
    assert torch.equal(dps(exact, x_T, linear, A=A, y=y, zeta=0.0, generator=seeded()), samplers.ddpm(exact, x_T, linear, generator=seeded()))
    x = dps(exact, x_T, linear, A=A, y=y, zeta=0.3, generator=seeded())
    posterior = observe(mixture, 0, 1.2, 0.2)
    reference = posterior.sample(2000, seeded(7))
    assert abs(x[:, 0].mean().item() - 1.2) < 0.01 and x[:, 0].std().item() < 0.02 < 0.1 < reference[:, 0].std().item()
    share = lambda gm, x: torch.bincount(gm.component_posterior(x.double()).argmax(1), minlength=6).double() / x.shape[0]
    # The same components as the posterior, though not in its proportions (measured 0.48 / 0.27 / 0.25 against a third each).
    assert torch.equal(share(mixture, x) > 0.1, posterior.weights > 0.01)
    assert sw(x, reference) < sw(mixture.sample(2000, seeded(8)), reference) / 2.5
    with pytest.raises(ValueError, match="zeta"):
        dps(exact, x_T, linear, A=A, y=y, zeta=-1.0)


def test_guidance_by_a_trained_noisy_classifier_moves_samples_into_the_class(linear, mixture):
    """A small classifier of x_t, trained by cross-entropy on noised labelled draws, guides like the exact one."""
    torch.manual_seed(0)
    labelled = data.gaussian_mixture(20_000, seeded(), mixture)
    classifier = networks.NoisyClassifier(6, width=64, depth=2)
    losses = training.train_classifier(classifier, labelled, linear, steps=150, batch_size=256, lr=3e-3, seed=0)
    assert sum(losses[-30:]) / 30 < sum(losses[:10]) / 10
    y = torch.full((1000,), 2)
    x_T = torch.randn(1000, 2, generator=seeded(0))
    share = lambda x: (mixture.component_posterior(x.double()).argmax(1) == 2).double().mean().item()
    plain = samplers.ddim(mixture.eps_model(linear), x_T, linear, steps=25)
    guided = samplers.ddim(gradient_guidance(mixture.eps_model(linear), classifier_gradient(classifier, y), 2.0, linear), x_T, linear, steps=25)
    assert share(plain) < 0.2 < 0.8 < share(guided), (share(plain), share(guided))


def test_gradient_guidance_scales_by_the_float64_sigma_in_a_float64_run(schedule):
    """eps-tilde = eps - s sigma_t grad: with eps = 0 and grad = 1 it is -s sigma_t, exact in float64."""
    t, x = torch.arange(schedule.T), torch.zeros(schedule.T, 1, dtype=torch.float64)
    guided = gradient_guidance(lambda x, t: torch.zeros_like(x), lambda x, t: torch.ones_like(x), 2.0, schedule)
    torch.testing.assert_close(guided(x, t)[:, 0], -2 * (1 - schedule.alphas_cumprod64) ** 0.5, rtol=1e-15, atol=0)
