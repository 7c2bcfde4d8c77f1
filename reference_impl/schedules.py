"""Noise schedules of the discrete-time diffusion process (Ho et al. 2020, Nichol & Dhariwal 2021).

A schedule is the sequence beta_1..beta_T of the forward process (Ho et al. 2020, Eq. 2)

    q(x_t | x_{t-1}) = N(x_t; sqrt(1 - beta_t) x_{t-1}, beta_t I),

and everything else follows from it:

    alpha_t     = 1 - beta_t
    alphabar_t  = prod_{s<=t} alpha_s                      (Ho et al. 2020, Eq. 4: q(x_t|x_0))
    snr_t       = alphabar_t / (1 - alphabar_t)            (Kingma et al. 2021, Eq. 5)
    log_snr_t   = log snr_t   (= 2 lambda_t of DPM-Solver, Lu et al. 2022)

Indexing follows Hugging Face diffusers: entry ``t`` of every tensor (t = 0..T-1) belongs to the
paper's step t+1, so ``alphas_cumprod[0]`` is alphabar_1 and ``alphas_cumprod[T-1]`` is alphabar_T.
A model is therefore called with integer timesteps in 0..T-1.

The two schedules reproduce diffusers' ``beta_schedule`` options:

* ``"linear"``  = diffusers ``"linear"``: betas = linspace(1e-4, 0.02, T) (Ho et al. 2020, Sec. 4).
* ``"cosine"``  = diffusers ``"squaredcos_cap_v2"``: Nichol & Dhariwal 2021, Eq. 17, with
  f(t) = cos^2((t + s)/(1 + s) * pi/2), s = 0.008, beta_t = min(1 - f(t/T)/f((t-1)/T), 0.999).

Dtypes: the schedule is computed in float64 (the cumulative product of 1000 factors loses
digits in float32); the public tensors ``betas``, ``alphas``, ``alphas_cumprod``, ``snr`` and
``log_snr`` are float32, the dtype models and samples use. Samplers derive their coefficients
from the float64 ``alphas_cumprod64``.
"""

from __future__ import annotations

import math

import torch

__all__ = ["Schedule", "make", "NAMES"]

NAMES = ("linear", "cosine")


class Schedule:
    """A discrete noise schedule of length T; see the module docstring for the formulas.

    Attributes (1-D tensors of length T, on CPU unless moved with :meth:`to`):
        betas, alphas, alphas_cumprod, snr, log_snr: float32.
        alphas_cumprod64: float64, the exact values the float32 ones are rounded from.
        T: number of training timesteps; name: the schedule's name.
    """

    def __init__(self, name: str, betas64: torch.Tensor):
        if betas64.dtype != torch.float64 or betas64.dim() != 1:
            raise ValueError(f"Schedule {name!r}: betas must be a 1-D float64 tensor")
        if not bool(((betas64 > 0) & (betas64 < 1)).all()):
            raise ValueError(f"Schedule {name!r}: every beta must lie in (0, 1)")
        self.name = name
        self.T = betas64.numel()
        alphas64 = 1.0 - betas64
        self.alphas_cumprod64 = torch.cumprod(alphas64, dim=0)
        snr64 = self.alphas_cumprod64 / (1.0 - self.alphas_cumprod64)
        self.betas = betas64.float()
        self.alphas = alphas64.float()
        self.alphas_cumprod = self.alphas_cumprod64.float()
        self.snr = snr64.float()
        self.log_snr = torch.log(snr64).float()

    def to(self, device: torch.device | str) -> "Schedule":
        """A copy whose tensors live on ``device`` (so training can index them without copies)."""
        moved = Schedule.__new__(Schedule)
        moved.name, moved.T = self.name, self.T
        for key in ("alphas_cumprod64", "betas", "alphas", "alphas_cumprod", "snr", "log_snr"):
            setattr(moved, key, getattr(self, key).to(device))
        return moved

    def __repr__(self) -> str:
        return f"Schedule(name={self.name!r}, T={self.T})"


def linear_betas(T: int, beta_start: float = 1e-4, beta_end: float = 0.02) -> torch.Tensor:
    """Ho et al. 2020, Sec. 4: betas increase linearly from 1e-4 to 0.02 (scaled to any T as in diffusers)."""
    return torch.linspace(beta_start, beta_end, T, dtype=torch.float64)


def cosine_betas(T: int, s: float = 0.008, max_beta: float = 0.999) -> torch.Tensor:
    """Nichol & Dhariwal 2021, Eq. 17; beta clipped at 0.999 to avoid the singularity at t = T.

    Same arithmetic as diffusers' ``betas_for_alpha_bar`` (which also does it in float64).
    """

    def f(t: float) -> float:
        return math.cos((t + s) / (1 + s) * math.pi / 2) ** 2

    return torch.tensor([min(1 - f((i + 1) / T) / f(i / T), max_beta) for i in range(T)], dtype=torch.float64)


def make(name: str, T: int = 1000) -> Schedule:
    """The schedule ``name`` ("linear" or "cosine") with ``T`` timesteps."""
    if not isinstance(T, int) or T < 2:
        raise ValueError(f"schedules.make: T must be an integer >= 2, got {T!r}")
    if name == "linear":
        return Schedule(name, linear_betas(T))
    if name == "cosine":
        return Schedule(name, cosine_betas(T))
    raise ValueError(f"schedules.make: unknown schedule {name!r}; choose one of {', '.join(NAMES)}")
