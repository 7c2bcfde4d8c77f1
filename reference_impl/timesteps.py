"""Which of the T training timesteps a sampler with fewer steps visits (diffusers conventions).

The three spacings of Lin et al. 2024 ("Common Diffusion Noise Schedules and Sample Steps are
Flawed", Table 2), computed exactly as diffusers' ``set_timesteps`` with ``steps_offset=0``.
For T = 1000 and 10 steps:

* ``"leading"``  (DDIM paper, diffusers DDPM/DDIM default): k * (T // steps)      -> 900, 800, ..., 0
* ``"trailing"``: round(T - k * T/steps) - 1                                      -> 999, 899, ..., 99
* ``"linspace"``: round(linspace(0, T - 1, steps))                               -> 999, 888, ..., 0

All are returned in descending order as an int64 tensor. ``"leading"`` never visits T-1, so a
sampler started from pure noise treats it as x_{T - T//steps}; ``"trailing"`` and
``"linspace"`` start at T-1.

DPM-Solver++ ends with a jump to sigma = 0 (the clean sample) instead of evaluating the model at
t = 0, so diffusers' ``DPMSolverMultistepScheduler`` builds its grid differently; see
:func:`dpm_solver_timesteps`.
"""

from __future__ import annotations

import numpy as np
import torch

__all__ = ["SPACINGS", "timesteps", "dpm_solver_timesteps"]

SPACINGS = ("leading", "trailing", "linspace")


def _check(T: int, steps: int, spacing: str, where: str) -> None:
    if spacing not in SPACINGS:
        raise ValueError(f"{where}: unknown spacing {spacing!r}; choose one of {', '.join(SPACINGS)}")
    if not isinstance(steps, int) or not 1 <= steps <= T:
        raise ValueError(f"{where}: steps must be an integer in 1..{T}, got {steps!r}")


def _grid(T: int, steps: int, spacing: str) -> np.ndarray:
    if spacing == "leading":
        return (np.arange(0, steps) * (T // steps)).round()[::-1].astype(np.int64)
    if spacing == "trailing":
        return np.round(np.arange(T, 0, -T / steps)).astype(np.int64) - 1
    return np.linspace(0, T - 1, steps).round()[::-1].astype(np.int64)


def timesteps(T: int, steps: int, spacing: str = "leading") -> torch.Tensor:
    """The ``steps`` timesteps (descending, in 0..T-1) of diffusers' DDPMScheduler/DDIMScheduler."""
    _check(T, steps, spacing, "timesteps")
    return torch.from_numpy(_grid(T, steps, spacing).copy())


def dpm_solver_timesteps(T: int, steps: int, spacing: str = "linspace") -> torch.Tensor:
    """The ``steps`` timesteps (descending) of diffusers' DPMSolverMultistepScheduler.

    For "linspace" and "leading" diffusers lays out ``steps + 1`` points ending at t = 0 and
    drops that last point, because the solver's final step goes to sigma = 0 instead; for
    "trailing" it uses the same ``steps`` points as :func:`timesteps`.
    """
    _check(T, steps, spacing, "dpm_solver_timesteps")
    if spacing == "trailing":
        return timesteps(T, steps, spacing)
    if steps + 1 > T:
        raise ValueError(f"dpm_solver_timesteps: {spacing!r} spacing needs steps < T = {T}, got {steps}")
    return torch.from_numpy(_grid(T, steps + 1, spacing)[:-1].copy())
