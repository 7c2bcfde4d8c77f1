"""DDIM inversion: data to noise along DDIM's own ODE, so that sampling from the result gives the data back.

Deterministic DDIM (eta = 0) is Euler's method for the probability-flow ODE (samplers.py, unified.py),
and an ODE can be run either way. Inversion (Song et al. 2021, Sec. 4.3; Dhariwal & Nichol 2021,
App. F; diffusers' ``DDIMInverseScheduler``) visits the same timesteps upwards: from level s (the
clean level abar = 1 at the start) to the next timestep t,

    eps-hat = eps(x_s, t),   x_0-hat = (x_s - sigma_s eps-hat) / alpha_s,   x_t = alpha_t x_0-hat + sigma_t eps-hat

i.e. a DDIM step in reverse that reads the model at the level it steps *to* with the sample of the
level it steps *from* (the point x_t it would need is what is being computed). That one-step
lag is the only difference from running the exact ODE backwards, so the reconstruction
``ddim(invert(x_0))`` misses x_0 by discretisation error alone: it vanishes at first order as the
steps grow, with any model, exact or trained; no model error enters (tests/reference_impl/test_inversion.py).
"""

from __future__ import annotations

from typing import Callable

import torch

from .forward import x0_from_eps
from .schedules import Schedule
from .timesteps import timesteps

__all__ = ["ddim_invert"]

Tensor = torch.Tensor


def ddim_invert(model: Callable[[Tensor, Tensor], Tensor], x_0: Tensor, schedule: Schedule, *, steps: int, spacing: str = "leading") -> Tensor:
    """x_T with ``samplers.ddim(model, x_T, schedule, steps=steps, spacing=spacing)`` close to ``x_0`` (same shape and dtype).

    Runs the timesteps of that DDIM call in ascending order, one model call each (module docstring).
    Raises ValueError as ``timesteps.timesteps`` for a bad step count or spacing.
    """
    abar, n = schedule.alphas_cumprod64.tolist(), x_0.shape[0]
    x, abar_s = x_0, 1.0  # the clean level
    for t in reversed(timesteps(schedule.T, steps, spacing).tolist()):
        eps = model(x, torch.full((n,), t, device=x.device))
        x0 = x0_from_eps(x, eps, abar_s)
        x = abar[t] ** 0.5 * x0 + (1 - abar[t]) ** 0.5 * eps  # Song et al. 2021, Eq. 12 with eta = 0, upwards
        abar_s = abar[t]
    return x
