"""Masked diffusion, driven by the exact denoiser of an enumerable toy language, against exact answers.

The language is a Markov chain over 3 words and 5 positions (243 sentences), so the true
distribution, the exact denoiser and the total-variation distance (TV) of a sample's histogram
to the truth are all computed exactly. The noise floor is the TV of as many exact draws.
"""

from __future__ import annotations

import pytest
import torch

from reference_impl.discrete import forward, loss, markov, network, sampler, schedule

N = 20_000


@pytest.fixture(scope="module")
def language() -> markov.MarkovLanguage:
    # Strongly dependent neighbours: a word mostly repeats or moves on, so decoding neighbours in parallel is wrong.
    transition = torch.tensor([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.8, 0.1, 0.1]])
    return markov.MarkovLanguage(["a", "b", "c"], torch.tensor([0.6, 0.3, 0.1]), transition, length=5)


@pytest.fixture(scope="module")
def floor(language) -> float:
    """Mean TV of four sets of N exact sentences: what a perfect sampler scores."""
    g = torch.Generator().manual_seed(11)
    return sum(markov.total_variation(language.distribution(language.sample(N, g)), language.probabilities) for _ in range(4)) / 4


def tv_of_sampler(language, steps: int, order: str, seed: int = 0) -> float:
    x = sampler.sample(language.denoiser, (N, language.L), mask_id=language.mask_id, steps=steps, order=order, generator=torch.Generator().manual_seed(seed))
    return markov.total_variation(language.distribution(x), language.probabilities)


def test_schedules_run_from_clean_to_masked_with_their_derivative():
    t = torch.linspace(0, 1, 101, dtype=torch.float64)
    for name in schedule.NAMES:
        a = schedule.alpha(t, name)
        assert (a[0] - 1).abs() < 1e-12 and a[-1].abs() < 1e-12 and bool((a[1:] < a[:-1]).all()), name
        numeric = (schedule.alpha(t + 1e-6, name) - schedule.alpha(t - 1e-6, name)) / 2e-6
        torch.testing.assert_close(schedule.alpha_prime(t, name), numeric, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="unknown name"):
        schedule.alpha(t, "quadratic")


def test_forward_masks_each_token_with_probability_one_minus_alpha():
    x = torch.randint(0, 3, (4000, 8), generator=torch.Generator().manual_seed(1))
    alpha_t = torch.tensor([0.0, 0.3, 0.9, 1.0]).repeat_interleave(1000)
    z = forward.mask(x, alpha_t, mask_id=3, generator=torch.Generator().manual_seed(2))
    masked = (z == 3).double().view(4, -1).mean(1)
    torch.testing.assert_close(masked, torch.tensor([1.0, 0.7, 0.1, 0.0], dtype=torch.float64), atol=0.01, rtol=0)
    assert bool((z[z != 3] == x[z != 3]).all())


def test_exact_denoiser_is_the_chain_rule_conditional(language):
    """With only x^1 unmasked, position 2 is P(. | x^1); with nothing unmasked, position 1 is pi."""
    z = torch.full((3, language.L), language.mask_id)
    z[:, 0] = torch.arange(3)
    p = language.denoiser(z, torch.ones(3)).exp()
    torch.testing.assert_close(p[:, 1].double(), torch.tensor([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.8, 0.1, 0.1]], dtype=torch.float64), atol=1e-6, rtol=0)
    torch.testing.assert_close(p[:, 0].double(), torch.nn.functional.one_hot(torch.arange(3)).double(), atol=1e-6, rtol=0)


def test_mdlm_loss_of_the_exact_denoiser_is_the_entropy(language):
    """For the exact denoiser the continuous-time bound is tight: E[L] = E[-log p(x)] = H(p) (Ou et al. 2024)."""
    g = torch.Generator().manual_seed(3)
    for name in schedule.NAMES:
        estimates = torch.tensor([loss.loss(language.denoiser, language.sample(N, g), language.mask_id, name, g).item() for _ in range(4)])
        assert abs(estimates.mean().item() - language.entropy()) < 4 * estimates.std().item() / 2 + 0.02, (name, estimates, language.entropy())


@pytest.mark.parametrize("order", sampler.ORDERS)
def test_one_step_is_the_product_of_marginals(language, floor, order):
    """Every position decoded at once: the distance is exactly that of the product of the marginals, the price of parallel decoding."""
    product = markov.total_variation(language.product_of_marginals(), language.probabilities)
    assert product > 10 * floor
    assert abs(tv_of_sampler(language, 1, order) - product) < 2 * floor


@pytest.mark.parametrize(("order", "steps"), [("random", 100), ("left-to-right", 5), ("confident", 5)])
def test_sampler_reaches_the_noise_floor(language, floor, order, steps):
    """One token per step (or almost, for the random order at 100 steps): exact sampling by the chain rule."""
    assert tv_of_sampler(language, steps, order) < 1.5 * floor


def test_distance_falls_with_steps(language, floor):
    tv = [tv_of_sampler(language, steps, "random") for steps in (1, 2, 5, 20)]
    assert all(a > b for a, b in zip(tv, tv[1:])) and tv[0] > 5 * tv[-1], tv


def test_sampler_rejects_bad_arguments(language):
    with pytest.raises(ValueError, match="unknown order"):
        sampler.sample(language.denoiser, (2, 5), mask_id=3, steps=2, order="right-to-left")
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        sampler.sample(language.denoiser, (2, 5), mask_id=3, steps=0)


def test_a_small_trained_model_learns_the_language(language):
    """A few hundred Adam steps on the MDLM loss: the loss nears its minimum, the entropy, and the samples are
    far closer to the language than independent words (the product of the marginals)."""
    torch.manual_seed(0)
    net = network.MaskedDenoiser(language.K, language.L, width=64, depth=2)
    losses = network.train(net, language.sample, steps=300, batch_size=256, lr=3e-3, seed=0)
    assert sum(losses[-50:]) / 50 < language.entropy() + 0.2 < sum(losses[:10]) / 10, (losses[:10], losses[-50:], language.entropy())
    x = sampler.sample(torch.no_grad()(net.eval()), (N, language.L), mask_id=language.mask_id, steps=5, order="left-to-right", generator=torch.Generator().manual_seed(4))
    product = markov.total_variation(language.product_of_marginals(), language.probabilities)
    assert markov.total_variation(language.distribution(x), language.probabilities) < product / 2


def test_which_schedule_makes_the_fixed_orders_exact(language, floor):
    """Left-to-right and confident decode tokens_per_step tokens per step; they are exact iff no step decodes two.
    Linear schedule: steps = L gives one each. Cosine: steps = L decodes 0, 1, 1, 1, 2 and is not exact; 7 steps are."""
    assert sampler.tokens_per_step(5, 5, "linear") == [1, 1, 1, 1, 1]
    assert sampler.tokens_per_step(5, 5, "cosine") == [0, 1, 1, 1, 2]
    assert max(sampler.tokens_per_step(5, 7, "cosine")) == 1 and all(max(sampler.tokens_per_step(5, n, "linear")) == 1 for n in range(5, 40))

    def tv(order, steps, name):
        x = sampler.sample(language.denoiser, (N, 5), mask_id=language.mask_id, steps=steps, order=order, schedule_name=name, generator=torch.Generator().manual_seed(1))
        return markov.total_variation(language.distribution(x), language.probabilities)

    for order in ("left-to-right", "confident"):
        assert tv(order, 5, "cosine") > 5 * floor, order
        assert tv(order, 7, "cosine") < 1.5 * floor, order
