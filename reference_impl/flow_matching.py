"""Flow matching on the linear interpolation path (Lipman et al. 2023; Liu et al. 2023, rectified flow).

Convention (the one of the diffusion modules and of diffusers' flow-matching schedulers):
x_0 is data, x_1 ~ N(0, I) is noise, and time t in [0, 1] runs from data to noise,

    x_t = (1 - t) x_0 + t x_1                                   (Lipman et al. 2023, Eq. 20 with sigma_min = 0)
    u_t = d x_t / dt = x_1 - x_0                                 (the conditional velocity, Lipman Eq. 21)

A network v(x, t) trained to regress u_t at (x_t, t) (Lipman et al. 2023, Eq. 23; Liu et al. 2023,
Eq. 1) learns the marginal velocity E[x_1 - x_0 | x_t]; integrating dx/dt = v from t = 1 to t = 0
turns noise into data (samplers.flow_euler).

Lipman et al. and Liu et al. put noise at t = 0 and data at t = 1; their time is 1 - t and their
velocity is the negative of ours. A flow model is called as model(x, t) with ``t`` a float tensor
of shape [batch] in (0, 1] (continuous time, unlike the integer timesteps of the diffusion
samplers).
"""

from __future__ import annotations

import torch

__all__ = ["interpolate", "velocity_target"]

Tensor = torch.Tensor


def interpolate(x0: Tensor, x1: Tensor, t: Tensor | float) -> Tensor:
    """x_t = (1 - t) x_0 + t x_1 (``t`` a float or a tensor broadcastable against x_0)."""
    return (1 - t) * x0 + t * x1


def velocity_target(x0: Tensor, x1: Tensor) -> Tensor:
    """u_t = x_1 - x_0, the regression target at every t on the linear path."""
    return x1 - x0
