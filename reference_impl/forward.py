"""The forward process q(x_t | x_0) and the three things a network can be trained to predict.

Notation (Ho et al. 2020; Kingma et al. 2021): alphabar_t from the schedule,
alpha_t = sqrt(alphabar_t) and sigma_t = sqrt(1 - alphabar_t) (signal and noise scale), so

    x_t = alpha_t x_0 + sigma_t eps,   eps ~ N(0, I)            (Ho et al. 2020, Eq. 4 reparametrised)

A network may predict
    eps  (Ho et al. 2020, Eq. 14),
    x_0  (Ho et al. 2020, Eq. 15 turns one into the other), or
    v = alpha_t eps - sigma_t x_0                              (Salimans & Ho 2022, Sec. 4 / App. D).
Given x_t, any one of them determines the other two; the conversions below are those identities.
The score of the noisy marginal is grad log p_t(x_t) = -E[eps | x_t] / sigma_t (Tweedie's formula;
Song et al. 2021, Eq. 4 with Vincent 2011), so an eps-predictor is a scaled score model.

Functions take ``alphabar`` as a float or a tensor broadcastable against x (use
:func:`alphabar_at` to gather it for a batch of timesteps). Timesteps are integers in 0..T-1,
indexing the schedule tensors (see schedules.py).
"""

from __future__ import annotations

from typing import Callable

import torch

from .schedules import Schedule

__all__ = [
    "PREDICTIONS",
    "alphabar_at",
    "q_sample",
    "x0_from_eps",
    "eps_from_x0",
    "v_from_x0_eps",
    "x0_from_v",
    "eps_from_v",
    "score_from_eps",
    "training_target",
    "as_eps_model",
    "as_score_model",
]

PREDICTIONS = ("eps", "x0", "v")
Tensor = torch.Tensor


def alphabar_at(schedule: Schedule, t: Tensor, x: Tensor) -> Tensor:
    """alphabar_t for a LongTensor ``t`` of shape [batch], shaped [batch, 1, ..., 1] like ``x``, in x's dtype.

    Gathered from the float64 table and rounded once to x's dtype: a float32 run sees exactly
    ``schedule.alphas_cumprod``, a float64 run the exact values (the float32 table would put up to
    2.6e-4 relative error into sigma_t = sqrt(1 - alphabar_t) near t = 0).
    """
    abar = schedule.alphas_cumprod64.to(device=x.device)[t].to(x.dtype)
    return abar.reshape(-1, *([1] * (x.dim() - 1)))


def q_sample(x0: Tensor, alphabar: Tensor | float, eps: Tensor) -> Tensor:
    """x_t = sqrt(alphabar) x_0 + sqrt(1 - alphabar) eps: a draw from q(x_t | x_0) (Ho et al. 2020, Eq. 4)."""
    return alphabar**0.5 * x0 + (1 - alphabar) ** 0.5 * eps


def x0_from_eps(x_t: Tensor, eps: Tensor, alphabar: Tensor | float) -> Tensor:
    """x_0 = (x_t - sqrt(1 - alphabar) eps) / sqrt(alphabar)  (Ho et al. 2020, Eq. 15; DDIM Eq. 12)."""
    return (x_t - (1 - alphabar) ** 0.5 * eps) / alphabar**0.5


def eps_from_x0(x_t: Tensor, x0: Tensor, alphabar: Tensor | float) -> Tensor:
    """eps = (x_t - sqrt(alphabar) x_0) / sqrt(1 - alphabar)  (Eq. 4 solved for eps)."""
    return (x_t - alphabar**0.5 * x0) / (1 - alphabar) ** 0.5


def v_from_x0_eps(x0: Tensor, eps: Tensor, alphabar: Tensor | float) -> Tensor:
    """v = alpha_t eps - sigma_t x_0  (Salimans & Ho 2022, Sec. 4)."""
    return alphabar**0.5 * eps - (1 - alphabar) ** 0.5 * x0


def x0_from_v(x_t: Tensor, v: Tensor, alphabar: Tensor | float) -> Tensor:
    """x_0 = alpha_t x_t - sigma_t v  (Salimans & Ho 2022, App. D; uses alpha^2 + sigma^2 = 1)."""
    return alphabar**0.5 * x_t - (1 - alphabar) ** 0.5 * v


def eps_from_v(x_t: Tensor, v: Tensor, alphabar: Tensor | float) -> Tensor:
    """eps = sigma_t x_t + alpha_t v  (Salimans & Ho 2022, App. D)."""
    return (1 - alphabar) ** 0.5 * x_t + alphabar**0.5 * v


def score_from_eps(eps: Tensor, alphabar: Tensor | float) -> Tensor:
    """grad_x log p_t(x) = -eps / sigma_t  (Tweedie; Song et al. 2021, Eq. 4 and Sec. 3.3)."""
    return -eps / (1 - alphabar) ** 0.5


def training_target(prediction: str, x0: Tensor, eps: Tensor, alphabar: Tensor | float) -> Tensor:
    """What a network trained for ``prediction`` ("eps", "x0" or "v") regresses onto at x_t = q_sample(x0, alphabar, eps)."""
    if prediction == "eps":
        return eps
    if prediction == "x0":
        return x0
    if prediction == "v":
        return v_from_x0_eps(x0, eps, alphabar)
    raise ValueError(f"training_target: unknown prediction {prediction!r}; choose one of {', '.join(PREDICTIONS)}")


def as_eps_model(model: Callable[[Tensor, Tensor], Tensor], schedule: Schedule, prediction: str) -> Callable[[Tensor, Tensor], Tensor]:
    """Wrap a network that predicts ``prediction`` as an eps-predictor model(x, t), for the samplers."""
    if prediction == "eps":
        return model
    if prediction not in PREDICTIONS:
        raise ValueError(f"as_eps_model: unknown prediction {prediction!r}; choose one of {', '.join(PREDICTIONS)}")
    convert = eps_from_x0 if prediction == "x0" else eps_from_v

    def eps_model(x: Tensor, t: Tensor) -> Tensor:
        return convert(x, model(x, t), alphabar_at(schedule, t, x))

    return eps_model


def as_score_model(eps_model: Callable[[Tensor, Tensor], Tensor], schedule: Schedule) -> Callable[[Tensor, Tensor], Tensor]:
    """Turn an eps-predictor into a score model score(x, t) (for annealed Langevin dynamics)."""

    def score(x: Tensor, t: Tensor) -> Tensor:
        return score_from_eps(eps_model(x, t), alphabar_at(schedule, t, x))

    return score
