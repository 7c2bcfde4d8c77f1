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
samples (:func:`classifier_gradient`).

For an inverse problem y = A x_0 + noise, DPS (Chung et al. 2023) replaces p_t(y | x_t) by
p(y | x_0-hat(x_t)) through the Tweedie estimate of x_0 (their Eq. 16). :func:`dps` is their
Algorithm 1: a DDPM step followed by a step of size zeta_i = zeta / ||y - A x_0-hat|| down the
gradient of ||y - A x_0-hat||^2. :func:`likelihood_weighted_dps_gradient` is a variant that is
*not* Algorithm 1: it weights the same gradient by the Gaussian likelihood's 1 / (2 sigma_y^2), so
that it plugs into :func:`gradient_guidance` with scale 1 as an approximate posterior score.
"""

from __future__ import annotations

from typing import Callable

import torch

from .forward import alphabar_at, x0_from_eps
from .samplers import ddpm_step
from .schedules import Schedule

__all__ = ["classifier_free_guidance", "gradient_guidance", "classifier_gradient", "dps", "likelihood_weighted_dps_gradient"]

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


def dps(
    eps_model: Callable[[Tensor, Tensor], Tensor],
    x_T: Tensor,
    schedule: Schedule,
    *,
    A: Tensor,
    y: Tensor,
    zeta: float,
    generator: torch.Generator | None = None,
) -> Tensor:
    """DPS (Chung et al. 2023, Algorithm 1, "DPS - Gaussian") on DDPM's T ancestral steps; returns x_0, shape of ``x_T``.

    For i = T-1, ..., 0 (our timestep t = i; abar_{-1} = 1):
        x_0-hat = (x_i - sqrt(1 - abar_i) eps(x_i, i)) / sqrt(abar_i)       (lines 3-4, s-hat = -eps / sigma_i)
        x'_{i-1} = a draw from q(x_{i-1} | x_i, x_0-hat)                  (lines 5-6, :func:`samplers.ddpm_step`)
        x_{i-1} = x'_{i-1} - zeta_i grad_{x_i} ||y - A x_0-hat||_2^2        (line 7)
    with the step zeta_i = zeta / ||y - A x_0-hat|| of their App. C (zeta is their zeta'), so that
    line 7 moves by 2 zeta grad_{x_i} ||y - A x_0-hat||, the update of their code. The norm runs
    over the whole batch (the official code samples one image at a time): a batch of n
    independent chains moves each about 1/sqrt(n) as far as a chain alone, so zeta grows with
    sqrt(n) for the same behaviour. The step ignores the noise level sigma_y: zeta is tuned, not
    derived, and the result is not the posterior, only near it.

    ``A`` [m, d] observes ``y`` [m] (the same observation for every chain), x_T [n, d]. The
    gradient runs through ``eps_model`` by autograd. With zeta = 0 this is :func:`samplers.ddpm`
    draw for draw. Raises ValueError for a negative zeta.
    """
    if zeta < 0:
        raise ValueError(f"dps: zeta must be >= 0, got {zeta!r}")
    abar, n = schedule.alphas_cumprod64.tolist(), x_T.shape[0]
    A, y = A.to(x_T), y.to(x_T)
    x = x_T
    for t in range(schedule.T - 1, -1, -1):
        abar_t, abar_prev = abar[t], abar[t - 1] if t > 0 else 1.0
        with torch.enable_grad():
            x_i = x.detach().requires_grad_(True)
            x0 = x0_from_eps(x_i, eps_model(x_i, torch.full((n,), t, device=x.device)), abar_t)  # lines 3-4
            residual = ((y - x0 @ A.T) ** 2).sum()  # ||y - A x_0-hat||^2 over the batch
            grad = torch.autograd.grad(residual, x_i)[0]
        x = ddpm_step(x, x0.detach(), abar_t, abar_prev, generator)  # lines 5-6
        x = x - zeta / residual.detach().sqrt() * grad  # line 7, zeta_i = zeta / ||y - A x_0-hat||
    return x


def likelihood_weighted_dps_gradient(
    eps_model: Callable[[Tensor, Tensor], Tensor], schedule: Schedule, A: Tensor, y: Tensor, sigma_y: float
) -> Callable[[Tensor, Tensor], Tensor]:
    """grad_x log N(y; A x_0-hat(x_t), sigma_y^2 I): DPS's likelihood (Chung et al. 2023, Eq. 16), *not* their Algorithm 1.

    x_0-hat(x_t) = (x_t - sqrt(1 - abar_t) eps(x_t, t)) / sqrt(abar_t) (Tweedie), differentiated through
    the model. ``A`` [m, d] observes ``y`` [m] (the same observation for the whole batch) with noise sigma_y.
    The gradient of ||y - A x_0-hat||^2 is weighted by the Gaussian likelihood's 1 / (2 sigma_y^2), per
    chain, instead of Algorithm 1's zeta / ||y - A x_0-hat|| (see :func:`dps`), so that
    :func:`gradient_guidance` with scale 1 samples an approximate posterior. With a trained denoiser
    this weight makes the first steps diverge (the gradient through x_0-hat carries the network's error
    times 1 / sqrt(abar_t)); Algorithm 1's normalised step does not.
    """

    def gradient(x: Tensor, t: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            x0 = x0_from_eps(x, eps_model(x, t), alphabar_at(schedule, t, x))
            log_likelihood = -((y - x0 @ A.T.to(x)) ** 2).sum() / (2 * sigma_y**2)
            return torch.autograd.grad(log_likelihood, x)[0]

    return gradient
