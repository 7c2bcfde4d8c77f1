"""A small denoiser for masked diffusion and its training loop.

The MLP reads the whole sentence (one-hot over K + 1 symbols, MASK included, plus the time t)
and returns log-probabilities [batch, L, K]. As in MDLM's "SUBS" parametrisation (Sahoo et al.
2024, Sec. 3.2.3) an unmasked position returns its own token with probability 1, so the loss
only sees masked positions.
"""

from __future__ import annotations

import torch
from torch import nn

from . import loss as mdlm

__all__ = ["MaskedDenoiser", "train"]

Tensor = torch.Tensor


class MaskedDenoiser(nn.Module):
    """``model(z, t)``: z int64 [batch, L] with MASK = K, t [batch] in [0, 1] -> log-probabilities [batch, L, K]."""

    def __init__(self, K: int, L: int, width: int = 128, depth: int = 3):
        super().__init__()
        self.K, self.L = K, L
        layers: list[nn.Module] = [nn.Linear(L * (K + 1) + 1, width), nn.SiLU()]
        for _ in range(depth - 1):
            layers += [nn.Linear(width, width), nn.SiLU()]
        self.net = nn.Sequential(*layers, nn.Linear(width, L * K))

    def forward(self, z: Tensor, t: Tensor) -> Tensor:
        inputs = torch.cat([nn.functional.one_hot(z, self.K + 1).flatten(1).float(), t.float()[:, None]], dim=1)
        log_p = self.net(inputs).view(-1, self.L, self.K).log_softmax(-1)
        unmasked = nn.functional.one_hot(z.clamp(max=self.K - 1), self.K).bool() & (z != self.K)[..., None]
        carry = torch.where(unmasked, 0.0, -torch.inf)  # log 1 at the given token, log 0 elsewhere
        return torch.where((z != self.K)[..., None], carry, log_p)


def train(model: MaskedDenoiser, sample, *, steps: int, batch_size: int, lr: float, seed: int) -> list[float]:
    """Adam on the MDLM loss over fresh batches ``sample(batch_size, generator)``; returns the loss of every step (nats per sentence)."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        value = mdlm.loss(model, sample(batch_size, generator), model.K, generator=generator)
        optimizer.zero_grad()
        value.backward()
        optimizer.step()
        losses.append(value.item())
    return losses
