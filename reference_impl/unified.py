"""One model, five parametrisations: eps, x_0, v, score and flow-matching velocity, and why DDIM is flow matching's Euler.

Every Gaussian path is x = a x_0 + b eps (Kingma & Gao 2023, "Understanding diffusion objectives",
Sec. 2; Lipman et al. 2024, "Flow matching guide and code", Sec. 4.8). The diffusion path of
forward.py has a = alpha_t = sqrt(abar_t), b = sigma_t = sqrt(1 - abar_t); the flow-matching path of
flow_matching.py has a = 1 - t, b = t (noise eps = x_1). Two paths with the same signal-to-noise
ratio a / b differ only by a scale: dividing a diffusion sample by alpha_t + sigma_t gives

    x_fm = x_t / (alpha_t + sigma_t)    at flow time    t = sigma_t / (alpha_t + sigma_t)          (to_flow)

so one denoiser serves both, and its predictions convert into each other (for a given x):

    eps = (x - a x_0) / b                                         forward.eps_from_x0
    score = grad log p(x) = -E[eps | x] / b                       forward.score_from_eps (Tweedie)
    v = alpha eps - sigma x_0                                     forward.v_from_x0_eps (Salimans & Ho 2022)
    u = E[x_1 - x_0 | x_fm] = eps - x_0                           the flow-matching velocity (Lipman et al. 2023, Eq. 8)
    eps = x_fm + (1 - t) u,   x_0 = x_fm - t u                    (velocity_to_eps_x0, from x_fm = (1 - t) x_0 + t eps)

(v and u are both "noise minus data" directions: u = eps - x_0 weighs the two alike, v by alpha and sigma).

DDIM is Euler. A deterministic DDIM step from level s to level r (Song et al. 2021, Eq. 12 with
eta = 0) is x_r = alpha_r x_0-hat + sigma_r eps-hat. In flow coordinates both ends lie on the
straight line x_fm(t) = (1 - t) x_0-hat + t eps-hat, whose slope is the predicted velocity
u = eps-hat - x_0-hat, so the step is exactly an Euler step of dx_fm/dt = u on the grid
t_i = sigma_i / (alpha_i + sigma_i) (:func:`flow_grid`). DDIM on the timesteps of a schedule and
flow-matching Euler on the matching grid are one algorithm; they agree to float64 rounding.
"""

from __future__ import annotations

from typing import Callable

import torch

from .schedules import Schedule

__all__ = ["to_flow", "flow_grid", "velocity_from_eps", "velocity_to_eps_x0", "flow_velocity_model"]

Tensor = torch.Tensor


def to_flow(x_t: Tensor, abar: float) -> tuple[Tensor, float]:
    """(x_t / (alpha_t + sigma_t), sigma_t / (alpha_t + sigma_t)): the flow-matching sample and time of equal SNR."""
    alpha, sigma = abar**0.5, (1 - abar) ** 0.5
    return x_t / (alpha + sigma), sigma / (alpha + sigma)


def flow_grid(schedule: Schedule, timesteps: list[int]) -> list[float]:
    """The flow times t_i = sigma_i / (alpha_i + sigma_i) of diffusion timesteps, then t = 0 (abar = 1, the clean level)."""
    abar = schedule.alphas_cumprod64.tolist()
    return [to_flow(torch.zeros(()), abar[t])[1] for t in timesteps] + [0.0]


def velocity_from_eps(x_fm: Tensor, eps: Tensor, t: float) -> Tensor:
    """u = eps - x_0 with x_0 = (x_fm - t eps) / (1 - t): the flow velocity of an eps prediction at flow time t < 1."""
    return eps - (x_fm - t * eps) / (1 - t)


def velocity_to_eps_x0(x_fm: Tensor, u: Tensor, t: float) -> tuple[Tensor, Tensor]:
    """(eps, x_0) = (x_fm + (1 - t) u, x_fm - t u): a velocity prediction read as noise and data predictions."""
    return x_fm + (1 - t) * u, x_fm - t * u


def flow_velocity_model(eps_model: Callable[[Tensor, Tensor], Tensor], schedule: Schedule, timesteps: list[int]) -> Callable[[Tensor, Tensor], Tensor]:
    """u(x_fm, t) from a diffusion eps-model, for flow times ``t`` ([batch], one value) on flow_grid(schedule, timesteps).

    The model is called at x_t = (alpha_t + sigma_t) x_fm and the matching timestep, [batch] int64 like
    the samplers: a velocity model for :func:`samplers.flow_euler`. Raises KeyError for a time off the grid.
    """
    abar = schedule.alphas_cumprod64.tolist()
    timestep_of = {time: t for t, time in zip(timesteps, flow_grid(schedule, timesteps))}

    def velocity(x_fm: Tensor, times: Tensor) -> Tensor:
        time = times[0].item()
        t = timestep_of[time]
        scale = abar[t] ** 0.5 + (1 - abar[t]) ** 0.5
        eps = eps_model(scale * x_fm, torch.full((x_fm.shape[0],), t, device=x_fm.device))
        return velocity_from_eps(x_fm, eps, time)

    return velocity
