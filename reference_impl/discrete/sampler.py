"""Ancestral sampling of masked diffusion, from all-MASK at t = 1 to clean tokens at t = 0.

On the grid t_i = i / steps, a step from t to s < t draws every masked token from the model's
p_theta(x^l | z_t) and keeps it with probability (alpha_s - alpha_t) / (1 - alpha_t), leaving it
masked otherwise; unmasked tokens never change (MDLM, Eq. 7; MD4, Eq. 6). That is ``order="random"``.

The other orders fix *how many* tokens are unmasked at each step to the expected number, so that
L (1 - alpha_s) (rounded) stay masked after the step (:func:`tokens_per_step`), and choose *which* ones:

* ``"left-to-right"``: the leftmost masked positions; with one token per step this is
  autoregressive sampling;
* ``"confident"``: the masked positions whose predicted distribution has the largest probability
  max_v p_theta(x^l = v | z_t) (most-confident-first, as in MaskGIT, Chang et al. 2022, but
  ranked before the draw).

Tokens decoded in the same step are drawn independently from their marginals given z_t: with an
exact denoiser that is the only error, so one step gives the product of the marginals, and an
order that decodes at most one token per step is exact (the chain rule, the position chosen from
z_t alone). Which schedules give that depends on the grid: the linear schedule alpha_t = 1 - t
decodes at most one token per step exactly when steps >= L (steps = L: one each). The cosine
schedule unmasks slowly at first and fast at the end, so steps = L does not: for L = 5 it decodes
0, 1, 1, 1, 2 tokens, and the last two are drawn independently (on the masked-diffusion
figure's toy language total variation 0.26 against a noise floor of 0.04); it needs 7 steps for L = 5 (about pi L / 2).
The random order is exact only in the limit of many steps, on any schedule.
"""

from __future__ import annotations

from typing import Callable

import torch

from . import schedule

__all__ = ["ORDERS", "tokens_per_step", "sample"]

ORDERS = ("random", "left-to-right", "confident")
Tensor = torch.Tensor


def tokens_per_step(length: int, steps: int, schedule_name: str = "linear") -> list[int]:
    """How many tokens the left-to-right and confident orders unmask at each of ``steps`` steps (sums to ``length``).

    Step i goes from t_i = 1 - i/steps to t_{i+1}; round(length (1 - alpha_t)) tokens are masked at t.
    The order is exact with an exact denoiser iff every entry is at most 1 (module docstring).
    """
    alphas = schedule.alpha(torch.linspace(1, 0, steps + 1, dtype=torch.float64), schedule_name).tolist()
    masked = [round(length * (1 - alpha)) for alpha in alphas]  # round(L (1 - alpha_t)) masked at each t_i
    return [before - after for before, after in zip(masked, masked[1:])]


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
    counts = tokens_per_step(length, steps, schedule_name)
    positions = torch.arange(length, device=device).expand(batch, length)
    for t, alpha_t, alpha_s, count in zip(times.tolist(), alphas, alphas[1:], counts):
        log_p = model(z, torch.full((batch,), t, device=device))
        gumbel = -torch.log(-torch.log(torch.rand(log_p.shape, generator=generator, device=device).clamp(min=1e-20)))
        x = (log_p + gumbel).argmax(-1)  # x^l ~ p_theta(x^l | z_t), independently per position
        masked = z == mask_id
        if order == "random":
            keep = torch.rand(shape, generator=generator, device=device) < (alpha_s - alpha_t) / (1 - alpha_t)  # MDLM Eq. 7
            unmask = masked & keep
        else:
            score = -positions.double() if order == "left-to-right" else log_p.max(-1).values.double()
            score = score.masked_fill(~masked, -torch.inf)
            rank = score.argsort(1, descending=True).argsort(1)  # 0 = first to unmask
            unmask = masked & (rank < count)  # the count of tokens_per_step, the same for every sequence
        z = torch.where(unmask, x, z)
    return z
