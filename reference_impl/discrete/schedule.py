"""Masking schedules alpha_t: the probability that a token is still unmasked at time t in [0, 1].

alpha_0 = 1 (clean), alpha_1 = 0 (all masked), decreasing (MDLM, Sec. 3.1; MD4, Sec. 2, Table 1):

    linear:  alpha_t = 1 - t                    alpha'_t = -1
    cosine:  alpha_t = 1 - cos(pi/2 (1 - t))    alpha'_t = -pi/2 sin(pi/2 (1 - t))
"""

from __future__ import annotations

import math

import torch

__all__ = ["NAMES", "alpha", "alpha_prime"]

NAMES = ("linear", "cosine")
Tensor = torch.Tensor


def _check(name: str) -> None:
    if name not in NAMES:
        raise ValueError(f"masking schedule: unknown name {name!r}; choose one of {', '.join(NAMES)}")


def alpha(t: Tensor, name: str = "linear") -> Tensor:
    """alpha_t for times ``t`` (any shape, values in [0, 1]); ValueError for an unknown schedule."""
    _check(name)
    return 1 - t if name == "linear" else 1 - torch.cos(math.pi / 2 * (1 - t))


def alpha_prime(t: Tensor, name: str = "linear") -> Tensor:
    """d alpha_t / dt, same shape as ``t``."""
    _check(name)
    return -torch.ones_like(t) if name == "linear" else -math.pi / 2 * torch.sin(math.pi / 2 * (1 - t))
