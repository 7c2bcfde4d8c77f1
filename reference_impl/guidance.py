"""Guidance: classifier-free (Ho & Salimans 2022), classifier (Dhariwal & Nichol 2021) and posterior sampling (DPS).

A conditional network ``model(x, t, y)`` trained with the label replaced by a "null" class some
of the time predicts both eps(x, t | y) and eps(x, t) = eps(x, t | null). Guidance extrapolates
from the unconditional towards the conditional prediction:

    eps-tilde = eps(x, t) + s * (eps(x, t | y) - eps(x, t))

with guidance scale ``s`` (diffusers' ``guidance_scale``): s = 0 is unconditional, s = 1 is
conditional, s > 1 strengthens the condition. Ho & Salimans 2022, Eq. 6 write the same thing
with w = s - 1: eps-tilde = (1 + w) eps(x, t | y) - w eps(x, t).

The two predictions come from one call on a doubled batch (one kernel launch sequence per step
on a GPU, and a fixed graph for CUDA-graph capture).

Gradient guidance adds the gradient of a log-likelihood of the noisy sample to the score,
grad log p_t(x | y) = grad log p_t(x) + grad log p_t(y | x), i.e. in eps-units

    eps-tilde = eps(x_t, t) - s sqrt(1 - abar_t) grad_x log p_t(y | x_t)       (Dhariwal & Nichol 2021, Eq. 14)

with s = 1 the exact posterior. The likelihood p_t(y | x_t) may be a classifier of noisy
samples (:func:`classifier_gradient`), or, for an inverse problem y = A x_0 + noise, the
approximation p(y | x_0-hat(x_t)) through the Tweedie estimate of x_0 (:func:`dps_gradient`,
Chung et al. 2023, "DPS", Eq. 16).
"""

from __future__ import annotations

from typing import Callable

import torch

from .forward import alphabar_at, x0_from_eps
from .schedules import Schedule

__all__ = ["classifier_free_guidance", "gradient_guidance", "classifier_gradient", "dps_gradient"]

Tensor = torch.Tensor


def classifier_free_guidance(
    model: Callable[[Tensor, Tensor, Tensor], Tensor], y: Tensor, scale: float, null_class: int
) -> Callable[[Tensor, Tensor], Tensor]:
    """An eps-model ``guided(x, t)`` for the samplers: ``model`` guided towards labels ``y`` (int64, [batch]).

    ``model(x, t, y)`` is called once per step with the batch doubled: first half conditioned on
    ``y``, second half on ``null_class``.
    """
    y_both = torch.cat([y, torch.full_like(y, null_class)])

    def guided(x: Tensor, t: Tensor) -> Tensor:
        eps_cond, eps_uncond = model(torch.cat([x, x]), torch.cat([t, t]), y_both).chunk(2)
        return eps_uncond + scale * (eps_cond - eps_uncond)  # Ho & Salimans 2022, Eq. 6 with w = scale - 1

    return guided


def gradient_guidance(
    eps_model: Callable[[Tensor, Tensor], Tensor], gradient: Callable[[Tensor, Tensor], Tensor], scale: float, schedule: Schedule
) -> Callable[[Tensor, Tensor], Tensor]:
    """eps-tilde = eps(x_t, t) - scale sqrt(1 - abar_t) gradient(x_t, t)  (Dhariwal & Nichol 2021, Eq. 14).

    ``gradient(x, t)`` returns grad_x log p_t(y | x_t), shape of x. The result is an eps-model for any sampler.
    """

    def guided(x: Tensor, t: Tensor) -> Tensor:
        return eps_model(x, t) - scale * (1 - alphabar_at(schedule, t, x)) ** 0.5 * gradient(x, t)

    return guided


def classifier_gradient(classifier: Callable[[Tensor, Tensor], Tensor], y: Tensor) -> Callable[[Tensor, Tensor], Tensor]:
    """grad_x log p_t(y | x_t) by autograd, for ``classifier(x, t)`` returning logits [batch, classes], labels ``y`` [batch]."""

    def gradient(x: Tensor, t: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            log_p = classifier(x, t).log_softmax(-1).gather(1, y[:, None]).sum()
            return torch.autograd.grad(log_p, x)[0]

    return gradient


def dps_gradient(
    eps_model: Callable[[Tensor, Tensor], Tensor], schedule: Schedule, A: Tensor, y: Tensor, sigma_y: float
) -> Callable[[Tensor, Tensor], Tensor]:
    """DPS (Chung et al. 2023, Eq. 16 and Algorithm 1, Gaussian noise): grad_x log N(y; A x_0-hat(x_t), sigma_y^2 I).

    x_0-hat(x_t) = (x_t - sqrt(1 - abar_t) eps(x_t, t)) / sqrt(abar_t) (Tweedie), differentiated through
    the model. ``A`` [m, d] observes ``y`` [m] (the same observation for the whole batch) with noise sigma_y.
    The paper's step size zeta / ||y - A x_0-hat|| is replaced by the likelihood's own 1 / sigma_y^2, so
    that guidance scale 1 is the approximate posterior.
    """

    def gradient(x: Tensor, t: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            x0 = x0_from_eps(x, eps_model(x, t), alphabar_at(schedule, t, x))
            log_likelihood = -((y - x0 @ A.T.to(x)) ** 2).sum() / (2 * sigma_y**2)
            return torch.autograd.grad(log_likelihood, x)[0]

    return gradient
