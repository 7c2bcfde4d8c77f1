"""The MDLM / MD4 training objective: a weighted cross-entropy on the masked tokens.

The continuous-time negative ELBO of absorbing-state diffusion (MDLM, Eq. 10; MD4, Eq. 5) is

    L = E_{t ~ U(0, 1)} E_{z_t ~ q(z_t | x)} [ alpha'_t / (1 - alpha_t) * sum_{l: z_t^l = MASK} log p_theta(x^l | z_t) ],

(alpha'_t < 0, so the weight -alpha'_t / (1 - alpha_t) is positive; 1/t for the linear schedule),
an upper bound on -log p_theta(x) in nats per sequence. Unmasked tokens carry no loss: the model
copies them ("carry-over unmasking", MDLM Sec. 3.2.3).
"""

from __future__ import annotations

from typing import Callable

import torch

from . import forward, schedule

__all__ = ["loss"]

Tensor = torch.Tensor


def loss(
    model: Callable[[Tensor, Tensor], Tensor],
    x: Tensor,
    mask_id: int,
    schedule_name: str = "linear",
    generator: torch.Generator | None = None,
) -> Tensor:
    """Monte Carlo estimate of L for a batch ``x`` (int64 [batch, L]): the mean over the batch, in nats per sequence.

    One time per sequence, t ~ U(0, 1) (clamped away from 0, where the weight is 1/t); ``model(z, t)``
    returns log-probabilities [batch, L, K].
    """
    t = torch.rand(x.shape[0], generator=generator, device=x.device).clamp(min=1e-4)
    a, a_prime = schedule.alpha(t, schedule_name), schedule.alpha_prime(t, schedule_name)
    z = forward.mask(x, a, mask_id, generator)
    log_p = model(z, t).gather(-1, x[..., None])[..., 0]  # log p_theta(x^l | z_t), [batch, L]
    masked = (z == mask_id).to(log_p.dtype)
    return ((a_prime / (1 - a)) * (masked * log_p).sum(1)).mean()
