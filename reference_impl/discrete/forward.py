"""The forward (masking) process q(z_t | x) of absorbing-state diffusion.

    q(z_t | x) = prod_l Cat(z_t^l; alpha_t e_{x^l} + (1 - alpha_t) e_MASK)      (MDLM, Eq. 2; D3PM, App. A.2.4)

each token independently kept with probability alpha_t and replaced by MASK otherwise.
"""

from __future__ import annotations

import torch

__all__ = ["mask"]

Tensor = torch.Tensor


def mask(x: Tensor, alpha_t: Tensor, mask_id: int, generator: torch.Generator | None = None) -> Tensor:
    """A draw z_t ~ q(z_t | x): ``x`` int64 [batch, L], ``alpha_t`` [batch] in [0, 1]; returns int64 [batch, L]."""
    keep = torch.rand(x.shape, generator=generator, device=x.device) < alpha_t[:, None]
    return torch.where(keep, x, torch.full_like(x, mask_id))
