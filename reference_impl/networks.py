"""Denoising networks: an MLP for 2D toy data and a small U-Net for 8x8 digits.

Both are called as ``model(x, t)`` or ``model(x, t, y)``, the calling convention of the
samplers: ``x`` a batch, ``t`` the timestep(s) as a tensor (a 0-d tensor or one value per
sample; integer timesteps 0..T-1 for the discrete-time objectives, or flow-matching times in
[0, 1] with ``time_scale=1000`` so that both use the same range of embedding frequencies),
``y`` optional class labels.

Class conditioning follows classifier-free guidance (Ho & Salimans, 2022): the embedding table
has one extra row, the null class ``model.null_class`` (= ``num_classes``), which stands for
"no label". Training replaces labels by the null class at random; ``y=None`` means the null
class, so a conditional model is also an unconditional one.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F


class SinusoidalEmbedding(nn.Module):
    """Transformer position encoding of a scalar time (Vaswani et al., 2017; Ho et al., 2020):
    ``[cos(t * w_k), sin(t * w_k)]`` with ``w_k = max_period^(-k / (dim/2))``."""

    def __init__(self, dim: int, max_period: float = 10_000.0):
        super().__init__()
        if dim % 2:
            raise ValueError(f"SinusoidalEmbedding: dim must be even, got {dim}")
        half = dim // 2
        # A buffer, so the frequencies move with the module and no tensor is built per call
        # (which also keeps the forward pass free of host-to-device copies under CUDA graphs).
        self.register_buffer(
            "frequencies", torch.exp(-math.log(max_period) * torch.arange(half) / half), persistent=False
        )

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        angles = t[:, None] * self.frequencies[None, :]
        return torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)


class _Conditioning(nn.Module):
    """Time embedding (sinusoidal, then a two-layer MLP) plus an optional class embedding."""

    def __init__(self, dim: int, num_classes: int | None, time_scale: float):
        super().__init__()
        self.time_scale = time_scale
        self.num_classes = num_classes
        self.time_embedding = SinusoidalEmbedding(dim)
        self.time_mlp = nn.Sequential(nn.Linear(dim, dim), nn.SiLU(), nn.Linear(dim, dim))
        self.class_embedding = nn.Embedding(num_classes + 1, dim) if num_classes else None

    def forward(self, t: torch.Tensor, y: torch.Tensor | None, batch: int, device: torch.device) -> torch.Tensor:
        t = torch.as_tensor(t, device=device)
        if t.ndim == 0:
            t = t.expand(batch)
        c = self.time_mlp(self.time_embedding(t.float() * self.time_scale))
        if self.class_embedding is None:
            if y is not None:
                raise ValueError("class labels y given to a model built without num_classes")
            return c
        if y is None:
            y = torch.full((batch,), self.num_classes, dtype=torch.long, device=device)
        return c + self.class_embedding(y)


class MLPDenoiser(nn.Module):
    """Residual MLP for low-dimensional data: ``depth`` blocks ``h <- h + Linear(SiLU(h + c))``
    where ``c`` is the time (and class) embedding, between a linear input and output layer."""

    def __init__(
        self,
        data_dim: int = 2,
        width: int = 256,
        depth: int = 4,
        num_classes: int | None = None,
        time_scale: float = 1.0,
    ):
        super().__init__()
        self.null_class = num_classes
        self.conditioning = _Conditioning(width, num_classes, time_scale)
        self.input = nn.Linear(data_dim, width)
        self.blocks = nn.ModuleList(nn.Sequential(nn.SiLU(), nn.Linear(width, width)) for _ in range(depth))
        self.output = nn.Sequential(nn.SiLU(), nn.Linear(width, data_dim))

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        c = self.conditioning(t, y, x.shape[0], x.device)
        h = self.input(x)
        for block in self.blocks:
            h = h + block(h + c)
        return self.output(h)


class _ResBlock(nn.Module):
    """GroupNorm-SiLU-conv twice, the conditioning added as a per-channel bias in between
    (the residual block of Ho et al., 2020, without dropout or attention)."""

    def __init__(self, c_in: int, c_out: int, cond_dim: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(8, c_in)
        self.conv1 = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.cond = nn.Linear(cond_dim, c_out)
        self.norm2 = nn.GroupNorm(8, c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.cond(c)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class DigitsUNet(nn.Module):
    """A two-level U-Net for single-channel 8x8 images (scikit-learn's digits): 8x8 with
    ``channels`` channels, 4x4 with twice as many, skip connections by concatenation."""

    def __init__(self, channels: int = 32, num_classes: int | None = None, time_scale: float = 1.0):
        super().__init__()
        c, cond_dim = channels, 4 * channels
        self.null_class = num_classes
        self.conditioning = _Conditioning(cond_dim, num_classes, time_scale)
        self.input = nn.Conv2d(1, c, 3, padding=1)
        self.down1 = _ResBlock(c, c, cond_dim)
        self.downsample = nn.Conv2d(c, 2 * c, 3, stride=2, padding=1)
        self.down2 = _ResBlock(2 * c, 2 * c, cond_dim)
        self.middle = _ResBlock(2 * c, 2 * c, cond_dim)
        self.up2 = _ResBlock(4 * c, 2 * c, cond_dim)
        self.upsample = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(2 * c, c, 3, padding=1))
        self.up1 = _ResBlock(2 * c, c, cond_dim)
        self.output = nn.Sequential(nn.GroupNorm(8, c), nn.SiLU(), nn.Conv2d(c, 1, 3, padding=1))

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        if x.ndim != 4 or x.shape[1] != 1 or x.shape[2] % 2 or x.shape[3] % 2:
            raise ValueError(f"DigitsUNet expects [batch, 1, H, W] with even H and W, got {list(x.shape)}")
        c = self.conditioning(t, y, x.shape[0], x.device)
        h1 = self.down1(self.input(x), c)
        h2 = self.down2(self.downsample(h1), c)
        h = self.middle(h2, c)
        h = self.up2(torch.cat([h, h2], dim=1), c)
        h = self.up1(torch.cat([self.upsample(h), h1], dim=1), c)
        return self.output(h)


class NoisyClassifier(nn.Module):
    """p_t(y | x_t) for classifier guidance (Dhariwal & Nichol 2021, Sec. 4): the MLP of
    :class:`MLPDenoiser` conditioned on the timestep, ending in ``num_classes`` logits.
    ``model(x, t)`` with x [batch, data_dim], t [batch] -> logits [batch, num_classes]."""

    def __init__(self, num_classes: int, data_dim: int = 2, width: int = 128, depth: int = 3):
        super().__init__()
        self.conditioning = _Conditioning(width, None, 1.0)
        self.input = nn.Linear(data_dim, width)
        self.blocks = nn.ModuleList(nn.Sequential(nn.SiLU(), nn.Linear(width, width)) for _ in range(depth))
        self.output = nn.Sequential(nn.SiLU(), nn.Linear(width, num_classes))

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        c = self.conditioning(t, None, x.shape[0], x.device)
        h = self.input(x)
        for block in self.blocks:
            h = h + block(h + c)
        return self.output(h)
