"""Distances between two sets of samples.

The sliced Wasserstein distance (Rabin et al. 2011; Bonneel et al. 2015) averages the 1-D
Wasserstein distance over random projection directions theta on the unit sphere:

    SW_2(P, Q)^2 = E_theta [ W_2(theta^T P, theta^T Q)^2 ],

and in one dimension W_2 between two equal-size empirical measures pairs the sorted samples.
It is cheap (a sort per direction), works in any dimension and is zero only for equal
distributions; with n samples per side its value for two draws of the same distribution is
O(n^{-1/2}), the noise floor tests compare against.
"""

from __future__ import annotations

import torch

__all__ = ["sliced_wasserstein"]


def sliced_wasserstein(x: torch.Tensor, y: torch.Tensor, *, projections: int = 256, generator: torch.Generator | None = None) -> float:
    """SW_2 between the empirical measures of ``x`` and ``y`` (both [n, ...], same n), Monte Carlo over ``projections`` directions."""
    if x.shape != y.shape or x.dim() < 2:
        raise ValueError(f"sliced_wasserstein: need two sample sets of equal shape [n, ...], got {tuple(x.shape)} and {tuple(y.shape)}")
    x, y = x.flatten(1).double(), y.flatten(1).double()
    theta = torch.randn(x.shape[1], projections, generator=generator, dtype=torch.float64).to(x.device)
    theta = theta / theta.norm(dim=0, keepdim=True)
    px, _ = torch.sort(x @ theta, dim=0)
    py, _ = torch.sort(y.to(x.device) @ theta, dim=0)
    return ((px - py) ** 2).mean().sqrt().item()
