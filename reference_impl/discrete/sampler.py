"""Ancestral sampling of masked diffusion, from all-MASK at t = 1 to clean tokens at t = 0.

On the grid t_i = i / steps, a step from t to s < t draws every masked token from the model's
p_theta(x^l | z_t) and keeps it with probability (alpha_s - alpha_t) / (1 - alpha_t), leaving it
masked otherwise; unmasked tokens never change (MDLM, Eq. 7; MD4, Eq. 6). That is ``order="random"``.

The other orders fix *how many* tokens are unmasked at each step to the expected number, so that
L (1 - alpha_s) (rounded) stay masked after the step, and choose *which* ones:

* ``"left-to-right"``: the leftmost masked positions; with one token per step (steps >= L on the
  linear schedule) this is autoregressive sampling;
* ``"confident"``: the masked positions whose predicted distribution has the largest probability
  max_v p_theta(x^l = v | z_t) (most-confident-first, as in MaskGIT, Chang et al. 2022, but
  ranked before the draw).

Tokens decoded in the same step are drawn independently from their marginals given z_t: with an
exact denoiser that is the only error, so one step gives the product of the marginals, and any
order with one token per step is exact (the chain rule, the position chosen from z_t alone).
"""

from __future__ import annotations

from typing import Callable

import torch

from . import schedule

__all__ = ["ORDERS", "sample"]

ORDERS = ("random", "left-to-right", "confident")
Tensor = torch.Tensor


def sample(
    model: Callable[[Tensor, Tensor], Tensor],
    shape: tuple[int, int],
    *,
    mask_id: int,
    steps: int,
    order: str = "random",
    schedule_name: str = "linear",
    generator: torch.Generator | None = None,
    device: torch.device | str = "cpu",
) -> Tensor:
    """``shape`` = (batch, L) sequences, int64 tokens in 0..mask_id-1, after ``steps`` model calls.

    ``model(z, t)`` returns log-probabilities [batch, L, K] (K = mask_id). Raises ValueError for an
    unknown order or steps < 1.
    """
    if order not in ORDERS:
        raise ValueError(f"sample: unknown order {order!r}; choose one of {', '.join(ORDERS)}")
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"sample: steps must be a positive integer, got {steps!r}")
    batch, length = shape
    z = torch.full(shape, mask_id, dtype=torch.int64, device=device)
    times = torch.linspace(1, 0, steps + 1, dtype=torch.float64)
    alphas = schedule.alpha(times, schedule_name).tolist()
    positions = torch.arange(length, device=device).expand(batch, length)
    for t, alpha_t, alpha_s in zip(times.tolist(), alphas, alphas[1:]):
        log_p = model(z, torch.full((batch,), t, device=device))
        gumbel = -torch.log(-torch.log(torch.rand(log_p.shape, generator=generator, device=device).clamp(min=1e-20)))
        x = (log_p + gumbel).argmax(-1)  # x^l ~ p_theta(x^l | z_t), independently per position
        masked = z == mask_id
        if order == "random":
            keep = torch.rand(shape, generator=generator, device=device) < (alpha_s - alpha_t) / (1 - alpha_t)  # MDLM Eq. 7
            unmask = masked & keep
        else:
            count = masked.sum(1) - round(length * (1 - alpha_s))  # tokens to unmask in this step, [batch]
            score = -positions.double() if order == "left-to-right" else log_p.max(-1).values.double()
            score = score.masked_fill(~masked, -torch.inf)
            rank = score.argsort(1, descending=True).argsort(1)  # 0 = first to unmask
            unmask = masked & (rank < count[:, None])
        z = torch.where(unmask, x, z)
    return z
