"""DDIM inversion against exact answers: the reconstruction error is discretisation error only."""

from __future__ import annotations

import torch

from reference_impl import inversion, samplers
from reference_impl.gaussian_mixture import GaussianMixture


def reconstruction_error(model, x_0, schedule, steps: int) -> float:
    x_T = inversion.ddim_invert(model, x_0, schedule, steps=steps)
    return (samplers.ddim(model, x_T, schedule, steps=steps) - x_0).norm(dim=1).mean().item()


def test_inverted_noise_is_standard_normal_and_reconstruction_error_is_first_order(mixture, schedule):
    """With the exact denoiser, mixture data invert to N(0, I) (the ODE maps p_0 to p_T), and the
    reconstruction error halves with each doubling of the steps: nothing but Euler's error."""
    x_0 = mixture.sample(4000, torch.Generator().manual_seed(0)).double()
    model = mixture.eps_model(schedule)
    x_T = inversion.ddim_invert(model, x_0, schedule, steps=200)
    assert x_T.mean(0).abs().max() < 0.06 and (x_T.std(0) - 1).abs().max() < 0.06, (x_T.mean(0), x_T.std(0))
    errors = [reconstruction_error(model, x_0[:500], schedule, steps) for steps in (25, 50, 100, 200)]
    for coarse, fine in zip(errors, errors[1:]):
        assert 1.6 < coarse / fine < 2.6, errors


def test_any_model_inverts_its_own_ode(linear):
    """No model error enters: a deliberately wrong model (the denoiser of another mixture) on inputs that are
    not its data still reconstructs them better and better as the steps grow. Off its own data the ODE is
    stiffer near t = 0, so the error falls more slowly than first order (measured 0.53, 0.29, 0.15 at 50,
    200, 1000 steps), the last being all 1000 of the schedule's levels."""
    wrong = GaussianMixture(torch.tensor([0.5, 0.5]), torch.tensor([[-1.0, 0.0], [2.0, 1.0]]), torch.tensor([0.4, 0.2])).eps_model(linear)
    x_0 = torch.randn(300, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    errors = [reconstruction_error(wrong, x_0, linear, steps) for steps in (50, 200, 1000)]
    assert errors[0] > 1.5 * errors[1] > 2.25 * errors[2], errors
