"""Classifier-free guidance (Ho & Salimans 2022) as a wrapper around any conditional model.

A conditional network ``model(x, t, y)`` trained with the label replaced by a "null" class some
of the time predicts both eps(x, t | y) and eps(x, t) = eps(x, t | null). Guidance extrapolates
from the unconditional towards the conditional prediction:

    eps-tilde = eps(x, t) + s * (eps(x, t | y) - eps(x, t))

with guidance scale ``s`` (diffusers' ``guidance_scale``): s = 0 is unconditional, s = 1 is
conditional, s > 1 strengthens the condition. Ho & Salimans 2022, Eq. 6 write the same thing
with w = s - 1: eps-tilde = (1 + w) eps(x, t | y) - w eps(x, t).

The two predictions come from one call on a doubled batch (one kernel launch sequence per step
on a GPU, and a fixed graph for CUDA-graph capture).
"""

from __future__ import annotations

from typing import Callable

import torch

__all__ = ["classifier_free_guidance"]

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
